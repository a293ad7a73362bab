"""Nothing typed is lost, on a 360x740 touch phone: text saved while typing, a browser draft that
survives a reload and a server crash, and limits that speak instead of cutting text."""

import pytest
from playwright.sync_api import expect

from booster import workshop
from booster.content import load_ui_strings
from booster.store import FileStore

from . import people as do
from .conftest import RUN_MS, WAIT_MS, shot, wait_for_run

pytestmark = pytest.mark.browser
GOAL = "ws_service_challenge_user_goal"  # a text area: Streamlit's own saves only when it is left
NAME = "ws_service_challenge_service_name"  # a one-line field limited to 120 characters


def _open_worksheet(server, new_page, name: str, language: str = "en"):
    store = FileStore(server.data_dir)
    session = workshop.create_session(
        store, title="Live pilot", country="Indonesia", agency="Unit", date="2025-08-14", language=language,
        content_version="v1", activities=list(workshop.ACTIVITIES), mode="individual", sort_mode="closed",
        pin="2468")
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, token = workshop.join(store, session.code, name=name)
    page = new_page(phone=True)
    page.goto(f"{server.url}/?s={session.code}&t={token}")
    wait_for_run(page)
    expect(do.box(page, GOAL)).to_be_visible(timeout=20_000)
    return page, session.code, participant.id


def _answers(server, code, pid, until, timeout: float = WAIT_MS / 1000):
    doc = do.stored(server.data_dir, code, "responses", pid, "service_challenge", timeout=timeout,
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


def _connection_error(page):
    """Streamlit's own "Connection error" dialog, which it opens after a few failed pings of a server
    that went away (about 3 s) and which takes the focus from the page until it is closed."""
    return page.get_by_role("dialog", name="Connection error")


def _draft(page) -> str | None:
    """The text of the one draft this browser keeps (None when there is none)."""
    drafts = page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('booster-draft:'))"
                           ".map((k) => JSON.parse(localStorage.getItem(k)).text)")
    assert len(drafts) <= 1, drafts
    return drafts[0] if drafts else None


def _server_goes_away(server, page, box):
    """Kill the server; wait for Streamlit's dialog, which takes the keys from the field; close it
    with Escape as a keyboard user would: the focus is back in the field."""
    server.kill()
    dialog = _connection_error(page)
    expect(dialog).to_be_visible()
    expect(box).not_to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(box).to_be_focused()
    return dialog


def test_a_server_crash_mid_typing_loses_nothing(restartable_server, new_page):
    server = restartable_server
    page, code, pid = _open_worksheet(server, new_page, "Yusuf")
    box = do.box(page, GOAL)
    first = "Mostly on phones"
    box.press_sequentially(first, delay=20)
    _answers(server, code, pid, lambda a: a.get("user_goal") == first)

    dialog = _server_goes_away(server, page, box)
    more = first + ", in the evenings after work"
    page.keyboard.type(more[len(first):], delay=20)  # the keys reach the field: no tap needed
    expect(box).to_have_value(more)
    status = do.key(page, f"{GOAL}_live").locator(".status")
    expect(status).to_have_text(load_ui_strings().t("textfield.offline", "en"))  # its send went unanswered
    expect(dialog).to_be_hidden()  # closed once, it stays closed while the server is away
    assert _draft(page) == more
    assert _answers(server, code, pid, lambda a: True)["user_goal"] == first
    shot(page, "live-text-offline")

    # She closes the tab; the server comes back; she opens the link again: the draft brings the words back.
    url = page.url
    page.goto("about:blank")
    server.start()
    page.goto(url)
    _typed_words_are_back_and_stored(page, server, code, pid, more, "en")
    shot(page, "live-text-after-crash")


def _typed_words_are_back_and_stored(page, server, code, pid, more, language):
    """After the page is open again: the draft brought the words back, the server stored them, the
    field says so, and the draft is gone."""
    wait_for_run(page)
    expect(do.box(page, GOAL)).to_have_value(more)
    assert _answers(server, code, pid, lambda a: a.get("user_goal") == more, RUN_MS / 1000)["user_goal"] == more
    status = do.key(page, f"{GOAL}_live").locator(".status")
    expect(status).to_have_text(load_ui_strings().t("common.saved", language))
    assert _draft(page) is None


def test_typing_on_while_the_server_is_away_is_saved_when_it_is_back(restartable_server, new_page):
    """In Indonesian, closing the dialog by its button, as on a phone."""
    server = restartable_server
    page, code, pid = _open_worksheet(server, new_page, "Sari", language="id")
    box = do.box(page, GOAL)
    first = "Kebanyakan lewat ponsel"
    box.press_sequentially(first, delay=20)
    _answers(server, code, pid, lambda a: a.get("user_goal") == first)

    server.kill()
    dialog = _connection_error(page)
    expect(dialog).to_be_visible()
    shot(page, "live-text-connection-error")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(box).to_be_focused()
    more = first + ", malam hari sepulang kerja"
    page.keyboard.type(more[len(first):], delay=20)
    status = do.key(page, f"{GOAL}_live").locator(".status")
    expect(status).to_have_text(load_ui_strings().t("textfield.offline", "id"))
    assert _draft(page) == more
    shot(page, "live-text-offline-id")

    # Back: the page reconnects by itself, and usually the field's resend is stored then; on a loaded
    # machine it sometimes was not within a minute (2 runs in 10), so this test reloads, as a
    # participant would: the draft, kept until the server confirms the text, brings it back.
    server.start()
    app = page.locator("[data-testid=stApp]")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(dialog).to_be_hidden()
    page.reload()
    _typed_words_are_back_and_stored(page, server, code, pid, more, "id")
    shot(page, "live-text-reconnected")


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
