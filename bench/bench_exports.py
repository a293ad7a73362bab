"""Exports: the analyst's CSV zip and XLSX workbook of every session, and the live room beside them.

Floors, measured in the same run: the CSV export of the same store (time and peak memory, each
in a fresh process that first loads the tables, as the worker does); for "beside live load", the
same participants saving with no export running. Also counts how often the exported tables are
computed when one analyst takes all three files (target: once), and times one session's same-day
workbook against reading that session's files.

    .venv/bin/python bench/run.py bench_exports [--quick]      (quick: 40 sessions only)
    .venv/bin/python bench/bench_exports.py --one xlsx 200        (one export as JSON)
    .venv/bin/python bench/bench_exports.py --beside [--quick]    (only the exports beside live load)
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

import analysis_stores as stores  # noqa: E402
from figures import Figure, timed  # noqa: E402

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
    """In this (fresh) process: load the tables, then time one export into a file (as the export
    worker makes it, booster.files.export_jobs) and note the peak memory."""
    from booster.files import export

    tables = filter_tables(load_tables(FileStore(stores.store_path(n)), cached_content))
    loaded = peak_mb()
    with tempfile.TemporaryDirectory(prefix="booster-bench-export-") as tmp:
        started = time.perf_counter()
        export.write(kind, tables, cached_content, Path(tmp) / "result")
        seconds = time.perf_counter() - started
        size = (Path(tmp) / "result").stat().st_size
    return {"seconds": seconds, "peak_mb": peak_mb(), "loaded_mb": loaded, "bytes": size}


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


BESIDE = {False: (60, 2), True: (30, 1)}  # quick -> (phones, rounds); each round: a level without, then with
BESIDE_SESSIONS, BESIDE_SAVES = 200, 5
KINDS = ("csv", "xlsx", "html")  # what the Data screen has the worker make (ui/analysis_view.py)


@dataclass
class Exports:
    """The analyst's tab on the same server: opens Data, presses 'prepare' for the CSVs, the XLSX and
    the HTML report (the screen starts them in the worker, ui/analysis_view.py), and polls their progress bars
    as the browser does; a file is done when the screen first offers its download. The server makes
    its job folders in `folder` (its TMPDIR), emptied after each level."""

    load: object  # the bench_load module
    address: tuple[int, str | None]
    folder: Path
    tab: object = None
    opened: float = 0.0
    busy: list[tuple[float, float | None]] = field(default_factory=list)
    ready: list[tuple[float, str]] = field(default_factory=list)  # (wall-clock time, kind) of each download drawn

    async def open(self) -> None:
        ready = self.ready

        class AnalystTab(self.load.Tab):
            def _handle(self, msg) -> None:
                super()._handle(msg)
                self.page_hash = ""  # ask for Data by name each run (new_session names the default page)
                if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    element = msg.delta.new_element
                    if element.WhichOneof("type") == "download_button":  # a file is done: it is offered
                        kind = element.download_button.id.rpartition("-dl_")[2]
                        if kind in KINDS:
                            ready.append((time.time(), kind))

        self.tab = AnalystTab(self.address, "role=analyst", page="data")
        began = time.perf_counter()
        await self.tab.open()
        await self.tab.run()  # the server reads the store into tables (warm after the first time)
        self.opened = time.perf_counter() - began

    async def keep_busy(self, level: asyncio.Task) -> None:
        """Prepare the CSVs, the XLSX and the HTML report (the worker makes them one after the other) and,
        each time all are done before the level ends, make them again; `busy` gets (asked, done) times."""
        self.tab.start_timers(time.perf_counter())  # the export part's 1 s polls
        while not level.done():
            asked = time.time()
            await self._press(*(f"prep_{kind}" for kind in KINDS))
            while len(self._done_since(asked)) < len(KINDS) and not level.done():
                await asyncio.sleep(0.2)
            done = self._done_since(asked)
            self.busy.append((asked, done[-1] if len(done) == len(KINDS) else None))
            polls = self.tab.runs + 2  # the second poll from now began after all were done
            while not level.done() and self.tab.runs < polls:
                await asyncio.sleep(0.2)  # a poll draws the downloads and their 'make again'
            if not level.done():
                await self._press(*(f"again_{kind}" for kind in KINDS))

    async def _press(self, *keys: str) -> None:
        for key in keys:
            wid, _, fragment = self.tab.find(key)
            self.tab.press(wid)
            if await self.tab.run(fragment) is None:  # as the browser: a press inside a fragment reruns it
                raise RuntimeError(f"the analyst's {key} got no answer")

    def _done_since(self, asked: float) -> list[float]:
        """Wall-clock times files asked for at `asked` were done, in order: when the screen first
        offered each (the screen takes the file's bytes and removes it from disk at once)."""
        first: dict[str, float] = {}
        for at, kind in self.ready:
            if at >= asked:
                first.setdefault(kind, at)
        return sorted(first.values())

    async def finish(self, timeout: float = 600) -> float:
        """Wait for the files still being made (the next level must be quiet); when they were done."""
        asked, done = self.busy[-1]
        deadline = time.perf_counter() + timeout
        while done is None and time.perf_counter() < deadline:
            await asyncio.sleep(0.5)
            found = self._done_since(asked)
            done = found[-1] if len(found) == len(KINDS) else None
        self.busy[-1] = (asked, done)
        await self.tab.close()
        for folder in self.folder.glob("booster-export-*"):
            shutil.rmtree(folder, ignore_errors=True)
        return done or float("inf")

    def running(self, began: float, ended: float) -> float:
        """Seconds between `began` and `ended` during which an export was being made."""
        return sum(max(0.0, min(done or ended, ended) - max(asked, began)) for asked, done in self.busy)


@dataclass
class Beside:
    """Both sides of the comparison: levels with no export running, and levels with one."""

    quiet: list = field(default_factory=list)
    busy: list = field(default_factory=list)
    covered: list[float] = field(default_factory=list)  # share of each busy level the export ran
    export_seconds: list[float] = field(default_factory=list)
    page_seconds: list[float] = field(default_factory=list)


async def _beside(load, room, exports_folder: Path, phones: int, rounds: int) -> Beside:
    found = Beside()
    await load.run_level(room, 8, "random", 1, measure_open=False)  # warm up: imports, content
    warm = Exports(load, room.servers.address_for(0), exports_folder)
    await warm.open()  # the first analyst page reads the store; later ones find its tables cached
    await warm.tab.close()
    for _ in range(rounds):
        found.quiet.append(await load.run_level(room, phones, "random", BESIDE_SAVES, measure_open=False))
        exports = Exports(load, room.servers.address_for(0), exports_folder)
        await exports.open()
        found.page_seconds.append(exports.opened)
        began = time.time()
        level = asyncio.create_task(load.run_level(room, phones, "random", BESIDE_SAVES, measure_open=False))
        await exports.keep_busy(level)
        busy = await level
        ended = time.time()
        await exports.finish()
        first_asked, first_done = exports.busy[0]
        found.busy.append(busy)
        found.covered.append(exports.running(began, ended) / (ended - began))
        found.export_seconds.append((first_done or float("inf")) - first_asked)
        print(f"# beside export: {phones} phones, save p95 {load.p95(found.quiet[-1].saves) * 1e3:.0f} ms "
              f"without, {load.p95(busy.saves) * 1e3:.0f} ms with; CSV + XLSX + HTML made {len(exports.busy)} times, "
              f"the first in {found.export_seconds[-1]:.0f} s, running {found.covered[-1]:.0%} of the level; "
              f"analyst page {exports.opened:.1f} s", file=sys.stderr, flush=True)
    return found


def beside_live_load(quick: bool) -> list[Figure]:
    """Phones saving on one app server while an analyst on the same server has the XLSX and the HTML
    report of a big store made (from the Data screen, as a person would), against the same phones
    with no export running, in alternating levels."""
    import bench_load as load

    phones, rounds = BESIDE[quick]
    with tempfile.TemporaryDirectory(prefix="booster-export-load-") as tmp:
        data, exports_folder = Path(tmp) / "data", Path(tmp) / "exports"
        shutil.copytree(stores.store_path(BESIDE_SESSIONS), data, ignore=shutil.ignore_patterns(".complete"))
        exports_folder.mkdir()
        room = load.Room(False, 1, location=str(data))
        room.servers.env["TMPDIR"] = str(exports_folder)
        room.servers.start()
        try:
            found = asyncio.run(_beside(load, room, exports_folder, phones, rounds))
        finally:
            errors = room.servers.stop()
        if errors:
            print(f"# beside export: server log has {len(errors)} error lines; first: {errors[0]}", file=sys.stderr)
    return beside_figures(load, found, phones)


def beside_figures(load, found: Beside, phones: int) -> list[Figure]:
    def saves(levels):
        return [t for level in levels for t in level.saves]

    def cpu_per_run(levels):
        return 1e3 * sum(lv.cpu for lv in levels) / max(sum(lv.runs for lv in levels), 1)

    what = f"CSV + XLSX + HTML of {BESIDE_SESSIONS} sessions made from the analyst's screen"
    covered = min(found.covered, default=0.0)
    return [
        Figure(f"exports: live save p95, {phones} phones, {what} (ran {covered:.0%} of the time; floor: no export)",
               load.p95(saves(found.busy)) * 1e3, "ms", floor=load.p95(saves(found.quiet)) * 1e3, max_ratio=1.5),
        Figure(f"exports: server CPU per rerun, {phones} phones, {what} (floor: no export)",
               cpu_per_run(found.busy), "ms", floor=cpu_per_run(found.quiet), max_ratio=1.5),
        Figure(f"exports: live saves lost or timed out while the exports were made "
               f"(of {len(saves(found.busy))})", sum(lv.lost + lv.timeouts for lv in found.busy), "", absolute=0),
        Figure(f"exports: CSV + XLSX + HTML of {BESIDE_SESSIONS} sessions beside {phones} phones, worker time",
               max(found.export_seconds, default=float("nan")), "s"),
    ]


def _beside_live_load_if_the_client_works(quick: bool) -> list[Figure]:
    try:
        return beside_live_load(quick)
    except Exception as exc:  # noqa: BLE001 - report it as a missing figure; do not lose the others
        print(f"# export beside live load failed ({type(exc).__name__}: {exc})", file=sys.stderr)
        return []


def figures(quick: bool) -> list[Figure]:
    figs = []
    for n in [40] if quick else [40, 200, 1000]:
        with timed(f"CSV and XLSX exports, {n} sessions"):
            figs += export_figures([n])
    with timed("tables computed once, same-day workbook"):
        figs += [computed_once(), same_day_figure()]
    with timed("exports beside live load"):
        figs += _beside_live_load_if_the_client_works(quick)
    return figs


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one_export(sys.argv[2], int(sys.argv[3]))))
    elif "--beside" in sys.argv:
        from figures import table

        print(table(beside_live_load("--quick" in sys.argv)))
    else:
        from figures import table

        print(table(figures("--quick" in sys.argv)))
