"""The facilitator's session exports: prepared on a press, then offered as bytes (never made on the
download click, which a busy server could delete before the browser fetched it)."""

import io
import zipfile

import openpyxl

from booster import workshop
from booster.content import load_ui_strings
from booster.privacy import audit

from .conftest import open_page

UI = load_ui_strings()


def _board(session):
    return open_page("run_session.py", params={"role": "facilitator", "s": session.code},
                     state={"facilitator_unlocked": {session.code}, "facilitator_code": session.code})


def _offered(at, key: str):
    found = [b for b in at.get("download_button") if b.key == key]
    return found[0] if found else None


def _given_bytes(at, button) -> bytes:
    """The bytes the button was given at render time: a file mapped to this session's screen, at a URL
    (a button made on the click has a deferred id instead)."""
    assert button.proto.url and not button.proto.deferred_file_id
    return at.session_state["prepared_files"][button.key].data


def test_the_workbook_is_prepared_then_downloaded_as_bytes_and_audited_once(data_dir, store, session):
    workshop.join(store, session.code, name="Ayu")
    at = _board(session)
    assert not at.exception
    assert _offered(at, "download_session_xlsx") is None, "nothing is made before asked"
    assert not [e for e in audit.entries(store, session.code) if e["action"] == "exported"]
    at.button(key="prep_download_session_xlsx").click().run()
    assert not at.exception
    button = _offered(at, "download_session_xlsx")
    book = openpyxl.load_workbook(io.BytesIO(_given_bytes(at, button)))
    codes = [row[0] for row in book["sessions"].iter_rows(min_row=2, values_only=True)]
    assert codes == [session.code]
    made_at = UI.t("prepared.made_at", "en", time="\0").split("\0")[0]  # the words before the time
    assert any(c.value.startswith(made_at) for c in at.caption)
    at.run()  # the board's own refresh: the same file is still offered, no second record
    assert _offered(at, "download_session_xlsx") is not None
    exported = [e for e in audit.entries(store, session.code) if e["action"] == "exported"]
    assert [e["role"] for e in exported] == ["facilitator"]


def test_the_csvs_and_the_bundle_are_prepared_as_zips_and_made_again_on_request(data_dir, store, session):
    at = _board(session)
    for key in ("download_session_csvs", "download_bundle"):
        at.button(key=f"prep_{key}").click().run()
        assert not at.exception
        with zipfile.ZipFile(io.BytesIO(_given_bytes(at, _offered(at, key)))) as zf:
            assert zf.testzip() is None and zf.namelist()
    at.button(key="again_download_bundle").click().run()
    assert _offered(at, "download_bundle") is not None
    exported = [e for e in audit.entries(store, session.code) if e["action"] == "exported"]
    assert len(exported) == 3, "each file made is recorded: csvs, bundle, the bundle again"


def test_the_print_kit_is_offered_as_bytes_in_one_click(data_dir, session):
    at = _board(session)
    button = _offered(at, "download_print_kit")
    assert button is not None and button.proto.url and not button.proto.deferred_file_id
