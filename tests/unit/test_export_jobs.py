"""The worker's export holds what the analyst's screen shows: its session list and its card and tool filters."""

from __future__ import annotations

import io
import os
from concurrent.futures import Future
from pathlib import Path

import openpyxl
import pytest

from booster import demo
from booster.files import export_jobs
from booster import store as store_module
from booster.store import FileStore


def _sheet(folder, name: str, **narrowing) -> list[dict]:
    result = export_jobs._make("xlsx", str(folder / "data"), CODES, False, str(folder), **narrowing)
    book = openpyxl.load_workbook(io.BytesIO(Path(result).read_bytes()))
    rows = book[name].iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, row)) for row in rows]


CODES: list[str] = []


def test_the_workbook_follows_the_card_and_tool_filters(tmp_path):
    CODES[:] = [s.code for s in demo.generate(FileStore(tmp_path / "data"), sessions=2, participants=4, seed=3)]
    every = _sheet(tmp_path, "placements")
    assert every  # new sessions deal the Booster's tools only
    assert _sheet(tmp_path, "placements", cards="other") == []
    assert len(_sheet(tmp_path, "placements", cards="tool")) == len(every)
    feedback = _sheet(tmp_path, "feedback", tools=("structure",))
    assert feedback and {r["activity"] for r in feedback} == {"card_sort"}
    assert len(_sheet(tmp_path, "feedback")) > len(feedback)


def test_the_worker_runs_below_the_server_s_cpu_priority():
    server = os.nice(0)
    worker = export_jobs._executor().submit(os.nice, 0).result(timeout=240)
    assert worker == min(server + export_jobs.WORKER_NICENESS, 19)


def test_a_discarded_job_that_has_not_begun_never_runs(tmp_path):
    waiting = Future()
    job = export_jobs.Job("xlsx", tmp_path / "job", waiting)
    job.folder.mkdir()
    job.discard()
    assert waiting.cancelled() and not job.folder.exists()


def test_a_job_discarded_while_queued_in_the_worker_makes_nothing(tmp_path):
    """The pool passes a second job to the worker at once, where cancel() cannot reach it: its folder,
    removed by discard(), tells it to make nothing (not load the whole store and then fail)."""
    store_location = tmp_path / "data"
    assert export_jobs._make("xlsx", str(store_location), ["AAAAAA"], False, str(tmp_path / "discarded")) == ""
    assert not store_location.exists(), "the store was not even opened"


def test_the_files_of_one_selection_share_one_load_and_one_computation_of_the_tables(tmp_path, monkeypatch):
    codes = [s.code for s in demo.generate(FileStore(tmp_path / "data"), sessions=2, participants=4, seed=3)]
    loads = []
    monkeypatch.setattr(export_jobs, "_opened", {})
    opened = store_module.open_store  # imported inside _tables: patched where it comes from
    monkeypatch.setattr(store_module, "open_store", lambda location: loads.append(location) or opened(location))
    made = [export_jobs._tables(str(tmp_path / "data"), codes, False, "all", ()) for _ in range(3)]
    assert made[0] is made[1] is made[2], "the CSVs, XLSX and report are made of one object"
    assert loads == [str(tmp_path / "data")], "the store is opened once for the three"
    other = export_jobs._tables(str(tmp_path / "data"), codes[:1], False, "all", ())
    assert other is not made[0] and set(other.sessions["session_id"]) == {codes[0]}
    demo.generate(FileStore(tmp_path / "data"), sessions=1, participants=3, seed=9)  # saved since: seen
    assert export_jobs._tables(str(tmp_path / "data"), codes, False, "all", ()) is not made[0]


def test_a_kept_store_that_fails_is_opened_again(tmp_path, monkeypatch):
    codes = [s.code for s in demo.generate(FileStore(tmp_path / "data"), sessions=1, participants=3, seed=3)]
    monkeypatch.setattr(export_jobs, "_opened", {})
    location = str(tmp_path / "data")
    export_jobs._tables(location, codes, False, "all", ())
    broken, cache = export_jobs._opened[location]
    monkeypatch.setattr(broken, "read_tree", lambda *a, **k: (_ for _ in ()).throw(OSError("gone")), raising=False)
    export_jobs._opened[location] = (broken, type(cache)())  # a kept store that now fails to load
    again = export_jobs._tables(location, codes, False, "all", ())
    assert list(again.sessions["session_id"]) == codes and export_jobs._opened[location][0] is not broken


@pytest.mark.parametrize("kind, last_step", [("csv", "codebook.csv"), ("xlsx", "codebook"), ("html", "charts")])
def test_each_file_s_progress_bar_reaches_its_end_at_its_last_step(tmp_path, kind, last_step):
    codes = [s.code for s in demo.generate(FileStore(tmp_path / "data"), sessions=1, participants=3, seed=3)]
    job = export_jobs.Job(kind, tmp_path / "job", Future())
    job.folder.mkdir()
    export_jobs._make(kind, str(tmp_path / "data"), codes, False, str(job.folder))
    share, step = job.progress()
    assert share == 1.0 and step.startswith(last_step)
