"""A save reruns only its part of the worksheet (issue 11), yet everything the rest of the worksheet
shows still follows the save, as when every save redrew the whole worksheet: the table's newest
profiles in the pick list, the lock when a table member submitted, the conflict notice at the top.
The table member's side is written straight to the store, as another app server would."""

import pytest
from playwright.sync_api import expect

from booster import workshop
from booster.content import load_ui_strings
from booster.store import open_store

from . import people as do
from .conftest import shot, wait_for_run

pytestmark = pytest.mark.browser
TABLE = "g-1"


def _table_member(server, new_page, activity: str):
    """A group session with `activity` open and one participant at the table; (page, code, store)."""
    facilitator = new_page()
    code = do.create_session(facilitator, server.url, "Parts of a worksheet", "2468", mode="group")
    do.set_activity(facilitator, activity, "open")
    page = new_page()
    do.join(page, server.url, code, "Ayu")
    return page, code, open_store(server.data_dir)


def test_a_save_elsewhere_brings_the_tables_new_profile_into_the_pick_list(server, new_page):
    page, code, store = _table_member(server, new_page, "user_characteristics")
    sheet = "ws_user_characteristics"
    expect(do.box(page, f"{sheet}_user_group")).to_be_visible(timeout=20_000)
    do.turn_to(page, "user_characteristics", f"{sheet}_left_out_live")
    workshop.save_answers(store, code, TABLE, "user_characteristics",
                          {"user_profiles": [{"name": "Nelayan pesisir", "description": "Melaut tiap subuh."}]})

    do.fill(page, f"{sheet}_left_out", "Warga lansia tanpa ponsel")  # a field in another part of the sheet
    do.pick(page, f"{sheet}_priority_profiles_0_name", "Nelayan pesisir")


def test_a_save_after_a_table_member_submitted_locks_every_field(server, new_page):
    page, code, store = _table_member(server, new_page, "service_challenge")
    sheet = "ws_service_challenge"
    expect(do.box(page, f"{sheet}_service_name")).to_be_visible(timeout=20_000)
    expect(do.key(page, "submit_service_challenge")).to_be_visible()
    workshop.submit(store, code, TABLE, "service_challenge")

    do.fill(page, f"{sheet}_service_name", "Izin usaha mikro")
    for field in ("service_name", "user_group", "challenge_statement"):
        expect(do.key(page, f"{sheet}_{field}").locator("input, textarea")).to_be_disabled()
    expect(do.key(page, "submit_service_challenge")).to_have_count(0)
    stored = do.stored(server.data_dir, code, "responses", TABLE, "service_challenge")
    assert stored["data"]["answers"]["service_name"] == "Izin usaha mikro"


def test_a_conflicting_save_shows_the_notice_and_the_merge(server, new_page):
    page, code, store = _table_member(server, new_page, "service_challenge")
    field = "ws_service_challenge_challenge_statement"
    expect(do.box(page, field)).to_be_visible(timeout=20_000)
    do.fill(page, field, "Antrean dua kali")
    do.stored(server.data_dir, code, "responses", TABLE, "service_challenge",
              until=lambda d: d["data"]["answers"].get("challenge_statement") == "Antrean dua kali")
    workshop.save_answers(store, code, TABLE, "service_challenge", {"challenge_statement": "Formulir terlalu panjang"},
                          {"challenge_statement": "Antrean dua kali"})

    do.fill(page, field, "Antrean dua kali di kantor")  # typed over what this screen last saved
    notice = load_ui_strings().t("worksheet.conflict", "en")
    expect(page.get_by_text(notice)).to_be_visible()
    stored = do.stored(server.data_dir, code, "responses", TABLE, "service_challenge")
    merged = stored["data"]["answers"]["challenge_statement"]
    assert "Formulir terlalu panjang" in merged and "Antrean dua kali di kantor" in merged
    expect(do.box(page, field)).to_have_value(merged)
    wait_for_run(page)
    shot(page, "worksheet-parts-conflict")
