"""Data protection in real browsers: a participant reads the notice, downloads their data and
withdraws it; the facilitator's board and the analyst's exports no longer show them."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from booster.content import load_ui_strings

from . import people as do
from .conftest import shot, wait_for_run

pytestmark = pytest.mark.browser
UI = load_ui_strings()


def _open_box(page, name: str) -> None:
    do.key(page, name).locator("summary").first.click()
    wait_for_run(page)


def _joined(board_page) -> object:
    return do.key(board_page, "board_joined").locator("[data-testid=stMetricValue]")


def _answer(page, server, code: str, text: str) -> str:
    do.fill(page, "ws_service_challenge_service_name", text)
    pid = do.participant_id(page)
    do.stored(server.data_dir, code, "responses", pid, "service_challenge",
              until=lambda doc: doc["data"]["answers"].get("service_name") == text)
    return pid


def _feedback(page, server, code: str, pid: str, text: str) -> None:
    """Once the facilitator has closed the activity, the feedback form is there."""
    do.give_feedback(page, "service_challenge", "4", f"{text}: one prompt was unclear")
    do.stored(server.data_dir, code, "feedback", pid, "service_challenge")


def test_the_notice_is_on_the_join_screen_in_indonesian_on_a_phone(server, new_page):
    page = new_page(phone=True)
    page.goto(f"{server.url}/join?lang=id")
    wait_for_run(page)
    _open_box(page, "privacy_notice")
    expect(do.key(page, "privacy_notice")).to_contain_text("Apa yang disimpan.")
    expect(do.key(page, "privacy_notice")).to_contain_text(UI.t("privacy.retention_keep", "id"))
    shot(page, "privacy-notice-id-phone")


def test_a_participant_downloads_and_withdraws_their_data(server, new_page):
    facilitator = new_page()
    code = do.create_session(facilitator, server.url, "Pilot Vilnius", "2468")
    do.set_activity(facilitator, "service_challenge", "open")
    ayu, budi = new_page(phone=True), new_page()
    do.join(ayu, server.url, code, "Ayu")
    do.join(budi, server.url, code, "Budi")
    ayu_id = _answer(ayu, server, code, "Ayu's permit service")
    budi_id = _answer(budi, server, code, "Budi's tax service")
    do.set_activity(facilitator, "service_challenge", "close")
    _feedback(ayu, server, code, ayu_id, "Ayu's permit service")
    _feedback(budi, server, code, budi_id, "Budi's tax service")
    expect(_joined(facilitator)).to_have_text("2")

    _open_box(ayu, "my_data")
    with ayu.expect_download() as download:
        do.key(ayu, "my_data_download").locator("button").click()
    mine = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert mine["participant"]["id"] == ayu_id and mine["participant"]["name"] == "Ayu"
    assert mine["responses"][0]["data"]["answers"]["service_name"] == "Ayu's permit service"
    assert mine["feedback"][0]["answers"]["confusing"] == "Ayu's permit service: one prompt was unclear"
    assert "Budi" not in json.dumps(mine) and "secret_hash" not in mine["participant"]
    shot(ayu, "privacy-my-data-phone")

    do.check(ayu, "withdraw_confirm")
    wait_for_run(ayu)
    do.click(ayu, "withdraw_button")
    expect(ayu.get_by_text(UI.t("privacy.withdrawn", "en"))).to_be_visible()
    expect(ayu).not_to_have_url(re.compile(r"[?&]t="))
    shot(ayu, "privacy-withdrawn-phone")
    assert not (server.data_dir / code / "participants" / f"{ayu_id}.json").exists()
    assert not list((server.data_dir / code).glob(f"*/{ayu_id}/*.json"))

    expect(_joined(facilitator)).to_have_text("1")  # the board refreshes itself
    _open_box(facilitator, "data_protection")
    expect(do.key(facilitator, "data_protection")).to_contain_text(UI.t("privacy.actions.withdrawn", "en"))
    do.key(facilitator, "data_protection").scroll_into_view_if_needed()
    shot(facilitator, "privacy-run-screen")

    analyst = new_page()
    analyst.goto(f"{server.url}/data?role=analyst")
    wait_for_run(analyst)
    download = do.worker_download(analyst, "csv")
    with zipfile.ZipFile(io.BytesIO(download.path().read_bytes())) as zf:
        csvs = {name: zf.read(name).decode("utf-8") for name in zf.namelist() if name.endswith(".csv")}
    everything = "\n".join(csvs.values())
    assert ayu_id not in everything and "Ayu" not in everything
    assert budi_id in csvs["participants.csv"] and "Budi's tax service" in csvs["worksheet_answers.csv"]


def _drafts(page, prefix: str) -> list[str]:
    return page.evaluate("""(prefix) => Object.keys(window.localStorage)
        .filter((key) => key.startsWith('booster-draft:' + prefix))""", prefix)


def test_withdrawing_forgets_the_drafts_this_browser_kept(server, new_page):
    """A text over its limit is never sent: it lives only in the browser's draft, and goes too."""
    from booster import workshop
    from booster.store import FileStore

    store = FileStore(server.data_dir)
    session = workshop.create_session(
        store, title="Pilot Riga", country="Latvia", agency="Unit", date="2025-08-14", language="en",
        content_version="v1", activities=list(workshop.ACTIVITIES), mode="individual", sort_mode="closed",
        pin="2468")
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, token = workshop.join(store, session.code, name="Liga")
    page = new_page(phone=True)
    page.goto(f"{server.url}/?s={session.code}&t={token}")
    wait_for_run(page)
    mine = f"{session.code}:{participant.id}:"
    page.evaluate("() => window.localStorage.setItem('booster-draft:OTHER1:p-0000000000:x', '{}')")
    do.fill(page, "ws_service_challenge_user_goal", "Open a shop legally")
    do.box(page, "ws_service_challenge_service_name").fill("Izin " * 40)  # 200 > 120: kept here only
    expect(do.key(page, "ws_service_challenge_service_name_live").locator(".message")).to_be_visible()
    assert _drafts(page, mine), "the unsent text is kept as a draft in the browser"
    saved = do.stored(server.data_dir, session.code, "responses", participant.id, "service_challenge", timeout=30,
                      until=lambda d: d["data"]["answers"].get("user_goal") == "Open a shop legally")
    assert saved["data"]["answers"]["user_goal"] == "Open a shop legally"  # the field's save is done
    wait_for_run(page)

    _open_box(page, "my_data")
    # The box's data (a JSON viewer) is drawn above the checkbox: once the last element below it is
    # there, the checkbox no longer moves under the click (on a loaded machine, it had, once).
    expect(do.key(page, "withdraw_button")).to_be_visible()
    do.check(page, "withdraw_confirm")
    expect(do.key(page, "withdraw_button").locator("button")).to_be_enabled(timeout=30_000)
    do.click(page, "withdraw_button")
    expect(page.get_by_text(UI.t("privacy.withdrawn", "en"))).to_be_visible()
    page.wait_for_function("""(prefix) => !Object.keys(window.localStorage)
        .some((key) => key.startsWith('booster-draft:' + prefix))""", arg=mine)
    assert _drafts(page, "OTHER1:") == ["booster-draft:OTHER1:p-0000000000:x"], "another person's draft stays"
    assert not (server.data_dir / session.code / "participants" / f"{participant.id}.json").exists()
