"""An analyst answers two questions in a real browser, each from one screen at 1366 x 900:
"Did Indonesia rate ease of use lower than the others?" (the compare screen: the chart and the
verdict visible without scrolling) and "Why did people put this card in that pile?" (a click on a
cell of the placement matrix lists those sorters and their comments; the same by keyboard).
Screenshots go to artifacts/issue10/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from booster import analysis, demo
from booster.analysis import placements as pl
from booster.content import load_content, load_ui_strings
from booster.store import FileStore
from tests.demo_edits import lower_ease

from . import people as do
from .conftest import ARTIFACTS, new_context, wait_for_run

pytestmark = pytest.mark.browser
UI = load_ui_strings()
SCREEN = {"width": 1366, "height": 900}
SHOTS = ARTIFACTS / "issue10"
# Where a category cell of the matrix lies on the page: plotly's own axis mapping (data -> pixels).
CELL_CENTRE = """([card, pile]) => {
  const plot = document.querySelector('.st-key-cs_matrix_chart .js-plotly-plot');
  const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis, box = plot.getBoundingClientRect();
  return {x: box.left + xa._offset + xa.d2p(pile), y: box.top + ya._offset + ya.d2p(card)};
}"""


@pytest.fixture(scope="module")
def store(server):
    store = FileStore(server.data_dir)
    demo.generate(store, sessions=6, participants=10, seed=3)
    lower_ease(store, "Indonesia")
    return store


@pytest.fixture
def desk(browser):
    context = new_context(browser, viewport=SCREEN)
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))  # the viewport only: what one screen shows


def _on_screen(locator) -> None:
    # While a rerun redraws a chart, Streamlit can hold the old plot and the new one side by side.
    expect(locator).to_have_count(1)
    box = locator.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= SCREEN["height"], box


def test_did_indonesia_rate_ease_of_use_lower_on_one_screen(server, store, desk):
    desk.goto(server.url + "/compare?role=analyst")
    wait_for_run(desk)
    expect(desk.get_by_role("heading", name=UI.t("compare.title", "en"), level=1)).to_be_visible()
    do.pick(desk, "cmp_segment_country", "Indonesia")
    do.key(desk, "cmp_question").get_by_role("radio", name=UI.t("analysis.q_ease", "en")).click()
    wait_for_run(desk)
    chart = desk.locator(".st-key-cmp_ratings_chart .js-plotly-plot")
    expect(chart).to_be_visible()
    verdict = do.key(desk, "cmp_verdict")
    ease = UI.t("analysis.q_ease", "en")
    expect(verdict).to_contain_text(f"{UI.t('analysis.title_cardsort', 'en').split()[0]} sort · {ease}")
    expect(verdict).to_contain_text("Indonesia rated it lower")
    expect(verdict).to_contain_text("Welch's t-test")
    assert desk.evaluate("window.scrollY") == 0
    _shot(desk, "compare-indonesia-ease")
    _on_screen(chart)
    _on_screen(verdict)
    _shot(desk, "compare-indonesia-ease")
    do.key(desk, "cmp_tab").get_by_role("tab", name=UI.t("compare.tab_agreement", "en")).click()
    wait_for_run(desk)
    expect(desk.locator(".st-key-cmp_agreement_chart .js-plotly-plot")).to_be_visible()
    expect(desk.get_by_text("Fisher's exact test", exact=False)).to_be_visible()
    _shot(desk, "compare-indonesia-agreement")


def _commented_cell(store):
    """A card, a step pile its commenter put it in, and the comment, found from the data."""
    tables = analysis.filter_tables(analysis.load_tables(store, load_content))
    notes = pl.notes_with_piles(tables.card_notes, tables.placements)
    content = load_content("v1")
    first = content.card_ids()[0]  # the card the boxes show before any choice: pick another
    note = notes[(notes["note_type"] == "comment") & notes["step_id"].isin(content.step_ids())
                 & (notes["card_id"] != first)].iloc[0]
    return content.label("card", note["card_id"], "en"), content.label("step", note["step_id"], "en"), note["text"]


def test_a_click_on_a_matrix_cell_lists_its_sorters_and_their_comments(server, store, desk):
    card, pile, comment = _commented_cell(store)
    desk.goto(server.url + "/cardsort?role=analyst")
    wait_for_run(desk)
    matrix = desk.locator(".st-key-cs_matrix_chart .js-plotly-plot")
    expect(matrix).to_be_visible(timeout=30_000)
    expect(do.key(desk, "cs_cell_card").get_by_role("combobox")).not_to_have_value(card)
    matrix.scroll_into_view_if_needed()
    point = desk.evaluate(CELL_CENTRE, [card, pile])
    desk.mouse.click(point["x"], point["y"])
    wait_for_run(desk)
    expect(do.key(desk, "cs_cell_card").get_by_role("combobox")).to_have_value(card)
    expect(do.key(desk, "cs_cell_pile").get_by_role("combobox")).to_have_value(pile)
    quotes = do.key(desk, "cs_cell_quotes")
    expect(quotes).to_contain_text(comment)
    quotes.scroll_into_view_if_needed()
    _shot(desk, "cardsort-cell-comments")


def test_the_same_cell_chosen_by_keyboard(server, store, desk):
    card, pile, comment = _commented_cell(store)
    desk.goto(server.url + "/cardsort?role=analyst")
    wait_for_run(desk)
    for key, option in (("cs_cell_card", card), ("cs_cell_pile", pile)):
        box = do.key(desk, key).get_by_role("combobox")
        box.focus()
        box.press("Control+a")
        box.press_sequentially(option)
        # Enter takes the highlighted option: only once the list has been filtered down to the typed name.
        expect(desk.get_by_role("option").first).to_have_text(option)
        box.press("Enter")
        wait_for_run(desk)
        expect(box).to_have_value(option)
    expect(do.key(desk, "cs_cell_quotes")).to_contain_text(comment)
    do.key(desk, "cs_tab").get_by_role("tab", name=UI.t("drill.tab_sorts", "en")).click()
    wait_for_run(desk)
    expect(desk.get_by_role("heading", name=UI.t("drill.common_title", "en"))).to_be_visible(timeout=30_000)
    expect(do.key(desk, "cs_common_0")).to_contain_text(UI.t("drill.sort_label", "en", rank=1, sorter="")[:6],
                                                        timeout=30_000)
    _shot(desk, "cardsort-whole-sorts")


def test_the_compare_screen_on_a_phone_in_indonesian(server, store, new_page):
    phone = new_page(phone=True)
    phone.goto(server.url + "/compare?role=analyst&lang=id")
    wait_for_run(phone)
    expect(phone.get_by_role("heading", name=UI.t("compare.title", "id"), level=1)).to_be_visible()
    expect(phone.locator(".st-key-cmp_ratings_chart .js-plotly-plot")).to_be_visible(timeout=30_000)
    expect(do.key(phone, "cmp_verdict")).to_contain_text("uji t Welch")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the compare screen scrolls sideways on a phone: {width}px wide"
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "compare-phone-id.png"), full_page=True)
