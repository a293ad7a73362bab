"""A long worksheet on a phone, a page at a time (ui/worksheet_form._pages): Next and Back by touch
and by keyboard, the new page's heading in view and focused, a text typed just before Next saved,
a reload on the page it showed, and answers on every page kept as the pages turn."""

import pytest
from playwright.sync_api import expect

from booster import workshop
from booster.store import open_store

from . import people as do
from .conftest import shot, wait_for_run

pytestmark = pytest.mark.browser
SHEET = "ws_user_characteristics"


def _answers(server, code: str, pid: str, until) -> dict:
    doc = do.stored(server.data_dir, code, "responses", pid, "user_characteristics", until=until)
    return doc["data"]["answers"]


def _phone_on_user_characteristics(server, new_page, title: str, name: str):
    """A session with User Characteristics open and a participant on a phone: (page, code, pid)."""
    facilitator = new_page()
    code = do.create_session(facilitator, server.url, title, "2468")
    do.set_activity(facilitator, "user_characteristics", "open")
    page = new_page(phone=True)
    do.join(page, server.url, code, name)
    return page, code, do.participant_id(page)


def test_a_phone_turns_the_pages_of_a_long_worksheet_and_loses_nothing(server, new_page):
    page, code, pid = _phone_on_user_characteristics(server, new_page, "Pages of a worksheet", "Ayu")
    heading = page.locator(".booster-page-of")
    expect(do.box(page, f"{SHEET}_user_group")).to_be_visible(timeout=20_000)
    expect(heading).to_have_text("Part 1 of 3")
    expect(do.key(page, "submit_user_characteristics")).to_have_count(0)

    # Typed, then Next tapped at once (no pause in typing): the text goes as the box loses the focus.
    do.box(page, f"{SHEET}_user_group").fill("Pedagang pasar tradisional")
    next_button = do.key(page, "ws_next_user_characteristics").locator("button:visible").first
    next_button.scroll_into_view_if_needed()
    next_button.tap()
    wait_for_run(page)
    expect(heading).to_have_text("Part 2 of 3")
    expect(heading).to_be_focused()  # so the phone shows the new page from its top, not from its foot
    expect(heading).to_be_in_viewport()
    expect(do.box(page, f"{SHEET}_user_group")).to_have_count(0)
    stored = _answers(server, code, pid, until=lambda d: d["data"]["answers"].get("user_group") == "Pedagang pasar tradisional")
    assert stored.get("user_group") == "Pedagang pasar tradisional", "typed just before Next, saved with it"
    shot(page, "worksheet-page-2-phone")

    # By keyboard: Next is a button that Enter presses.
    next_button = do.key(page, "ws_next_user_characteristics").locator("button:visible").first
    next_button.focus()
    next_button.press("Enter")
    wait_for_run(page)
    expect(heading).to_have_text("Part 3 of 3")
    expect(heading).to_be_focused()
    expect(do.key(page, "submit_user_characteristics")).to_be_visible()
    do.fill(page, f"{SHEET}_left_out", "Warga lansia tanpa ponsel")

    page.reload()  # the URL names the page: a reload opens it again
    expect(do.box(page, f"{SHEET}_left_out")).to_have_value("Warga lansia tanpa ponsel", timeout=20_000)
    expect(heading).to_have_text("Part 3 of 3")

    for number in (2, 1):
        do.click(page, "ws_back_user_characteristics")
        expect(heading).to_have_text(f"Part {number} of 3")
    expect(do.box(page, f"{SHEET}_user_group")).to_have_value("Pedagang pasar tradisional")
    answers = _answers(server, code, pid, until=lambda d: True)
    assert answers["user_group"] == "Pedagang pasar tradisional" and answers["left_out"] == "Warga lansia tanpa ponsel"
    expect(page.locator("[data-testid=stException]")).to_have_count(0)


def test_a_tap_on_submit_or_send_right_after_typing_takes_the_text_with_it(server, new_page):
    """No pause after the last word and no leaving the box first: the tap submits with the text."""
    page, code, pid = _phone_on_user_characteristics(server, new_page, "Taps right after typing", "Budi")
    expect(do.box(page, f"{SHEET}_user_group")).to_be_visible(timeout=20_000)
    workshop.save_answers(open_store(server.data_dir), code, pid, "user_characteristics", {
        "user_group": "Pedagang pasar", "user_profiles": [{"name": "Penjual sayur", "description": "Di pasar pagi"}],
        "priority_profiles": [{"name": "#0", "reason": "Paling jauh dari kantor"}]}, by=pid)
    page.reload()
    expect(do.box(page, f"{SHEET}_user_group")).to_have_value("Pedagang pasar", timeout=20_000)
    do.turn_to(page, "user_characteristics", f"{SHEET}_left_out_live")

    do.box(page, f"{SHEET}_left_out").fill("Warga lansia tanpa ponsel")  # the last required answer
    do.key(page, "submit_user_characteristics").locator("button:visible").first.tap()
    expect(do.key(page, "feedback_submit_user_characteristics")).to_be_visible(timeout=20_000)
    sheet = do.stored(server.data_dir, code, "responses", pid, "user_characteristics")
    assert sheet["status"] == "submitted" and sheet["data"]["answers"]["left_out"] == "Warga lansia tanpa ponsel"

    for question in ("ease", "relevance", "effectiveness"):
        do.key(page, f"fb_user_characteristics_{question}").locator("label").filter(has_text="4").first.tap()
        wait_for_run(page)
    do.box(page, "fb_user_characteristics_confusing", live=False).fill("Kontras bisnis kurang cocok")
    do.key(page, "feedback_submit_user_characteristics").locator("button:visible").first.tap()
    expect(page.get_by_text("Thank you! Your work and feedback are saved.")).to_be_visible(timeout=20_000)
    feedback = do.stored(server.data_dir, code, "feedback", pid, "user_characteristics")
    assert feedback["answers"]["confusing"] == "Kontras bisnis kurang cocok"
    assert feedback["answers"]["ease"] == 4
