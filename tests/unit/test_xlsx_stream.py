"""The streaming workbook writer: what openpyxl reads back is what was written."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd

from booster.files import export
from booster.files.xlsx_stream import column_letter, write_workbook


def read_back(data: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_values_of_every_kind_come_back_as_written():
    df = pd.DataFrame({"text": ["a <b> & c", None, "line\nbreak"], "n": [1, 2, 3], "x": [0.25, np.nan, 1e-9],
                       "flag": [True, False, True], "maybe": pd.array([4, None, 6], dtype="Int64")})
    buffer = io.BytesIO()
    write_workbook(buffer, {"first": df, "empty": df.iloc[0:0]})
    sheets = read_back(buffer.getvalue())
    assert list(sheets) == ["first", "empty"]
    assert sheets["first"] == [["text", "n", "x", "flag", "maybe"], ["a <b> & c", 1, 0.25, True, 4],
                               [None, 2, None, False, None], ["line\nbreak", 3, 1e-9, True, 6]]
    assert sheets["empty"] == [["text", "n", "x", "flag", "maybe"]]


def test_sheet_names_are_made_valid_and_unique():
    buffer = io.BytesIO()
    frame = pd.DataFrame({"a": [1]})
    write_workbook(buffer, {"a/b": frame, "A_B": frame, "x" * 40: frame})
    assert list(read_back(buffer.getvalue())) == ["a_b", "A_B_2", "x" * 31]


def test_text_rule_applies_to_every_text_cell_and_formulas_stay_text():
    df = pd.DataFrame({"v": ["=1+1", "\x01=HYPERLINK(\"x\")", "plain"]})
    buffer = io.BytesIO()
    write_workbook(buffer, {"s": df}, text=export.xlsx_text)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    cells = [c.value for c in book["s"]["A"]][1:]
    assert cells == ["'=1+1", "'=HYPERLINK(\"x\")", "plain"]
    assert all(c.data_type == "s" for c in book["s"]["A"])


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_rows_written_block_by_block_keep_their_order_and_numbers(monkeypatch):
    from booster.files import xlsx_stream

    monkeypatch.setattr(xlsx_stream, "BLOCK", 2)
    df = pd.DataFrame({"i": range(5), "s": [f"row {i}" for i in range(5)]})
    buffer = io.BytesIO()
    write_workbook(buffer, {"s": df})
    assert read_back(buffer.getvalue())["s"] == [["i", "s"], *([i, f"row {i}"] for i in range(5))]


def test_text_xml_cannot_hold_is_dropped_before_the_workbook_is_written(tmp_path):
    from booster.files.export import xlsx_text

    assert xlsx_text("a\ud800b\ufffec\x0bd") == "abcd"  # a lone surrogate from JSON, non-characters, a control
    write_workbook(tmp_path / "t.xlsx", {"s": pd.DataFrame({"t": pd.Series(["x\udfffy"], dtype=object)})}, text=xlsx_text)
    assert openpyxl.load_workbook(tmp_path / "t.xlsx")["s"]["A2"].value == "xy"
