"""How long the analysis takes to read the store: load_tables cold vs warm (TableCache), two sizes.

Uses `python -m booster demo` for the data when it exists, else a small generator of its own that
follows docs/DATA.md. Prints timings and ratios; asserts nothing.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from booster.analysis.tables import TableCache, filter_tables, load_tables  # noqa: E402
from booster.store import FileStore  # noqa: E402

SIZES = [(4, 15), (16, 30)]  # (sessions, participants per session)
STEPS = ["scope", "engage", "understand", "reframe", "design", "test", "communicate"]


class _Card:
    def __init__(self, card_id, step):
        self.id, self.intended_step = card_id, step


class _Content:
    """Stand-in for booster.content when it is not installed."""

    cards = [_Card(f"card_{i:02d}", STEPS[i % 7]) for i in range(24)]
    worksheets: dict = {}

    def card_ids(self):
        return [c.id for c in self.cards]

    def step_ids(self):
        return STEPS


def _contents():
    try:
        from booster.content import load_content
        return load_content
    except ImportError:
        return {"v1": _Content()}


def _generate(folder: Path, sessions: int, participants: int, seed: int) -> str:
    command = [sys.executable, "-m", "booster", "demo", "--sessions", str(sessions), "--participants",
               str(participants), "--data-dir", str(folder), "--seed", str(seed)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode == 0 and FileStore(folder).children(()):
        return "booster demo"
    _own_data(FileStore(folder), sessions, participants, random.Random(seed))
    return "bench generator"


def _own_data(store, sessions: int, participants: int, rng: random.Random) -> None:
    deck = _Content().cards
    for s in range(sessions):
        code = "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(6))
        store.write((code, "session"), {"schema_version": 1, "id": code, "uid": f"u{s}", "country": "Indonesia",
                                        "language": "id", "date": "2025-08-14", "content_version": "v1",
                                        "mode": "individual", "sort_mode": "hybrid"})
        for p in range(participants):
            pid = f"p-{s:04x}{p:06x}"
            store.write((code, "participants", pid), {"schema_version": 1, "id": pid, "kind": "person"})
            placements = {c.id: c.intended_step if rng.random() < 0.7 else rng.choice([*STEPS, "unsure"])
                          for c in deck}
            store.write((code, "responses", pid, "card_sort"), {"schema_version": 1, "status": "submitted",
                                                                "data": {"placements": placements}})
            store.write((code, "feedback", pid, "card_sort"), {"schema_version": 1, "answers": {
                "ease": rng.randint(1, 5), "relevance": rng.randint(1, 5), "confusing": "the reframe step"}})


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    contents, results = _contents(), []
    for n_sessions, n_participants in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            source = _generate(Path(tmp), n_sessions, n_participants, seed=7)
            store, cache = FileStore(tmp), TableCache()
            cold = _time(lambda: load_tables(store, contents, cache))
            warm = min(_time(lambda: load_tables(store, contents, cache)) for _ in range(3))
            tables = filter_tables(load_tables(store, contents, cache))
            results.append((n_sessions * n_participants, cold, warm))
            print(f"{n_sessions} sessions x {n_participants} participants ({source}): "
                  f"{len(tables.placements)} placements, cold {cold * 1000:.0f} ms, warm {warm * 1000:.0f} ms, "
                  f"warm/cold {warm / cold:.2f}")
    (small_n, small_cold, small_warm), (large_n, large_cold, large_warm) = results
    print(f"large/small: {large_n / small_n:.1f}x the participants, cold {large_cold / small_cold:.1f}x, "
          f"warm {large_warm / small_warm:.1f}x the time")


if __name__ == "__main__":
    main()
