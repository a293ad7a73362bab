"""Nothing typed is lost, on a 360x740 touch phone: text saved while typing, a browser draft that
survives a reload and a server crash, and limits that speak instead of cutting text."""

import pytest
from playwright.sync_api import expect

from booster import workshop
from booster.store import FileStore

from . import people as do
from .conftest import shot, wait_for_run

pytestmark = pytest.mark.browser
GOAL = "ws_service_challenge_user_goal"  # a text area: Streamlit's own saves only when it is left
NAME = "ws_service_challenge_service_name"  # a one-line field limited to 120 characters


def _open_worksheet(server, new_page, name: str):
    store = FileStore(server.data_dir)
    session = workshop.create_session(
        store, title="Live pilot", country="Indonesia", agency="Unit", date="2025-08-14", language="en",
        content_version="v1", activities=list(workshop.ACTIVITIES), mode="individual", sort_mode="closed",
        pin="2468")
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, token = workshop.join(store, session.code, name=name)
    page = new_page(phone=True)
    page.goto(f"{server.url}/?s={session.code}&t={token}")
    wait_for_run(page)
    expect(do.box(page, GOAL)).to_be_visible(timeout=20_000)
    return page, session.code, participant.id


def _answers(server, code, pid, until):
    doc = do.stored(server.data_dir, code, "responses", pid, "service_challenge",
                    until=lambda d: until(d["data"]["answers"]))
    return doc["data"]["answers"]


def test_a_text_area_saves_while_typing_and_a_reload_keeps_it(server, new_page):
    page, code, pid = _open_worksheet(server, new_page, "Wulan")
    text = "Open a shop legally within a month"
    do.box(page, GOAL).press_sequentially(text, delay=30)  # no Tab, no tap elsewhere: she just stops
    _answers(server, code, pid, lambda a: a.get("user_goal") == text)  # how soon: bench/bench_live_text.py
    page.reload()
    wait_for_run(page)
    expect(do.box(page, GOAL)).to_have_value(text)

    # Reloaded before the pause had passed: the draft in the browser brings the text back and sends it.
    more = text + ", and hire a helper"
    do.box(page, GOAL).fill(more)
    page.reload()
    wait_for_run(page)
    expect(do.box(page, GOAL)).to_have_value(more)
    assert _answers(server, code, pid, lambda a: a.get("user_goal") == more)["user_goal"] == more


def test_a_server_crash_mid_typing_loses_nothing(restartable_server, new_page):
    server = restartable_server
    page, code, pid = _open_worksheet(server, new_page, "Yusuf")
    first = "Mostly on phones"
    do.box(page, GOAL).press_sequentially(first, delay=20)
    _answers(server, code, pid, lambda a: a.get("user_goal") == first)

    server.kill()
    expect(page.locator("[data-testid=stApp]")).not_to_have_attribute("data-test-connection-state", "CONNECTED")
    more = first + ", in the evenings after work"
    do.box(page, GOAL).press_sequentially(more[len(first):], delay=20)  # typed while the server is down
    assert _answers(server, code, pid, lambda a: True)["user_goal"] == first

    server.start()
    page.reload()
    wait_for_run(page)
    expect(do.box(page, GOAL)).to_have_value(more)  # from the draft kept in the browser
    assert _answers(server, code, pid, lambda a: a.get("user_goal") == more)["user_goal"] == more
    shot(page, "live-text-after-crash")


def test_pasting_over_the_limit_keeps_the_text_and_says_so(server, new_page):
    page, code, pid = _open_worksheet(server, new_page, "Zahra")
    do.fill(page, NAME, "Izin usaha mikro")
    _answers(server, code, pid, lambda a: a.get("service_name") == "Izin usaha mikro")
    pasted = "Pelayanan perizinan berusaha terintegrasi secara elektronik. " * 34
    pasted = pasted[:2000]
    box = do.box(page, NAME)
    box.click()
    box.press("Control+A")
    page.keyboard.insert_text(pasted)  # inserted in one go, as a paste is (an input event, no keys)
    box.press("Tab")
    message = do.key(page, f"{NAME}_live").locator(".message")
    expect(message).to_have_text(
        "1880 characters over the limit of 120. Your text stays here but is not saved until it is shorter; "
        "the last version within the limit is the saved one.")
    expect(box).to_have_value(pasted)  # nothing cut
    expect(do.key(page, f"{NAME}_live").locator(".counter")).to_have_text("2000 / 120")
    shot(page, "live-text-over-limit")
    assert _answers(server, code, pid, lambda a: True)["service_name"] == "Izin usaha mikro", \
        "the stored text is the last one within the limit"
    box.fill(pasted[:120])
    expect(message).to_be_hidden()
    assert _answers(server, code, pid, lambda a: a.get("service_name") == pasted[:120])


def test_a_failed_submit_scrolls_to_the_first_missing_field(server, new_page):
    page, code, pid = _open_worksheet(server, new_page, "Agus")
    do.fill(page, "ws_service_challenge_user_group", "Street vendors")
    do.click(page, "submit_service_challenge")
    first = do.key(page, f"{NAME}_live")
    expect(first.locator(".message")).to_have_text("Please fill in this field before you submit.")
    expect(do.box(page, NAME)).to_be_focused()
    expect(first.locator(".req")).to_have_text("*")
    expect(do.key(page, "ws_service_challenge_user_group_live").locator(".message")).to_be_hidden()
    shot(page, "live-text-missing")
