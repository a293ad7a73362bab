"""Deleting sessions (one, or all past the retention period) on a demo store, tombstones and bundles."""

from __future__ import annotations

import datetime as dt

import pytest

from booster import analysis, demo
from booster import workshop as ws
from booster.analysis.tables import TABLES
from booster.cli import main
from booster.files import bundle
from booster.privacy import audit, deletion
from booster.content import load_content
from booster.errors import BundleError, ValidationError
from booster.store import FileStore


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    demo.generate(FileStore(root), sessions=4, participants=4, seed=3)
    return root


@pytest.fixture
def store(demo_dir, tmp_path):
    import shutil

    shutil.copytree(demo_dir, tmp_path / "data")
    return FileStore(tmp_path / "data")


def _codes(store) -> list[str]:
    return [c for c in store.children(()) if not c.startswith("_")]


def _dated(store) -> list[tuple[str, str]]:
    return sorted((store.read((c, "session"))["date"], c) for c in _codes(store))


def test_delete_session_command_removes_it_from_store_analysis_and_exports(store, tmp_path, capsys):
    code = _codes(store)[0]
    uid = store.read((code, "session"))["uid"]
    actions = len(audit.entries(store, code))
    assert actions > 0, "the demo's facilitator opened and closed activities"
    assert main(["delete-session", code, "--data-dir", str(store.root), "--yes"]) == 0
    printed = capsys.readouterr().out
    assert "Deleted " in printed and f" {code} (" in printed and f"deleted by command_line; {actions} logged actions" in printed
    assert code not in _codes(store) and not (store.root / code).exists()
    tables = analysis.load_tables(store, load_content)
    assert code not in set(tables.sessions["session_id"]) and not tables.problems
    for name in TABLES:
        assert code not in set(getattr(tables, name)["session_id"])
    assert main(["export", "--data-dir", str(store.root), "--out", str(tmp_path / "out")]) == 0
    assert code not in (tmp_path / "out" / "sessions.csv").read_text()
    [tomb] = deletion.tombstones(store)
    assert tomb["uid"] == uid and tomb["actions"] == actions and tomb["role"] == "command_line"
    assert set(tomb) == {"schema_version", "session_id", "uid", "date", "country", "deleted_at", "role",
                         "reason", "actions", "first_action_at", "last_action_at"}, "no answers, no names"


def test_delete_session_asks_for_the_code_without_yes(store, monkeypatch, capsys):
    code = _codes(store)[0]
    monkeypatch.setattr("builtins.input", lambda prompt: "WRONG1")
    assert main(["delete-session", code, "--data-dir", str(store.root)]) == 2
    assert f"'WRONG1' is not the join code {code}; nothing was deleted." in capsys.readouterr().err
    assert code in _codes(store)
    monkeypatch.setattr("builtins.input", lambda prompt: code.lower())
    assert main(["delete-session", code, "--data-dir", str(store.root)]) == 0
    assert code not in _codes(store)


def test_purge_dry_run_lists_and_keeps_then_purge_deletes_only_the_old(store, capsys):
    dated = _dated(store)
    today = dt.datetime.now(dt.timezone.utc).date()
    # a limit that falls between the second and the third session's dates
    days = (today - dt.date.fromisoformat(dated[2][0])).days + 1
    old = [code for _, code in dated[:2]]
    assert main(["purge", "--older-than", str(days), "--dry-run", "--data-dir", str(store.root)]) == 0
    printed = capsys.readouterr().out
    assert [line.split()[2] for line in printed.splitlines() if line.startswith("Would delete ")][:2] == old
    assert f"Would delete 2 session(s) dated more than {days} days ago." in printed
    assert len(_codes(store)) == 4 and deletion.tombstones(store) == []
    assert main(["purge", "--older-than", str(days), "--data-dir", str(store.root)]) == 0
    assert f"Deleted 2 session(s) dated more than {days} days ago." in capsys.readouterr().out
    assert _codes(store) == sorted(code for _, code in dated[2:])
    assert {t["session_id"] for t in deletion.tombstones(store)} == set(old)
    assert {t["reason"] for t in deletion.tombstones(store)} == {"retention"}


def test_purge_takes_the_setting_and_refuses_without_days(store, monkeypatch, capsys):
    monkeypatch.delenv("BOOSTER_RETENTION_DAYS", raising=False)
    assert main(["purge", "--data-dir", str(store.root)]) == 2
    assert "give --older-than DAYS" in capsys.readouterr().err
    monkeypatch.setenv("BOOSTER_RETENTION_DAYS", "36500")
    assert main(["purge", "--data-dir", str(store.root)]) == 0
    assert "Deleted 0 session(s) dated more than 36500 days ago." in capsys.readouterr().out


def test_due_for_deletion_is_oldest_first_and_strictly_older(memory_store):
    for date in ("2025-01-10", "2025-01-01", "2025-03-01"):
        ws.create_session(memory_store, title="T", country="Portugal", agency="", date=date, language="en",
                          content_version="v1", activities=["card_sort"], mode="individual",
                          sort_mode="closed", pin="2468")
    due = deletion.due_for_deletion(memory_store, 50, dt.date(2025, 3, 1))
    assert [s.date for s in due] == ["2025-01-01"]
    assert [s.date for s in deletion.due_for_deletion(memory_store, 0, dt.date(2025, 3, 2))] == [
        "2025-01-01", "2025-01-10", "2025-03-01"]
    with pytest.raises(ValidationError):
        deletion.due_for_deletion(memory_store, -1, dt.date(2025, 3, 1))


def test_a_deleted_sessions_bundle_is_refused_unless_forced(store, tmp_path, capsys):
    code = _codes(store)[1]
    data = bundle.export_bundle(store, code)
    deletion.delete_session(store, code, "facilitator")
    with pytest.raises(BundleError, match=f"session {code} was deleted here on .*nothing was imported"):
        bundle.import_bundle(store, data, "old.zip")
    assert code not in _codes(store)
    (tmp_path / "old.zip").write_bytes(data)
    assert main(["import", str(tmp_path / "old.zip"), "--data-dir", str(store.root)]) == 2
    assert "import --force" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "old.zip"), "--data-dir", str(store.root), "--force"]) == 0
    assert code in _codes(store)
    assert deletion.tombstones(store) == [], "back on purpose: no longer listed as deleted"
    assert store.exists(deletion.tombstone_key(store.read((code, "session"))["uid"], code)), "tombstone kept"


def test_deleting_needs_the_code_typed_again():
    deletion.check_confirmation("K7PQ2M", " k7pq2m ")
    with pytest.raises(ValidationError, match="'K7PQ2N' is not the join code K7PQ2M"):
        deletion.check_confirmation("K7PQ2M", "K7PQ2N")


def test_the_audit_log_records_roles_and_actions_never_answers(memory_store):
    session = ws.create_session(memory_store, title="T", country="Portugal", agency="", date="2025-01-10",
                                language="en", content_version="v1", activities=list(ws.ACTIVITIES),
                                mode="individual", sort_mode="closed", pin="2468")
    code = session.code
    ws.set_activity_status(memory_store, code, "service_challenge", "open")
    person, _ = ws.join(memory_store, code, name="Rūta")
    ws.save_answers(memory_store, code, person.id, "service_challenge", {"service_name": "Secret text"})
    ws.set_revealed(memory_store, code, "service_challenge", True)
    ws.set_activity_status(memory_store, code, "service_challenge", "closed")
    audit.record_many(memory_store, [code, "ZZZZZZ"], "analyst", "exported")
    log = audit.entries(memory_store, code)
    assert [(e["role"], e["action"], e.get("activity")) for e in log] == [
        ("facilitator", "opened", "service_challenge"), ("facilitator", "revealed", "service_challenge"),
        ("facilitator", "closed", "service_challenge"), ("analyst", "exported", None)]
    assert all(set(e) <= {"at", "role", "action", "activity"} for e in log)
    with pytest.raises(ValidationError):
        audit.record(memory_store, code, "facilitator", "rewrote history")
