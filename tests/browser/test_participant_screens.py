"""Every participant screen on a 360x740 touch phone, in English and Bahasa Indonesia: join, the
waiting screen, the whole deck sorted by tap-to-place (the taps the page received are counted),
each worksheet, each feedback and the last "all done" screen, with a full-length screenshot of each
in artifacts/issue8/ (`<lang>-<nn>-<screen>.png`)."""

import pytest
from playwright.sync_api import expect

from booster import workshop
from booster.content import load_content, load_ui_strings
from booster.store import FileStore

from . import people as do
from .conftest import ARTIFACTS, wait_for_run

pytestmark = pytest.mark.browser
CONTENT, UI = load_content("v1"), load_ui_strings()
SHOTS = ARTIFACTS / "issue8"
ANSWERS = {
    "en": {"service_challenge": {
        "service_name": "Business licences for micro enterprises", "user_group": "Home-based food sellers",
        "user_goal": "Get a licence without travelling to the city office",
        "context": "Mostly on shared phones, in the evening; weak signal outside the towns",
        "service_provider": "The one-stop investment and licensing office",
        "challenge_statement": "We want to understand why applicants give up halfway"},
        "user_characteristics": {
        "user_group": "Home-based food sellers",
        "contrast_location": {"value": 2, "note": "Rural sellers travel two hours to the office"},
        "own_characteristics": [{"item_id": "own1", "name": "Disability", "pole_left": "With a disability",
                                 "pole_right": "Without", "note": "Forms are not screen-reader friendly"}],
        "user_profiles": [{"name": "Rural seller", "description": "Sells from home and shares one phone"}],
        "priority_profiles": [{"name": "#0", "reason": "Faces the most barriers"}],
        "left_out": "People with disabilities and sellers in remote regions"}},
    "id": {"service_challenge": {
        "service_name": "Perizinan usaha mikro", "user_group": "Penjual makanan rumahan",
        "user_goal": "Mendapat izin tanpa harus datang ke kantor di kota",
        "context": "Kebanyakan memakai ponsel bersama, malam hari; sinyal lemah di luar kota",
        "service_provider": "Dinas Penanaman Modal dan PTSP",
        "challenge_statement": "Kami ingin memahami mengapa pemohon berhenti di tengah jalan"},
        "user_characteristics": {
        "user_group": "Penjual makanan rumahan",
        "contrast_location": {"value": 2, "note": "Penjual di desa menempuh dua jam ke kantor"},
        "own_characteristics": [{"item_id": "own1", "name": "Disabilitas", "pole_left": "Penyandang disabilitas",
                                 "pole_right": "Bukan", "note": "Formulir sulit dibaca pembaca layar"}],
        "user_profiles": [{"name": "Penjual di desa", "description": "Berjualan dari rumah, satu ponsel bersama"}],
        "priority_profiles": [{"name": "#0", "reason": "Paling banyak menghadapi hambatan"}],
        "left_out": "Penyandang disabilitas dan penjual di wilayah 3T"}},
}


def _full_shot(page, name: str) -> None:
    """The whole screen, not just the first 740 px: Streamlit scrolls inside its own container, so
    the viewport is stretched to the content's height for the picture, then put back."""
    wait_for_run(page)
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 360, "height": max(740, height)})
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 360, "height": 740})


def _sort_the_deck_by_taps(page, language: str) -> int:
    """Tap-to-place every card into its intended step; returns the taps the page received."""
    cards = do.unsorted_cards(page)
    do.count_taps(page)
    intended = {card: CONTENT.card(card).intended_step for card in cards}
    for card in cards:
        do.tap_place(page, card, intended[card])
    taps = do.taps(page)
    print(f"taps to sort the {len(cards)}-card deck on a 360 px phone ({language}): {taps} "
          f"({taps / len(cards):.2f} per card)")
    return taps


def _worksheet_and_feedback(page, store, code: str, pid: str, activity: str, language: str, number: int) -> None:
    workshop.set_activity_status(store, code, activity, "open")
    first = CONTENT.worksheets[activity].fields[0].id
    expect(do.box(page, f"ws_{activity}_{first}")).to_be_visible(timeout=20_000)  # followed the room
    workshop.save_answers(store, code, pid, activity, ANSWERS[language][activity], by=pid)  # as if typed
    page.reload()
    wait_for_run(page)
    expect(do.box(page, f"ws_{activity}_{first}")).to_have_value(ANSWERS[language][activity][first])
    _full_shot(page, f"{language}-{number:02d}-{activity}")
    if not do.key(page, f"submit_{activity}").count():  # a long worksheet: Submit is on its last page
        do.turn_to(page, activity, f"submit_{activity}")
        _full_shot(page, f"{language}-{number:02d}-{activity}-last-page")
    do.click(page, f"submit_{activity}")
    expect(do.key(page, f"feedback_submit_{activity}")).to_be_visible()
    _full_shot(page, f"{language}-{number + 1:02d}-feedback-{activity}")
    do.give_feedback(page, activity, "4", "OK")
    expect(page.get_by_text(UI.t("participant.all_done", language))).to_be_visible()


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
    _full_shot(page, f"{language}-01-join")
    do.click(page, "join_button")
    expect(page.get_by_text(UI.t("participant.waiting", language))).to_be_visible()
    _full_shot(page, f"{language}-02-waiting")
    pid = do.participant_id(page)

    workshop.set_activity_status(store, code, "card_sort", "open")
    cards = do.unsorted_cards(page)  # the screen follows the room by itself
    expect(do.board(page).locator(".how")).to_have_text(UI.t("cardsort.how_touch", language))
    _full_shot(page, f"{language}-03-card-sort")
    do.board_card(page, cards[0]).locator(".card-main").tap()
    _full_shot(page, f"{language}-04-card-sort-tray")
    do.board(page).locator(".tray .cancel").tap()
    taps = _sort_the_deck_by_taps(page, language)
    assert taps <= 2 * len(cards), f"{taps} taps for {len(cards)} cards"
    intended = {card: CONTENT.card(card).intended_step for card in cards}
    do.stored(server.data_dir, code, "responses", pid, "card_sort",
              until=lambda d: d["data"]["placements"] == intended)
    _full_shot(page, f"{language}-05-card-sort-done")
    do.click(page, "submit_sort")
    expect(do.key(page, "feedback_submit_card_sort")).to_be_visible()
    _full_shot(page, f"{language}-06-feedback-card_sort")
    do.give_feedback(page, "card_sort", "4", "OK")
    expect(page.get_by_text(UI.t("participant.all_done", language))).to_be_visible()

    _worksheet_and_feedback(page, store, code, pid, "service_challenge", language, 7)
    _worksheet_and_feedback(page, store, code, pid, "user_characteristics", language, 9)
    _full_shot(page, f"{language}-11-done")
    feedback = do.stored(server.data_dir, code, "feedback", pid, "user_characteristics")
    assert feedback["answers"]["confusing"] == "OK" and feedback["language"] == language
