"""Workshop sessions: creating one, finding it by join code, the facilitator PIN and activity state.

Also the small validation helpers the other workshop modules share (clean_text, check_choice...).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import uuid

from .. import clock
from ..clock import iso, now, token_hex
from ..errors import AccessDenied, NotFound, ValidationError
from ..store import StampCache
from .records import Session

# Ids fixed by docs/DATA.md.
ACTIVITIES = ("card_sort", "service_challenge", "user_characteristics")
STEPS = ("scope", "engage", "understand", "reframe", "design", "test", "communicate")
MODES = ("individual", "group")
SORT_MODES = ("closed", "hybrid")
STATUSES = ("pending", "open", "closed")
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CODE_PATTERN = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}\Z")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?\Z")
PIN_PATTERN = re.compile(r"^[0-9]{4,12}\Z")
PIN_ITERATIONS = 100_000
MAX_TITLE = 120
MAX_TABLES = 30
MAX_COUNTDOWN_MINUTES = 240
WRONG_CODE_HINT = "Check the code on the facilitator's screen."
SCHEMA_VERSION = 1


# ---- validation helpers shared by the workshop modules -------------------------------------


def clean_text(field: str, value, max_len: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, f"expected text, got {type(value).__name__}.")
    value = value.strip()
    if required and not value:
        raise ValidationError(field, "must not be empty.", rule="empty")
    if len(value) > max_len:
        raise ValidationError(field, f"is {len(value)} characters long; the limit is {max_len}.",
                              rule="too_long", length=len(value), limit=max_len)
    return value


def check_choice(field: str, value, allowed) -> str:
    if value not in allowed:
        raise ValidationError(field, f"{value!r} is not one of {', '.join(allowed)}.",
                              rule="choice", value=str(value), choices=", ".join(allowed))
    return value


def check_language(value) -> str:
    if not isinstance(value, str) or not LANGUAGE_PATTERN.match(value):
        raise ValidationError("language", f"{value!r} is not a language code such as 'en' or 'id'.")
    return value


# ---- sessions ------------------------------------------------------------------------------


def hash_pin(pin: str, salt_hex: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt_hex), PIN_ITERATIONS).hex()


def _new_code() -> str:
    return "".join(clock.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _check_activities(activities) -> list[str]:
    chosen = list(dict.fromkeys(activities or []))
    if not chosen:
        raise ValidationError("activities", "choose at least one activity.", rule="no_activity")
    for activity in chosen:
        check_choice("activities", activity, ACTIVITIES)
    return chosen


def _check_date(value: str) -> str:
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValidationError("date", f"{value!r} is not a date like 2025-08-14.",
                              rule="date_format", value=str(value)) from None


def _groups(mode: str, tables: int) -> list[dict]:
    if mode != "group":
        return []
    if not isinstance(tables, int) or not 1 <= tables <= MAX_TABLES:
        raise ValidationError("groups", f"{tables!r} tables: a group session needs 1 to {MAX_TABLES}.",
                              rule="tables_range", value=str(tables), max=MAX_TABLES)
    return [{"id": f"g-{i}", "name": f"Table {i}"} for i in range(1, tables + 1)]


def _check_decks(content_version: str, decks) -> list[str]:
    """The decks a session deals: the content version's default decks when none are given."""
    from ..content import cached_content  # the content is read once per process

    content = cached_content(content_version)
    chosen = list(dict.fromkeys(content.default_decks() if decks is None else decks))
    for deck in chosen:
        check_choice("decks", deck, content.deck_ids())
    if not content.deck_card_ids(chosen):
        raise ValidationError("decks", "choose at least one deck of cards.", rule="no_deck")
    return chosen


def _session_doc(*, title, country, agency, date, language, content_version, activities, mode,
                 sort_mode, pin, groups, demo, decks=None) -> dict:
    if not isinstance(pin, str) or not PIN_PATTERN.match(pin):
        raise ValidationError("PIN", "must be 4 to 12 digits.", rule="pin_format", min=4, max=12)
    if not isinstance(content_version, str) or not re.match(r"^[A-Za-z0-9_.-]{1,20}\Z", content_version):
        raise ValidationError("content_version", f"{content_version!r} is not a content version.")
    activities = _check_activities(activities)
    salt = token_hex(16)
    return {
        "schema_version": SCHEMA_VERSION, "id": None, "uid": uuid.UUID(token_hex(16), version=4).hex,
        "title": clean_text("title", title, MAX_TITLE, required=True),
        "country": clean_text("country", country, 60, required=True),
        "agency": clean_text("agency", agency, 120), "language": check_language(language),
        "date": _check_date(date), "content_version": content_version, "activities": activities,
        "decks": _check_decks(content_version, decks) if "card_sort" in activities else [],
        "mode": check_choice("mode", mode, MODES), "sort_mode": check_choice("sort_mode", sort_mode, SORT_MODES),
        "groups": _groups(mode, groups), "pin_salt": salt, "pin_hash": hash_pin(pin, salt),
        "activity_state": {a: {"status": "pending", "ends_at": None, "revealed": False} for a in activities},
        "created_at": iso(now()), "demo": bool(demo)}


def create_session(store, *, title: str, country: str, agency: str, date: str, language: str,
                   content_version: str, activities: list[str], mode: str, sort_mode: str, pin: str,
                   groups: int = 0, demo: bool = False, decks: list[str] | None = None) -> dict:
    """Validate and store a new session under a fresh join code; every activity starts pending.
    `decks`: the card decks its card sort deals (the content version's default decks when None)."""
    doc = _session_doc(title=title, country=country, agency=agency, date=date, language=language,
                       content_version=content_version, activities=activities, mode=mode,
                       sort_mode=sort_mode, pin=pin, groups=groups, demo=demo, decks=decks)
    for _ in range(50):
        code = _new_code()
        if claim_new(store, (code, "session"), {**doc, "id": code}):
            return {**doc, "id": code}
    raise ValidationError("join code", "no free join code was found; try again.", rule="no_free_id")


def claim_new(store, key: tuple, doc: dict) -> bool:
    """Write `doc` under `key` only if nothing is there yet (under the store's lock)."""
    taken = []

    def fn(current):
        if current is not None:
            taken.append(True)
            return current
        return doc

    store.update(key, fn)
    return not taken


def normalize_code(code) -> str:
    """'k7p qm2 ' -> 'K7PQM2'; NotFound when it cannot be a join code."""
    cleaned = re.sub(r"[\s-]", "", str(code or "")).upper()
    if not CODE_PATTERN.match(cleaned):
        raise NotFound("session", cleaned or str(code), WRONG_CODE_HINT)
    return cleaned


def get_session(store, code: str) -> dict:
    code = normalize_code(code)
    if not store.exists((code, "session")):
        raise _no_session(code)
    return store.read((code, "session"))


def _no_session(code: str) -> NotFound:
    return NotFound("session", code, WRONG_CODE_HINT)


_POLLED = StampCache(Session.of)
_DOCS = StampCache(lambda doc: doc)


def session_doc(store, code: str) -> dict:
    """The session document as every save checks it (the activity open, the owner one of its
    tables): read and parsed again only when it changed, one stat otherwise (StampCache). The
    dict is shared by every thread of the process: read it, never change it."""
    code = normalize_code(code)
    try:
        return _DOCS.get(store, (code, "session"))
    except NotFound:
        raise _no_session(code) from None


def polled_session(store, code: str) -> Session:
    """The session as every open screen polls it: read and parsed again only when its document
    changed (one stat otherwise; see booster.store.StampCache). Shared, immutable."""
    code = normalize_code(code)
    try:
        return _POLLED.get(store, (code, "session"))
    except NotFound:
        raise _no_session(code) from None


def check_pin(session: dict, pin: str) -> None:
    given = hash_pin(str(pin or ""), session["pin_salt"])
    if not hmac.compare_digest(given, session["pin_hash"]):
        raise AccessDenied("facilitator PIN")


def check_activity(session: dict, activity: str) -> None:
    if activity not in session["activities"]:
        raise ValidationError("activity", f"'{activity}' is not part of session {session['id']} "
                                          f"({', '.join(session['activities'])}).")


def edit_session(store, code: str, change) -> dict:
    """Apply `change(session)` to the stored session under the store's lock; the new session."""
    code = get_session(store, code)["id"]

    def fn(current):
        change(current)
        return current

    return store.update((code, "session"), fn)


def set_activity_status(store, code: str, activity: str, status: str, minutes: float | None = None,
                        auto_close: bool = False) -> dict:
    """Open, close or reset an activity. Opening one closes any other open one (one activity at a
    time); `minutes` starts the room timer (booster.live.room_timer): answers are still accepted after
    it unless `auto_close`, which closes the activity when the time is up."""
    check_choice("status", status, STATUSES)
    if minutes is not None and not (isinstance(minutes, (int, float)) and 0 < minutes <= MAX_COUNTDOWN_MINUTES):
        raise ValidationError("minutes", f"{minutes!r} is not between 1 and {MAX_COUNTDOWN_MINUTES}.",
                              rule="minutes_range", value=str(minutes), max=MAX_COUNTDOWN_MINUTES)
    ends_at = iso(now() + dt.timedelta(minutes=minutes)) if minutes and status == "open" else None

    def change(session):
        check_activity(session, activity)
        for other, state in session["activity_state"].items():
            if status == "open" and other != activity and state["status"] == "open":
                state.update(status="closed", ends_at=None, paused_at=None)
        session["activity_state"][activity].update(status=status, ends_at=ends_at, paused_at=None,
                                                   auto_close=bool(auto_close and ends_at))
        if ends_at:
            session["activity_state"][activity]["minutes"] = minutes  # a duplicate's default

    return edit_session(store, code, change)


def set_revealed(store, code: str, activity: str, revealed: bool) -> dict:
    def change(session):
        check_activity(session, activity)
        session["activity_state"][activity].update(revealed=bool(revealed),
                                                   revealed_at=iso(now()) if revealed else None)

    return edit_session(store, code, change)

