"""The printable kit for paper workshops, from the same content in one language, as one A4 PDF:

    cards       the deck as cut-out cards (label, description, the card number used for paper entry)
    placemat    the seven steps (name and guiding question) plus Unsure, to sort the cards onto
    worksheets  each worksheet as a form with its help text and room to write

Built with fpdf2 and Debian's DejaVu fonts (fonts-dejavu-core), which hold every glyph Indonesian
and the other pilot languages written in Latin script need.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

from fpdf import FPDF

from .. import settings
from ..content import load_ui_strings
from ..errors import NotFound
from ..live.paper_sorts import card_codes

FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
CARD_COLUMNS, CARD_ROWS = 2, 4
CARDS_PER_PAGE = CARD_COLUMNS * CARD_ROWS
MARGIN, GAP = 10.0, 4.0
LINE = 6.0
FIELD_HEIGHT = {"text": 12.0, "textarea": 32.0}


@dataclasses.dataclass
class Kit:
    pdf: bytes
    sections: dict[str, list[int]]  # section -> its page numbers (1-based)


class _Pdf(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4", unit="mm")
        self.footer_text = footer_text
        for style, name in FONTS.items():
            path = Path(settings.font_dir()) / name
            if not path.is_file():
                raise NotFound("font", str(path), "Install Debian's fonts-dejavu-core or set BOOSTER_FONT_DIR.")
            self.add_font("DejaVu", style, str(path))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=15)

    def footer(self):
        self.set_y(-11)
        self.set_font("DejaVu", "", 7)
        self.set_text_color(120)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}", align="C")
        self.set_text_color(0)


def build(content, lang: str, deck: list[str] | None = None) -> Kit:
    """The whole kit for one content version in one language; `deck`: the card ids a session deals
    (Session.deck), the content's default decks when None."""
    ui = load_ui_strings()

    def t(key: str, **kw) -> str:
        return ui.t(f"print.{key}", lang, **kw)

    pdf = _Pdf(t("footer", version=content.version))
    sections = {"cards": _cards(pdf, content, lang, t, deck), "placemat": _placemat(pdf, content, lang, t)}
    for activity in content.activities:
        if activity.kind == "worksheet":
            sections[activity.id] = _worksheet(pdf, content, activity, lang, t)
    return Kit(bytes(pdf.output()), sections)


def _pages_from(pdf: _Pdf, first: int) -> list[int]:
    return list(range(first, pdf.page_no() + 1))


def _cards(pdf: _Pdf, content, lang: str, t, deck: list[str] | None) -> list[int]:
    deck = content.deck_card_ids(content.default_decks()) if deck is None else deck
    codes = card_codes(deck)
    width = (pdf.w - 2 * MARGIN - GAP) / CARD_COLUMNS
    height = (pdf.h - 2 * MARGIN - 12 - GAP * (CARD_ROWS - 1)) / CARD_ROWS
    first = pdf.page_no() + 1
    for page in range(math.ceil(len(deck) / CARDS_PER_PAGE)):
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 6, t("cards_title"), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font("DejaVu", "", 8)
        pdf.cell(0, 5, t("cards_help"), new_x="LMARGIN", new_y="NEXT", align="L")
        for i, card in enumerate(deck[page * CARDS_PER_PAGE:(page + 1) * CARDS_PER_PAGE]):
            x = MARGIN + (i % CARD_COLUMNS) * (width + GAP)
            y = MARGIN + 12 + (i // CARD_COLUMNS) * (height + GAP)
            _card(pdf, x, y, width, height, codes[card], content.card_label(card, lang),
                  content.card_description(card, lang))
    return _pages_from(pdf, first)


def _card(pdf: _Pdf, x: float, y: float, w: float, h: float, code: str, label: str, description: str) -> None:
    with pdf.local_context(line_width=0.3, draw_color=(120, 120, 120)):
        pdf.set_dash_pattern(dash=2, gap=1.5)
        pdf.rect(x, y, w, h)
        pdf.set_dash_pattern()
    pdf.set_xy(x + w - 16, y + 3)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(13, 6, code, align="R")
    pdf.set_xy(x + 4, y + 10)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(w - 8, 6, label, new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_x(x + 4)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(w - 8, 4.5, description, new_x="LEFT", new_y="NEXT", align="L")


def _placemat(pdf: _Pdf, content, lang: str, t) -> list[int]:
    pdf.add_page(orientation="L")
    first = pdf.page_no()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, t("placemat_title"), new_x="LMARGIN", new_y="NEXT", align="L")
    piles = [(f"{i}. {content.step_name(s, lang)}", content.step_question(s, lang))
             for i, s in enumerate(content.step_ids(), 1)]
    piles.append((content.pile_label("unsure", lang), t("unsure_help")))
    columns, rows = 4, math.ceil(len(piles) / 4)
    width = (pdf.w - 2 * MARGIN - GAP * (columns - 1)) / columns
    height = (pdf.h - 2 * MARGIN - 14 - GAP * (rows - 1)) / rows
    for i, (name, question) in enumerate(piles):
        x, y = MARGIN + (i % columns) * (width + GAP), MARGIN + 12 + (i // columns) * (height + GAP)
        with pdf.local_context(line_width=0.5):
            pdf.rect(x, y, width, height)
        pdf.set_xy(x + 3, y + 3)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(width - 6, 6, name, new_x="LEFT", new_y="NEXT", align="L")
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(width - 6, 4.5, question, new_x="LEFT", new_y="NEXT", align="L")
    return [first]


def _worksheet(pdf: _Pdf, content, activity, lang: str, t) -> list[int]:
    sheet = activity.worksheet
    pdf.add_page(orientation="P")
    first = pdf.page_no()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, content.activity_name(activity.id, lang), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, content.worksheet_intro(sheet, lang), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.cell(0, 8, t("table_line"), new_x="LMARGIN", new_y="NEXT", align="L")
    for field in content.worksheets[sheet].fields:
        _field(pdf, content, sheet, field, lang, t)
    return _pages_from(pdf, first)


def _label(pdf: _Pdf, label: str, help_text: str, keep_with: float) -> None:
    """A field's label and help, moved to a new page with the `keep_with` mm that follow it."""
    if pdf.get_y() + 14 + keep_with > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 5, label, new_x="LMARGIN", new_y="NEXT", align="L")
    if help_text:
        pdf.set_font("DejaVu", "", 8)
        pdf.set_text_color(80)
        pdf.multi_cell(0, 4, help_text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_text_color(0)


def _box(pdf: _Pdf, height: float) -> None:
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    pdf.rect(MARGIN, pdf.get_y() + 1, pdf.w - 2 * MARGIN, height)
    pdf.set_y(pdf.get_y() + height + 2)


# A paper form prints at most this many blocks of a repeatable group (a table writes more on the
# back): six profiles and six own characteristics would make the form six pages long.
PRINTED_ITEMS = 3


def _field(pdf: _Pdf, content, sheet: str, field, lang: str, t) -> None:
    label, help_text = content.field_label(sheet, field.id, lang), content.field_help(sheet, field.id, lang)
    if field.type in FIELD_HEIGHT:
        _label(pdf, label, help_text, FIELD_HEIGHT[field.type])
        _box(pdf, FIELD_HEIGHT[field.type])
    elif field.type == "contrast":
        low, high = content.contrast_poles(sheet, field.id, lang)
        _label(pdf, label, help_text, 2 * LINE)
        pdf.set_font("DejaVu", "", 9)
        pdf.cell(0, LINE, f"{low}   ①  ②  ③  ④  ⑤   {high}", new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.cell(0, LINE, t("note_line"), new_x="LMARGIN", new_y="NEXT", align="L")
    else:  # a repeatable group: one block per item the form allows
        _label(pdf, label, help_text, 30)
        boxes = [FIELD_HEIGHT.get(sub.type, 12.0) * (0.6 if sub.type == "textarea" else 1) for sub in field.fields]
        for n in range(1, min(max(field.max_items, field.min_items, 1), PRINTED_ITEMS) + 1):
            if pdf.get_y() + LINE + sum(4 + b + 3 for b in boxes) > pdf.page_break_trigger:
                pdf.add_page()  # an item's parts stay together
            pdf.set_font("DejaVu", "B", 9)
            pdf.cell(0, LINE, t("item", n=n), new_x="LMARGIN", new_y="NEXT", align="L")
            for sub, height in zip(field.fields, boxes):
                pdf.set_font("DejaVu", "", 8)
                pdf.cell(0, 4, content.field_label(sheet, f"{field.id}.{sub.id}", lang),
                         new_x="LMARGIN", new_y="NEXT", align="L")
                _box(pdf, height)
