"""Worksheet answers (merged field by field, so no one's text is lost) and feedback.

A worksheet save carries, for each changed field, the value the writer started from (`base`).
Under the store's lock each field is then taken, skipped or merged:

    stored is empty, or stored == base      -> the new value is taken
    stored == new value                     -> nothing to do
    new value == base (this writer kept it) -> the stored value stays
    otherwise (both changed it)             -> lists merge item by item and dicts key by key;
                                               two changed texts are both kept (stored +
                                               SEPARATOR + new), and a conflict entry records
                                               the stored and incoming values
"""

from __future__ import annotations

from .. import clock
from . import participants as pp
from . import responses as rs
from . import sessions as ss
from ..errors import ActivityClosed, ValidationError
from ..store import SEGMENT

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


def _three_way(stored, incoming, base):
    """(merged value, conflicted): what both writers meant, given the value they both started from.

    Lists (repeatable groups) merge item by item and dicts (a profile, a contrast) key by key, so
    two people editing different parts of one group both keep their work. Where both changed the
    same text, both texts are kept; where both changed the same number, the newer one wins and the
    conflict entry keeps the other."""
    if stored == incoming or incoming == base or (is_empty(incoming) and is_empty(base)):
        return stored, False
    if stored == base or is_empty(stored):
        return incoming, False
    if isinstance(stored, dict) and isinstance(incoming, dict):
        return _merge_items({k: stored.get(k) for k in {**stored, **incoming}}, incoming, base or {})
    if isinstance(stored, list) and isinstance(incoming, list):
        return _merge_list(stored, incoming, base if isinstance(base, list) else [])
    if isinstance(stored, str) and isinstance(incoming, str) and not is_empty(incoming):
        return stored + SEPARATOR + incoming, True
    return (incoming, True) if not is_empty(incoming) else (stored, True)


def _merge_items(stored: dict, incoming: dict, base: dict) -> tuple[dict, bool]:
    merged, conflicted = {}, False
    for key in stored:
        merged[key], clash = _three_way(stored.get(key), incoming.get(key), base.get(key))
        conflicted = conflicted or clash
    return merged, conflicted


def _merge_list(stored: list, incoming: list, base: list) -> tuple[list, bool]:
    # One side added or removed items and the other kept the count: follow the side that changed it.
    if len(stored) == len(base):
        count = len(incoming)
    elif len(incoming) == len(base):
        count = len(stored)
    else:
        count = max(len(stored), len(incoming))
    at = lambda items, i: items[i] if i < len(items) else None  # noqa: E731
    pairs = [_three_way(at(stored, i), at(incoming, i), at(base, i)) for i in range(count)]
    return [value for value, _ in pairs], any(clash for _, clash in pairs)


def _merge(data: dict, field: str, incoming, base_value, by, at: str) -> dict | None:
    """Apply one field's change; returns a conflict entry when someone else changed it meanwhile."""
    answers, revisions = data["answers"], data["revisions"]
    stored = answers.get(field)
    merged, conflicted = _three_way(stored, incoming, base_value)
    if merged != stored:
        answers[field] = merged
        if not is_empty(stored):
            revisions[field] = revisions.get(field, 0) + 1
    return {"field": field, "kept": stored, "incoming": incoming, "by": by, "at": at} if conflicted else None


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
