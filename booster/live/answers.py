"""Worksheet answers (merged field by field, so no one's text is lost) and feedback.

A worksheet save carries, for each changed field, the value the writer started from (`base`).
Under the store's lock each field is then taken, skipped or merged:

    stored is empty, or stored == base      -> the new value is taken
    stored == new value                     -> nothing to do
    new value == base (this writer kept it),
    or new value and base both empty        -> the stored value stays
    otherwise (both changed it)             -> dicts merge key by key, and lists (repeatable
                                               groups) item by item, matched by each item's
                                               `item_id`; two changed texts are both kept
                                               (stored + SEPARATOR + new) unless one holds
                                               the other, and a conflict entry records the
                                               stored and incoming values

Every text is checked on the server against its own field's limit from the session's content
(a group's sub-fields and a contrast's note included). The limit applies to what a person types,
not to what a merge keeps: a merged text may be longer than its field allows, and a later save of
that text may keep its length (or shorten it) but not grow it.
"""

from __future__ import annotations

import contextlib
import re
import secrets

from .. import clock
from .. import content as content_mod
from . import participants as pp
from . import responses as rs
from . import sessions as ss
from ..errors import ActivityClosed, StoreError, ValidationError
from ..store import SEGMENT

SEPARATOR = "\n---\n"
DEFAULT_MAX_CHARS = 5000
CONTRAST_NOTE_MAX = 300
ITEM_ID = "item_id"
_ITEM_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
SCALE_QUESTIONS = ("ease", "relevance", "effectiveness")
TEXT_QUESTIONS = ("confusing", "missing", "suggestions")
SCALE = (1, 5)
MAX_FEEDBACK_TEXT = 2000


def new_item_id() -> str:
    """An id for an item added to a repeatable group: two people adding one at the same moment
    get two items, instead of both writing into the same position."""
    return secrets.token_hex(4)


def is_empty(value) -> bool:
    """None, blank text, and lists or dicts holding only empty values are empty; numbers are not.
    An item's `item_id` is bookkeeping, not an answer."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(is_empty(v) for k, v in value.items() if k != ITEM_ID)
    if isinstance(value, list):
        return all(is_empty(v) for v in value)
    return False


# ---- checking a save against the worksheet's own fields ------------------------------------


def field_limit(field) -> int:
    """The most characters a person may type into a text field (a contrast's note included)."""
    return field.max_length or (CONTRAST_NOTE_MAX if field.type == "contrast" else DEFAULT_MAX_CHARS)


def _check_changes(changes: dict, base: dict, worksheet) -> None:
    fields = {f.id: f for f in worksheet.fields}
    for field_id, value in changes.items():
        field = fields.get(field_id) if isinstance(field_id, str) else None
        if field is None:
            raise ValidationError("field", f"{field_id!r} is not a field of this worksheet.")
        _check_value(field, value, base.get(field_id))


def _check_value(field, value, base) -> None:
    if value is None or field.type in ("text", "textarea"):
        _check_text(field.id, value, field_limit(field), base)
    elif field.type == "contrast":
        _check_contrast(field, value, base)
    else:
        _check_group(field, value, base)


def _check_text(field_id: str, value, limit: int, base) -> None:
    """A text within its limit - or no longer than the text this writer started from, which a
    merge may have made longer than the limit (shortening it must stay possible)."""
    if value is None:
        return
    if not isinstance(value, str):
        raise ValidationError(field_id, f"{type(value).__name__} is not text.")
    allowed = max(limit, len(base) if isinstance(base, str) else 0)
    if len(value) > allowed:
        raise ValidationError(field_id, f"is {len(value)} characters long; the limit is {limit}. "
                                        "Nothing was saved: shorten it and save again.",
                              rule="too_long_unsaved", length=len(value), limit=limit)


def _check_contrast(field, value, base) -> None:
    if not isinstance(value, dict) or not set(value) <= {"value", "note"}:
        raise ValidationError(field.id, "a contrast is saved as {value, note}.")
    position = value.get("value")
    if position is not None and (isinstance(position, bool) or position not in range(1, 6)):
        raise ValidationError(field.id, f"{position!r} is not a position from 1 to 5.")
    _check_text(field.id, value.get("note"), field_limit(field), (base or {}).get("note")
                if isinstance(base, dict) else None)


def _check_group(field, value, base) -> None:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValidationError(field.id, "a repeatable group is saved as a list of items.")
    if len(value) > field.max_items:
        raise ValidationError(field.id, f"has {len(value)} items; at most {field.max_items} are allowed.")
    subs = {sub.id: sub for sub in field.fields}
    base_items = _by_id(base if isinstance(base, list) else [])
    for index, item in enumerate(value):
        unknown = set(item) - set(subs) - {ITEM_ID}
        if unknown:
            raise ValidationError(field.id, f"{sorted(unknown)} are not parts of this group.")
        if ITEM_ID in item and not (isinstance(item[ITEM_ID], str) and _ITEM_ID_PATTERN.match(item[ITEM_ID])):
            raise ValidationError(field.id, f"{item[ITEM_ID]!r} is not an item id.")
        before = base_items.get(item_key(item, index), {})
        for sub_id, text in item.items():
            if sub_id != ITEM_ID:
                _check_text(field.id, text, field_limit(subs[sub_id]), before.get(sub_id))


# ---- the three-way merge -------------------------------------------------------------------


def _three_way(stored, incoming, base):
    """(merged value, conflicted): what both writers meant, given the value they both started from.

    Lists (repeatable groups) merge item by item and dicts (a profile, a contrast) key by key, so
    two people editing different parts of one group both keep their work. Where both changed the
    same text, both texts are kept; where both changed the same number, the newer one wins and the
    conflict entry keeps the other."""
    if stored == incoming or incoming == base:
        return stored, False
    if stored == base:
        return incoming, False
    if isinstance(stored, list) and isinstance(incoming, list):
        # Before the emptiness rules: an item just added is empty, and must not be dropped.
        return _merge_list(stored, incoming, base if isinstance(base, list) else [])
    if is_empty(incoming) and is_empty(base):
        return stored, False
    if is_empty(stored):
        return incoming, False
    if isinstance(stored, dict) and isinstance(incoming, dict):
        return _merge_items({k: stored.get(k) for k in {**stored, **incoming}}, incoming,
                            base if isinstance(base, dict) else {})
    if isinstance(stored, str) and isinstance(incoming, str) and not is_empty(incoming):
        if stored in incoming:  # the writer went on from the stored text (e.g. a save whose answer
            return incoming, False  # was lost in a crash, sent again with what was typed since)
        if incoming in stored:
            return stored, False
        return stored + SEPARATOR + incoming, True
    return (incoming, True) if not is_empty(incoming) else (stored, True)


def _merge_items(stored: dict, incoming: dict, base: dict) -> tuple[dict, bool]:
    merged, conflicted = {}, False
    for key in stored:
        merged[key], clash = _three_way(stored.get(key), incoming.get(key), base.get(key))
        conflicted = conflicted or clash
    return merged, conflicted


def item_key(item: dict, index: int) -> str:
    """Items match by their `item_id`; items saved before ids existed match by position."""
    return item.get(ITEM_ID) or f"#{index}"


def picked_name(answers: dict, group: str, pick) -> str:
    """What a choice shows: a pick is stored as the picked item's `item_key` (its id, or `#0` for
    a table's first item), so renaming the item keeps the pick; the item's current name is shown.
    A pick stored as a name (data saved before picks were ids) or of an item since removed is
    shown as it is stored."""
    items = answers.get(group)
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and item_key(item, index) == pick:
            name = item.get("name")
            return name.strip() if isinstance(name, str) else ""  # emptied since: no id shown
    return pick if isinstance(pick, str) else ""


def with_picked_names(answers: dict, worksheet) -> dict:
    """`answers` with every choice in a repeatable group replaced by the name it picks (for
    reading: analysis, debrief); the stored answers keep the picks."""
    out = dict(answers)
    for field in worksheet.fields:
        if field.type != "group" or not isinstance(answers.get(field.id), list):
            continue
        choices = {sub.id: sub.choices_from for sub in field.fields if sub.type == "choice"}
        out[field.id] = [{k: picked_name(answers, choices[k], v) if k in choices else v for k, v in item.items()}
                         if isinstance(item, dict) else item for item in answers[field.id]]
    return out


def _by_id(items: list) -> dict[str, dict]:
    return {item_key(item, i): item for i, item in enumerate(items) if isinstance(item, dict)}


def _merge_list(stored: list, incoming: list, base: list) -> tuple[list, bool]:
    """Items in the stored order, then the items only this writer has. An item one side removed
    stays removed unless the other side changed it meanwhile (then it is kept: nothing typed is
    lost). Never yields anything but dicts."""
    mine, theirs, before = _by_id(stored), _by_id(incoming), _by_id(base)
    merged, conflicted = [], False
    for key in [*mine, *(k for k in theirs if k not in mine)]:
        if key in mine and key in theirs:
            item, clash = _three_way(mine[key], theirs[key], before.get(key))
        else:
            item = mine.get(key, theirs.get(key))
            if key in before and (item == before[key] or is_empty(item)):
                continue  # removed by one side, not changed (or emptied) by the other
            if key not in mine and ITEM_ID not in item and is_empty(item):
                continue  # a screen's blank first slot, not an item someone added
            clash = key in before  # one side removed it while the other changed it
        merged.append(item if isinstance(item, dict) else {})
        conflicted = conflicted or clash
    return merged, conflicted


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
                 by: str | None = None) -> tuple[dict, list[dict]]:
    """Save changed worksheet fields; returns (saved response, conflicts this save produced).

    `base` maps each changed field to the value this writer last saw. Every text is checked
    against its own field's limit in the session's content version; too long text is refused
    whole (nothing of the save is stored)."""
    if activity == "card_sort":
        raise ValidationError("activity", "the card sort is saved with save_sort, not save_answers.")
    base = base or {}
    session = rs.open_session(store, code, activity, require_open=False)
    _check_changes(changes, base, content_mod.cached_content(session["content_version"]).worksheets[activity])
    conflicts: list[dict] = []

    def change(doc, at):
        for field, value in changes.items():
            conflict = _merge(doc["data"], field, value, base.get(field), by, clock.iso(at))
            if conflict:
                conflicts.append(conflict)
        doc["conflicts"].extend(conflicts)

    doc = rs.edit_response(store, code, owner_id, activity, change, by=by, session=session)
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


def feedback_draft_key(code: str, pid: str, activity: str) -> tuple:
    return (code, "feedback_drafts", pid, activity)


def get_feedback_draft(store, code: str, pid: str, activity: str) -> dict:
    """What a participant has answered of an activity's feedback so far ({} if nothing)."""
    key = feedback_draft_key(ss.normalize_code(code), pid, activity)
    return (store.read(key).get("answers") or {}) if store.exists(key) else {}


def _draft_value(question: str, value):
    if question in SCALE_QUESTIONS:
        return None if value is None else _check_score(question, value)
    if question not in TEXT_QUESTIONS:
        raise ValidationError("feedback", f"'{question}' is not a feedback question "
                                          f"({', '.join(SCALE_QUESTIONS + TEXT_QUESTIONS)}).")
    if value is not None and not isinstance(value, str):
        raise ValidationError(question, f"{type(value).__name__} is not text.")
    _check_text(question, value, MAX_FEEDBACK_TEXT, None)
    return value or None


def save_feedback_draft(store, code: str, pid: str, activity: str, changes: dict) -> dict:
    """Keep feedback answers as they are given, before the participant sends the feedback (so a
    reload or a server restart loses nothing typed); returns the draft's answers. Text is kept as
    typed (not stripped); an emptied answer is dropped. `save_feedback` removes the draft."""
    session = rs.open_session(store, code, activity, require_open=False)
    if session["activity_state"][activity]["status"] == "pending":
        raise ActivityClosed(activity)
    pp.get_participant(store, session["id"], pid)  # a withdrawn participant keeps no draft
    cleaned = {question: _draft_value(question, value) for question, value in dict(changes).items()}

    def change(doc):
        doc = doc or {"schema_version": ss.SCHEMA_VERSION, "session_id": session["id"], "participant_id": pid,
                      "activity": activity, "answers": {}}
        for question, value in cleaned.items():
            if value is None:
                doc["answers"].pop(question, None)
            else:
                doc["answers"][question] = value
        doc["updated_at"] = clock.iso(clock.now())
        return doc

    return store.update(feedback_draft_key(session["id"], pid, activity), change)["answers"]


def save_feedback(store, code: str, pid: str, activity: str, answers: dict, language: str, *,
                  tool: str | None = None) -> dict:
    """Store one participant's feedback on an activity (sent again, it replaces the earlier one).
    Unanswered questions (None or blank) are left out. Accepted once the activity has opened.
    `tool` is what the feedback rates (Content.feedback_tool: a tool id, or `structure`)."""
    if tool is not None and (not isinstance(tool, str) or not SEGMENT.match(tool)):
        raise ValidationError("tool", f"{tool!r} is not a tool id.")
    session = rs.open_session(store, code, activity, require_open=False)
    if session["activity_state"][activity]["status"] == "pending":
        raise ActivityClosed(activity)
    cleaned = _clean_feedback(dict(answers))
    doc = {"schema_version": ss.SCHEMA_VERSION, "session_id": session["id"], "participant_id": pid,
           "activity": activity, "tool": tool, "language": ss.check_language(language),
           "submitted_at": clock.iso(clock.now()), "answers": cleaned}
    pp.touch(store, session["id"], pid)
    store.write(feedback_key(session["id"], pid, activity), doc)
    # Sent: the draft has done its work. The feedback is saved, so a draft that cannot be deleted just
    # now must not show the send as failed (the analysis never reads drafts).
    with contextlib.suppress(StoreError):
        store.delete(feedback_draft_key(session["id"], pid, activity))
    return doc
