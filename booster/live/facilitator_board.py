"""The facilitator's live board: who is here, how far each is, and the figures so far.

It reads only one session's folder (participants, responses, feedback: a few small files per
participant). A document that does not parse is skipped and reported in `problems`, so one bad file
never takes the live board down.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Mapping, Sequence

from .. import clock
from . import participants as pp
from . import sessions as ss
from ..errors import CorruptRecord, NotFound
from ..store import StampCache

ACTIVE_SECONDS = 120
PROGRESS = ("not_started", "in_progress", "submitted")


@functools.lru_cache(maxsize=8)
def _intended_steps(version: str) -> dict[str, str]:
    from ..content import load_content  # only when the caller gave card ids without their steps

    return {card.id: card.intended_step for card in load_content(version).cards}


def intended_steps(deck: Mapping[str, str] | Sequence[str], version: str) -> dict[str, str]:
    """card id -> intended step: `deck` itself if it is a mapping, else looked up in the content."""
    if isinstance(deck, Mapping):
        return dict(deck)
    known = _intended_steps(version)
    return {card: known.get(card) for card in deck}


# The board and the projector redraw every few seconds from every participant's files; most of
# them (participants above all: a touch every 30 s) have not changed since the last time, so they
# are kept parsed by stamp (booster.store.StampCache) and read again only when they change.
# The documents are shared by every board of this process: read them, never change them.
_DOCUMENTS = StampCache(lambda doc: doc, size=8192)


def _read(store, key: tuple, stamp: int, problems: list[str]) -> dict | None:
    try:
        return _DOCUMENTS.get(store, key, stamp)
    except CorruptRecord as exc:
        problems.append(str(exc))
    except NotFound:  # removed since it was listed (a withdrawal)
        pass
    return None


def _documents(store, code: str, kind: str, depth: int, problems: list[str]) -> dict[tuple, dict]:
    """The documents of one kind in a session, by the rest of their key: one listing of their
    stamps (a folder walk, or one query), then the cache."""
    found = {}
    for key, stamp in sorted(store.stamps((code, kind)).items()):
        if len(key) == depth and (doc := _read(store, key, stamp, problems)) is not None:
            found[key[2:] if depth > 3 else key[2]] = doc
    return found


def _nested(store, code: str, kind: str, problems: list[str]) -> dict[tuple[str, str], dict]:
    """(owner or pid, activity) -> document, for responses or feedback."""
    return _documents(store, code, kind, 4, problems)


def _progress(response: dict | None) -> str:
    if response is None:
        return "not_started"
    return "submitted" if response.get("status") == "submitted" else "in_progress"


def _row(session: dict, person: dict, responses: dict, at: dt.datetime) -> dict:
    owner = pp.owner_of(session, person)
    seen = person.get("last_seen")
    groups = {g["id"]: g["name"] for g in session["groups"]}
    return {"id": person["id"], "name": person.get("name", ""), "kind": person.get("kind", "person"),
            "group": person.get("group_id"), "group_name": groups.get(person.get("group_id")),
            "owner": owner, "joined_at": person.get("joined_at"), "last_seen": seen,
            "active": bool(seen) and person.get("kind") != "paper"
            and (at - clock.parse_iso(seen)).total_seconds() <= ACTIVE_SECONDS,
            "progress": {a: _progress(responses.get((owner, a))) for a in session["activities"]}}


def _counts(session: dict, rows: list[dict], responses: dict) -> dict:
    """Per activity, how many owners (participants, or tables in group mode) are at each stage."""
    owners = {row["owner"] for row in rows} | {owner for owner, _ in responses}
    counts = {}
    for activity in session["activities"]:
        tally = Counter(_progress(responses.get((owner, activity))) for owner in owners)
        counts[activity] = {stage: tally.get(stage, 0) for stage in PROGRESS}
    return counts


def _agreement(responses: dict, intended: dict[str, str]) -> dict:
    """Per card: n sorts that placed it anywhere, k on its intended step, share k/n, and pile counts."""
    piles = {card: Counter() for card in intended}
    for (_, activity), doc in responses.items():
        if activity == "card_sort":
            for card, pile in (doc.get("data", {}).get("placements") or {}).items():
                if card in piles and pile:
                    piles[card][pile] += 1
    result = {}
    for card, counter in piles.items():
        n, k = sum(counter.values()), counter.get(intended[card], 0)
        result[card] = {"n": n, "k": k, "share": k / n if n else None, "piles": dict(counter)}
    return result


def _feedback(session: dict, feedback: dict) -> dict:
    scores: dict = {}
    for (_, activity), doc in feedback.items():
        for question, value in (doc.get("answers") or {}).items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                scores.setdefault(activity, {}).setdefault(question, []).append(value)
    return {a: {q: {"mean": sum(v) / len(v), "n": len(v)} for q, v in sorted(qs.items())}
            for a, qs in scores.items()}


def board(store, code: str, deck: Mapping[str, str] | Sequence[str], now: dt.datetime) -> dict:
    """Everything the live board shows; `deck` is card ids (steps from the content) or card -> step.

    Returns {"session", "participants": [row...], "counts": {activity: {stage: n}},
    "agreement": {card: {n, k, share, piles}}, "feedback": {activity: {question: {mean, n}}},
    "problems": [message...]}."""
    session = ss.get_session(store, code)
    code, problems = session["id"], []
    people = list(_documents(store, code, "participants", 3, problems).values())
    responses = _nested(store, code, "responses", problems)
    rows = [_row(session, p, responses, now) for p in sorted(people, key=lambda p: (p.get("joined_at") or "", p["id"]))]
    return {"session": session, "participants": rows, "counts": _counts(session, rows, responses),
            "agreement": _agreement(responses, intended_steps(deck, session["content_version"])),
            "feedback": _feedback(session, _nested(store, code, "feedback", problems)),
            "problems": problems}
