"""Every store (files, memory, a real PostgreSQL server) keeps the same promises, crashes included.

Tests taking `store` run once per store kind (tests/conftest.py: any_store); the PostgreSQL server
is started by the tests themselves (tests/postgres_server.py)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from booster.errors import CorruptRecord, NotFound, StoreError, ValidationError
from booster.store import MAX_DOCUMENT_BYTES, FileStore, open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(any_store):
    return any_store


@pytest.fixture(params=["file", "postgresql"])
def location(request, tmp_path):
    """Where a store shared by several processes lives: a folder or a database URL."""
    if request.param == "postgresql":
        request.getfixturevalue("postgres_store")  # an empty, upgraded database
        return request.getfixturevalue("postgres_url")
    return str(tmp_path / "data")


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


def _increment_in_process(location, times):
    with contextlib.closing(open_store(location)) as store:
        _increment(store, ("K", "counter"), times)


def test_concurrent_updates_from_processes_lose_nothing(location):
    ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no pool threads copied by fork
    workers = [ctx.Process(target=_increment_in_process, args=(location, 40)) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    with contextlib.closing(open_store(location)) as store:
        assert store.read(("K", "counter")) == {"n": 160}


WRITER = """
import sys
from booster.store import open_store
store = open_store(sys.argv[1])
big = {"text": "pengguna layanan " * 30000}
i = 0
while True:
    key = ("K", "doc%d" % (i % 3))
    store.update(key, lambda doc: {**big, "i": i})
    if i == 3:
        print("ready", flush=True)
    i += 1
"""


def test_killing_a_writer_mid_write_never_leaves_a_half_written_document(location, request):
    """SIGKILL a process that rewrites ~500 kB documents in a loop: every document still parses,
    and the lock it held is released (the next update goes through)."""
    store = open_store(location)
    request.addfinalizer(store.close)
    for round_ in range(5):
        child = subprocess.Popen([sys.executable, "-c", WRITER, location], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert child.stdout.readline().strip() == "ready", child.stderr.read()
            time.sleep(0.01 + 0.02 * round_)  # land at different points of the write cycle
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
            child.stdout.close()
            child.stderr.close()
        assert store.documents(("K",)) == ["doc0", "doc1", "doc2"]
        for name in store.documents(("K",)):
            assert store.read(("K", name))["text"].startswith("pengguna layanan")
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
    with FileLock(fs.lock_path(("S", "doc"))), pytest.raises(StoreError, match=r"doc.json: is busy"):
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
def test_a_nul_character_is_refused_by_every_store(store):
    with pytest.raises(ValidationError, match="NUL character"):
        store.write(("K", "doc"), {"text": "a\x00b"})
    assert not store.exists(("K", "doc"))
    store.write(("K", "doc"), {"text": "a backslash and u0000 typed: \\u0000 \\\\u0000"})
    assert store.read(("K", "doc"))["text"].endswith("\\u0000 \\\\u0000")


def test_the_stamp_changes_with_every_write_and_is_zero_when_missing(store):
    assert store.stamp(("K", "doc")) == 0
    store.write(("K", "doc"), {"v": 1})
    first = store.stamp(("K", "doc"))
    store.write(("K", "other"), {"v": 1})
    assert store.stamp(("K", "doc")) == first != 0, "another document's write leaves this stamp alone"
    if isinstance(store, FileStore):  # file times can repeat within the clock's granularity
        os.utime(store.path(("K", "doc")), ns=(1, 1))
    else:
        store.update(("K", "doc"), lambda doc: {"v": 2})
    assert store.stamp(("K", "doc")) != first


def _save_field(store, code, field, text, pid):
    from booster import workshop as ws

    ws.save_answers(store, code, "g-1", "service_challenge", {field: text}, {field: ""}, by=pid)


def test_a_table_saving_all_at_once_keeps_every_field_and_both_clashing_texts(store):
    """Seven members of one table save at the same moment, through booster.answers: five fields
    filled in once each, and one field written by two people (both texts kept, one conflict)."""
    from booster import workshop as ws

    code = ws.create_session(store, title="Uji coba", country="Indonesia", agency="KemenPANRB",
                             date="2025-08-14", language="id", content_version="v1",
                             activities=list(ws.ACTIVITIES), mode="group", sort_mode="closed",
                             pin="2468", groups=1).code
    ws.set_activity_status(store, code, "service_challenge", "open")
    fields = ["service_name", "user_group", "user_goal", "context", "service_provider"]
    saves = [(f, f"teks {f}") for f in fields] + [("challenge_statement", "A"), ("challenge_statement", "B")]
    members = [ws.join(store, code, group_id="g-1")[0].id for _ in saves]
    start, failures = threading.Barrier(len(saves)), []

    def save(field, text, pid):
        start.wait()
        try:
            _save_field(store, code, field, text, pid)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=save, args=(*item, pid)) for item, pid in zip(saves, members)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    doc = ws.get_response(store, code, "g-1", "service_challenge")
    answers = doc["data"]["answers"]
    assert {f: answers[f] for f in fields} == {f: f"teks {f}" for f in fields}
    assert answers["challenge_statement"] in ("A\n---\nB", "B\n---\nA")
    assert len(doc["conflicts"]) == 1 and doc["revision"] == len(saves)


def test_open_store_picks_files_or_postgresql_by_location(tmp_path, monkeypatch, postgres_store, postgres_url):
    monkeypatch.delenv("BOOSTER_STORE", raising=False)
    monkeypatch.setenv("BOOSTER_DATA_DIR", str(tmp_path / "files"))
    assert open_store().root == (tmp_path / "files").resolve()
    monkeypatch.setenv("BOOSTER_STORE", postgres_url)
    opened = open_store()
    try:
        opened.write(("K", "doc"), {"v": 1})
        assert postgres_store.read(("K", "doc")) == {"v": 1}
    finally:
        opened.close()
    assert isinstance(open_store(str(tmp_path / "other")), FileStore)


# ---- PostgreSQL only: schema, corrupt rows, row locks ---------------------------------------


def test_db_upgrade_creates_the_schema_once_and_an_old_schema_is_refused(postgres):
    import psycopg

    from booster import store_postgres
    from booster.errors import StoreError
    from booster.store_postgres import PostgresStore

    url = postgres.create_database("booster_upgrade")
    with pytest.raises(StoreError, match=r"has schema version 0; this app needs 1\. Run `python -m booster db upgrade`"):
        PostgresStore(url)
    done = subprocess.run([sys.executable, "-m", "booster", "db", "upgrade", "--store", url], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "from version 0 to 1" in done.stdout
    assert store_postgres.upgrade(url) == (1, 1)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT version FROM booster_schema").fetchall() == [(1,)]
    PostgresStore(url).close()


def test_a_row_that_is_not_an_object_is_a_corrupt_record(postgres_store, postgres_url):
    import psycopg

    postgres_store.write(("ABCDEF", "session"), {"ok": True})
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("UPDATE booster_documents SET doc = '[1, 2]' WHERE path = 'ABCDEF/session'")
    with pytest.raises(CorruptRecord, match=r"ABCDEF/session: does not hold a JSON object; it was skipped\."):
        postgres_store.read(("ABCDEF", "session"))
    with pytest.raises(CorruptRecord):
        postgres_store.update(("ABCDEF", "session"), lambda doc: {"fixed": True})


def test_a_row_locked_too_long_is_a_busy_store_error_and_changes_nothing(postgres_store, postgres_url):
    import psycopg

    from booster.errors import StoreError
    from booster.store_postgres import PostgresStore

    postgres_store.write(("S", "doc"), {"n": 1})
    impatient = PostgresStore(postgres_url, lock_timeout=0.2)
    try:
        with psycopg.connect(postgres_url) as holder:
            holder.execute("SELECT 1 FROM booster_documents WHERE path = 'S/doc' FOR UPDATE")
            with pytest.raises(StoreError, match=r"is busy: another save held it for 0.2 s"):
                impatient.update(("S", "doc"), lambda d: {"n": 2})
    finally:
        impatient.close()
    assert postgres_store.read(("S", "doc")) == {"n": 1}


def test_two_first_saves_of_one_key_queue_on_one_row(postgres_store):
    """Neither of two concurrent first updates may see None after the other wrote."""
    seen, start = [], threading.Barrier(2)

    def first(tag):
        start.wait()
        postgres_store.update(("K", "new"), lambda doc: (seen.append(doc), {**(doc or {}), tag: True})[1])

    threads = [threading.Thread(target=first, args=(tag,)) for tag in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert postgres_store.read(("K", "new")) == {"a": True, "b": True}
    assert seen.count(None) == 1



@pytest.fixture
def small_disk(tmp_path):
    """A 256 kB tmpfs mounted for the test (the tests run as root, as in CI); unmounted after."""
    folder = tmp_path / "disk"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_full_disk_is_a_clear_store_error_and_keeps_the_old_document(small_disk):
    store = FileStore(small_disk)
    store.write(("K", "doc"), {"v": 1})
    filler = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT)
    with pytest.raises(OSError, match="No space left"):
        while True:
            os.write(filler, b"x" * 4096)
    os.close(filler)
    with pytest.raises(StoreError, match=r"doc\.json: could not be saved \(No space left on device\); "
                                         r"nothing was changed\.") as info:
        store.update(("K", "doc"), lambda doc: {"v": 2, "text": "x" * 20_000})
    assert info.value.rule == "disk_full"
    assert store.read(("K", "doc")) == {"v": 1}


def test_a_read_only_data_folder_is_a_clear_store_error(small_disk):
    FileStore(small_disk).write(("K", "old"), {"v": 1})
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    store = FileStore(small_disk)
    for save in (lambda: store.write(("K", "old"), {"v": 2}), lambda: store.update(("K", "new"), lambda d: {"v": 1})):
        with pytest.raises(StoreError, match=r"could not be saved \(Read-only file system\)") as info:
            save()
        assert info.value.rule == "read_only"
    assert store.read(("K", "old")) == {"v": 1} and not store.exists(("K", "new"))


def test_stamps_list_every_document_under_a_prefix_and_a_listing_answers_like_the_store(store):
    from booster.store import Listing

    for key in [("S1", "session"), ("S1", "participants", "p-1"), ("S1", "responses", "g-1", "card_sort"),
                ("S2", "session"), ("_analysis", "group_merges")]:
        store.write(key, {"k": list(key)})
    everything = store.stamps(())
    assert set(everything) == {("S1", "session"), ("S1", "participants", "p-1"),
                               ("S1", "responses", "g-1", "card_sort"), ("S2", "session"),
                               ("_analysis", "group_merges")}
    assert everything[("S2", "session")] == store.stamp(("S2", "session")) != 0
    assert set(store.stamps(("S1", "responses"))) == {("S1", "responses", "g-1", "card_sort")}
    assert store.stamps(("nowhere",)) == {}
    listing = Listing(store)
    for prefix in [(), ("S1",), ("S1", "responses"), ("S1", "responses", "g-1"), ("nowhere",)]:
        assert listing.children(prefix) == store.children(prefix), prefix
        assert listing.documents(prefix) == store.documents(prefix), prefix
    assert listing.exists(("S1", "session")) and not listing.exists(("S3", "session"))
    assert listing.read(("S2", "session")) == {"k": ["S2", "session"]}


def test_a_database_that_cannot_be_reached_is_a_store_error_and_leaves_no_pool_running(postgres):
    import threading as th

    from booster.errors import StoreError
    from booster.store_postgres import PostgresStore
    from tests.postgres_server import free_port

    before = th.active_count()
    with pytest.raises(StoreError, match=r"could not be read: the database is unreachable") as info:
        PostgresStore(f"postgresql://postgres@127.0.0.1:{free_port()}/booster", pool_timeout=0.5)
    assert info.value.rule == "offline"
    deadline = time.monotonic() + 10
    while th.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert th.active_count() == before


def test_postgresql_deletes_one_document_or_a_whole_session_and_a_late_save_does_not_revive_it(postgres_store):
    store = postgres_store
    for key in [("S1", "session"), ("S1", "participants", "p-1"), ("S1", "responses", "p-1", "card_sort"),
                ("S10", "session"), ("S2", "session")]:
        store.write(key, {"v": 1})
    store.delete(("S2", "session"))
    store.delete(("S2", "session"))  # already gone: nothing happens
    assert store.children(()) == ["S1", "S10"] and not store.exists(("S2", "session"))
    store.delete_tree(("S1",))
    assert set(store.stamps(())) == {("S10", "session")}, "S10 shares a prefix of letters, not of segments"
    with pytest.raises(NotFound):
        store.update(("S1", "responses", "p-1", "service_challenge"), lambda doc: {"late": True})
    assert set(store.stamps(())) == {("S10", "session")}


def test_read_tree_gives_the_documents_of_a_layout_with_their_stamps(store):
    layout = {"session": 1, "responses": 3}
    wanted = {("ABCDEF", "session"): {"n": 1}, ("ABCDEF", "responses", "p-1", "card_sort"): {"n": 2}}
    for key, doc in wanted.items():
        store.write(key, doc)
    store.write(("ABCDEF", "audit"), {"n": 3})  # a name the layout does not take
    store.write(("ABCDEF", "responses", "p-1"), {"n": 4})  # a name of the layout at another depth
    store.write(("GHJKLM", "session"), {"n": 5})  # another prefix
    found = store.read_tree(("ABCDEF",), layout)
    assert found == {key: (store.stamp(key), doc) for key, doc in wanted.items()}
    assert store.read_tree(("NOSUCH",), layout) == {}


def test_read_tree_gives_an_unreadable_file_as_its_problem_and_skips_hidden_ones(tmp_path):
    store = FileStore(tmp_path)
    store.write(("ABCDEF", "session"), {"n": 1})
    (tmp_path / "ABCDEF" / "participants").mkdir()
    (tmp_path / "ABCDEF" / "participants" / "p-1.json").write_text("{not json")
    (tmp_path / "ABCDEF" / "participants" / ".p-2.json.x1.tmp").write_text("{}")  # a write under way
    (tmp_path / "ABCDEF" / "participants" / "p-3.json").symlink_to(tmp_path / "ABCDEF" / "session.json")
    found = store.read_tree(("ABCDEF",), {"session": 1, "participants": 2})
    assert sorted(found) == [("ABCDEF", "participants", "p-1"), ("ABCDEF", "participants", "p-3"),
                             ("ABCDEF", "session")]
    assert isinstance(found[("ABCDEF", "participants", "p-1")][1], CorruptRecord)
    assert "is not valid JSON" in str(found[("ABCDEF", "participants", "p-1")][1])
    assert found[("ABCDEF", "participants", "p-3")][1] == {"n": 1}  # a link inside the data folder is read
