"""Analyst exports made in a separate worker process, reporting progress, so building a large
workbook never holds the app server's interpreter while participants are saving.

`start(kind, location, sessions, include_incomplete, cards, tools)` hands the work to one worker process (spawned
once, reused) and returns a `Job` at once; the screen polls `job.progress()` and, when `job.done()`,
takes `job.result()`. The worker opens the store itself and reads the same sessions the screen
shows, so no large tables cross between processes; only the finished file comes back (through a
temporary folder that `Job.discard()` removes).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..errors import BoosterError, ExportFailed

# Steps each kind reports, for the progress bar: the tables, then each file or sheet.
STEPS = {"csv": 14, "xlsx": 14, "html": 2}
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:  # spawned, not forked: the server process has threads and open sockets
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_yield_to_the_server)
        return _pool


WORKER_NICENESS = 10  # below the app server: on a 2-core laptop the room's saves come first


def _yield_to_the_server() -> None:
    """In the worker, at its start: run at a lower CPU priority than the server that spawned it, so
    an export takes only the time the live room leaves (it still gets a whole idle core)."""
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)


# A result nobody took (its tab closed before it was done, a stopped server) is removed, once over an
# hour old, by the next export started on any server sharing the temporary folder;
# one the screen took, or that failed, is removed at once (ui.analysis_view). A job at work touches its
# folder at each step.
KEEP_SECONDS = 3600


def _sweep_old_results() -> None:
    """Remove exports left behind: they hold participants' words, which retention and withdrawal
    must be able to reach."""
    for folder in Path(tempfile.gettempdir()).glob("booster-export-*"):
        with contextlib.suppress(OSError):
            if time.time() - folder.stat().st_mtime > KEEP_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)


@dataclasses.dataclass
class Job:
    kind: str
    folder: Path
    future: Future
    # The file holds at least what was saved by then (the worker reads the store after this).
    asked_at: dt.datetime = dataclasses.field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))

    def progress(self) -> tuple[float, str]:
        """(share done 0..1, the step being worked on: "tables", a file or sheet name, or "")."""
        try:
            done, step = (self.folder / "progress").read_text(encoding="utf-8").split(" ", 1)
        except (FileNotFoundError, ValueError):
            return 0.0, ""
        return min(int(done) / STEPS[self.kind], 1.0), step

    def done(self) -> bool:
        return self.future.done()

    def result(self) -> bytes:
        """The finished file; raises the worker's BoosterError (or wraps another failure) if it failed."""
        self.check()
        try:
            return Path(self.future.result()).read_bytes()
        except OSError as exc:  # swept as left behind (over an hour old), or made nothing (discarded)
            raise ExportFailed(self.kind, f"the finished file is gone: {exc}") from exc

    def check(self) -> None:
        """Raise as result() would if the worker failed, without reading the file (a screen polls this)."""
        try:
            self.future.result()
        except BoosterError:
            raise
        except Exception as exc:  # a crashed worker or a bug: said as an export failure, never raw
            raise ExportFailed(self.kind, f"{type(exc).__name__}: {exc}") from exc

    def discard(self) -> None:
        self.future.cancel()  # one not yet begun never runs (one being made runs to its end)
        shutil.rmtree(self.folder, ignore_errors=True)


def start(kind: str, location: str, sessions: list[str], include_incomplete: bool, cards: str = "all",
          tools: tuple = ()) -> Job:
    """`cards` and `tools`: the screen's row filters (booster.analysis.card_kinds.narrow), so the file
    holds what the screen shows."""
    if kind not in STEPS:
        raise ValueError(f"unknown export kind {kind!r}; expected one of {', '.join(STEPS)}")
    _sweep_old_results()  # files of tabs closed before theirs was done, or of a server that stopped
    asked_at = dt.datetime.now(dt.timezone.utc)  # before the worker can begin reading
    folder = Path(tempfile.mkdtemp(prefix="booster-export-"))
    args = (_make, kind, location, list(sessions), include_incomplete, str(folder), cards, tuple(tools))
    try:
        future = _executor().submit(*args)
    except BrokenProcessPool:  # the worker died (out of memory on a big workbook): start a new one
        _forget_pool()
        future = _executor().submit(*args)
    return Job(kind, folder, future, asked_at)


def _forget_pool() -> None:
    global _pool
    with _pool_lock:
        _pool = None


def _make(kind: str, location: str, sessions: list[str], include_incomplete: bool, folder: str,
          cards: str = "all", tools: tuple = ()) -> str:
    """In the worker process: load the sessions, build the file, write it to folder/result.

    A job discarded while it waited in the pool's queue (the pool hands the worker a second job at
    once, so `Future.cancel` cannot stop it) finds its folder gone and makes nothing."""
    if not os.path.isdir(folder):
        return ""
    from ..content import cached_content
    from . import export

    steps = iter(range(1, 1000))
    progress_file = os.path.join(folder, "progress")

    def progress(step: str) -> None:
        with open(progress_file + ".tmp", "w", encoding="utf-8") as f:
            f.write(f"{next(steps)} {step}")
        os.replace(progress_file + ".tmp", progress_file)

    tables = _tables(location, sessions, include_incomplete, cards, tools)
    making = os.path.join(folder, "result.part")  # `result` appears whole (a poll watches the folder)
    try:
        export.write(kind, tables, cached_content, making, progress)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # a half-made file holds participants' words too
        raise
    result = os.path.join(folder, "result")
    os.replace(making, result)
    return result


_opened: dict[str, tuple] = {}  # in the worker: the store's location -> (the store, its last load), kept between jobs


def _tables(location: str, sessions: list[str], include_incomplete: bool, cards: str, tools: tuple):
    """In the worker: the tables a job exports. The store stays open with its last load between jobs, and each
    step gives back the same object for the same data and filters, so the CSVs, the XLSX and the report of one
    selection load the store and compute the exported tables once (export.analysis_frames remembers them by
    identity). A kept store whose load fails (a database restarted meanwhile) is opened again once."""
    from ..analysis import card_kinds
    from ..analysis.tables import TableCache, filter_tables, load_tables
    from ..content import available_versions, cached_content, default_version
    from ..store import open_store

    kept = location in _opened
    if not kept:
        _close_stores()
        _opened[location] = (open_store(location), TableCache())
    store, cache = _opened[location]
    try:
        tables = load_tables(store, cached_content, cache)
    except Exception:
        _close_stores()
        if not kept:
            raise
        return _tables(location, sessions, include_incomplete, cards, tools)
    tables = filter_tables(tables, sessions=sessions, include_incomplete=include_incomplete)
    tables = card_kinds.with_feedback_tools(tables, cached_content(default_version()))
    return card_kinds.narrow(tables, [cached_content(v) for v in available_versions()], cards, tools)


def _close_stores() -> None:
    for store, _ in _opened.values():
        with contextlib.suppress(Exception):
            store.close()
    _opened.clear()
