"""The live card sort: placing cards on step piles, own groups (hybrid sorts), notes, and paper sorts.

Piles and own-group slugs are booster.piles' vocabulary; a card without a placement is unsorted.
Saves send only the cards that moved, so table members moving different cards at the same time
never undo each other.
"""

from __future__ import annotations

from .. import clock
from ..errors import ValidationError
from ..piles import CUSTOM_PREFIX, MAX_GROUP_NAME, SLUG_PATTERN, UNSURE, free_slug, slugify
from ..store import SEGMENT
from . import participants as pp
from . import responses as rs
from . import sessions as ss
from .sort_columns import shuffled

MAX_GROUPS = 20
MAX_COMMENT = 500
MAX_SUGGESTED_NAME = 120


def sort_progress(response: dict | None, deck_ids: list[str]) -> tuple[int, int]:
    """(cards placed on any pile, cards in the deck); `unsure` counts as placed."""
    placements = ((response or {}).get("data") or {}).get("placements") or {}
    return sum(1 for card in deck_ids if placements.get(card)), len(deck_ids)


def _check_card(card_id, deck_ids) -> None:
    if deck_ids is not None and card_id not in deck_ids:
        raise ValidationError("card", f"'{card_id}' is not a card of this deck.")
    if not isinstance(card_id, str) or not SEGMENT.match(card_id):
        raise ValidationError("card", f"{card_id!r} is not a card id.")


def _check_pile(pile, custom_groups: dict, steps) -> None:
    if pile is None or pile in steps or pile == UNSURE:
        return
    if isinstance(pile, str) and pile.startswith(CUSTOM_PREFIX) and pile[len(CUSTOM_PREFIX):] in custom_groups:
        return
    raise ValidationError("pile", f"{pile!r} is not a step, '{UNSURE}' or one of this board's own groups.")


def _sort_data(doc: dict, deck_ids, owner_id: str) -> dict:
    data = doc["data"]
    if deck_ids and not data.get("card_order"):
        data["card_order"] = shuffled(list(deck_ids), owner_id)
    return data


def _moved(placements: dict, base: dict | None) -> dict:
    if base is None:
        return dict(placements)
    return {card: pile for card, pile in placements.items() if base.get(card) != pile}


def save_sort(store, code: str, owner_id: str, placements: dict, deck_ids: list[str], *,
              by: str | None = None, base: dict | None = None, steps=ss.STEPS) -> dict:
    """Save moved cards: card id -> pile (None = back to unsorted).

    With `base` (the board as this writer last saw it) `placements` may be a whole board and only
    the cards that differ from `base` are applied; without it every given card counts as moved."""
    moved = _moved(placements, base)
    for card in moved:
        _check_card(card, deck_ids)

    def change(doc, at):
        data = _sort_data(doc, deck_ids, owner_id)
        for card, pile in moved.items():
            _check_pile(pile, data["custom_groups"], steps)
            if pile is None:
                data["placements"].pop(card, None)
            else:
                data["placements"][card] = pile
        data["elapsed_seconds"] = round((at - clock.parse_iso(doc["started_at"])).total_seconds(), 1)

    return rs.edit_response(store, code, owner_id, "card_sort", change, by=by)


def place_card(store, code: str, owner_id: str, card_id: str, pile: str | None, deck_ids: list[str],
               by: str | None = None) -> dict:
    """Put one card on a pile (None takes it back to the unsorted cards)."""
    return save_sort(store, code, owner_id, {card_id: pile}, deck_ids, by=by)


def _group_slug(custom_groups: dict, name: str) -> str:
    for slug, existing in custom_groups.items():
        if existing.casefold() == name.casefold():
            return slug
    if len(custom_groups) >= MAX_GROUPS:
        raise ValidationError("group", f"a board can have at most {MAX_GROUPS} own groups.",
                              rule="max_groups", max=MAX_GROUPS)
    slug = free_slug(name, custom_groups)
    custom_groups[slug] = name
    return slug


def add_custom_group(store, code: str, owner_id: str, name: str, by: str | None = None) -> str:
    """Add a participant-made group to a hybrid sort's board; returns its slug (pile `custom:<slug>`).
    A name already on the board (ignoring case) returns the existing group."""
    name = ss.clean_text("group name", name, MAX_GROUP_NAME, required=True)
    if ss.get_session(store, code)["sort_mode"] != "hybrid":
        raise ValidationError("group", "this card sort uses the seven steps only; own groups are off.",
                              rule="groups_off")
    made = []

    def change(doc, at):
        made.append(_group_slug(doc["data"]["custom_groups"], name))

    rs.edit_response(store, code, owner_id, "card_sort", change, by=by)
    return made[0]


def _notes(comment, suggested_name) -> dict:
    notes = {}
    if comment is not None:
        notes["comments"] = ss.clean_text("comment", comment, MAX_COMMENT)
    if suggested_name is not None:
        notes["suggested_names"] = ss.clean_text("suggested name", suggested_name, MAX_SUGGESTED_NAME)
    return notes


def set_card_note(store, code: str, owner_id: str, card_id: str, comment: str | None = None,
                  suggested_name: str | None = None, *, by: str | None = None, deck_ids=None) -> dict:
    """Set (or with '' clear) a card's comment and suggested name; None leaves one unchanged."""
    _check_card(card_id, deck_ids)
    notes = _notes(comment, suggested_name)

    def change(doc, at):
        for field, text in notes.items():
            if text:
                doc["data"][field][card_id] = text
            else:
                doc["data"][field].pop(card_id, None)

    return rs.edit_response(store, code, owner_id, "card_sort", change, by=by)


def _paper_data(placements: dict, custom_groups: dict, comments: dict, deck_ids, steps) -> dict:
    for slug, name in custom_groups.items():
        if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
            raise ValidationError("group", f"{slug!r} is not a group slug (see slugify).")
        custom_groups[slug] = ss.clean_text("group name", name, MAX_GROUP_NAME, required=True)
    for card, pile in placements.items():
        _check_card(card, deck_ids)
        _check_pile(pile, custom_groups, steps)
    notes = {card: ss.clean_text("comment", text, MAX_COMMENT) for card, text in comments.items()}
    for card in notes:
        _check_card(card, deck_ids)
    return {**rs.empty_data("card_sort"), "placements": {c: p for c, p in placements.items() if p},
            "custom_groups": custom_groups, "comments": {c: t for c, t in notes.items() if t},
            "card_order": list(deck_ids or []), "elapsed_seconds": None, "source": "paper"}


def paper_groups(names_text: str) -> dict[str, str]:
    """A paper sort's own groups typed as one comma-separated line -> {slug: name}; blanks dropped."""
    return {slugify(name): name.strip() for name in str(names_text).split(",") if name.strip()}


def enter_paper_sort(store, code: str, table_name: str, placements: dict, custom_groups: dict | None = None,
                     comments: dict | None = None, *, deck_ids=None, steps=ss.STEPS) -> str:
    """Record a sort a table did on paper: a 'paper' participant and its submitted card_sort
    response (source 'paper'). Allowed whether or not the activity is still open. Returns the pid."""
    session = rs.open_session(store, code, "card_sort", require_open=False)
    name = ss.clean_text("table name", table_name, pp.MAX_NAME) or "Paper sort"
    data = _paper_data(dict(placements), dict(custom_groups or {}), dict(comments or {}), deck_ids, steps)
    participant, _ = pp.create_participant(store, session, name=name, kind="paper", group_id=None,
                                           language=session["language"])
    at = clock.iso(clock.now())
    doc = rs.new_response(session["id"], participant["id"], "card_sort", at) | {
        "status": "submitted", "submitted_at": at, "revision": 1, "data": data}
    store.write(rs.response_key(session["id"], participant["id"], "card_sort"), doc)
    return participant["id"]
