"""A real server and a real browser: `streamlit run app.py` on a free port, driven by Chromium.

Like Streamlit's own e2e suite: the server logs to a file (printed if it fails to start), we poll
/_stcore/health, and every interaction is followed by a wait for the script run it started to finish
(runs.js counts the page's rerun requests and the runs that answered them; open pages in contexts
made by `new_context` so the count is there).
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
RUN_COUNTER = Path(__file__).with_name("runs.js")
# How long an action or an assertion waits for its state. Playwright's own default for `expect` (5 s)
# is shorter than one poll plus one rerun on a loaded 2-core machine (CI runs next to other work).
WAIT_MS = 20_000
# How long one script run may take: a page's first run on a fresh server imports pandas and plotly,
# tens of seconds when the machine is busy.
RUN_MS = 60_000
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
    """`streamlit run app.py` on a port and data directory; can be killed and started again on the
    same port and data, as when a workshop laptop's server crashes mid-session."""

    def __init__(self, browser, data_dir: Path, log: Path):
        self.browser, self.data_dir, self.log = browser, data_dir, log
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self) -> None:
        env = {**os.environ, "BOOSTER_DATA_DIR": str(self.data_dir), "PYTHONUNBUFFERED": "1"}
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]
        with open(self.log, "a") as out:
            self.proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        _wait_healthy(self.url, self.proc, self.log)
        _warm_up(self.browser, self.url)

    def kill(self) -> None:
        """Stop at once, as a crash would (no clean shutdown)."""
        self.proc.kill()
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        from tests.cluster import stop

        stop(self.proc)  # waits for it even when killed: a Popen left running warns, and warnings fail the run


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    started = Server(browser, tmp_path_factory.mktemp("data"), tmp_path_factory.mktemp("log") / "streamlit.log")
    started.start()
    yield started
    started.stop()


@pytest.fixture
def restartable_server(tmp_path, browser):
    """A server of the test's own, which the test may kill and start again."""
    started = Server(browser, tmp_path / "data", tmp_path / "streamlit.log")
    started.start()
    yield started
    if started.proc.poll() is None:
        started.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _warm_up(browser, url: str) -> None:
    """Open the main page once. Streamlit 1.67 treats the very first session of a server whose
    folder has pages/ as a legacy multipage app, so a deep link as the first request shows a
    one-off "Page not found" dialog; every later session uses st.navigation as intended.
    Then the facilitator's run screen, whose first run imports the board's pandas and plotly: on a
    busy machine that took longer than a test waits for the click that opens a new session."""
    context = new_context(browser)
    page = context.new_page()
    for path in ("/", "/run?role=facilitator"):
        page.goto(url + path)
        wait_for_run(page)
    context.close()


def new_context(browser, **options):
    """A browser context whose pages count their reruns (runs.js), for `wait_for_run`."""
    context = browser.new_context(**options)
    context.set_default_timeout(WAIT_MS)
    context.add_init_script(path=str(RUN_COUNTER))
    return context


@pytest.fixture
def new_page(browser):
    """Open pages in fresh contexts (separate people); phone=True gives a 360 px touch phone."""
    contexts = []

    def make(phone: bool = False):
        opts = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True} if phone \
            else {"viewport": {"width": 1280, "height": 900}}
        ctx = new_context(browser, **opts)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def wait_for_run(page) -> None:
    """Wait until the app is connected and has finished every rerun this page asked for, the one its
    last click or keystroke started included: a run that began after that request and ended other than
    "finished early for a rerun" (runs.js). The script-state attribute alone is no proof: it still says
    notRunning between a click and the server's first reply, the moment a test would read or act too soon."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    app = page.locator("[data-testid=stApp]")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    try:
        page.wait_for_function("() => !window.boosterRuns || window.boosterRuns.done >= window.boosterRuns.sent",
                               timeout=RUN_MS)
    except PlaywrightTimeout:
        counts = page.evaluate("() => window.boosterRuns")
        state = app.get_attribute("data-test-script-state")
        raise AssertionError(f"the run this page asked for did not end within {RUN_MS} ms on {page.url}: "
                             f"runs {counts}, script state {state}") from None
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=RUN_MS)
    # The run's last messages are in; let the page draw them before the test reads it.
    page.evaluate("() => new Promise((drawn) => requestAnimationFrame(() => setTimeout(drawn)))")


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
