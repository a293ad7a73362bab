"""booster.files.bundle: round trip, idempotent import, and refusals that leave the store untouched."""

from __future__ import annotations

import hashlib
import io
import json
import random
import zipfile

import pandas as pd
import pytest

from analysis_fixtures import contents, fill, session
from booster.files import bundle as bd
from booster.analysis.tables import load_tables
from booster.errors import BundleError, NotFound, ValidationError
from booster.store import FileStore, MemoryStore


@pytest.fixture
def source(tmp_path):
    return fill(FileStore(tmp_path / "source"))


@pytest.fixture
def target(tmp_path):
    store = FileStore(tmp_path / "target")
    store.write(("ZZZZZZ", "session"), session("ZZZZZZ"))
    return store


def snapshot(store: FileStore) -> dict:
    return {str(p.relative_to(store.root)): p.read_bytes() for p in sorted(store.root.rglob("*")) if p.is_file()}


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def repack(files: dict[str, bytes], manifest_from: dict | None = None, fix_manifest=True) -> bytes:
    """A zip of `files`; with fix_manifest the manifest lists them with correct checksums."""
    files = dict(files)
    if fix_manifest:
        manifest = json.loads(files[bd.MANIFEST])
        manifest["files"] = [{"path": p, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                             for p, b in files.items() if p != bd.MANIFEST]
        files[bd.MANIFEST] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in files.items():
            zf.writestr(path, data)
    return buffer.getvalue()


def comparable(tables) -> dict:
    out = {}
    for name in ("sessions", "participants", "placements", "card_notes", "worksheet_answers", "feedback"):
        df = getattr(tables, name)
        out[name] = df.sort_values(list(df.columns[:4])).reset_index(drop=True)
    return out


def test_round_trip_gives_identical_tables(source):
    dest = MemoryStore()
    for code in ("AAAAAA", "BBBBBB"):
        result = bd.import_bundle(dest, bd.export_bundle(source, code), f"{code}.zip")
        assert result == bd.ImportResult(code, True, f"session {code} imported as {code}")
    before, after = comparable(load_tables(source, contents())), comparable(load_tables(dest, contents()))
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])


def test_manifest_lists_every_file(source):
    files = unpack(bd.export_bundle(source, "AAAAAA"))
    manifest = json.loads(files.pop(bd.MANIFEST))
    assert (manifest["session_id"], manifest["uid"], manifest["content_version"]) == ("AAAAAA", "uidaaaaaa", "v1")
    assert sorted(f["path"] for f in manifest["files"]) == sorted(files)
    assert "responses/p-00000000aa/card_sort.json" in files
    assert all(hashlib.sha256(files[f["path"]]).hexdigest() == f["sha256"] for f in manifest["files"])


def test_export_unknown_session(source):
    with pytest.raises(NotFound, match="No document 'QQQQQQ/session' was found."):
        bd.export_bundle(source, "QQQQQQ")


def test_import_twice_is_idempotent(source, target):
    data = bd.export_bundle(source, "AAAAAA")
    assert bd.import_bundle(target, data, "a.zip").imported
    before = snapshot(target)
    again = bd.import_bundle(target, data, "a.zip")
    assert again == bd.ImportResult("AAAAAA", False, "session AAAAAA was already imported as AAAAAA")
    assert snapshot(target) == before


def test_code_collision_gets_a_fresh_code(source, target):
    target.write(("AAAAAA", "session"), session("AAAAAA", uid="someone-else"))
    result = bd.import_bundle(target, bd.export_bundle(source, "AAAAAA"), "a.zip")
    assert result.imported and result.code != "AAAAAA" and bd.CODE.match(result.code)
    assert result.reason.endswith("(code AAAAAA was taken by another session)")
    assert target.read((result.code, "session"))["id"] == result.code
    doc = target.read((result.code, "responses", "p-00000000aa", "card_sort"))
    assert doc["session_id"] == result.code
    assert target.read(("AAAAAA", "session"))["uid"] == "someone-else"


def _bad(source, change) -> bytes:
    files = unpack(bd.export_bundle(source, "AAAAAA"))
    return change(files)


def edited(files: dict, **changes) -> dict:
    """The bundle's files with session.json's fields changed."""
    return files | {"session.json": json.dumps(json.loads(files["session.json"]) | changes).encode()}


REFUSALS = {
    "not a zip": (lambda f: b"hello, not a zip", "it is not a readable zip file"),
    "truncated": (lambda f: repack(f)[:-200], "it is not a readable zip file"),
    "path escape": (lambda f: repack(f | {"../evil.json": b'{"schema_version": 1}'}),
                    "'../evil.json' is not a session document path"),
    "absolute path": (lambda f: repack(f | {"/etc/evil.json": b'{"schema_version": 1}'}),
                      "'/etc/evil.json' is not a session document path"),
    "not json name": (lambda f: repack(f | {"participants/x.py": b"print()"}),
                      "'participants/x.py' is not a session document path"),
    "checksum": (lambda f: repack(f | {"session.json": f["session.json"].replace(b"Pilot", b"Pilat")},
                                  fix_manifest=False),
                 "'session.json' does not match its checksum in the manifest"),
    "unlisted file": (lambda f: repack(f | {"participants/p-0000000099.json": b'{"schema_version": 1}'},
                                       fix_manifest=False), "its files do not match the manifest"),
    "no session": (lambda f: repack({k: v for k, v in f.items() if k != "session.json"}),
                   "it has no session.json."),
    "no manifest": (lambda f: repack({k: v for k, v in f.items() if k != bd.MANIFEST}, fix_manifest=False),
                    "it has no manifest.json."),
    "bad json": (lambda f: repack(f | {"participants/p-00000000aa.json": b"{oops"}),
                 "'participants/p-00000000aa.json' is not valid JSON"),
    "no schema version": (lambda f: repack(f | {"participants/p-00000000aa.json": b'{"id": 1}'}),
                          "'participants/p-00000000aa.json' is not a document with a schema_version."),
    "country list": (lambda f: repack(edited(f, country=["Indonesia", "x"])),
                     "in 'session.json', field 'country' must be text, not a list [\"Indonesia\", \"x\"]."),
    "title missing": (lambda f: repack(edited(f, title=None)),
                      "in 'session.json', field 'title' must be text, not missing."),
    "date number": (lambda f: repack(edited(f, date=20250814)),
                    "in 'session.json', field 'date' must be text, not a number 20250814."),
    "unknown mode": (lambda f: repack(edited(f, mode="solo")),
                     "in 'session.json', field 'mode' must be one of individual, group, not text \"solo\"."),
    "unknown activity": (lambda f: repack(edited(f, activities=["card_sort", "poker"])),
                         "in 'session.json', field 'activities' must be a list of card_sort, "
                         "service_challenge, user_characteristics, not a list [\"card_sort\", \"poker\"]."),
    "demo text": (lambda f: repack(edited(f, demo="yes")),
                  "in 'session.json', field 'demo' must be true or false, not text \"yes\"."),
    "zip bomb": (lambda f: repack(f | {"participants/p-0000000077.json": b'{"schema_version": 1, "x": "'
                                       + b"0" * 1_500_000 + b'"}'}),
                 "'participants/p-0000000077.json' unpacks to over 100 times its packed size."),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_refused_bundles_leave_the_store_unchanged(source, target, case):
    change, message = REFUSALS[case]
    data = _bad(source, change)
    before = snapshot(target)
    with pytest.raises(BundleError) as caught:
        bd.import_bundle(target, data, "evil.zip")
    assert str(caught.value).startswith("Bundle evil.zip was refused: ")
    assert message in str(caught.value)
    assert snapshot(target) == before


def test_symlink_refused(source, target):
    files = unpack(bd.export_bundle(source, "AAAAAA"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path, data in files.items():
            zf.writestr(path, data)
        link = zipfile.ZipInfo("participants/p-0000000066.json")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
    before = snapshot(target)
    with pytest.raises(BundleError, match="'participants/p-0000000066.json' is a symbolic link"):
        bd.import_bundle(target, buffer.getvalue(), "link.zip")
    assert snapshot(target) == before


def test_size_and_count_limits(source, target, monkeypatch):
    data = bd.export_bundle(source, "AAAAAA")
    monkeypatch.setattr(bd, "MAX_FILES", 3)
    with pytest.raises(BundleError, match="it holds 15 files; the limit is 3."):
        bd.import_bundle(target, data, "many.zip")
    monkeypatch.setattr(bd, "MAX_FILES", 5000)
    monkeypatch.setattr(bd, "MAX_FILE_BYTES", 100)
    with pytest.raises(BundleError, match=r"is \d+ bytes; the limit is 100."):
        bd.import_bundle(target, data, "big.zip")
    monkeypatch.setattr(bd, "MAX_BUNDLE_BYTES", 1000)
    with pytest.raises(BundleError, match=r"it is \d+ bytes; the limit is 1000."):
        bd.import_bundle(target, data, "huge.zip")


def test_document_too_large_once_stored_is_refused_before_any_write(source, target):
    digits = random.Random(7).choices(range(10), k=450_000)  # random, so the zip does not look like a bomb
    big = json.dumps({"schema_version": 1, "id": "p-0000000077", "notes": digits}, separators=(",", ":")).encode()
    from booster.store import MAX_DOCUMENT_BYTES, encode

    assert len(big) < min(bd.MAX_FILE_BYTES, MAX_DOCUMENT_BYTES)  # fits the bundle's per-file limit ...
    with pytest.raises(ValidationError):
        encode(("k",), json.loads(big))  # ... but not the store's limit once indented
    data = repack(unpack(bd.export_bundle(source, "AAAAAA")) | {"participants/p-0000000077.json": big})
    before = snapshot(target)
    with pytest.raises(BundleError, match=r"'participants/p-0000000077.json' would be over the store's limit "
                                          rf"of {MAX_DOCUMENT_BYTES} bytes once saved; nothing was imported."):
        bd.import_bundle(target, data, "big.zip")
    assert snapshot(target) == before


def test_command_line_bundle_and_import(source, tmp_path, capsys):
    from booster.cli import main

    out = tmp_path / "a.zip"
    assert main(["bundle", "AAAAAA", "--data-dir", str(source.root), "--out", str(out)]) == 0
    dest = tmp_path / "dest"
    assert main(["import", str(out), "--data-dir", str(dest)]) == 0
    assert main(["import", str(out), "--data-dir", str(dest)]) == 0
    printed = capsys.readouterr().out
    assert "a.zip: session AAAAAA imported as AAAAAA." in printed
    assert "a.zip: session AAAAAA was already imported as AAAAAA." in printed
    assert main(["import", str(tmp_path / "missing.zip"), "--data-dir", str(dest)]) == 2
    assert "error: Bundle missing.zip was refused: the file cannot be read" in capsys.readouterr().err


def test_round_trip_of_demo_sessions(tmp_path):
    from analysis_fixtures import FakeContent
    from booster import demo

    source = FileStore(tmp_path / "demo")
    demo.generate(source, sessions=3, participants=5, seed=4, spec=demo.Spec.from_content(FakeContent()))
    dest = FileStore(tmp_path / "copy")
    for code in source.children(()):
        assert bd.import_bundle(dest, bd.export_bundle(source, code), f"{code}.zip").imported
    before, after = comparable(load_tables(source, contents())), comparable(load_tables(dest, contents()))
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])
    logs = [sorted(snapshot(store).pop(".changes").splitlines()) for store in (source, dest)]
    assert logs[0] == logs[1], "the change logs name the same writes (in another order)"
    assert {**snapshot(source), ".changes": b""} == {**snapshot(dest), ".changes": b""}  # byte for byte


def test_a_zip_naming_the_same_file_twice_is_refused(source, target):
    import warnings

    files = unpack(bd.export_bundle(source, "AAAAAA"))
    buffer = io.BytesIO(repack(files))
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "a") as zf:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to write
        zf.writestr("session.json", edited(files, title="A second session.json")["session.json"])
    before = snapshot(target)
    with pytest.raises(BundleError, match="it names the same file twice"):
        bd.import_bundle(target, buffer.getvalue(), "twice.zip")
    assert snapshot(target) == before
