"""Same-day export of one session (booster.session_export): only that session, formula-safe."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from booster.files import session_export
from booster import workshop as ws
from booster.content import load_content
from booster.errors import NotFound
from booster.store import FileStore


def _session(store, title: str) -> str:
    code = ws.create_session(store, title=title, country="Indonesia", agency="", date="2025-08-14",
                             language="id", content_version="v1", activities=list(ws.ACTIVITIES),
                             mode="individual", sort_mode="closed", pin="2468").code
    ws.set_activity_status(store, code, "card_sort", "open")
    return code


@pytest.fixture
def store(tmp_path):
    return FileStore(tmp_path)


def test_the_workbook_holds_this_session_only_with_formulas_neutralised(store):
    ours, other = _session(store, "Ours"), _session(store, "Other")
    deck = load_content("v1").card_ids()
    for code, name in ((ours, "=HYPERLINK(\"http://x\")"), (other, "Someone else")):
        person, _ = ws.join(store, code, name="Ayu")
        ws.save_sort(store, code, person.id, {"persona": "understand"}, deck, by=person.id)
        ws.set_card_note(store, code, person.id, "persona", comment=name)
    book = pd.read_excel(io.BytesIO(session_export.workbook(store, ours, load_content)), sheet_name=None)
    assert set(book["sessions"]["session_id"]) == {ours}
    notes = book["card_notes"]
    assert list(notes["text"]) == ["'=HYPERLINK(\"http://x\")"]
    assert "codebook" in book


def test_the_csv_zip_has_every_table_and_the_codebook(store):
    code = _session(store, "Ours")
    names = zipfile.ZipFile(io.BytesIO(session_export.csv_zip(store, code, load_content))).namelist()
    assert {"sessions.csv", "placements.csv", "codebook.csv", "codebook.md"} <= set(names)


def test_an_unknown_session_is_refused(store):
    with pytest.raises(NotFound):
        session_export.workbook(store, "ABCDEF", load_content)
