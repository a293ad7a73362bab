"""Participants' rights and the privacy notice: what is stored about a person, and removing it.

    my_data(store, code, pid)        everything stored about one participant, as one JSON-ready dict
    withdraw(store, code, pid)       remove their answers, placements, feedback and its drafts (group mode: their
                                     table's shared sheet stays; their name and feedback go)
    set_withdrawals(store, code, allowed, role)   the facilitator closes or reopens withdrawals
    notice_text(language)            an organisation's own notice (BOOSTER_PRIVACY_NOTICE), or None

Deleting whole sessions and retention live in booster.privacy.deletion.
"""

from __future__ import annotations

from pathlib import Path

from .. import clock, settings
from ..errors import NotFound, StoreError, ValidationError
from ..live import participants as pp
from ..live import sessions as ss
from . import audit

SCHEMA_VERSION = 1
PRIVATE_FIELDS = ("secret_hash",)  # never shown, even to the person: it only proves the link


def withdrawals_open(session: dict) -> bool:
    return not session.get("withdrawals_closed", False)


def _check_open(session: dict) -> None:
    if not withdrawals_open(session):
        raise ValidationError("withdrawal", "the facilitator has closed this session to withdrawals and "
                                            "data requests; ask the facilitator or the organiser.",
                              rule="withdrawals_closed")


def _own_keys(store, code: str, pid: str) -> list[tuple]:
    """The documents that are this participant's alone: their responses, feedback and feedback drafts."""
    return [(code, kind, pid, activity) for kind in ("responses", "feedback", "feedback_drafts")
            for activity in store.documents((code, kind, pid))]


def _table_keys(store, session: dict, participant: dict) -> list[tuple]:
    owner = pp.owner_of(session, participant)
    if owner == participant["id"]:
        return []
    return [(session["id"], "responses", owner, a) for a in store.documents((session["id"], "responses", owner))]


def my_data(store, code: str, pid: str) -> dict:
    """Everything stored about a participant: their record (without the link's hash), their own
    responses and feedback, and in group mode their table's shared responses."""
    session = ss.get_session(store, code)
    _check_open(session)
    participant = pp.get_participant(store, session["id"], pid)
    own = {key: store.read(key) for key in _own_keys(store, session["id"], pid)}
    return {
        "schema_version": SCHEMA_VERSION, "exported_at": clock.iso(clock.now()),
        "session": {k: session.get(k) for k in ("id", "title", "country", "agency", "date", "mode")},
        "participant": {k: v for k, v in participant.items() if k not in PRIVATE_FIELDS},
        "responses": [doc for key, doc in own.items() if key[1] == "responses"],
        "feedback": [doc for key, doc in own.items() if key[1] == "feedback"],
        "feedback_drafts": [doc for key, doc in own.items() if key[1] == "feedback_drafts"],
        "table_responses": [store.read(key) for key in _table_keys(store, session, participant)],
    }


def withdraw(store, code: str, pid: str) -> dict:
    """Remove a participant's own answers, placements, feedback and record from a session.

    In group mode the table's shared sheet stays (others wrote it too); the withdrawn participant's
    id is taken out of its conflict notes. Their own documents go first and the participant record
    last, so a crash half-way leaves a participant who can withdraw again. Returns what was removed:
    {"documents": n, "table_sheets_kept": n}."""
    session = ss.get_session(store, code)
    _check_open(session)
    code = session["id"]
    participant = pp.get_participant(store, code, pid)
    removed = _own_keys(store, code, pid)
    for key in removed:
        store.delete(key)
    tables = _table_keys(store, session, participant)
    for key in tables:
        if any(c.get("by") == pid for c in store.read(key).get("conflicts") or []):
            store.update(key, lambda doc: _without_author(doc, pid))
    store.delete((code, "participants", pid))
    for key in _own_keys(store, code, pid):  # anything a last save of theirs wrote meanwhile
        store.delete(key)
    audit.record(store, code, "participant", "withdrawn")
    return {"documents": len(removed), "table_sheets_kept": len(tables)}


def _without_author(doc: dict | None, pid: str) -> dict:
    if doc is None:  # the sheet went meanwhile (its session was deleted): write nothing
        raise NotFound("document", "table sheet")
    for conflict in doc.get("conflicts") or []:
        if conflict.get("by") == pid:
            conflict["by"] = "withdrawn"
    return doc


def set_withdrawals(store, code: str, allowed: bool, role: str = "facilitator") -> dict:
    """Open or close the session to participants' data requests and withdrawals (logged)."""
    code = ss.get_session(store, code)["id"]

    def change(session):
        session["withdrawals_closed"] = not allowed
        return session

    session = store.update((code, "session"), change)
    audit.record(store, session["id"], role, "withdrawals_opened" if allowed else "withdrawals_closed")
    return session


# ---- the notice ----------------------------------------------------------------------------


def notice_text(language: str) -> str | None:
    """The organisation's own notice when BOOSTER_PRIVACY_NOTICE names a file, else None.

    The path may hold `{lang}` (e.g. /etc/booster/privacy.{lang}.md) for one file per language;
    a missing language file falls back to the English one."""
    setting, name = settings.privacy_notice(), settings.PRIVACY_NOTICE.name
    if not setting:
        return None
    paths = [setting.replace("{lang}", language), setting.replace("{lang}", "en")]
    for path in dict.fromkeys(paths):
        try:
            return Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(path, f"(the {name} file) cannot be read ({exc}).", rule="notice") from exc
    raise StoreError(paths[0], f"(the {name} file) does not exist.", rule="notice")
