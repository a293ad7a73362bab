"""Worksheet answers (merged field by field, so no one's text is lost) and feedback.

A worksheet save carries, for each changed field, the value the writer started from (`base`).
Under the store's lock each field is then taken, skipped or merged:

    stored is empty, or stored == base      -> the new value is taken
    stored == new value                     -> nothing to do
    otherwise (someone else changed it)     -> CONFLICT: both texts are kept
                                               (stored + SEPARATOR + new) and a conflict entry
                                               is recorded; a list or dict keeps the stored value
                                               and the entry holds the incoming one
"""

from __future__ import annotations

from . import clock
from . import participants as pp
from . import responses as rs
from . import sessions as ss
from .errors import ActivityClosed, ValidationError
from .store import SEGMENT

SEPARATOR = "\n---\n"
DEFAULT_MAX_CHARS = 5000
SCALE_QUESTIONS = ("ease", "relevance", "effectiveness")
TEXT_QUESTIONS = ("confusing", "missing", "suggestions")
SCALE = (1, 5)
MAX_FEEDBACK_TEXT = 2000


def is_empty(value) -> bool:
    """None, blank text, and lists or dicts holding only empty values are empty; numbers are not."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(is_empty(v) for v in value)
    return False


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def _check_changes(changes: dict, limits: dict) -> None:
    for field, value in changes.items():
        if not isinstance(field, str) or not SEGMENT.match(field):
            raise ValidationError("field", f"{field!r} is not a worksheet field id.")
        limit = limits.get(field) or DEFAULT_MAX_CHARS
        for text in _texts(value):
            if len(text) > limit:
                raise ValidationError(field, f"is {len(text)} characters long; the limit is {limit}. "
                                             "Nothing was saved: shorten it and save again.",
                                      rule="too_long_unsaved", length=len(text), limit=limit)


def _merge(data: dict, field: str, incoming, base_value, by, at: str) -> dict | None:
    """Apply one field's change; returns a conflict entry when someone else changed it meanwhile."""
    answers, revisions = data["answers"], data["revisions"]
    stored = answers.get(field)
    if stored == incoming:
        return None
    if is_empty(stored) or stored == base_value:
        answers[field] = incoming
        if not is_empty(stored):
            revisions[field] = revisions.get(field, 0) + 1
        return None
    if isinstance(stored, str) and isinstance(incoming, str) and not is_empty(incoming):
        answers[field] = stored + SEPARATOR + incoming
    return {"field": field, "kept": stored, "incoming": incoming, "by": by, "at": at}


def save_answers(store, code: str, owner_id: str, activity: str, changes: dict, base: dict | None = None, *,
                 by: str | None = None, limits: dict | None = None) -> tuple[dict, list[dict]]:
    """Save changed worksheet fields; returns (saved response, conflicts this save produced).

    `base` maps each changed field to the value this writer last saw; `limits` maps field ids to
    their maximum length (other text is capped at 5000). Too long text is refused whole."""
    if activity == "card_sort":
        raise ValidationError("activity", "the card sort is saved with save_sort, not save_answers.")
    _check_changes(changes, limits or {})
    base = base or {}
    conflicts: list[dict] = []

    def change(doc, at):
        for field, value in changes.items():
            conflict = _merge(doc["data"], field, value, base.get(field), by, clock.iso(at))
            if conflict:
                conflicts.append(conflict)
        doc["conflicts"].extend(conflicts)

    doc = rs.edit_response(store, code, owner_id, activity, change, by=by)
    return doc, conflicts


# ---- feedback ------------------------------------------------------------------------------


def feedback_key(code: str, pid: str, activity: str) -> tuple:
    return (code, "feedback", pid, activity)


def get_feedback(store, code: str, pid: str, activity: str) -> dict | None:
    key = feedback_key(ss.normalize_code(code), pid, activity)
    return store.read(key) if store.exists(key) else None


def _check_score(question: str, value) -> int:
    low, high = SCALE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(question, f"{value!r} is not in the range {low}-{high}.",
                              rule="score_range", value=str(value), low=low, high=high)
    return value


def _clean_feedback(answers: dict) -> dict:
    cleaned = {}
    for question, value in answers.items():
        if question in SCALE_QUESTIONS:
            if value is not None:
                cleaned[question] = _check_score(question, value)
        elif question in TEXT_QUESTIONS:
            text = ss.clean_text(question, value, MAX_FEEDBACK_TEXT)
            if text:
                cleaned[question] = text
        else:
            raise ValidationError("feedback", f"'{question}' is not a feedback question "
                                              f"({', '.join(SCALE_QUESTIONS + TEXT_QUESTIONS)}).")
    return cleaned


def save_feedback(store, code: str, pid: str, activity: str, answers: dict, language: str) -> dict:
    """Store one participant's feedback on an activity (sent again, it replaces the earlier one).
    Unanswered questions (None or blank) are left out. Accepted once the activity has opened."""
    session = rs.open_session(store, code, activity, require_open=False)
    if session["activity_state"][activity]["status"] == "pending":
        raise ActivityClosed(activity)
    cleaned = _clean_feedback(dict(answers))
    doc = {"schema_version": ss.SCHEMA_VERSION, "session_id": session["id"], "participant_id": pid,
           "activity": activity, "language": ss.check_language(language),
           "submitted_at": clock.iso(clock.now()), "answers": cleaned}
    pp.touch(store, session["id"], pid)
    store.write(feedback_key(session["id"], pid, activity), doc)
    return doc
