"""Exports: the analyst's CSV zip and XLSX workbook of every session, and the live room beside them.

Floors, measured in the same run: the CSV export of the same store (time and peak memory, each
in a fresh process that first loads the tables, as the worker does); for "beside live load", the
same participants saving with no export running. Also counts how often the exported tables are
computed when one analyst takes all three files (target: once), and times one session's same-day
workbook against reading that session's files.

    .venv/bin/python bench/run.py bench_exports [--quick]      (quick: 40 sessions only)
    .venv/bin/python bench/bench_exports.py --one xlsx 200        (one export as JSON)
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

import analysis_stores as stores  # noqa: E402
from figures import Figure  # noqa: E402

from booster.analysis.tables import filter_tables, load_tables  # noqa: E402
from booster.content import cached_content  # noqa: E402
from booster.store import FileStore  # noqa: E402


def peak_mb() -> float:
    """This process's peak resident memory since exec (VmHWM; ru_maxrss would count the bench
    process it was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def one_export(kind: str, n: int) -> dict:
    """In this (fresh) process: load the tables, then time one export and note the peak memory."""
    from booster.files import export

    tables = filter_tables(load_tables(FileStore(stores.store_path(n)), cached_content))
    loaded = peak_mb()
    started = time.perf_counter()
    data = export.build(kind, tables, cached_content)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_mb(), "loaded_mb": loaded, "bytes": len(data)}


def _fresh(kind: str, n: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--one", kind, str(n)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def export_figures(sizes: list[int]) -> list[Figure]:
    figs = []
    for n in sizes:
        runs = [(_fresh("csv", n), _fresh("xlsx", n)) for _ in range(1 if n >= 1000 else 2)]  # interleaved
        csv = {k: min(r[0][k] for r in runs) for k in runs[0][0]}
        xlsx = {k: min(r[1][k] for r in runs) for k in runs[0][1]}
        figs.append(Figure(f"XLSX export time, {n} sessions (floor: CSV export)", xlsx["seconds"], "s",
                           floor=csv["seconds"], max_ratio=2, absolute=5 if n == 40 else None))
        figs.append(Figure(f"XLSX export peak memory, {n} sessions (floor: CSV export)", xlsx["peak_mb"], "MB",
                           floor=csv["peak_mb"], max_ratio=2, absolute=600 if n >= 1000 else None))
    return figs


def computed_once() -> Figure:
    """How many times the exported tables are computed when CSV, XLSX and HTML are all made."""
    from booster.files import export

    tables = filter_tables(load_tables(FileStore(stores.store_path(40)), cached_content))
    original, calls = export.build_backlog, []
    export.build_backlog = lambda *a, **k: calls.append(1) or original(*a, **k)
    try:
        for kind in export.KINDS:
            export.build(kind, tables, cached_content)
    finally:
        export.build_backlog = original
    return Figure("exported tables computed, CSV + XLSX + HTML of one selection", len(calls), "times", absolute=1)


def same_day_figure() -> Figure:
    """The facilitator's same-day workbook of one session in a store of 40 (was bench_session_export)."""
    from booster.files import session_export

    folder = stores.store_path(40)
    code = next(p.name for p in sorted(folder.iterdir()) if p.is_dir() and not p.name.startswith(("_", ".")))
    store = FileStore(folder)
    floor = stores.best_of(lambda: stores.read_every_file(folder / code), 3)
    value = stores.best_of(lambda: session_export.workbook(store, code, cached_content), 3)
    return Figure("same-day workbook of one session of 25 (floor: read its files)", value * 1000, "ms",
                  floor=floor * 1000)


def beside_live_load(participants: int = 30) -> list[Figure]:
    """p95 save time of live participants with the XLSX worker running beside the server, vs without."""
    try:
        import bench_load as load
        needed = (load.start_server, load.make_session, load.warm_up, load.level, load.percentiles, load.free_port)
    except (ImportError, AttributeError) as exc:
        print(f"# bench_load's client is not usable here ({exc}): export-beside-load figure skipped", file=sys.stderr)
        return []
    start_server, make_session, warm_up, level, percentiles, free_port = needed
    from booster.files import export_jobs

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(stores.store_path(40), data, ignore=shutil.ignore_patterns(".complete"))
        store = FileStore(data)
        code, people = make_session(store, participants)
        shown = [c for c in store.children(()) if not c.startswith("_")]
        port = free_port()
        server = start_server(port, str(data), Path(tmp) / "server.log")
        try:
            asyncio.run(warm_up(port, code, people[0][1]))
            quiet = asyncio.run(level(port, server.pid, code, people, True))
            exports = []

            async def with_exports():
                task = asyncio.create_task(level(port, server.pid, code, people, True))
                while not task.done():
                    job = export_jobs.start("xlsx", str(data), shown, False)
                    while not job.done() and not task.done():
                        await asyncio.sleep(0.2)
                    exports.append(job)
                return await task

            busy = asyncio.run(with_exports())
        finally:
            server.terminate()
            server.wait(timeout=30)
        finished = sum(job.done() and job.future.exception() is None for job in exports)
        for job in exports:
            job.discard()
    p95_quiet, p95_busy = percentiles(quiet["times"])[1], percentiles(busy["times"])[1]
    return [Figure(f"live save p95, {participants} participants, XLSX of 40 sessions being made "
                   f"({finished} made; floor: no export)", p95_busy * 1000, "ms", floor=p95_quiet * 1000, max_ratio=2),
            Figure("live saves timed out while the XLSX was being made", busy["timeouts"], "saves", absolute=0)]


def _beside_live_load_if_the_client_works() -> list[Figure]:
    try:
        return beside_live_load()
    except Exception as exc:  # noqa: BLE001 - bench_load's client is being rewritten; report, do not stop the run
        print(f"# export beside live load skipped: bench_load's client failed ({type(exc).__name__}: {exc})",
              file=sys.stderr)
        return []


def figures(quick: bool) -> list[Figure]:
    figs = export_figures([40] if quick else [40, 200, 1000])
    figs += [computed_once(), same_day_figure()]
    return figs + _beside_live_load_if_the_client_works()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one_export(sys.argv[2], int(sys.argv[3]))))
    else:
        from figures import table

        print(table(figures("--quick" in sys.argv)))
