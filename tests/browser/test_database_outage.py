"""PostgreSQL stops for 10 s while a participant saves: the screen says "not saved yet" in its
language, the text stays in its field, and the save goes through by itself once the database is
back; what was acknowledged before is still there."""

import threading

import pytest
from playwright.sync_api import expect

from booster import store_postgres
from booster import workshop as ws
from booster.content import load_ui_strings
from booster.store_postgres import PostgresStore
from tests import cluster
from tests.postgres_server import PostgresServer, free_port

from . import people as do
from .conftest import _warm_up, shot, wait_for_run

pytestmark = pytest.mark.browser
ACTIVITY = "service_challenge"
OUTAGE_SECONDS = 10


@pytest.fixture(scope="module")
def hosted(browser, tmp_path_factory):
    """Its own PostgreSQL (this test stops it) and one app server on it: (server, db url, app url)."""
    database = PostgresServer()
    database.start()
    url = database.create_database("booster")
    store_postgres.upgrade(url)
    port, log = free_port(), tmp_path_factory.mktemp("outage") / "streamlit.log"
    try:
        app = cluster.start_streamlit(port, log, BOOSTER_STORE=url)
    except RuntimeError as exc:
        database.remove()
        pytest.fail(str(exc))
    _warm_up(browser, f"http://127.0.0.1:{port}")
    yield database, url, f"http://127.0.0.1:{port}"
    cluster.stop(app)
    database.remove()
    print(f"server log:\n{log.read_text()}")  # shown by pytest when the test failed


def _session(url: str) -> str:
    store = PostgresStore(url)
    try:
        code = ws.create_session(store, title="Uji coba", country="Indonesia", agency="KemenPANRB",
                                 date="2025-08-14", language="id", content_version="v1",
                                 activities=list(ws.ACTIVITIES), mode="individual", sort_mode="closed",
                                 pin="2468").code
        ws.set_activity_status(store, code, ACTIVITY, "open")
        return code
    finally:
        store.close()


def test_a_save_during_a_database_outage_waits_on_screen_and_lands_when_it_is_back(hosted, new_page):
    database, url, app = hosted
    code = _session(url)
    page = new_page(phone=True)
    do.join(page, app, code, "Ayu")
    do.fill(page, f"ws_{ACTIVITY}_service_name", "Izin usaha mikro")  # acknowledged: the store is up

    database.stop()
    back = threading.Timer(OUTAGE_SECONDS, database.start)
    back.start()
    try:
        # Watched from the moment the field is left (not after its run, as do.fill does): the notice lasts only
        # until the database is back, which on a busy machine can come before the run's end.
        box = do.box(page, f"ws_{ACTIVITY}_user_group")
        box.fill("Pedagang kaki lima")
        box.press("Tab")
        notice = do.key(page, f"unsaved_{ACTIVITY}")
        ui = load_ui_strings()
        expect(notice).to_contain_text(ui.t("worksheet.not_saved_yet", "id"), timeout=30_000)
        expect(notice).to_contain_text(ui.t("errors.store.offline", "id"))
        expect(do.box(page, f"ws_{ACTIVITY}_user_group")).to_have_value("Pedagang kaki lima")
        # The field itself does not say "Saved" for a text the store has not taken, and keeps its draft.
        status = do.key(page, f"ws_{ACTIVITY}_user_group_live").locator(".status")
        expect(status).to_have_text(ui.t("textfield.offline", "id"))
        notice.scroll_into_view_if_needed()
        shot(page, "database-outage-not-saved-yet-id")
        expect(notice).to_have_count(0, timeout=90_000)  # retried every 3 s until the database is back
    finally:
        back.join()
    wait_for_run(page)
    expect(do.box(page, f"ws_{ACTIVITY}_user_group")).to_have_value("Pedagang kaki lima")
    expect(status).to_have_text(ui.t("common.saved", "id"))

    store = PostgresStore(url)
    try:
        pid = do.participant_id(page)
        answers = store.read((code, "responses", pid, ACTIVITY))["data"]["answers"]
    finally:
        store.close()
    assert answers == {"service_name": "Izin usaha mikro", "user_group": "Pedagang kaki lima"}


def test_text_kept_for_a_retry_survives_leaving_the_page_during_the_outage(hosted, new_page):
    """The server holds a save the database could not take; the phone leaves the page (a reload, a
    closed tab) before the database is back, so that server session and its retry are gone. The
    field kept its draft: opened again, it brings the text back and it is stored."""
    database, url, app = hosted
    code = _session(url)
    page = new_page(phone=True)
    do.join(page, app, code, "Wayan")
    do.fill(page, f"ws_{ACTIVITY}_service_name", "Izin usaha mikro")
    link = page.url

    database.stop()
    try:
        box = do.box(page, f"ws_{ACTIVITY}_user_group")
        box.fill("Nelayan pesisir")
        box.press("Tab")
        ui = load_ui_strings()
        expect(do.key(page, f"unsaved_{ACTIVITY}")).to_contain_text(ui.t("worksheet.not_saved_yet", "id"),
                                                                     timeout=30_000)
        status = do.key(page, f"ws_{ACTIVITY}_user_group_live").locator(".status")
        expect(status).to_have_text(ui.t("textfield.offline", "id"))
        page.goto("about:blank")
    finally:
        database.start()

    page.goto(link)
    wait_for_run(page)
    expect(do.box(page, f"ws_{ACTIVITY}_user_group")).to_have_value("Nelayan pesisir", timeout=30_000)
    expect(do.key(page, f"ws_{ACTIVITY}_user_group_live").locator(".status")).to_have_text(
        load_ui_strings().t("common.saved", "id"), timeout=30_000)
    store = PostgresStore(url)
    try:
        answers = store.read((code, "responses", do.participant_id(page), ACTIVITY))["data"]["answers"]
    finally:
        store.close()
    assert answers == {"service_name": "Izin usaha mikro", "user_group": "Nelayan pesisir"}
