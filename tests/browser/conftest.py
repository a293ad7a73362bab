"""A real server and a real browser: `streamlit run app.py` on a free port, driven by Chromium.

Like Streamlit's own e2e suite: the server logs to a file (printed if it fails to start), we poll
/_stcore/health, and every interaction is followed by a wait for the script run to finish.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    from tests.cluster import wait_healthy

    try:
        wait_healthy(url, proc, log, timeout)
    except RuntimeError as exc:
        pytest.fail(str(exc))


class Server:
    def __init__(self, url: str, data_dir: Path):
        self.url, self.data_dir = url, data_dir


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    data_dir = tmp_path_factory.mktemp("data")
    log = tmp_path_factory.mktemp("log") / "streamlit.log"
    port = _free_port()
    env = {**os.environ, "BOOSTER_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, proc, log)
    _warm_up(browser, url)
    yield Server(url, data_dir)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _warm_up(browser, url: str) -> None:
    """Open the main page once. Streamlit 1.67 treats the very first session of a server whose
    folder has pages/ as a legacy multipage app, so a deep link as the first request shows a
    one-off "Page not found" dialog; every later session uses st.navigation as intended."""
    page = browser.new_page()
    page.goto(url + "/")
    wait_for_run(page)
    page.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh contexts (separate people); phone=True gives a 360 px touch phone."""
    contexts = []

    def make(phone: bool = False):
        opts = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True} if phone \
            else {"viewport": {"width": 1280, "height": 900}}
        ctx = browser.new_context(**opts)
        ctx.set_default_timeout(20_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def wait_for_run(page) -> None:
    """Wait until the app is connected and the script has finished its rerun."""
    from playwright.sync_api import expect

    app = page.locator("[data-testid=stApp]")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=30_000)


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
