"""The analyst's exports: the CSVs, XLSX and HTML made by the worker process, with progress, and a
session's bundle in the server; each prepared on a press, then downloaded as bytes."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from booster import demo
from booster.content import load_ui_strings
from booster.errors import BoosterError
from booster.files import export_jobs
from booster.privacy import audit
from booster.store import FileStore

from .conftest import open_page

UI = load_ui_strings()


def _job(at, kind):
    return at.session_state["export_jobs"][kind][1]


def _offered(at, kind) -> bytes:
    """The bytes the screen's download button holds (ui.analysis_view._finished)."""
    return at.session_state["export_jobs"][kind][3]


def test_the_workbook_is_prepared_by_the_worker_and_then_offered(data_dir):
    made = demo.generate(FileStore(data_dir), sessions=2, participants=4, seed=3)
    at = open_page("analysis_data.py", params={"role": "analyst"})
    assert not at.exception
    assert not [b for b in at.get("download_button") if b.key == "dl_xlsx"], "nothing is made before asked"
    at.button(key="prep_xlsx").click().run()
    job = _job(at, "xlsx")
    job.future.result(timeout=240)  # the worker process finished (the screen polls for this each second)
    at.run()
    assert not at.exception
    offered = [b for b in at.get("download_button") if b.key == "dl_xlsx"]
    assert offered and offered[0].proto.label == UI.t("analysis.export_ready", "en",
                                                      kind=UI.t("analysis.download_xlsx", "en"))
    assert not job.folder.exists(), "once the screen holds the file, no copy of it is left on disk"
    book = openpyxl.load_workbook(io.BytesIO(_offered(at, "xlsx")))
    sessions = [row[0] for row in book["sessions"].iter_rows(min_row=2, values_only=True)]
    assert sorted(sessions) == sorted(s.code for s in made)
    at.button(key="again_xlsx").click().run()
    assert "xlsx" not in at.session_state["export_jobs"] and not job.folder.exists()


def test_a_failed_worker_is_said_as_a_booster_error(tmp_path):
    not_a_folder = tmp_path / "store"
    not_a_folder.write_text("a file where the data folder should be")
    job = export_jobs.start("html", str(not_a_folder), ["NOPE"], False)
    with pytest.raises(BoosterError) as failed:
        job.result()
    assert "html" in str(failed.value) or "store" in str(failed.value).lower()
    job.discard()


def test_a_session_arriving_keeps_the_file_being_made_and_a_changed_filter_starts_over(data_dir):
    made = demo.generate(FileStore(data_dir), sessions=2, participants=4, seed=3)
    at = open_page("analysis_data.py", params={"role": "analyst"})
    at.button(key="prep_xlsx").click().run()
    job = _job(at, "xlsx")
    demo.generate(FileStore(data_dir), sessions=1, participants=3, seed=9)  # a workshop elsewhere saving
    at.run()
    assert not at.exception and _job(at, "xlsx") is job
    job.future.result(timeout=240)
    at.run()  # the screen takes the finished file (the run above may already have, on a fast worker)
    book = openpyxl.load_workbook(io.BytesIO(_offered(at, "xlsx")))
    sessions = [row[0] for row in book["sessions"].iter_rows(min_row=2, values_only=True)]
    assert sorted(sessions) == sorted(s.code for s in made), "the file holds what was shown when asked"
    at.toggle(key="flt_incomplete").set_value(True).run()
    assert "xlsx" not in at.session_state["export_jobs"] and not job.folder.exists()
    assert [b for b in at.get("button") if b.key == "prep_xlsx"]


def test_the_csvs_and_a_bundle_are_prepared_then_offered_as_bytes_and_audited(data_dir):
    made = demo.generate(FileStore(data_dir), sessions=2, participants=4, seed=3)
    at = open_page("analysis_data.py", params={"role": "analyst"})
    assert not [b for b in at.get("download_button") if b.key in ("dl_csv", "bundle_download")]
    at.button(key="prep_csv").click().run()
    at.button(key="prep_bundle_download").click().run()
    _job(at, "csv").future.result(timeout=240)  # made by the worker, never in the server's interpreter
    at.run()
    assert not at.exception
    offered = {"dl_csv": lambda: _offered(at, "csv"),
               "bundle_download": lambda: at.session_state["prepared_files"]["bundle_download"].data}
    for name, made_bytes in offered.items():
        button = [b for b in at.get("download_button") if b.key == name][0]
        assert button.proto.url and not button.proto.deferred_file_id, "bytes, not made on the click"
        with zipfile.ZipFile(io.BytesIO(made_bytes())) as zf:
            assert zf.testzip() is None and zf.namelist()
    with zipfile.ZipFile(io.BytesIO(_offered(at, "csv"))) as zf:
        assert "placements.csv" in zf.namelist() and "codebook.csv" in zf.namelist()
    store = FileStore(data_dir)
    exported = {s.code: [e["role"] for e in audit.entries(store, s.code) if e["action"] == "exported"] for s in made}
    bundled = at.selectbox(key="bundle_session").value
    assert exported == {code: ["analyst"] * (2 if code == bundled else 1) for code in exported}
    job = _job(at, "csv")
    at.toggle(key="flt_incomplete").set_value(True).run()  # other filters: the CSVs are made again
    assert "csv" not in at.session_state["export_jobs"] and not job.folder.exists()
    assert "bundle_download" in at.session_state["prepared_files"]
