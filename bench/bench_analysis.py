"""The analysis: loading the store, reloading it, one new session, analyst pages, and the maths.

Floors, measured in the same run: reading every JSON file of the store once (any cold load must;
interleaved with the cold loads, the fastest of each; their CPU time is shown beside, not as a target:
on a busy machine the wall times also count the waits for a core, which CPU time leaves out);
the cold load itself (for reloads); the `cardsort` PyPI package on the same sorts (for the maths).
Stores of 40 / 200 / 1,000 sessions x 25 participants come from bench/analysis_stores.py (made
once, kept under /tmp). Pages are timed with Streamlit's AppTest in a fresh process per store, so
"first run" includes the cold load as an analyst's first visit would.

    .venv/bin/python bench/run.py bench_analysis [--quick]     (quick: 40 and 200 sessions)
    .venv/bin/python bench/bench_analysis.py --pages 200        (one store's page timings as JSON)
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

import analysis_stores as stores  # noqa: E402
from figures import Figure, timed  # noqa: E402

from booster.analysis import sort_stats  # noqa: E402
from booster.analysis.tables import TableCache, load_tables  # noqa: E402
from booster.content import cached_content  # noqa: E402
from booster.store import FileStore  # noqa: E402

PAGES = {"analysis_cardsort.py": "cs_tab", "analysis_worksheets.py": "ws_tab", "analysis_feedback.py": "fb_tab",
         "analysis_backlog.py": "bl_tab", "analysis_data.py": None}


def _cold(folder: Path, repeats: int) -> float:
    return stores.best_of(lambda: load_tables(FileStore(folder), cached_content, TableCache()), repeats)


def _timed(fn) -> tuple[float, float]:
    """(wall seconds, this process's CPU seconds) of one run of fn."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def load_figures(sizes: list[int]) -> list[Figure]:
    cached_content("v1")
    load_tables(FileStore(stores.store_path(40)), cached_content, TableCache())  # pandas and pyarrow warm
    figs, per_session, per_session_cpu = [], {}, {}
    for n in sizes:
        folder, repeats = stores.store_path(n), 3 if n >= 1000 else 5
        stores.read_every_file(folder)  # untimed: the first read of a big store fills the page cache for both sides
        runs = [(_timed(lambda: stores.read_every_file(folder)), _timed(lambda: _cold(folder, 1))) for _ in range(repeats)]
        # interleaved: load on the machine hits both; the fastest of each
        (floor, floor_cpu), (cold, cold_cpu) = ([min(r[side][i] for r in runs) for i in (0, 1)] for side in (0, 1))
        per_session[n], per_session_cpu[n] = cold / n, cold_cpu / n
        figs.append(Figure(f"analysis cold load, {n} sessions x 25", cold, "s", floor=floor, max_ratio=2))
        # Not a target: the same runs' CPU time, which other work on the machine hardly moves (the wall
        # times above wait for a core whenever the machine has more to run than it has cores).
        figs.append(Figure(f"analysis cold load, CPU time, {n} sessions x 25", cold_cpu, "s", floor=floor_cpu))
    small, large = min(sizes), max(sizes)
    figs.append(Figure(f"cold load per session, {large:,} vs {small} sessions (linear = 1x)",
                       per_session[large] * 1000, "ms", floor=per_session[small] * 1000, max_ratio=1.25))
    figs.append(Figure(f"cold load per session, CPU time, {large:,} vs {small} sessions (linear = 1x)",
                       per_session_cpu[large] * 1000, "ms", floor=per_session_cpu[small] * 1000))
    return figs + _reload_figures(200)


def _reload_figures(n: int) -> list[Figure]:
    folder = stores.store_path(n)
    store, cache = FileStore(folder), TableCache()
    cold = stores.best_of(lambda: load_tables(store, cached_content, TableCache()), 1)
    load_tables(store, cached_content, cache)
    reload = stores.best_of(lambda: load_tables(store, cached_content, cache), 5)
    source = next(p for p in sorted(folder.iterdir()) if p.is_dir() and not p.name.startswith(("_", ".")))
    arrivals = []
    for i in range(3):  # the fastest of three arrivals: one alone moved 5x with the machine's load
        code = f"ZZ{i}" + str(os.getpid() % 1000).zfill(3)
        stores._clone(source, folder, source.name, code)
        try:
            store._changed((code,))  # the clone was copied in as files; a store write would log itself
            started = time.perf_counter()
            tables = load_tables(store, cached_content, cache)
            arrivals.append(time.perf_counter() - started)
            assert code in set(tables.sessions["session_id"]), "the new session was not loaded"
        finally:
            shutil.rmtree(folder / code, ignore_errors=True)
            store._changed((code,))
    arrived = min(arrivals)
    return [Figure(f"analysis reload, nothing changed, {n} sessions", reload * 1000, "ms", floor=cold * 1000,
                   absolute=50),
            Figure(f"analysis reload after one new session, {n} sessions", arrived, "s", floor=cold, max_ratio=0.10)]


def page_timings(n: int) -> dict:
    """Each analyst page's first run (cold: includes loading the store) and every tab's warm rerun."""
    os.environ["BOOSTER_DATA_DIR"] = str(stores.store_path(n))
    from streamlit.testing.v1 import AppTest

    result = {}
    for page, tab_key in PAGES.items():
        at = AppTest.from_file(str(BENCH.parent / "app.py"), default_timeout=600)
        at.query_params["role"] = "analyst"
        at.run()
        at.switch_page(f"pages/{page}")
        started = time.perf_counter()
        at.run()
        first = time.perf_counter() - started
        warm = []
        for label in [tab.label for tab in at.tabs] if tab_key else [None]:
            if label:
                at.session_state[tab_key] = label
            at.run()
            warm.append(stores.best_of(at.run, 2))
        result[page] = {"first": first, "warm": max(warm)}
    return result


def _pages_in_fresh_process(n: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--pages", str(n)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def page_figures(n: int) -> list[Figure]:
    timings = _pages_in_fresh_process(n)
    figs = [Figure(f"first analysis page (card sort), cold, {n} sessions", timings["analysis_cardsort.py"]["first"],
                   "s", absolute=3)] if n == 40 else []
    for page, t in timings.items():
        figs.append(Figure(f"{page.removesuffix('.py')} slowest tab, warm, {n} sessions", t["warm"], "s", absolute=1))
    return figs


def _synthetic_sorts(sorters: int, cards: int, seed: int = 1):
    """Complete open sorts (what the `cardsort` package accepts): ours and its long format."""
    import pandas as pd

    rng, steps = random.Random(seed), [f"s{i}" for i in range(7)]
    rows = []
    for user in range(sorters):
        for card in range(cards):
            step = steps[card % 7] if rng.random() < 0.6 else rng.choice(steps)
            rows.append((user, card, step))
    ours = pd.DataFrame({"session_id": [f"S{u // 25}" for u, _, _ in rows], "participant_id": [f"p{u}" for u, _, _ in rows],
                         "card_id": [f"c{c:02d}" for _, c, _ in rows], "step_id": [s for _, _, s in rows]})
    theirs = pd.DataFrame({"user_id": [u + 1 for u, _, _ in rows], "card_id": [c for _, c, _ in rows],
                           "card_label": pd.Series([f"c{c:02d}" for _, c, _ in rows], dtype=object),
                           "category_id": [int(s[1:]) for _, _, s in rows],
                           "category_label": pd.Series([s for _, _, s in rows], dtype=object)})
    return ours, theirs, [f"c{c:02d}" for c in range(cards)]


def maths_figures(sorters: int = 847, cards: int = 30) -> list[Figure]:
    try:
        from cardsort import analysis as package  # requirements-bench.txt (installed with --no-deps)
    except ImportError:
        print("# cardsort is not installed (pip install --no-deps -r requirements-bench.txt): maths figure skipped",
              file=sys.stderr)
        return []
    import numpy as np
    from scipy.cluster.hierarchy import linkage

    ours, theirs, ids = _synthetic_sorts(sorters, cards)
    same, both = sort_stats.similarity_counts(ours, ids)
    assert np.array_equal(sorters - same.to_numpy()[np.triu_indices(cards, 1)], package.get_distance_matrix(theirs))

    def our_maths():
        sort_stats.cluster(sort_stats.similarity_matrix(ours, ids))

    def their_maths():
        linkage(package.get_distance_matrix(theirs), "average")

    floor = stores.best_of(their_maths, 3)
    value = stores.best_of(our_maths, 10)
    return [Figure(f"similarity + average-linkage tree, {sorters} sorts x {cards} cards (floor: cardsort)",
                   value * 1000, "ms", floor=floor * 1000, max_ratio=1 / 20)]


def figures(quick: bool) -> list[Figure]:
    sizes = [40, 200] if quick else [40, 200, 1000]
    with timed("cold loads and reloads"):
        figs = load_figures(sizes)
    with timed("maths against cardsort"):
        figs += maths_figures()
    for n in [40] if quick else [40, 200]:
        with timed(f"analyst pages, {n} sessions"):
            figs += page_figures(n)
    return figs


if __name__ == "__main__":
    if sys.argv[1:2] == ["--pages"]:
        print(json.dumps(page_timings(int(sys.argv[2]))))
    else:
        from figures import table

        print(table(figures("--quick" in sys.argv)))
