"""A participant who cannot drag: joins and places a card using the keyboard only."""

import pytest
from playwright.sync_api import expect

from booster import workshop
from booster.content import load_content, load_ui_strings
from booster.store import FileStore

from . import people as do
from .conftest import wait_for_run

pytestmark = pytest.mark.browser


def test_join_and_place_a_card_by_keyboard(server, new_page):
    store = FileStore(server.data_dir)
    session = workshop.create_session(
        store, title="Keyboard pilot", country="Indonesia", agency="Unit", date="2025-08-14", language="en",
        content_version="v1", activities=list(workshop.ACTIVITIES), mode="individual", sort_mode="closed",
        pin="2468")
    workshop.set_activity_status(store, session.code, "card_sort", "open")
    content, ui = load_content("v1"), load_ui_strings()
    page = new_page()
    page.goto(server.url + "/join")
    wait_for_run(page)

    do.key(page, "join_code").locator("input").focus()
    page.keyboard.type(session.code)
    page.keyboard.press("Enter")
    wait_for_run(page)
    do.key(page, "join_name").locator("input").focus()
    page.keyboard.type("Eka")
    page.keyboard.press("Tab")
    wait_for_run(page)
    expect(do.key(page, "join_button").locator("button")).to_be_focused()
    page.keyboard.press("Enter")
    choose_tab = page.get_by_role("tab", name=ui.t("cardsort.tab_choose", "en"))
    expect(choose_tab).to_be_visible()
    choose_tab.focus()
    page.keyboard.press("Enter")
    expect(do.key(page, "choose_card")).to_be_visible()
    card = content.card_label("persona", "en")
    do.key(page, "choose_card").locator("input").focus()
    page.keyboard.type(card)
    page.keyboard.press("Enter")
    wait_for_run(page)
    radio = page.locator("[class*='st-key-pile_persona_']")
    radio.get_by_role("radio").first.focus()
    for _ in range(3):  # unsorted -> scope -> engage -> understand
        page.keyboard.press("ArrowDown")
    do.key(page, "place_card").locator("button").focus()
    page.keyboard.press("Enter")
    wait_for_run(page)

    pid = do.participant_id(page)
    placed = do.stored(server.data_dir, session.code, "responses", pid, "card_sort")["data"]["placements"]
    assert placed == {"persona": "understand"}
