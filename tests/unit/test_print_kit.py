"""The printable kit (booster.print_kit): page count, every card in the PDF text, a picture of page 1."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from booster.cli import main
from booster.files import print_kit
from booster.content import load_content, load_ui_strings
from booster.live.paper_sorts import card_codes

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CONTENT = load_content("v1")
DEFAULT_DECK = CONTENT.deck_card_ids(CONTENT.default_decks())  # what a kit without a session's deck prints


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module", params=["en", "id"])
def kit(request):
    return request.param, print_kit.build(CONTENT, request.param)


def test_the_kit_has_card_sheets_one_placemat_and_each_worksheet(kit):
    lang, built = kit
    pages = PdfReader(io.BytesIO(built.pdf)).pages
    worksheets = [a.id for a in CONTENT.activities if a.kind == "worksheet"]
    assert list(built.sections) == ["cards", "placemat", *worksheets]
    assert len(built.sections["cards"]) == math.ceil(len(DEFAULT_DECK) / print_kit.CARDS_PER_PAGE)
    assert len(built.sections["placemat"]) == 1
    numbered = [p for section in built.sections.values() for p in section]
    assert numbered == list(range(1, len(pages) + 1)), "sections follow each other, no page lost"
    assert all(1 <= len(built.sections[w]) <= 4 for w in worksheets), "a worksheet fits a few A4 pages"
    for activity in worksheets:
        first = pages[built.sections[activity][0] - 1].extract_text()
        assert _flat(CONTENT.activity_name(activity, lang)) in _flat(first)


def test_every_card_label_and_number_is_on_the_card_sheets(kit):
    lang, built = kit
    reader = PdfReader(io.BytesIO(built.pdf))
    text = _flat(" ".join(reader.pages[p - 1].extract_text() for p in built.sections["cards"]))
    missing = [c for c in DEFAULT_DECK if _flat(CONTENT.card_label(c, lang)) not in text]
    assert not missing
    assert all(code in text for code in card_codes(DEFAULT_DECK).values())
    retired = [c for c in CONTENT.card_ids() if c not in DEFAULT_DECK]
    assert retired and not [c for c in retired if _flat(CONTENT.card_label(c, lang)) in text], \
        "cards outside the default decks are not printed"


def test_a_session_with_the_sub_steps_deck_prints_those_cards_too():
    deck = CONTENT.deck_card_ids(["tools", "sub_steps"])
    built = print_kit.build(CONTENT, "en", deck)
    reader = PdfReader(io.BytesIO(built.pdf))
    text = _flat(" ".join(reader.pages[p - 1].extract_text() for p in built.sections["cards"]))
    assert _flat(CONTENT.card_label("stakeholder_rings", "en")) in text
    assert len(built.sections["cards"]) == math.ceil(len(deck) / print_kit.CARDS_PER_PAGE)


def test_the_placemat_names_every_step_and_unsure_and_the_texts_are_in_the_kits_language(kit):
    lang, built = kit
    reader = PdfReader(io.BytesIO(built.pdf))
    placemat = _flat(reader.pages[built.sections["placemat"][0] - 1].extract_text())
    for step in CONTENT.step_ids():
        assert _flat(CONTENT.step_name(step, lang)) in placemat
    assert CONTENT.pile_label("unsure", lang) in placemat
    assert load_ui_strings().t("print.placemat_title", lang)[:20] in placemat


def test_the_command_line_writes_the_indonesian_kit_and_page_one_is_drawn(tmp_path):
    out = tmp_path / "kit.pdf"
    assert main(["print-kit", "--version", "v1", "--lang", "id", "--out", str(out)]) == 0
    reader = PdfReader(out)
    assert "Tantangan Layanan" in _flat(reader.pages[0].extract_text())
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (Debian's poppler-utils) is installed by `make test`"
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "print_kit_id_page1"
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(out), str(target)],
                   check=True)
    assert target.with_suffix(".png").stat().st_size > 10_000


def test_a_missing_font_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("BOOSTER_FONT_DIR", str(tmp_path))
    with pytest.raises(print_kit.NotFound) as err:
        print_kit.build(CONTENT, "en")
    assert "fonts-dejavu-core" in str(err.value)
