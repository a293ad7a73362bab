"""A save checks the session (activity open, owner known) from a stamp cache: one stat while the
session is unchanged, and a change made through another store on the same folder (the other app
server of the laptop set-up) is seen by the next save."""

import os

import pytest

from booster import store as store_mod, workshop
from booster.errors import ActivityClosed, NotFound
from booster.live import sessions
from booster.store import FileStore


@pytest.fixture
def settled_at_once(monkeypatch):
    monkeypatch.setattr(store_mod, "SETTLE_NS", 0)  # every stamp counts as settled: the cache is used


def _room(folder):
    one, other = FileStore(folder), FileStore(folder)  # two servers on one session folder
    s = workshop.create_session(
        one, title="T", country="Indonesia", agency="A", date="2025-08-14", language="en",
        content_version="v1", activities=list(workshop.ACTIVITIES), mode="individual", sort_mode="closed", pin="1234")
    workshop.set_activity_status(one, s.code, "service_challenge", "open")
    person, _ = workshop.join(one, s.code, name="P")
    return one, other, s.code, person.id


def test_unchanged_session_is_not_read_again(tmp_path, settled_at_once):
    one, _, code, _ = _room(tmp_path)
    assert sessions.session_doc(one, code) is sessions.session_doc(one, code)


def test_a_close_on_the_other_server_refuses_the_next_save(tmp_path):
    one, other, code, pid = _room(tmp_path)
    workshop.save_answers(one, code, pid, "service_challenge", {"service_name": "Izin"}, by=pid)
    workshop.set_activity_status(other, code, "service_challenge", "closed")
    with pytest.raises(ActivityClosed):
        workshop.save_answers(one, code, pid, "service_challenge", {"service_name": "Izin usaha"}, by=pid)
    answers = workshop.get_response(other, code, pid, "service_challenge")["data"]["answers"]
    assert answers["service_name"] == "Izin"


def test_a_withdrawn_participant_cannot_save(tmp_path):
    one, other, code, pid = _room(tmp_path)
    workshop.save_answers(one, code, pid, "service_challenge", {"service_name": "Izin"}, by=pid)
    other.delete((code, "participants", pid))
    with pytest.raises(NotFound):
        workshop.save_answers(one, code, pid, "service_challenge", {"service_name": "Izin usaha"}, by=pid)


# ---- the save's lock: flock, as filelock takes it -------------------------------------------------


def test_the_save_lock_and_filelock_exclude_each_other(tmp_path):
    from filelock import FileLock as OtherLock, Timeout

    path = str(tmp_path / ".locks" / "S" / "doc.lock")  # its folders are made, as filelock makes them
    with store_mod.FileLock(path, timeout=1), pytest.raises(Timeout):
        OtherLock(path, timeout=0.05).acquire()
    with OtherLock(path, timeout=1), pytest.raises(Timeout):
        store_mod.FileLock(path, timeout=0.05).__enter__()
    with store_mod.FileLock(path, timeout=0.05):  # released by both: free again
        pass


def test_a_save_waiting_too_long_for_the_lock_is_busy_and_changes_nothing(tmp_path, monkeypatch):
    from booster.errors import StoreError

    fs = FileStore(tmp_path)
    fs.write(("S", "doc"), {"n": 1})
    lock = store_mod.FileLock
    monkeypatch.setattr(store_mod, "FileLock", lambda path, timeout: lock(path, timeout=0.05))
    with lock(fs.lock_path(("S", "doc")), timeout=1), pytest.raises(StoreError, match=r"doc.json: is busy"):
        fs.update(("S", "doc"), lambda d: {"n": 2})
    assert fs.read(("S", "doc")) == {"n": 1}
    assert fs.update(("S", "doc"), lambda d: {"n": d["n"] + 1}) == {"n": 2}


def test_a_lock_file_deleted_while_held_is_not_taken_by_its_waiter(tmp_path, monkeypatch):
    """A session's locks are deleted with it; a save that waited on the old lock file must take the
    new one, or it and a newcomer would both hold "the" lock."""
    import threading

    path = str(tmp_path / "locks" / "S.lock")
    first = store_mod.FileLock(path, timeout=5).__enter__()
    opened, got = threading.Event(), []
    real_open = store_mod.FileLock._open

    def open_and_say(lock):
        fd = real_open(lock)
        if threading.current_thread() is not threading.main_thread():
            opened.set()  # the waiter holds the old file open and waits for its lock
        return fd

    monkeypatch.setattr(store_mod.FileLock, "_open", open_and_say)

    def waiter():
        with store_mod.FileLock(path, timeout=10) as lock:
            got.append(os.fstat(lock._fd).st_ino)

    thread = threading.Thread(target=waiter)
    thread.start()
    assert opened.wait(10)
    os.unlink(path)
    newcomer = store_mod.FileLock(path, timeout=5).__enter__()  # makes and holds the new lock file
    new_file = os.stat(path).st_ino
    first.__exit__(None, None, None)  # the old file's lock is free now, but the file is deleted
    newcomer.__exit__(None, None, None)
    thread.join(10)
    assert got == [new_file], "the waiter held the deleted file's lock"
