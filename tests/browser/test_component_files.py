"""Our components' JS and CSS are files the app server serves by URL (booster_components/), and the
big-room set-up's nginx (deploy/nginx/booster.conf) passes them on from its cache, compressed."""

import gzip
import urllib.request

import pytest

from tests import cluster
from tests.postgres_server import free_port

pytestmark = pytest.mark.browser
ASSETS = cluster.REPO / "booster_components"
FILES = {"booster_components.text_field/field.js": ASSETS / "text_field" / "field.js",
         "booster_components.text_field/field.css": ASSETS / "text_field" / "field.css",
         "booster_components.forget_drafts/forget.js": ASSETS / "text_field" / "forget.js",
         "booster_components.sort_board/board.js": ASSETS / "sort_board" / "board.js",
         "booster_components.sort_board/board.css": ASSETS / "sort_board" / "board.css"}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """Two app servers on one file store behind nginx, as `make room` runs them: (nginx url, server urls)."""
    folder = tmp_path_factory.mktemp("room")
    servers = {}
    try:
        for name in ("a", "b"):
            port = free_port()
            servers[port] = cluster.start_streamlit(port, folder / f"streamlit-{name}.log",
                                                    BOOSTER_DATA_DIR=str(folder / "data"))
        nginx, listen = cluster.start_nginx(folder, list(servers))
    except RuntimeError as exc:
        for proc in servers.values():
            cluster.stop(proc)
        pytest.fail(str(exc))
    yield f"http://127.0.0.1:{listen}", [f"http://127.0.0.1:{port}" for port in servers]
    for proc in [nginx, *servers.values()]:
        cluster.stop(proc)


def _get(url: str, **headers: str):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return response.status, response.headers, response.read()


@pytest.mark.parametrize("path", sorted(FILES))
def test_each_server_serves_the_file_as_it_is_in_the_checkout(room, path):
    for server in room[1]:
        status, headers, body = _get(f"{server}/_stcore/bidi-components/{path}")
        assert status == 200 and body == FILES[path].read_bytes()
        assert headers["Content-Type"].startswith("text/css" if path.endswith(".css") else ("text/javascript",
                                                                                          "application/javascript"))


def test_nginx_answers_a_room_from_its_cache_compressed(room):
    url = f"{room[0]}/_stcore/bidi-components/booster_components.text_field/field.js"
    _get(url)  # the first phone's request fills the cache
    status, headers, body = _get(url, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["X-Cache"] in {"HIT", "UPDATING"}
    assert headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == FILES["booster_components.text_field/field.js"].read_bytes()
