"""A participant's phone, measured in a real browser (360x740 touch, Debian's chromium): how soon
what they type is on the server once they stop typing, and how many taps the whole card sort takes.

- saved after a pause: type a sentence into a worksheet text area and just stop (no tap elsewhere);
  the time from the last key to the text being in the store. The live field waits for a 0.8 s
  pause, so this is that pause plus the round trip.
- floor: the same sentence, then leave the field (Tab): it is sent at once, so this is the round
  trip alone (browser -> server -> store), measured in the same run.
- taps: the 30-card deck sorted by tap-to-place, counting the touches the page receives
  (target: at most 2 a card).

    .venv/bin/python bench/bench_phone_text.py [--quick]

Prints one table (bench/figures.py). Joins `make bench` when listed in bench/run.py MODULES.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from figures import Figure, summary, table  # noqa: E402

from booster import workshop  # noqa: E402
from booster.content import load_content  # noqa: E402
from booster.store import FileStore  # noqa: E402
from tests.cluster import start_streamlit  # noqa: E402
from tests.postgres_server import free_port  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PAUSE_TARGET_S = 1.5  # the issue: saved after a pause in typing of at most 1.5 s
FIELD = "ws_service_challenge_user_goal_live"


def _session(store) -> tuple[str, str, str]:
    session = workshop.create_session(
        store, title="Bench phone", country="Indonesia", agency="Bench", date="2025-08-14", language="id",
        content_version="v1", activities=list(workshop.ACTIVITIES), mode="individual", sort_mode="closed",
        pin="1234")
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, token = workshop.join(store, session.code, name="Bench")
    return session.code, participant.id, token


def _wait_run(page) -> None:
    app = page.locator("[data-testid=stApp]")
    app.and_(page.locator("[data-test-connection-state=CONNECTED]")).wait_for()
    app.and_(page.locator("[data-test-script-state=notRunning]")).wait_for(timeout=30_000)


def _stored_at(path: Path, text: str, timeout: float = 20.0) -> float:
    """The moment the stored answer equals `text` (polled every 10 ms)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if json.loads(path.read_text())["data"]["answers"].get("user_goal") == text:
                return time.monotonic()
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{text!r} never reached {path}")


def _typing_latencies(page, path: Path, trials: int, leave: bool) -> list[float]:
    box = page.locator(f".st-key-{FIELD} textarea")
    times = []
    for i in range(trials):
        text = f"Mendapat izin usaha tanpa datang ke kantor, percobaan {i} {'tab' if leave else 'jeda'}"
        box.fill("")
        box.press_sequentially(text, delay=25)
        if leave:
            box.press("Tab")
        stopped = time.monotonic()
        times.append(_stored_at(path, text) - stopped)
        _wait_run(page)
    return times


def _taps_for_the_deck(page) -> tuple[int, int]:
    board = page.locator(".st-key-sort_board")
    board.locator(".deck [data-card]").first.wait_for()
    cards = board.locator(".deck [data-card]").evaluate_all("els => els.map(e => e.dataset.card)")
    intended = {card.id: card.intended_step for card in load_content("v1").cards}
    page.evaluate("""() => { window.boosterTaps = 0;
        document.addEventListener('touchstart', () => { window.boosterTaps += 1; }, {capture: true}); }""")
    for card in cards:
        board.locator(f"[data-card='{card}'] .card-main").tap()
        board.locator(f".tray .dest[data-drop='{intended[card]}']").tap()
        board.locator(f".pile[data-drop='{intended[card]}'] [data-card='{card}']").wait_for()
    return page.evaluate("() => window.boosterTaps"), len(cards)


def figures(quick: bool) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    trials = 3 if quick else 8
    with tempfile.TemporaryDirectory() as tmp:
        data, port = Path(tmp) / "data", free_port()
        store = FileStore(data)
        code, pid, token = _session(store)
        server = start_streamlit(port, Path(tmp) / "streamlit.log", BOOSTER_DATA_DIR=str(data))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                phone = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
                page = phone.new_page()
                page.goto(f"http://127.0.0.1:{port}/")  # the first session of a server (see tests/browser)
                _wait_run(page)
                page.goto(f"http://127.0.0.1:{port}/?s={code}&t={token}")
                _wait_run(page)
                path = data / code / "responses" / pid / "service_challenge.json"
                page.locator(f".st-key-{FIELD} textarea").wait_for(timeout=30_000)
                floor = _typing_latencies(page, path, trials, leave=True)
                paused = _typing_latencies(page, path, trials, leave=False)
                workshop.set_activity_status(store, code, "service_challenge", "closed")
                workshop.set_activity_status(store, code, "card_sort", "open")
                page.reload()
                _wait_run(page)
                taps, cards = _taps_for_the_deck(page)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return [
        Figure("phone: typed text on the server after typing stops (median)", statistics.median(paused), "s",
               floor=statistics.median(floor), absolute=PAUSE_TARGET_S),
        Figure("phone: typed text on the server after typing stops (slowest)", max(paused), "s",
               floor=max(floor)),
        Figure(f"phone: taps a card to sort the {cards}-card deck", taps / cards, "taps", absolute=2),
    ]


if __name__ == "__main__":
    measured = figures("--quick" in sys.argv)
    print(table(measured))
    print(summary(measured))
