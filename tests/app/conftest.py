"""AppTest helpers: run app.py headlessly on a fresh data directory, on a chosen page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from booster import demo, workshop
from booster.store import FileStore

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PIN = "2468"


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("BOOSTER_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    """A demo store made once per test module (a module may define its own demo_dir)."""
    path = tmp_path_factory.mktemp("demo") / "data"
    demo.generate(FileStore(path), sessions=4, participants=8, seed=1)
    return path


@pytest.fixture
def demo_store(data_dir, demo_dir) -> FileStore:
    """A fresh copy of the module's demo store as the app's data directory."""
    shutil.copytree(demo_dir, data_dir)
    return FileStore(data_dir)


@pytest.fixture
def store(data_dir) -> FileStore:
    return FileStore(data_dir)


@pytest.fixture
def session(store) -> workshop.Session:
    return workshop.create_session(
        store, title="Pilot Jakarta", country="Indonesia", agency="KemenPANRB", date="2025-08-14",
        language="en", content_version="v1", activities=list(workshop.ACTIVITIES), mode="individual",
        sort_mode="hybrid", pin=PIN)


def open_page(page: str, *, params: dict | None = None, state: dict | None = None) -> AppTest:
    """Run the app on `page` (a file under pages/) with URL parameters and session state."""
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(f"pages/{page}")
        at.run()
    return at


def texts(at: AppTest) -> str:
    """Everything the screen says, for assertions that do not care which element says it."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning",
                 "error", "text", "code"):
        parts += [str(el.value) for el in getattr(at, kind)]
    return "\n".join(parts)


def last_page(at: AppTest, activity: str) -> AppTest:
    """Turn a worksheet's pages with Next, as a participant does, to the last (where Submit is)."""
    assert not at.exception
    for _ in range(10):
        turn = [b for b in at.button if b.key == f"ws_next_{activity}"]
        if not turn:
            return at
        turn[0].click().run()
        assert not at.exception
    raise AssertionError("Next never reached the last page")
