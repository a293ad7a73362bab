"""Participants: joining by code, resuming from a link, and when each was last seen.

A participant has no account: the resume token `<pid>.<secret>` in their link is the identity, and
only the secret's sha256 is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from .. import clock
from . import sessions as ss
from ..store import StampCache
from .records import owner_id
from ..errors import AccessDenied, NotFound, ValidationError

PID_PATTERN = re.compile(r"^p-[0-9a-f]{10}\Z")
GROUP_PATTERN = re.compile(r"^g-[0-9]{1,3}\Z")
MAX_NAME = 60
TOUCH_SECONDS = 30


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _group_id(session: dict, group_id) -> str | None:
    if session["mode"] != "group":
        return None
    groups = {g["id"]: g["name"] for g in session["groups"]}
    if group_id not in groups:
        wrong = "choose your table" if group_id is None else f"{group_id!r} is not a table of this session"
        raise ValidationError("table", f"{wrong}: one of {', '.join(groups.values())}.",
                              rule="table_missing" if group_id is None else "table_unknown",
                              value=str(group_id), tables=", ".join(groups.values()))
    return group_id


def create_participant(store, session: dict, *, name: str, kind: str, group_id, language: str) -> tuple[dict, str]:
    """Store a new participant under a fresh pid; returns it with its resume token."""
    moment = clock.iso(clock.now())
    for _ in range(20):
        pid, secret = "p-" + clock.token_hex(5), clock.token_hex(16)
        doc = {"schema_version": ss.SCHEMA_VERSION, "id": pid, "secret_hash": _secret_hash(secret),
               "name": name, "kind": kind, "group_id": group_id, "language": language,
               "joined_at": moment, "last_seen": moment}
        if ss.claim_new(store, (session["id"], "participants", pid), doc):
            return doc, f"{pid}.{secret}"
    raise ValidationError("participant", "no free participant id was found; try again.", rule="no_free_id")


def join(store, code: str, name: str = "", group_id: str | None = None,
         language: str | None = None) -> tuple[dict, str]:
    """Join a session: (participant, resume token). In group mode a table must be chosen."""
    session = ss.get_session(store, code)
    name = ss.clean_text("name", name, MAX_NAME)
    language = ss.check_language(language or session["language"])
    return create_participant(store, session, name=name, kind="person",
                              group_id=_group_id(session, group_id), language=language)


def get_participant(store, code: str, pid: str) -> dict:
    code = ss.normalize_code(code)
    key = _participant_key(code, pid)
    if not store.exists(key):
        raise _not_in_session(code, pid)
    return store.read(key)


def _participant_key(code: str, pid) -> tuple:
    """The participant's document key; NotFound for an id that cannot be one."""
    if not isinstance(pid, str) or not PID_PATTERN.match(pid):
        raise _not_in_session(code, pid)
    return (code, "participants", pid)


def _not_in_session(code: str, pid) -> NotFound:
    return NotFound("participant", str(pid), f"It is not part of session {code}.")


def resume(store, code: str, token: str) -> dict:
    """The participant a resume token belongs to; AccessDenied for any bad or foreign token."""
    code = ss.get_session(store, code)["id"]
    pid, _, secret = str(token or "").partition(".")
    try:
        participant = get_participant(store, code, pid)
    except NotFound:
        raise AccessDenied("resume link") from None
    if not secret or not hmac.compare_digest(_secret_hash(secret), participant["secret_hash"]):
        raise AccessDenied("resume link")
    touch(store, code, pid)
    return participant


def touch(store, code: str, pid: str) -> bool:
    """Record that a participant is here; writes at most once per 30 s. True when it wrote."""
    code = ss.normalize_code(code)
    at = clock.now()
    if not _stale(_seen(store, code, pid), at):
        return False

    def fn(current):
        if current is None:  # withdrew (or the session was deleted) since the read above
            raise NotFound("participant", pid, f"It is not part of session {code}.")
        if _stale(current, at):
            current["last_seen"] = clock.iso(at)
        return current

    store.update((code, "participants", pid), fn)
    return True


_SEEN = StampCache(lambda doc: {"last_seen": doc.get("last_seen")}, size=1024)


def _seen(store, code: str, pid: str) -> dict:
    """The participant's last_seen as every save and room poll checks it: one stat while the
    document is unchanged (it changes at most every TOUCH_SECONDS), not a read and a parse."""
    key = _participant_key(code, pid)
    try:
        return _SEEN.get(store, key)
    except NotFound:
        raise _not_in_session(code, pid) from None


def _stale(participant: dict, at) -> bool:
    seen = participant.get("last_seen")
    return not seen or (at - clock.parse_iso(seen)).total_seconds() >= TOUCH_SECONDS


def list_participants(store, code: str) -> list[dict]:
    """Every participant of a session, in join order."""
    code = ss.normalize_code(code)
    people = [store.read((code, "participants", pid)) for pid in store.documents((code, "participants"))]
    return sorted(people, key=lambda p: (p.get("joined_at") or "", p["id"]))


def owner_of(session: dict, participant: dict) -> str:
    """Whose work a participant edits (stored documents; see records.owner_id)."""
    return owner_id(session["mode"] == "group", participant["id"], participant.get("group_id"))
