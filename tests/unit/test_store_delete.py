"""Deleting from a store: one document, or a whole session in one step that a crash cannot split."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from booster.errors import NotFound
from booster.store import TRASH_PREFIX, FileStore, MemoryStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["file", "memory"])
def store(request, tmp_path):
    return FileStore(tmp_path / "data") if request.param == "file" else MemoryStore()


def _fill(store, code="ABCDEF") -> list[tuple]:
    keys = [(code, "session"), (code, "participants", "p-0000000001"), (code, "participants", "p-0000000002"),
            (code, "responses", "p-0000000001", "card_sort"), (code, "feedback", "p-0000000001", "card_sort")]
    for i, key in enumerate(keys):
        store.write(key, {"n": i})
    return keys


def test_delete_removes_one_document_and_tolerates_a_missing_one(store):
    keys = _fill(store)
    store.delete(keys[1])
    store.delete(keys[1])
    assert not store.exists(keys[1])
    assert store.documents(("ABCDEF", "participants")) == ["p-0000000002"]


def test_delete_tree_removes_every_document_under_the_prefix_and_nothing_else(store):
    keys = _fill(store)
    other = _fill(store, "GHJKMN")
    store.delete_tree(("ABCDEF",))
    assert not any(store.exists(k) for k in keys)
    assert all(store.exists(k) for k in other)
    assert store.children(()) == ["GHJKMN"]
    store.delete_tree(("ABCDEF",))  # already gone: nothing to do


def test_a_late_save_to_a_deleted_session_is_not_found_and_brings_nothing_back(store):
    keys = _fill(store)
    _fill(store, "GHJKMN")
    store.delete_tree(("ABCDEF",))
    with pytest.raises(NotFound):
        store.update(keys[3], lambda doc: {"late": True})
    assert store.children(()) == ["GHJKMN"] and not store.exists(keys[3])
    store.update(("PQRSTU", "session"), lambda doc: {"new": True})  # a new session's first document
    assert store.update(("GHJKMN", "responses", "p-0000000001", "x"), lambda doc: {"n": 1}) == {"n": 1}


def test_trash_left_by_a_crash_is_invisible_and_swept_on_open(tmp_path):
    store = FileStore(tmp_path)
    _fill(store)
    trash = tmp_path / f"{TRASH_PREFIX}ABCDEF-deadbeef"
    os.rename(tmp_path / "ABCDEF", trash)
    assert store.children(()) == [] and store.documents(()) == []
    FileStore(tmp_path)
    assert not trash.exists()


DELETE = ["-m", "booster", "delete-session", "ABCDEF", "--yes", "--data-dir"]


def _kill_at(point: str, data: Path, tmp_path: Path) -> None:
    """Run delete-session in a child that stops at `point`, then SIGKILL it there."""
    flag = tmp_path / "paused"
    env = {**os.environ, "BOOSTER_TEST_PAUSE": point, "BOOSTER_TEST_PAUSE_FILE": str(flag)}
    child = subprocess.Popen([sys.executable, *DELETE, str(data)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():  # waits for the child's state, not for a time
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the child never reached the pause point"
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()  # reaps it and closes its pipes
    assert child.returncode == -signal.SIGKILL


def _session_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.json"))}


def _real_session(data: Path) -> dict[str, bytes]:
    from booster import workshop as ws

    store = FileStore(data)
    session = ws.create_session(store, title="Pilot", country="Indonesia", agency="", date="2025-08-14",
                                language="en", content_version="v1", activities=list(ws.ACTIVITIES),
                                mode="individual", sort_mode="hybrid", pin="2468")
    os.rename(data / session.code, data / "ABCDEF")
    store.update(("ABCDEF", "session"), lambda doc: {**doc, "id": "ABCDEF"})
    for name in ("Ayu", "Budi"):
        participant, _ = ws.join(store, "ABCDEF", name=name)
        ws.set_activity_status(store, "ABCDEF", "service_challenge", "open")
        ws.save_answers(store, "ABCDEF", participant.id, "service_challenge", {"service_name": name})
    return _session_files(data / "ABCDEF")


def test_sigkill_before_the_rename_leaves_the_whole_session(tmp_path):
    data = tmp_path / "data"
    before = _real_session(data)
    _kill_at("delete_tree:before_rename", data, tmp_path)
    store = FileStore(data)
    assert [c for c in store.children(()) if not c.startswith("_")] == ["ABCDEF"]
    assert _session_files(data / "ABCDEF") == before
    from booster.privacy import deletion

    assert deletion.tombstones(store) == [], "a session still there is not listed as deleted"


def test_sigkill_half_way_through_removing_leaves_none_of_it(tmp_path):
    data = tmp_path / "data"
    _real_session(data)
    _kill_at("delete_tree:removing", data, tmp_path)
    trash = [p for p in data.iterdir() if p.name.startswith(TRASH_PREFIX)]
    assert len(trash) == 1 and any(trash[0].rglob("*.json")), "killed with files still in the trash"
    assert not (data / "ABCDEF").exists()
    store = FileStore(data)  # opening sweeps what the killed process left
    assert [c for c in store.children(()) if not c.startswith("_")] == []
    assert not any(p.name.startswith(TRASH_PREFIX) for p in data.iterdir())
    from booster import analysis
    from booster.content import load_content

    tables = analysis.load_tables(store, load_content)
    assert tables.sessions.empty and not tables.problems


def test_a_late_update_does_not_bring_back_part_of_a_deleted_tree(tmp_path):
    from booster.errors import NotFound

    store = FileStore(tmp_path)
    keys = _fill(store)
    store.delete_tree(("ABCDEF",))
    with pytest.raises(NotFound):
        store.update(keys[3], lambda doc: {"placements": {}})
    assert not (tmp_path / "ABCDEF").exists() and store.children(()) == []


def test_a_save_whose_session_is_deleted_while_it_holds_the_lock_brings_nothing_back(tmp_path):
    from booster.errors import NotFound

    store = FileStore(tmp_path)
    _fill(store)

    def delete_meanwhile(doc):  # the facilitator deletes the session while this save is under way
        store.delete_tree(("ABCDEF",))
        return {"placements": {"c": "scope"}}

    with pytest.raises(NotFound):
        store.update(("ABCDEF", "responses", "p-0000000002", "card_sort"), delete_meanwhile)
    assert not (tmp_path / "ABCDEF").exists() and store.children(()) == []
    assert not (tmp_path / ".locks" / "ABCDEF").exists()  # its locks went with it


def test_the_change_counter_grows_with_every_write_update_and_deletion(tmp_path):
    store = FileStore(tmp_path)
    before = store.changes()
    store.write(("ABCDEF", "session"), {"n": 1})
    store.update(("ABCDEF", "participants", "p-0000000001"), lambda doc: {"n": 2})
    store.delete(("ABCDEF", "participants", "p-0000000001"))
    store.delete_tree(("ABCDEF",))
    store.write(("_analysis", "group_merges"), {"n": 4})
    assert (tmp_path / ".changes").read_text().splitlines() == ["ABCDEF"] * 4 + ["_analysis"], (
        "each of the five changes logged once, by its session")
    assert store.changes() > before and store.changed_since(before) == {"ABCDEF", "_analysis"}
    refused = store.changes()
    with pytest.raises(NotFound):  # a save to the deleted session changes nothing, so counts nothing
        store.update(("ABCDEF", "participants", "p-0000000001"), lambda doc: {"n": 3})
    assert store.changes() == refused and store.changed_since(refused) == set()


def test_a_write_the_counter_missed_turns_the_counter_off(tmp_path):
    store = FileStore(tmp_path)
    store.write(("ABCDEF", "session"), {"n": 1})
    (tmp_path / ".changes").unlink()
    (tmp_path / ".changes").mkdir()  # cannot be appended to (as if another user's file)
    store.write(("ABCDEF", "session"), {"n": 2})
    assert store.read(("ABCDEF", "session")) == {"n": 2}, "the data is saved all the same"
    assert store.changes() is None, "nothing may be decided from a counter that missed a write"
