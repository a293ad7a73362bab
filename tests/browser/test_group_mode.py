"""Two people at one table save the same worksheet at the same moment; both contributions survive."""

import pytest
from playwright.sync_api import expect

from . import people as do
from .conftest import wait_for_run

pytestmark = pytest.mark.browser
FIELD = "ws_service_challenge_challenge_statement"


def test_two_table_members_saving_at_once_keep_both_texts(server, new_page):
    facilitator = new_page()
    code = do.create_session(facilitator, server.url, "Group pilot", "2468", mode="group")
    do.set_activity(facilitator, "service_challenge", "open")
    a, b = new_page(), new_page()
    do.join(a, server.url, code, "Ayu")
    do.join(b, server.url, code, "Budi")
    for page in (a, b):
        expect(do.box(page, FIELD)).to_be_visible(timeout=20_000)

    # Both type, neither sees the other's text, then both leave their field at the same moment.
    do.box(a, "ws_service_challenge_service_name").fill("Business licences")
    do.box(b, "ws_service_challenge_user_group").fill("Street vendors")
    do.box(a, FIELD).fill("We want to understand why vendors queue twice")
    do.box(b, FIELD).fill("We want to improve the renewal experience")
    a.keyboard.press("Tab")
    b.keyboard.press("Tab")
    for page in (a, b):
        wait_for_run(page)

    # The two saves land just after the browsers' events: wait (up to 10 s) for both, then check.
    doc = do.stored(server.data_dir, code, "responses", "g-1", "service_challenge",
                    until=lambda d: len(d["data"]["answers"]) == 3 and "renewal" in str(d["data"]["answers"])
                    and "queue twice" in str(d["data"]["answers"]))
    answers = doc["data"]["answers"]
    assert answers["service_name"] == "Business licences"
    assert answers["user_group"] == "Street vendors"
    assert "vendors queue twice" in answers["challenge_statement"]
    assert "renewal experience" in answers["challenge_statement"]
    assert [c["field"] for c in doc["conflicts"]] == ["challenge_statement"]

    # Budi brings in what Ayu saved, and sees both texts of the shared statement.
    do.click(b, "refresh_service_challenge")
    expect(do.box(b, "ws_service_challenge_service_name")).to_have_value("Business licences")
    expect(do.box(b, FIELD)).to_have_value(answers["challenge_statement"])
