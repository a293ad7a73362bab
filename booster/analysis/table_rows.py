"""One session's stored documents turned into table rows (used by booster.analysis.tables).

Each builder appends tuples to `rows[<table>]`, their values in the order of COLUMNS[<table>] (a
tuple, not a dict, per row: the analysis builds hundreds of thousands of them); a document that does
not fit docs/DATA.md becomes one line in `problems` (a CorruptRecord message) instead of rows.
"""

from __future__ import annotations

import dataclasses
import json

from .. import piles
from ..errors import CorruptRecord
from ..live.answers import ITEM_ID, with_picked_names
from ..live.sessions import MODES, SORT_MODES

ACTIVITIES = ["card_sort", "service_challenge", "user_characteristics"]
SESSION_COLUMNS = ["session_id", "uid", "title", "country", "agency", "language", "date",
                   "content_version", "mode", "sort_mode", "demo"]
COLUMNS = {
    "sessions": SESSION_COLUMNS,
    "participants": ["session_id", "participant_id", "kind", "group_id", "name", "owner_id",
                     *(f"status_{a}" for a in ACTIVITIES),
                     "elapsed_seconds", "cards_sorted", "cards_total", "complete"],
    "responses": ["session_id", "owner_id", "activity", "status", "revision", "updated_at",
                  "n_conflicts"],
    "placements": ["session_id", "participant_id", "card_id", "step_id", "custom_label",
                   "custom_label_raw", "intended_step", "is_intended", "complete", "source"],
    "card_notes": ["session_id", "participant_id", "card_id", "note_type", "text"],
    "worksheet_answers": ["session_id", "owner_id", "activity", "field_id", "item_index",
                          "subfield", "value", "revisions"],
    "feedback": ["session_id", "participant_id", "activity", "tool", "question", "score", "text",
                 "answer_language"],
}
SESSION_TEXT = ["uid", "title", "country", "agency", "language", "date", "content_version", "mode"]


@dataclasses.dataclass(frozen=True)
class Deck:
    """What the analysis needs from one content version: the cards and where each belongs."""

    card_ids: tuple[str, ...]
    intended: dict
    steps: frozenset
    # Not compared: a Deck equals another when its cards, intended steps and steps do (the analysis
    # cache keeps a session's rows while its deck is equal, whichever object the content came in).
    worksheets: dict = dataclasses.field(default_factory=dict, compare=False)  # a choice's pick by its name
    content: object = dataclasses.field(default=None, compare=False)  # to narrow the deck to a session's decks

    @classmethod
    def of(cls, content) -> "Deck":
        intended = {c.id: c.intended_step for c in content.cards}
        return cls(tuple(content.card_ids()), intended, frozenset(content.step_ids()), dict(content.worksheets),
                   content)

    def dealt(self, decks) -> "Deck":
        """The cards a session with these `decks` dealt (a session without `decks` dealt them all):
        a sort is complete when all of those are placed."""
        if decks is None or self.content is None:
            return self
        return dataclasses.replace(self, card_ids=tuple(self.content.deck_card_ids(decks)))

    def accepts(self, pile) -> bool:
        return isinstance(pile, str) and (pile in self.steps or pile == piles.UNSURE or piles.is_custom(pile))


class _Bad(Exception):
    """A document that does not fit its schema (turned into a problem line)."""


def _need(doc: dict, field: str, kind: type):
    value = doc.get(field)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise _Bad(f"field '{field}' is missing or is not {kind.__name__}")
    return value


def problem(key: tuple, reason: str, skipped: str = "it") -> str:
    """A problem line naming the document's file: '... <key>.json: <reason>; <skipped> was skipped.'"""
    return str(CorruptRecord("/".join(key) + ".json", f"{reason}; {skipped} was skipped."))


def _shown(value) -> str:
    """A stored value as the JSON file shows it, with its kind: 'a list ["a", "b"]', 'missing'."""
    if value is None:
        return "missing"
    kind = {list: "a list", dict: "an object", bool: "", str: "text"}.get(type(value), "a number")
    text = json.dumps(value, ensure_ascii=False)
    return f"{kind} {text[:60]}{'...' if len(text) > 60 else ''}".strip()


def session_problem(doc: dict) -> str | None:
    """Why a session document's metadata does not fit docs/DATA.md (naming the field), else None."""
    for field in SESSION_TEXT:
        if not isinstance(doc.get(field), str):
            return f"field '{field}' must be text, not {_shown(doc.get(field))}"
    for field, allowed in (("mode", MODES), ("sort_mode", SORT_MODES)):
        if doc.get(field, allowed[0]) not in allowed:
            return f"field '{field}' must be one of {', '.join(allowed)}, not {_shown(doc.get(field))}"
    return _session_lists_problem(doc)


def _session_lists_problem(doc: dict) -> str | None:
    activities, groups = doc.get("activities"), doc.get("groups", [])
    if not isinstance(activities, list) or not all(a in ACTIVITIES for a in activities):
        return f"field 'activities' must be a list of {', '.join(ACTIVITIES)}, not {_shown(activities)}"
    if not isinstance(groups, list) or not all(isinstance(g, dict) and isinstance(g.get("id"), str) for g in groups):
        return f"field 'groups' must be a list of {{id, name}} objects, not {_shown(groups)}"
    if not isinstance(doc.get("demo", False), bool):
        return f"field 'demo' must be true or false, not {_shown(doc.get('demo'))}"
    return None


def participant_problem(doc: dict) -> str | None:
    """Why a participant document cannot be a row (a field of the wrong type), else None."""
    for field in ("name", "kind", "group_id"):
        if doc.get(field) is not None and not isinstance(doc.get(field), str):
            return f"field '{field}' must be text, not {_shown(doc.get(field))}"
    return None


def session_rows(code: str, docs: dict, deck_for, rows: dict, problems: list[str]) -> None:
    session = docs[(code, "session")]
    try:
        _need(session, "schema_version", int)
    except _Bad as exc:
        problems.append(problem((code, "session"), str(exc)))
        return
    if reason := session_problem(session):
        problems.append(problem((code, "session"), reason, skipped=f"session {code}"))
        return
    rows["sessions"].append((code, *(session.get(c) for c in SESSION_COLUMNS[1:])))
    deck = deck_for(str(session.get("content_version")))
    deck = deck.dealt(session.get("decks")) if deck is not None else None
    owners: dict = {}
    for key, doc in docs.items():
        try:
            if key[1] in ("responses", "feedback"):
                _need(doc, "schema_version", int)
            if key[1] == "responses":
                owners[key[2:]] = _response_rows(code, key, doc, deck, rows, problems)
            elif key[1] == "feedback":
                _feedback_rows(code, key, doc, rows, problems)
        except _Bad as exc:
            problems.append(problem(key, str(exc)))
    group_mode = session.get("mode") == "group"
    for key, doc in docs.items():
        if key[1] == "participants" and (reason := participant_problem(doc)):
            problems.append(problem(key, reason))
        elif key[1] == "participants":
            rows["participants"].append(_participant_row(code, doc, key[2], group_mode, owners, deck))


def _response_rows(code, key, doc, deck, rows, problems) -> dict:
    data = _need(doc, "data", dict)
    owner, activity = key[2], key[3]
    rows["responses"].append((code, owner, activity, doc.get("status"), doc.get("revision"), doc.get("updated_at"),
                              len(doc.get("conflicts") or [])))
    summary = {"status": doc.get("status", "in_progress")}
    if activity == "card_sort" and deck is not None:
        summary |= _sort_rows(code, key, data, deck, rows, problems)
    elif activity != "card_sort":
        worksheet = deck.worksheets.get(activity) if deck is not None else None
        _answer_rows(code, owner, activity, data, rows, worksheet)
    return summary


def _sort_rows(code, key, data, deck: Deck, rows, problems) -> dict:
    owner, placed = key[2], {}
    for card, pile in _need(data, "placements", dict).items():
        if card not in deck.intended or not deck.accepts(pile):
            problems.append(problem(key, f"placement {card!r} -> {pile!r} is not in the deck"))
        else:
            placed[card] = pile
    complete = set(deck.card_ids) <= set(placed)
    custom, source = data.get("custom_groups") or {}, data.get("source") or "screen"
    for card, pile in placed.items():
        label = custom.get(piles.custom_slug(pile), piles.custom_slug(pile)) if piles.is_custom(pile) else None
        intended = deck.intended[card]
        rows["placements"].append((code, owner, card, pile, label, label, intended, pile == intended, complete, source))
    for note_type, field in (("comment", "comments"), ("suggested_name", "suggested_names")):
        for card, text in (data.get(field) or {}).items():
            if isinstance(text, str) and text.strip():
                rows["card_notes"].append((code, owner, card, note_type, text.strip()))
    return {"sorted": len(placed), "complete": complete, "elapsed": data.get("elapsed_seconds")}


def _answer_rows(code, owner, activity, data, rows, worksheet=None) -> None:
    revisions = data.get("revisions") or {}
    answers = data.get("answers") or {}
    if worksheet is not None and isinstance(answers, dict):
        answers = with_picked_names(answers, worksheet)  # a priority profile by its current name
    add = rows["worksheet_answers"].append
    for field, value in answers.items():
        count = int(revisions.get(field) or 0)
        if type(value) is str:  # most answers: what _flatten gives for them, without its generator
            add((code, owner, activity, field, None, None, value.strip(), count))
            continue
        for item_index, subfield, text in _flatten(value):
            add((code, owner, activity, field, item_index, subfield, text, count))


def _flatten(value):
    """(item_index, subfield, text) for a plain, contrast ({value, note}) or group (list) answer."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            parts = item.items() if isinstance(item, dict) else [(None, item)]
            for sub, v in parts:
                if sub == ITEM_ID:  # bookkeeping that matches items in a merge, not an answer
                    continue
                yield i, sub, _text(v)
    elif isinstance(value, dict):
        for sub, v in value.items():
            yield None, sub, _text(v)
    else:
        yield None, None, _text(value)


def _text(value) -> str:
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else str(value)


def _feedback_rows(code, key, doc, rows, problems) -> None:
    for question, answer in _need(doc, "answers", dict).items():
        is_number = isinstance(answer, (int, float)) and not isinstance(answer, bool)
        if is_number and not 1 <= answer <= 5:
            problems.append(problem(key, f"rating {question}={answer} is outside 1-5"))
            continue
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            continue
        rows["feedback"].append((code, key[2], key[3], doc.get("tool"), question, float(answer) if is_number else None,
                                 None if is_number else str(answer).strip(), doc.get("language")))


def _participant_row(code, doc, pid, group_mode, owners, deck) -> tuple:
    group = doc.get("group_id")
    owner = group if group_mode and group else pid
    sort = owners.get((owner, "card_sort"), {})
    statuses = (owners.get((owner, activity), {}).get("status", "not_started") for activity in ACTIVITIES)
    return (code, pid, doc.get("kind", "person"), group, doc.get("name"), owner, *statuses,
            sort.get("elapsed"), sort.get("sorted", 0), len(deck.card_ids) if deck else None,
            bool(sort.get("complete", False)))
