"""FileStore and MemoryStore keep the same promises; the file store also survives crashes."""

from __future__ import annotations

import json
import multiprocessing
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from booster.errors import CorruptRecord, NotFound, ValidationError
from booster.store import MAX_DOCUMENT_BYTES, FileStore, MemoryStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["file", "memory"])
def store(request, tmp_path):
    return FileStore(tmp_path / "data") if request.param == "file" else MemoryStore()


def test_write_then_read_returns_an_equal_copy(store):
    doc = {"name": "Ayu", "nested": {"list": [1, 2]}, "text": "pengguna layanan ✓"}
    store.write(("ABCDEF", "session"), doc)
    got = store.read(("ABCDEF", "session"))
    assert got == doc
    got["nested"]["list"].append(3)
    assert store.read(("ABCDEF", "session"))["nested"]["list"] == [1, 2]


def test_reading_a_missing_document_is_not_found(store):
    with pytest.raises(NotFound, match=r"No document 'ABCDEF/session' was found\."):
        store.read(("ABCDEF", "session"))


def test_update_creates_then_modifies(store):
    seen = []

    def bump(doc):
        seen.append(doc)
        doc = doc or {"n": 0}
        return {**doc, "n": doc["n"] + 1}

    assert store.update(("K", "counter"), bump) == {"n": 1}
    assert store.update(("K", "counter"), bump) == {"n": 2}
    assert seen == [None, {"n": 1}]
    assert store.read(("K", "counter")) == {"n": 2}


def test_an_update_that_raises_writes_nothing(store):
    store.write(("K", "doc"), {"v": 1})

    def fail(doc):
        doc["v"] = 2
        raise ValidationError("v", "refused")

    with pytest.raises(ValidationError):
        store.update(("K", "doc"), fail)
    assert store.read(("K", "doc")) == {"v": 1}


def test_exists_children_and_documents(store):
    store.write(("S1", "session"), {})
    store.write(("S1", "participants", "p-1"), {})
    store.write(("S1", "participants", "p-2"), {})
    store.write(("S2", "session"), {})
    assert store.exists(("S1", "session")) and not store.exists(("S3", "session"))
    assert store.children(()) == ["S1", "S2"]
    assert store.children(("S1",)) == ["participants"]
    assert store.documents(("S1",)) == ["session"]
    assert store.documents(("S1", "participants")) == ["p-1", "p-2"]
    assert store.children(("nowhere",)) == [] and store.documents(("nowhere",)) == []


@pytest.mark.parametrize("key", [(), ("",), ("..",), ("a", ".."), ("a/b",), ("/etc",), ("a", "/"),
                                 ("-x",), ("a b",), ("x" * 65,), (1,)])
def test_bad_keys_are_refused(store, key):
    for action in (lambda: store.read(key), lambda: store.write(key, {}), lambda: store.exists(key),
                   lambda: store.update(key, lambda d: {})):
        with pytest.raises(ValidationError, match="is not a valid store key"):
            action()


def test_an_oversized_document_is_refused(store):
    with pytest.raises(ValidationError, match=f"the limit is {MAX_DOCUMENT_BYTES}"):
        store.write(("K", "big"), {"text": "x" * (MAX_DOCUMENT_BYTES + 1)})
    assert not store.exists(("K", "big"))


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_a_corrupt_file_is_reported_with_its_path(tmp_path, content):
    store = FileStore(tmp_path)
    store.write(("ABCDEF", "session"), {"ok": True})
    path = tmp_path / "ABCDEF" / "session.json"
    path.write_bytes(content)
    with pytest.raises(CorruptRecord, match=r"Store file .*ABCDEF/session\.json: .*it was skipped\."):
        store.read(("ABCDEF", "session"))


def _increment(store, key, times):
    for _ in range(times):
        store.update(key, lambda doc: {"n": (doc or {"n": 0})["n"] + 1})


def test_concurrent_updates_from_threads_lose_nothing(store):
    threads = [threading.Thread(target=_increment, args=(store, ("K", "counter"), 40)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.read(("K", "counter")) == {"n": 320}


def _increment_in_process(root, times):
    _increment(FileStore(root), ("K", "counter"), times)


def test_concurrent_updates_from_processes_lose_nothing(tmp_path):
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_increment_in_process, args=(str(tmp_path), 40)) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    assert FileStore(tmp_path).read(("K", "counter")) == {"n": 160}


WRITER = """
import sys
from booster.store import FileStore
store = FileStore(sys.argv[1])
big = {"text": "pengguna layanan " * 30000}
i = 0
while True:
    key = ("K", "doc%d" % (i % 3))
    store.update(key, lambda doc: {**big, "i": i})
    if i == 3:
        print("ready", flush=True)
    i += 1
"""


def test_killing_a_writer_mid_write_never_leaves_a_half_written_file(tmp_path):
    """SIGKILL a process that rewrites ~500 kB documents in a loop: every .json still parses,
    and the lock it held is released (the next update goes through)."""
    for round_ in range(5):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert child.stdout.readline().strip() == "ready", child.stderr.read()
            time.sleep(0.01 + 0.02 * round_)  # land at different points of the write cycle
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
            child.stdout.close()
            child.stderr.close()
        files = sorted(tmp_path.rglob("*.json"))
        assert [f.name for f in files] == ["doc0.json", "doc1.json", "doc2.json"]
        for f in files:
            assert json.loads(f.read_bytes())["text"].startswith("pengguna layanan")
    store = FileStore(tmp_path)
    store.update(("K", "doc0"), lambda doc: {"after": True})
    assert store.read(("K", "doc0")) == {"after": True}
    assert store.documents(("K",)) == ["doc0", "doc1", "doc2"]


def test_a_lock_held_too_long_is_a_store_error_and_changes_nothing(tmp_path, monkeypatch):
    from filelock import FileLock

    from booster import store as store_module
    from booster.errors import StoreError
    from booster.store import FileStore

    fs = FileStore(tmp_path)
    fs.write(("S", "doc"), {"n": 1})
    monkeypatch.setattr(store_module, "FileLock", lambda path, timeout: FileLock(path, timeout=0.05))
    with FileLock(str(fs.path(("S", "doc"))) + ".lock"), pytest.raises(StoreError, match=r"doc.json: is busy"):
        fs.update(("S", "doc"), lambda d: {"n": 2})
    assert fs.read(("S", "doc")) == {"n": 1}


def test_a_failed_write_is_a_store_error_naming_the_file(tmp_path, monkeypatch):
    from booster.errors import StoreError
    from booster.store import FileStore

    fs = FileStore(tmp_path)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileStore, "_replace", staticmethod(disk_full))
    with pytest.raises(StoreError, match=r"doc.json: could not be saved \(No space left on device\)"):
        fs.write(("S", "doc"), {"n": 1})


@pytest.mark.parametrize("failure", ["disk full while writing", "process dies before the rename"])
def test_a_write_that_fails_partway_leaves_the_old_document_intact(tmp_path, monkeypatch, failure):
    import os

    from booster.errors import StoreError

    fs = FileStore(tmp_path)
    fs.write(("S", "doc"), {"n": 1, "text": "the old answer"})
    if failure == "disk full while writing":
        def fsync(fd):
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(os, "fsync", fsync)
        expected = StoreError
    else:
        class Died(BaseException):  # SystemExit-like: not an OSError, nothing may catch it as one
            pass

        def replace(src, dst):
            raise Died()
        monkeypatch.setattr(os, "replace", replace)
        expected = Died
    with pytest.raises(expected):
        fs.write(("S", "doc"), {"n": 2, "text": "x" * 100_000})
    monkeypatch.undo()
    assert fs.read(("S", "doc")) == {"n": 1, "text": "the old answer"}
    assert fs.documents(("S",)) == ["doc"]
    assert not [p.name for p in (tmp_path / "S").iterdir() if p.name.endswith(".tmp")], "no temp file left"


def test_a_sub_folder_that_links_outside_the_data_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "session.json").write_text('{"secret": true}')
    fs = FileStore(tmp_path / "data")
    (tmp_path / "data" / "ABCDEF").symlink_to(outside, target_is_directory=True)
    for attempt in (lambda: fs.read(("ABCDEF", "session")), lambda: fs.write(("ABCDEF", "session"), {"a": 1}),
                    lambda: fs.exists(("ABCDEF", "session"))):
        with pytest.raises(ValidationError, match="points outside the data directory"):
            attempt()
    assert (outside / "session.json").read_text() == '{"secret": true}'
