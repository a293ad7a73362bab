"""Two app servers on one PostgreSQL behind nginx (deploy/nginx/booster.conf) act as one app, and
losing one loses nothing: participants reload through nginx onto the other and find their work."""

import signal
import urllib.request

import pytest
from playwright.sync_api import expect

from booster import store_postgres
from booster.content import load_ui_strings
from booster.store_postgres import PostgresStore
from tests import cluster
from tests.postgres_server import free_port

from . import people as do
from .conftest import _warm_up, shot, wait_for_run

pytestmark = pytest.mark.browser
ACTIVITY = "service_challenge"
BEFORE = {"service_name": "Izin usaha mikro", "user_group": "Pedagang kaki lima"}
AFTER = {"user_goal": "Mendapat izin dalam satu hari"}
NAMES = ["Ayu", "Budi", "Citra", "Dewi"]


@pytest.fixture(scope="module")
def hosted(postgres, browser, tmp_path_factory):
    """PostgreSQL, two `streamlit run` servers on it and nginx in front: (url, db url, servers, folder)."""
    url = postgres.create_database("booster_cluster")
    store_postgres.upgrade(url)
    folder = tmp_path_factory.mktemp("cluster")
    servers = {}
    try:
        for name in ("a", "b"):
            port = free_port()
            servers[port] = cluster.start_streamlit(port, folder / f"streamlit-{name}.log", BOOSTER_STORE=url)
            _warm_up(browser, f"http://127.0.0.1:{port}")
        nginx, listen = cluster.start_nginx(folder, list(servers))
    except RuntimeError as exc:
        for proc in servers.values():
            cluster.stop(proc)
        pytest.fail(str(exc))
    yield f"http://127.0.0.1:{listen}", url, servers, folder
    for proc in [nginx, *servers.values()]:
        cluster.stop(proc)


def _fill_all(page, answers: dict) -> None:
    """Type each answer and wait for the field to say "Saved", the acknowledgement the person sees
    (the test then checks the store itself)."""
    saved = load_ui_strings().t("common.saved", "en")
    for field, text in answers.items():
        live = do.key(page, f"ws_{ACTIVITY}_{field}_live")
        live.locator("input, textarea").fill(text)
        live.locator("input, textarea").press("Tab")
        expect(live.locator(".status")).to_have_text(saved)
        wait_for_run(page)
        expect(page.get_by_test_id("stToast")).to_have_count(0)  # a text box needs no toast besides


def test_two_servers_act_as_one_and_a_killed_server_loses_no_saved_answer(hosted, new_page):
    address, db_url, servers, folder = hosted
    urllib.request.urlopen(address + "/").read()
    theirs = cluster.upstream_of(folder, "/")  # every browser here comes from 127.0.0.1: one server
    mine = next(port for port in servers if port != theirs)

    facilitator = new_page()
    code = do.create_session(facilitator, f"http://127.0.0.1:{mine}", "Hosted pilot", "2468")
    people = [new_page(phone=(i == 0)) for i in range(len(NAMES))]
    for page, name in zip(people, NAMES):
        do.join(page, address, code, name)
    assert cluster.upstream_of(folder, "/") == theirs

    # The facilitator's board (its own server) counts people who joined on the other server ...
    expect(do.key(facilitator, "board_joined")).to_contain_text(str(len(NAMES)), timeout=15_000)
    # ... and the room follows what the facilitator opens there, within its 3 s poll.
    do.set_activity(facilitator, ACTIVITY, "open")
    for page in people:
        expect(do.box(page, f"ws_{ACTIVITY}_service_name")).to_be_visible(timeout=20_000)
    for page, name in zip(people, NAMES):
        _fill_all(page, {field: f"{text} ({name})" for field, text in BEFORE.items()})

    servers[theirs].send_signal(signal.SIGKILL)
    servers[theirs].wait(timeout=10)
    for page, name in zip(people, NAMES):
        page.reload()
        wait_for_run(page)
        for field, text in BEFORE.items():
            expect(do.box(page, f"ws_{ACTIVITY}_{field}")).to_have_value(f"{text} ({name})",
                                                                                      timeout=20_000)
        _fill_all(page, {field: f"{text} ({name})" for field, text in AFTER.items()})
    assert cluster.upstream_of(folder, "/") == mine, "the reload went to the server still running"
    shot(people[0], "cluster-after-failover-phone")

    store = PostgresStore(db_url)
    try:
        for page, name in zip(people, NAMES):
            doc = store.read((code, "responses", do.participant_id(page), ACTIVITY))
            assert doc["data"]["answers"] == {field: f"{text} ({name})" for field, text in {**BEFORE, **AFTER}.items()}
    finally:
        store.close()
    expect(do.key(facilitator, "board_joined")).to_contain_text(str(len(NAMES)))
