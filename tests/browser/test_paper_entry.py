"""A facilitator enters a table's paper sort in the browser: cards found by the number printed on
them or by name, one list per pile of the placemat; an empty sort is refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from booster.content import load_content, load_ui_strings
from booster.live.paper_sorts import card_codes

from .conftest import shot, wait_for_run
from .people import click, create_session, key, stored, until

pytestmark = pytest.mark.browser  # the run-wide 600 s timeout (170 s seen on a busy machine)
EN = load_ui_strings()


def _pick(page, pile: str, typed: str, option: str) -> None:
    """Type into a pile's searchable list and choose the one matching option.

    The list is clicked only once it shows the typed filter's single match: clicking while it still lists the whole
    deck scrolls a virtualised list whose rows are drawn again, and the click never lands (seen under load). The list
    is opened by its own button first: under load, typing into a closed box sometimes left it closed (no option for
    20 s, seen on the second pile, and a click in the box does not open it either). Each choice starts a run; the next
    pile is touched only once it has ended, since a list opened while that run redraws the form can close again (the
    second pile's list stayed closed for 20 s in CI).
    """
    pile_box = key(page, f"paper_pile_{pile}")
    until(page, pile_box.get_by_role("button", name="Open").click,
          lambda ms: expect(page.get_by_role("option").first).to_be_visible(timeout=ms))
    search = pile_box.locator("input")
    search.press_sequentially(typed)
    expect(search).to_have_value(typed)
    expect(page.get_by_role("option")).to_have_count(1)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    expect(page.get_by_role("option")).to_have_count(0)
    wait_for_run(page)


def test_a_paper_sort_is_entered_by_card_number_and_name(server, new_page):
    page = new_page()
    code = create_session(page, server.url, "Paper pilot", "3579")
    page.get_by_role("link", name=EN.t("nav.paper_sort", "en")).click()  # same tab: still unlocked
    wait_for_run(page)
    content = load_content("v1")
    codes = card_codes(content.deck_card_ids(content.default_decks()))  # the new session's deck

    click(page, "paper_save")
    expect(page.get_by_text(EN.t("errors.invalid.empty_sort", "en"))).to_be_visible()
    wait_for_run(page)  # typing while the error's run still draws the form can lose the keys

    key(page, "paper_table").locator("input").fill("Meja 7")
    persona = f"{codes['persona']} · {content.card_label('persona', 'en')}"
    _pick(page, "understand", codes["persona"], persona)
    crazy = f"{codes['crazy_8']} · {content.card_label('crazy_8', 'en')}"
    _pick(page, "design", "crazy", crazy)
    shot(page, "paper_entry_filled")
    click(page, "paper_save")
    expect(page.get_by_text(EN.t("paper.saved", "en", table="Meja 7"))).to_be_visible()
    papers = [p for p in (server.data_dir / code / "participants").glob("*.json")]
    assert len(papers) == 1
    doc = stored(server.data_dir, code, "responses", papers[0].stem, "card_sort")
    assert doc["data"]["placements"] == {"persona": "understand", "crazy_8": "design"}
    assert doc["data"]["source"] == "paper"
