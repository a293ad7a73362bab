"""The card sort on a 360 px touch phone and by keyboard alone: tap-to-place, finger drag by the
handle, descriptions and comments on the board, every move saved at once."""

import pytest
from playwright.sync_api import expect

from booster import workshop
from booster.content import load_content
from booster.store import FileStore

from . import people as do
from .conftest import shot, wait_for_run

pytestmark = pytest.mark.browser
CONTENT = load_content("v1")
DECK = CONTENT.deck_card_ids(CONTENT.default_decks())  # what a new session deals: the Booster's tools
INTENDED = {card: CONTENT.card(card).intended_step for card in DECK}


def _open_sort(server, name: str, language: str = "en") -> tuple[dict, str]:
    store = FileStore(server.data_dir)
    session = workshop.create_session(
        store, title="Board pilot", country="Indonesia", agency="Unit", date="2025-08-14", language=language,
        content_version="v1", activities=list(workshop.ACTIVITIES), mode="individual", sort_mode="closed",
        pin="2468")
    workshop.set_activity_status(store, session.code, "card_sort", "open")
    participant, token = workshop.join(store, session.code, name=name)
    return session, f"{server.url}/?s={session.code}&t={token}&lang={language}", participant.id


def _placements(server, code, pid, count):
    doc = do.stored(server.data_dir, code, "responses", pid, "card_sort",
                    until=lambda d: len(d["data"]["placements"]) >= count)
    return doc["data"]


def test_ten_taps_five_drags_a_description_and_a_comment_on_a_phone(server, new_page):
    session, link, pid = _open_sort(server, "Putri")
    page = new_page(phone=True)
    page.goto(link)
    wait_for_run(page)
    cards = do.unsorted_cards(page)
    assert len(cards) == len(DECK), "the whole deck is on the page, no nested scrolling"
    assert do.board(page).locator(".deck").evaluate("e => getComputedStyle(e.querySelector('.cards')).overflowY") \
        == "visible"
    expect(do.board(page).locator(".how")).to_contain_text("Tap a card")
    shot(page, "cardsort-phone-en")

    do.count_taps(page)
    for card in cards[:10]:
        do.tap_place(page, card, INTENDED[card])
    assert do.taps(page) <= 2 * 10, f"{do.taps(page)} taps for ten cards"

    # A description and a comment, from the board, by taps.
    described = cards[15]
    wait_for_run(page)
    do.board_card(page, described).locator(".info").tap()
    expect(do.board_card(page, described).locator(".info")).to_have_attribute("aria-expanded", "true")
    expect(do.board_card(page, described).locator(".desc")).to_have_text(
        CONTENT.card_description(described, "en"))
    expect(do.board_card(page, described).locator(".desc")).to_be_visible()
    do.note_on_card(page, described, "Sounds like the Persona card", phone=True)

    for card in cards[10:15]:  # then five by a finger drag on the card's handle
        wait_for_run(page)
        do.touch_drag(page, card, INTENDED[card])
    shot(page, "cardsort-phone-placed-en")

    data = _placements(server, session.code, pid, 15)
    assert data["placements"] == {card: INTENDED[card] for card in cards[:15]}
    do.stored(server.data_dir, session.code, "responses", pid, "card_sort",
              until=lambda d: d["data"]["comments"].get(described))
    page.reload()
    wait_for_run(page)
    expect(do.board_card(page, cards[3], INTENDED[cards[3]])).to_be_visible()  # drawn from the store
    expect(do.board_card(page, described)).to_have_class("card has-note")


def _focused(page) -> dict | None:
    return page.evaluate("""() => {
        const host = [...document.querySelectorAll('.st-key-sort_board *')].find(e => e.shadowRoot);
        const active = host && host.shadowRoot.activeElement;
        if (!active) return null;
        const card = active.closest('[data-card]');
        return {cls: active.className, card: card ? card.dataset.card : null,
                drop: active.dataset ? active.dataset.drop ?? null : null};
    }""")


@pytest.mark.parametrize("phone", [True, False], ids=["phone", "laptop"])
def test_the_whole_sort_by_keyboard_alone(server, new_page, phone):
    """On the 360 px touch phone (with a keyboard attached) and on a laptop."""
    session, link, pid = _open_sort(server, "Eka")
    page = new_page(phone=phone)
    page.goto(link)
    wait_for_run(page)
    piles = [step.id for step in CONTENT.steps] + ["unsure"]
    do.unsorted_cards(page)
    for _ in range(40):  # Tab from the top of the page to the first card
        page.keyboard.press("Tab")
        if (_focused(page) or {}).get("cls") == "card-main":
            break
    first = _focused(page)["card"]
    # A comment, by keyboard: Enter opens the card, Tab to "Comment or better name", type, save.
    page.keyboard.press("Enter")
    for _ in range(len(piles)):
        page.keyboard.press("Tab")
    assert _focused(page)["cls"] == "note-open"
    page.keyboard.press("Enter")
    page.keyboard.type("Unclear by keyboard too")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert _focused(page)["card"] == first, "focus goes back to the card"

    for _ in range(len(DECK)):
        card = _focused(page)["card"]
        page.keyboard.press("Enter")
        assert _focused(page)["cls"] == "dest"
        for _ in range(piles.index(INTENDED[card])):
            page.keyboard.press("ArrowRight")
        assert _focused(page)["drop"] == INTENDED[card]
        page.keyboard.press("Enter")
        expect(do.board_card(page, card, INTENDED[card])).to_be_visible()
    expect(do.board(page).locator(".deck-empty")).to_be_visible()
    data = _placements(server, session.code, pid, len(DECK))
    assert data["placements"] == INTENDED
    assert data["comments"] == {first: "Unclear by keyboard too"}
    shot(page, f"cardsort-keyboard-done-{'phone' if phone else 'laptop'}")


def test_a_comment_typed_without_saving_survives_a_reload_on_a_phone(server, new_page):
    session, link, pid = _open_sort(server, "Rina")
    page = new_page(phone=True)
    page.goto(link)
    wait_for_run(page)
    card = do.unsorted_cards(page)[0]
    do.board_card(page, card).locator(".card-main").tap()
    do.board(page).locator(".tray .note-open").tap()
    comment = do.board(page).locator(".tray textarea.comment")
    comment.press_sequentially("Not sure what this tool produces", delay=10)
    page.reload()  # no Save, no pause: the draft on the phone brings it back and sends it
    wait_for_run(page)
    doc = do.stored(server.data_dir, session.code, "responses", pid, "card_sort",
                    until=lambda d: d["data"]["comments"].get(card))
    assert doc["data"]["comments"] == {card: "Not sure what this tool produces"}
    expect(do.board_card(page, card)).to_have_class("card has-note")
    page.wait_for_function("""() => !Object.keys(window.localStorage).some((k) => k.includes(':sort_note:'))""")
