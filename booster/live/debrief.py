"""Debrief results: what the room produced on one activity, made to be read from the wall.

Only submitted work counts (a card sort or worksheet handed in; feedback is always handed in), and
each result carries `n`, how many submissions it is built on, for the note under it. Nothing here
carries a name: the card sort is reduced to counts per card, a worksheet field to its common words.
"""

from __future__ import annotations

import re
from collections import Counter

from . import sessions as ss
from .. import content as content_mod
from .answers import with_picked_names
from ..errors import ContentError, CorruptRecord
from .records import Session

TOP_PER_STEP = 3
MOST_DISAGREED = 5
TOP_WORDS = 8
RATINGS = ("ease", "relevance", "effectiveness")


def _submitted(store, code: str, activity: str, problems: list[str]) -> list[dict]:
    docs = []
    for owner in store.children((code, "responses")):
        key = (code, "responses", owner, activity)
        try:
            doc = store.read(key) if store.exists(key) else None
        except CorruptRecord as exc:
            problems.append(str(exc))
            continue
        if doc and doc.get("status") == "submitted":
            docs.append(doc["data"])
    return docs


def _ranked(counter: Counter, n: int, limit: int | None = None) -> list[dict]:
    """[{id, count, share}] most first, ties by id, so every screen lists them in one order."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [{"id": key, "count": count, "share": count / n if n else 0.0} for key, count in items]


def card_sort(store, code: str, intended: dict[str, str], steps=ss.STEPS) -> dict:
    """{"n", "steps": {step: [top cards]}, "disagreed": [cards], "unsure": [cards], "problems"}.

    A card's agreement is the share of the sorts that placed it which chose its most common pile;
    the most disagreed cards have the lowest agreement (more sorts first among equals)."""
    problems: list[str] = []
    sorts = [data.get("placements") or {} for data in _submitted(store, code, "card_sort", problems)]
    per_step = {step: Counter() for step in steps}
    per_card = {card: Counter() for card in intended}
    for placements in sorts:
        for card, pile in placements.items():
            if card in per_card and pile:
                per_card[card][pile] += 1
                if pile in per_step:
                    per_step[pile][card] += 1
    n = len(sorts)
    return {"n": n, "problems": problems,
            "steps": {step: _ranked(cards, n, TOP_PER_STEP) for step, cards in per_step.items()},
            "disagreed": _disagreed(per_card, intended),
            "unsure": _ranked(Counter({c: p["unsure"] for c, p in per_card.items() if p.get("unsure")}), n)}


def _disagreed(per_card: dict[str, Counter], intended: dict[str, str]) -> list[dict]:
    rows = []
    for card, piles in per_card.items():
        placed = sum(piles.values())
        if placed:
            pile, count = sorted(piles.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            rows.append({"id": card, "n": placed, "top_pile": pile, "agreement": count / placed,
                         "intended": intended[card], "intended_share": piles.get(intended[card], 0) / placed})
    rows.sort(key=lambda r: (r["agreement"], -r["n"], r["id"]))
    return [r for r in rows if r["agreement"] < 1.0][:MOST_DISAGREED]


def field_texts(answers: dict, field: str) -> list[str]:
    """The texts one worksheet holds for `field`: a field id, or `group.subfield` for every item."""
    head, _, sub = field.partition(".")
    value = answers.get(head)
    if sub:
        items = value if isinstance(value, list) else []
        return [str(item.get(sub, "")) for item in items if isinstance(item, dict)]
    if isinstance(value, dict):  # a contrast: its note
        return [str(value.get("note", ""))]
    return [str(value)] if isinstance(value, str) else []


def common_words(texts_per_answer: list[list[str]], limit: int = TOP_WORDS) -> list[dict]:
    """Words (no stop words, English or Indonesian) by how many answers use them."""
    # Imported here: the analysis's word lists come with scikit-learn, which a participant's
    # first screen should not wait for.
    from ..analysis.feedback_stats import TOKEN, stop_words

    counter, stop, word = Counter(), frozenset(stop_words()), re.compile(TOKEN)
    for texts in texts_per_answer:
        counter.update({w for text in texts for w in word.findall(text.casefold()) if w not in stop})
    return _ranked(counter, len(texts_per_answer), limit)


def _worksheet_of(store, code: str, activity: str):
    try:
        return content_mod.cached_content(str(ss.get_session(store, code).get("content_version"))) \
            .worksheets.get(activity)
    except ContentError:  # a version not installed here: picks are shown as stored
        return None


def worksheet(store, code: str, activity: str, field: str) -> dict:
    """{"n" submitted, "field", "answered" (submissions with text in it), "words": [...], "problems"}."""
    problems: list[str] = []
    sheet = _worksheet_of(store, code, activity)
    answers = [data.get("answers") or {} for data in _submitted(store, code, activity, problems)]
    answers = [with_picked_names(a, sheet) if sheet else a for a in answers]  # picks by their names
    texts = [[t for t in field_texts(a, field) if t.strip()] for a in answers]
    texts = [t for t in texts if t]
    return {"n": len(answers), "field": field, "answered": len(texts), "words": common_words(texts),
            "problems": problems}


def feedback(store, code: str, activity: str) -> dict:
    """{question: {"mean", "n"}} for the three ratings (a question nobody rated is left out)."""
    scores: dict[str, list[int]] = {q: [] for q in RATINGS}
    for pid in store.children((code, "feedback")):
        key = (code, "feedback", pid, activity)
        try:
            doc = store.read(key) if store.exists(key) else None
        except CorruptRecord:
            continue
        for question in RATINGS:
            value = ((doc or {}).get("answers") or {}).get(question)
            if isinstance(value, int) and not isinstance(value, bool):
                scores[question].append(value)
    return {q: {"mean": sum(v) / len(v), "n": len(v)} for q, v in scores.items() if v}


def text_fields(worksheet_fields) -> list[str]:
    """Fields whose common words make sense: text fields, and text parts of repeatable groups."""
    found = []
    for f in worksheet_fields:
        if f.type in ("text", "textarea"):
            found.append(f.id)
        elif f.type == "group":
            found += [f"{f.id}.{sub.id}" for sub in f.fields if sub.type in ("text", "textarea", "choice")]
    return found


def chosen_field(session: Session, activity: str, worksheet_fields) -> str:
    """The field the facilitator chose for this worksheet's debrief, else the first text field."""
    fields = text_fields(worksheet_fields)
    chosen = session.state(activity).debrief_field
    return chosen if chosen in fields else fields[0]


def set_field(store, code: str, activity: str, field: str, worksheet_fields) -> Session:
    ss.check_choice("field", field, text_fields(worksheet_fields))

    def change(session):
        ss.check_activity(session, activity)
        session["activity_state"][activity]["debrief_field"] = field

    return Session.of(ss.edit_session(store, code, change))
