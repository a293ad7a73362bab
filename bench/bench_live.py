"""Live-session cost: the facilitator's board and one participant's screen, 1 vs 30 vs 60 participants.

Prints ratios against the 1-participant baseline measured in the same run, plus the absolute
medians for context. Also measures 30 participants autosaving at once (threads) against one
saving alone. No assertions: read the figures.

    .venv/bin/python bench/bench_live.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from booster import workshop  # noqa: E402
from booster.content import load_content  # noqa: E402
from booster.store import FileStore  # noqa: E402

REPEATS = 15
APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _session(store, n: int, content) -> tuple[str, list[tuple[str, str]]]:
    s = workshop.create_session(store, title="Bench", country="Indonesia", agency="Bench", date="2025-08-14",
                                language="id", content_version="v1", activities=list(workshop.ACTIVITIES),
                                mode="individual", sort_mode="closed", pin="1234")
    code = s.code
    workshop.set_activity_status(store, code, "card_sort", "open")
    people = []
    deck = content.card_ids()
    for i in range(n):
        p, token = workshop.join(store, code, name=f"P{i}")
        workshop.save_sort(store, code, p.id, {c: content.card(c).intended_step for c in deck[: 10 + i % 15]},
                           deck, by=p.id)
        people.append((p.id, token))
    workshop.set_activity_status(store, code, "card_sort", "closed")
    workshop.set_activity_status(store, code, "service_challenge", "open")
    return code, people


def _median_ms(fn) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _participant_screen(code: str, token: str) -> float:
    from streamlit.testing.v1 import AppTest

    def run():
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["s"], at.query_params["t"] = code, token
        at.run()
        assert not at.exception, at.exception
    return _median_ms(run)


def _saves(store, code: str, people, workers: int) -> float:
    def save(i):
        pid = people[i % len(people)][0]
        workshop.save_answers(store, code, pid, "service_challenge", {"service_name": f"Service {i}"}, {}, by=pid,
                              limits={"service_name": 120})
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(save, range(workers * 10)))
    return (time.perf_counter() - start) * 1000 / (workers * 10)


def main() -> None:
    content = load_content("v1")
    now = dt.datetime.now(dt.UTC)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BOOSTER_DATA_DIR"] = tmp
        store = FileStore(tmp)
        for n in (1, 30, 60):
            code, people = _session(store, n, content)
            board_ms = _median_ms(lambda: workshop.board(store, code, content.card_ids(), now))
            screen_ms = _participant_screen(code, people[0][1])
            results[n] = (board_ms, screen_ms, code, people)
        base_board, base_screen = results[1][0], results[1][1]
        print("participants  board_ms  board_ratio  participant_screen_ms  screen_ratio")
        for n, (board_ms, screen_ms, _, _) in results.items():
            print(f"{n:>12}  {board_ms:8.1f}  {board_ms / base_board:11.2f}  {screen_ms:21.1f}  "
                  f"{screen_ms / base_screen:12.2f}")
        _, _, code, people = results[30]
        alone = _saves(store, code, people, 1)
        crowd = _saves(store, code, people, 30)
        print(f"autosave ms per save: alone {alone:.2f}, 30 at once {crowd:.2f}, ratio {crowd / alone:.2f}")


if __name__ == "__main__":
    main()
