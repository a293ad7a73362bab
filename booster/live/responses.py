"""Responses: one activity's work by one owner (a participant, or a table in group mode).

Every change goes through `edit_response`, which checks the activity is open and applies the
change inside the store's locked read-modify-write, so concurrent writers never lose each other's
work. The card sort's own rules live in booster.live.card_sort; worksheets and feedback in booster.live.answers.
"""

from __future__ import annotations

from datetime import datetime
from collections.abc import Callable

from .. import clock
from . import participants as pp
from . import sessions as ss
from ..errors import ActivityClosed, NotFound


def response_key(code: str, owner_id: str, activity: str) -> tuple:
    return (code, "responses", owner_id, activity)


def get_response(store, code: str, owner_id: str, activity: str) -> dict | None:
    """The stored response, or None when the owner has not saved anything for this activity."""
    key = response_key(ss.normalize_code(code), owner_id, activity)
    return store.read(key) if store.exists(key) else None


def empty_data(activity: str) -> dict:
    if activity == "card_sort":
        return {"placements": {}, "custom_groups": {}, "comments": {}, "suggested_names": {},
                "card_order": [], "elapsed_seconds": 0.0, "source": "screen"}
    return {"answers": {}, "revisions": {}}


def new_response(code: str, owner_id: str, activity: str, at: str) -> dict:
    return {"schema_version": ss.SCHEMA_VERSION, "session_id": code, "owner_id": owner_id,
            "activity": activity, "status": "in_progress", "started_at": at, "updated_at": at,
            "submitted_at": None, "revision": 0, "data": empty_data(activity), "conflicts": []}


def check_owner(store, session: dict, owner_id: str) -> None:
    """The owner is one of the session's tables (group mode) or one of its participants."""
    if session["mode"] == "group" and owner_id in {g["id"] for g in session["groups"]}:
        return
    if isinstance(owner_id, str) and pp.PID_PATTERN.match(owner_id) \
            and store.exists((session["id"], "participants", owner_id)):
        return
    raise NotFound("participant or table", str(owner_id), f"It is not part of session {session['id']}.")


def open_session(store, code: str, activity: str, *, require_open: bool = True) -> dict:
    """The session (shared: read only, see sessions.session_doc), after checking the activity
    belongs to it and (by default) is open."""
    session = ss.session_doc(store, code)
    ss.check_activity(session, activity)
    if require_open and session["activity_state"][activity]["status"] != "open":
        raise ActivityClosed(activity)
    return session


Change = Callable[[dict, datetime], None]


def edit_response(store, code: str, owner_id: str, activity: str, change: Change, *,
                  by: str | None = None, require_open: bool = True, session: dict | None = None) -> dict:
    """Apply `change(doc, now)` to the response under the lock; a raise inside saves nothing.

    `by` is the participant making the change: they must exist, and are marked as seen.
    `session`: what the caller's `open_session(store, code, activity, ...)` just returned (a
    worksheet save then reads the session once, not twice)."""
    if session is None:
        session = open_session(store, code, activity, require_open=require_open)
    elif require_open and session["activity_state"][activity]["status"] != "open":
        raise ActivityClosed(activity)
    check_owner(store, session, owner_id)
    if by is not None:
        pp.touch(store, session["id"], by)
    at = clock.now()

    def fn(current):
        doc = current or new_response(session["id"], owner_id, activity, clock.iso(at))
        change(doc, at)
        doc["revision"] += 1
        doc["updated_at"] = clock.iso(at)
        return doc

    return store.update(response_key(session["id"], owner_id, activity), fn)


def submit(store, code: str, owner_id: str, activity: str, by: str | None = None) -> dict:
    """Mark the owner's work on an activity as handed in (saved again later, it stays submitted)."""
    def change(doc, at):
        doc["status"] = "submitted"
        doc["submitted_at"] = clock.iso(at)
        if "elapsed_seconds" in doc["data"]:  # the card sort's time runs until it is handed in
            doc["data"]["elapsed_seconds"] = round((at - clock.parse_iso(doc["started_at"])).total_seconds(), 1)

    return edit_response(store, code, owner_id, activity, change, by=by)


def submitted_answers(store, code: str, activity: str) -> list[dict]:
    """The worksheet answers of every submitted response to an activity (for the reveal screen)."""
    code = ss.normalize_code(code)
    found = []
    for owner in store.children((code, "responses")):
        doc = get_response(store, code, owner, activity)
        if doc and doc.get("status") == "submitted":
            found.append(doc["data"].get("answers", {}))
    return found
