"""Every participant screen on a 360x740 touch phone, in English and Bahasa Indonesia: a whole
deck sorted by tap-to-place (counting the taps), the worksheets and the feedback, with a
full-length screenshot of each screen in artifacts/."""

import pytest
from playwright.sync_api import expect

from booster import workshop
from booster.content import load_content, load_ui_strings
from booster.store import FileStore

from . import people as do
from .conftest import ARTIFACTS, wait_for_run

pytestmark = pytest.mark.browser
CONTENT, UI = load_content("v1"), load_ui_strings()


def _full_shot(page, name: str) -> None:
    """The whole screen, not just the first 740 px: Streamlit scrolls inside its own container, so
    the viewport is stretched to the content's height for the picture, then put back."""
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 360, "height": max(740, height)})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"))
    page.set_viewport_size({"width": 360, "height": 740})


@pytest.mark.parametrize("language", ["en", "id"])
def test_every_participant_screen_on_a_phone(server, new_page, language):
    store = FileStore(server.data_dir)
    session = workshop.create_session(
        store, title="Uji coba Booster", country="Indonesia", agency="KemenPANRB", date="2025-08-14",
        language=language, content_version="v1", activities=list(workshop.ACTIVITIES), mode="individual",
        sort_mode="closed", pin="2468")
    code = session.code
    page = new_page(phone=True)
    page.goto(f"{server.url}/?code={code}&lang={language}")
    wait_for_run(page)
    do.key(page, "join_name").locator("input").fill("Sari")
    _full_shot(page, f"{language}-1-join")
    do.click(page, "join_button")
    expect(page.get_by_text(UI.t("participant.waiting", language))).to_be_visible()
    _full_shot(page, f"{language}-2-waiting")

    workshop.set_activity_status(store, code, "card_sort", "open")
    cards = do.unsorted_cards(page)  # the screen follows the room by itself
    expect(do.board(page).locator(".how")).to_have_text(UI.t("cardsort.how_touch", language))
    _full_shot(page, f"{language}-3-card-sort")
    do.board_card(page, cards[0]).locator(".card-main").tap()
    _full_shot(page, f"{language}-4-card-sort-tray")
    do.board(page).locator(".tray .cancel").tap()
    intended = {card: CONTENT.card(card).intended_step for card in cards}
    taps = sum(do.tap_place(page, card, intended[card]) for card in cards)
    print(f"taps to sort the {len(cards)}-card deck on a 360 px phone ({language}): {taps} "
          f"({taps / len(cards):.1f} per card)")
    assert taps <= 2 * len(cards)
    pid = do.participant_id(page)
    do.stored(server.data_dir, code, "responses", pid, "card_sort",
              until=lambda d: d["data"]["placements"] == intended)
    _full_shot(page, f"{language}-5-card-sort-done")
    do.click(page, "submit_sort")
    expect(do.key(page, "feedback_submit_card_sort")).to_be_visible()
    _full_shot(page, f"{language}-6-feedback-card-sort")
    do.give_feedback(page, "card_sort", "4", "OK")

    for activity in ("service_challenge", "user_characteristics"):
        workshop.set_activity_status(store, code, activity, "open")
        first = CONTENT.worksheets[activity].fields[0].id
        expect(do.box(page, f"ws_{activity}_{first}")).to_be_visible(timeout=20_000)
        _full_shot(page, f"{language}-7-{activity}")
