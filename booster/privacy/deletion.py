"""Deleting whole sessions, the tombstones they leave, and retention.

    delete_session(store, code, role)      remove a session and all its files in one step; keep a tombstone
    tombstones(store), find_tombstone(store, uid), tombstone_line(tomb)
    sessions(store)                        every readable session (workshop.Session records)
    due_for_deletion(store, days, today)   sessions whose date is more than `days` days before today
    purge(store, days, today, dry_run)     delete those (or only list them)

A tombstone (`("_deleted", <session uid>)`, see docs/DATA.md) is the one line that outlives a
session: which session, when it was deleted, by which role and why, and how many actions its log
held. It holds no answers or names. Bundle imports refuse a session that has one (booster.files.bundle).
"""

from __future__ import annotations

import datetime as dt

from .. import clock
from ..errors import CorruptRecord, NotFound, ValidationError
from ..live import sessions as ss
from ..live.records import Session
from ..store import SEGMENT
from . import audit

TOMBSTONES = "_deleted"
SCHEMA_VERSION = 1
REASONS = ("deleted", "retention")


def tombstone_key(uid: str, code: str) -> tuple:
    return (TOMBSTONES, uid if isinstance(uid, str) and SEGMENT.match(uid) else code)


def check_confirmation(code: str, typed) -> None:
    """Deleting asks for the join code typed again; anything else refuses."""
    if str(typed or "").strip().upper() != code:
        raise ValidationError("confirmation", f"{str(typed or '')!r} is not the join code {code}; nothing was deleted.",
                              rule="confirm_code", code=code)


def delete_session(store, code: str, role: str, reason: str = "deleted") -> dict:
    """Delete a session with every file under it, as one step (Store.delete_tree); returns its tombstone.

    The tombstone is written first: if the process dies before the delete, the session is still
    whole and deleting it again rewrites the same tombstone."""
    session = ss.get_session(store, code)
    code = session["id"]
    log = audit.entries(store, code)
    tomb = {"schema_version": SCHEMA_VERSION, "session_id": code, "uid": session.get("uid"),
            "date": session.get("date"), "country": session.get("country"),
            "deleted_at": clock.iso(clock.now()), "role": ss.check_choice("role", role, audit.ROLES),
            "reason": ss.check_choice("reason", reason, REASONS), "actions": len(log),
            "first_action_at": log[0]["at"] if log else None, "last_action_at": log[-1]["at"] if log else None}
    store.write(tombstone_key(session.get("uid"), code), tomb)
    store.delete_tree((code,))
    return tomb


def tombstones(store) -> list[dict]:
    """The tombstones of sessions that are gone, newest deletion first. A session whose deletion was
    interrupted before its folder went, or that was brought back with `import --force`, is still
    there and not listed (its tombstone is kept). Unreadable tombstones are skipped."""
    found = []
    for name in store.documents((TOMBSTONES,)):
        try:
            tomb = store.read((TOMBSTONES, name))
        except CorruptRecord:
            continue
        if not _still_there(store, tomb):
            found.append(tomb)
    return sorted(found, key=lambda t: str(t.get("deleted_at")), reverse=True)


def _still_there(store, tomb: dict) -> bool:
    code = tomb.get("session_id")
    try:
        return bool(code) and store.exists((code, "session")) and store.read((code, "session")).get("uid") == tomb.get("uid")
    except (CorruptRecord, ValidationError):
        return False


def find_tombstone(store, uid: str) -> dict | None:
    key = tombstone_key(uid, "")
    if not uid or not store.exists(key):
        return None
    return store.read(key)


def tombstone_line(tomb: dict) -> str:
    """'2026-03-01T10:00:00 K7PQ2M (Indonesia, 2025-08-14) deleted by facilitator; 12 logged actions'."""
    when = str(tomb.get("deleted_at", ""))[:19]
    return (f"{when} {tomb.get('session_id')} ({tomb.get('country')}, {tomb.get('date')}) "
            f"{tomb.get('reason')} by {tomb.get('role')}; {tomb.get('actions', 0)} logged actions")


def sessions(store) -> list[Session]:
    """Every session in the store whose document can be read (the analysis names the others)."""
    found = []
    for code in store.children(()):
        if code.startswith("_") or not store.exists((code, "session")):
            continue
        try:
            found.append(Session.of(store.read((code, "session"))))
        except (CorruptRecord, KeyError, TypeError, AttributeError):
            continue
    return found


def due_for_deletion(store, days: int, today: dt.date) -> list[Session]:
    """Sessions whose date is more than `days` days before `today`, oldest first."""
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise ValidationError("days", f"{days!r} is not a number of days (0 or more).",
                              rule="retention_days", value=str(days))
    limit = (today - dt.timedelta(days=days)).isoformat()
    due = [s for s in sessions(store) if s.date < limit]
    return sorted(due, key=lambda s: (s.date, s.code))


def purge(store, days: int, today: dt.date, dry_run: bool = False, role: str = "command_line") -> list[Session]:
    """Delete the sessions due for deletion (only list them with dry_run); returns them."""
    due = due_for_deletion(store, days, today)
    if not dry_run:
        for session in due:
            try:
                delete_session(store, session.code, role, reason="retention")
            except NotFound:
                continue  # deleted by someone else meanwhile
    return due
