"""A record of who did what to a session: an append-only log of facilitator, analyst and participant
actions, kept beside the session at `(code, "audit")`.

Each entry holds the time, the role, the action and (for activity actions) the activity id: never
answers, names or participant ids. The log lives and dies with its session; when the session is
deleted, booster.privacy.deletion keeps a one-line summary of it in the tombstone.
"""

from __future__ import annotations

from .. import clock
from ..errors import NotFound, ValidationError
from ..store import check_key

SCHEMA_VERSION = 1

ACTIONS = ("opened", "closed", "reset", "revealed", "hidden", "exported", "withdrawn",
           "withdrawals_closed", "withdrawals_opened")
ROLES = ("facilitator", "analyst", "participant", "command_line")
STATUS_ACTIONS = {"open": "opened", "closed": "closed", "pending": "reset"}


def audit_key(code: str) -> tuple:
    return (code, "audit")


def record(store, code: str, role: str, action: str, activity: str | None = None) -> dict:
    """Append one entry to the session's log (under the store's lock, so none is lost)."""
    check_key((code,))
    for field, value, allowed in (("role", role, ROLES), ("action", action, ACTIONS)):
        if value not in allowed:
            raise ValidationError(field, f"{value!r} is not one of {', '.join(allowed)}.")
    if not store.exists((code, "session")):  # never start a log (and a folder) for a deleted session
        raise NotFound("session", code)
    entry = {"at": clock.iso(clock.now()), "role": role, "action": action}
    if activity:
        entry["activity"] = activity

    def append(current):
        log = current or {"schema_version": SCHEMA_VERSION, "session_id": code, "entries": []}
        log["entries"].append(entry)
        return log

    store.update(audit_key(code), append)
    return entry


def entries(store, code: str) -> list[dict]:
    """The session's log, oldest first ([] when nothing was recorded)."""
    key = audit_key(check_key((code,))[0])
    return list(store.read(key).get("entries") or []) if store.exists(key) else []


def record_many(store, codes, role: str, action: str) -> None:
    """The same action on several sessions (an analyst's export of many); deleted ones are skipped."""
    for code in codes:
        try:
            record(store, code, role, action)
        except NotFound:
            continue
