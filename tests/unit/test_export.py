"""booster.files.export: CSVs with a complete codebook, spreadsheet safety, XLSX and the HTML report."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from analysis_fixtures import PC, FakeContent, contents, feedback, fill
from booster.files import export as ex
from booster.analysis.tables import filter_tables, load_tables
from booster.store import MemoryStore


@pytest.fixture
def tables():
    store = fill(MemoryStore())
    store.write(("AAAAAA", "feedback", PC, "user_characteristics"),
                feedback("AAAAAA", PC, "user_characteristics", {"ease": 1, "confusing": "<script>alert(1)</script>"}))
    return filter_tables(load_tables(store, contents()))


def test_csvs_and_complete_codebook(tables, tmp_path):
    paths = ex.export_csvs(tables, contents(), tmp_path)
    names = {p.name for p in paths}
    assert {"placements.csv", "card_agreement.csv", "similarity.csv", "feedback.csv", "worksheet_answers.csv",
            "backlog.csv", "codebook.csv", "codebook.md"} <= names
    book = pd.read_csv(tmp_path / "codebook.csv", keep_default_na=False)
    described = {(r.file, r.column) for r in book.itertuples() if r.description.strip()}
    for path in paths:
        if path.suffix == ".csv":
            columns = pd.read_csv(path, nrows=0).columns
            missing = [c for c in columns if (path.name, c) not in described]
            assert not missing, f"{path.name}: {missing} not in the codebook"
    md = (tmp_path / "codebook.md").read_text()
    assert "## placements.csv" in md and "| `card_label` |" in md


def test_csv_contents(tables, tmp_path):
    ex.export_csvs(tables, contents(), tmp_path)
    pl = pd.read_csv(tmp_path / "placements.csv")
    assert {"session_id", "participant_id", "card_id", "step_id", "country", "language", "content_version",
            "card_label"} <= set(pl.columns) and len(pl) == 12
    sim = pd.read_csv(tmp_path / "similarity.csv").set_index(["card_a", "card_b"])
    assert sim.loc[("c3", "c4")].tolist() == [3, 2, pytest.approx(2 / 3)]
    agreement = pd.read_csv(tmp_path / "card_agreement.csv").set_index("card_id")
    assert agreement.loc["c4", ["k", "n", "unsure"]].tolist() == [1, 3, 1]
    assert pd.read_csv(tmp_path / "backlog.csv")["item_id"].iloc[0] == "c4"


def test_formula_cells_are_quoted_in_csv(tables, tmp_path):
    ex.export_csvs(tables, contents(), tmp_path)
    notes = pd.read_csv(tmp_path / "card_notes.csv")
    assert "'=cmd|' /C calc'!A0" in notes["text"].tolist()
    texts = pd.read_csv(tmp_path / "feedback.csv")["text"].dropna().tolist()
    assert "'@SUM(A1) more examples" in texts
    assert "Re-frame versus Design was unclear" in texts  # a dash inside is harmless


def test_spreadsheet_safe_every_prefix():
    df = pd.DataFrame({"t": ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "ok", None], "n": [-1, 2, 3, 4, 5, 6, 7, 8]})
    safe = ex.spreadsheet_safe(df)
    assert safe["t"].tolist()[:7] == ["'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "ok"]
    assert safe["n"].tolist()[0] == -1 and df["t"][0] == "=1+1"


def test_xlsx_has_no_formulas(tables):
    book = openpyxl.load_workbook(io.BytesIO(ex.to_xlsx(tables, contents())))
    assert {"placements", "backlog", "codebook", "card_agreement"} <= set(book.sheetnames)
    cells = [c for row in book["card_notes"].iter_rows() for c in row]
    assert any(c.value == "'=cmd|' /C calc'!A0" and c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for ws in book for row in ws.iter_rows() for c in row)


FORMULA_STARTS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("control", ["", "\x01", "\x00\x1f", "\x0b\x08"])
def test_xlsx_has_no_formulas_after_control_characters(tables, control):
    texts = [control + start for start in FORMULA_STARTS]
    notes = pd.DataFrame({"session_id": "AAAAAA", "participant_id": PC, "card_id": "c1",
                          "note_type": "comment", "text": texts})
    book = openpyxl.load_workbook(io.BytesIO(ex.to_xlsx(tables.replace(card_notes=notes), contents())))
    formulas = [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == [], f"live formulas in {formulas}"
    written = [c.value for row in book["card_notes"].iter_rows(min_row=2) for c in row if c.column == 5]
    assert len(written) == len(FORMULA_STARTS) and all(v.startswith("'") for v in written), written


def test_html_report_is_self_contained_and_escaped(tables):
    report = ex.html_report(tables, contents(), title="Pilot <Jakarta>")
    assert report.startswith("<!DOCTYPE html>") and "<title>Pilot &lt;Jakarta&gt;</title>" in report
    assert "<script>alert(1)</script>" not in report and "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert report.count("plotly.js v") == 1  # the library is embedded once
    assert not re.search(r"<script[^>]+src=", report)  # nothing fetched from the network


def test_export_of_an_empty_store(tmp_path):
    empty = load_tables(MemoryStore(), contents())
    paths = ex.export_csvs(empty, contents(), tmp_path)
    assert pd.read_csv(tmp_path / "placements.csv").empty and len(paths) >= 10
    assert "0 sessions" in ex.html_report(empty, contents())
    assert ex.to_xlsx(empty, {"v1": FakeContent()})[:2] == b"PK"


def test_charts_return_figures(tables):
    from booster.analysis import charts, feedback_stats as fb, sort_stats as cs

    pl = tables.placements
    ids = ["c1", "c2", "c3", "c4"]
    _, shares = cs.placement_matrix(pl, ids, ["scope", "engage", "understand", "unsure"])
    heat = charts.placement_heatmap(shares, {"c1": "scope", "c3": "understand"}, {"c1": "Card one"})
    assert heat.data[0].y[0] == "Card one" and list(heat.data[1].x) == ["scope", "understand"]
    bar = charts.agreement_bar(cs.intended_agreement(pl))
    c4 = cs.intended_agreement(pl).set_index("card_id").loc["c4"]
    assert bar.data[0].y[0] == "c4" and bar.data[0].error_x.array[0] == pytest.approx(c4["hi"] - c4["share"])
    sim = cs.similarity_matrix(pl, ids)
    tree, order, _ = cs.cluster(sim)
    assert list(charts.similarity_heatmap(sim, order).data[0].x) == order
    assert len(charts.dendrogram(tree, ids).data) == 3  # one line per merge
    assert len(charts.dendrogram(tree[:0], ids[:1]).data) == 0
    assert len(charts.feedback_distribution(fb.distribution(tables.feedback)).data) == 5
    assert {t.name for t in charts.feedback_means(fb.score_summary(tables.feedback)).data} == {
        "card_sort", "service_challenge", "user_characteristics"}


def test_command_line_export(tmp_path, capsys):
    from booster.cli import main
    from booster.store import FileStore

    fill(FileStore(tmp_path / "data"))
    out = tmp_path / "out"
    assert main(["export", "--data-dir", str(tmp_path / "data"), "--out", str(out), "--xlsx", "--html"],
                contents=lambda version: FakeContent()) == 0
    assert {"placements.csv", "codebook.md", "booster_analysis.xlsx", "report.html"} <= {p.name for p in out.iterdir()}
    assert len(pd.read_csv(out / "placements.csv")) == 12  # the unfinished group sort is left out
    assert "Wrote 16 files to" in capsys.readouterr().out


def test_saved_group_merges_reach_every_export(tmp_path):
    from booster.analysis import sort_stats as cs
    from booster.analysis.tables import TableCache
    from booster.cli import main
    from booster.store import FileStore

    store = fill(FileStore(tmp_path / "data"))
    cache = TableCache()
    load_tables(store, contents(), cache)  # the screen read the store before the merge was saved
    cs.save_merges(store, {"research": "User research"})
    ex.export_csvs(filter_tables(load_tables(store, contents(), cache)), contents(), tmp_path / "screen")
    assert main(["export", "--data-dir", str(tmp_path / "data"), "--out", str(tmp_path / "cli")],
                contents=lambda version: FakeContent()) == 0
    for out in ("screen", "cli"):
        piles = pd.read_csv(tmp_path / out / "category_agreement.csv")["step_id"].tolist()
        assert "custom:user-research" in piles and "custom:research" not in piles, (out, piles)
        placed = pd.read_csv(tmp_path / out / "placements.csv").dropna(subset=["custom_label"])
        assert set(zip(placed["custom_label"], placed["custom_label_raw"])) == {("User research", "Research")}
