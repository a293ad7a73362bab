"""The worker's export holds what the analyst's screen shows: its session list and its card and tool filters."""

from __future__ import annotations

import io
import os
from concurrent.futures import Future
from pathlib import Path

import openpyxl
import pytest

from booster import demo
from booster.errors import ExportFailed
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
    narrowed = [export_jobs._tables(str(tmp_path / "data"), codes, False, "tool", ("structure",)) for _ in range(2)]
    assert narrowed[0] is narrowed[1] and narrowed[0] is not made[0], "narrowed rows: one object too"
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
def test_each_file_s_progress_bar_reaches_its_end_at_its_last_step(tmp_path, monkeypatch, kind, last_step):
    monkeypatch.setattr(export_jobs, "_opened", {})
    codes = [s.code for s in demo.generate(FileStore(tmp_path / "data"), sessions=1, participants=3, seed=3)]
    job = export_jobs.Job(kind, tmp_path / "job", Future())
    job.folder.mkdir()
    export_jobs._make(kind, str(tmp_path / "data"), codes, False, str(job.folder))
    steps, step = (job.folder / "progress").read_text(encoding="utf-8").split(" ", 1)
    assert int(steps) == export_jobs.STEPS[kind] and step.startswith(last_step)


def test_a_failed_export_leaves_no_half_made_file(tmp_path, monkeypatch):
    monkeypatch.setattr(export_jobs, "_opened", {})
    codes = [s.code for s in demo.generate(FileStore(tmp_path / "data"), sessions=1, participants=3, seed=3)]
    from booster.files import export

    def half_made(kind, tables, contents, target, progress):
        Path(target).write_text("words of participants, cut short")
        raise MemoryError

    monkeypatch.setattr(export, "write", half_made)
    folder = tmp_path / "job"
    folder.mkdir()
    with pytest.raises(MemoryError):
        export_jobs._make("xlsx", str(tmp_path / "data"), codes, False, str(folder))
    assert not folder.exists()


def test_a_finished_file_that_is_gone_is_said_as_an_export_failure(tmp_path):
    done = Future()
    done.set_result(str(tmp_path / "swept" / "result"))
    with pytest.raises(ExportFailed):
        export_jobs.Job("csv", tmp_path / "swept", done).result()
