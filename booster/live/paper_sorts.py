"""Paper sorts: a table's printed-card sort, entered pile by pile, opened again, corrected, deleted.

A paper sort is a participant of kind 'paper' (named after the table) with one submitted card_sort
response of source 'paper' (see booster.live.card_sort.enter_paper_sort and docs/DATA.md). Entry is by
pile, the way the table's result lies on the placemat: each pile lists the cards put there, found
by label or by the short card code printed on each card. The rules of the live sort hold: own
groups only where the session allows them, at most MAX_GROUPS of them, names within the limit.
"""

from __future__ import annotations

from . import participants as pp
from . import responses as rs
from . import sessions as ss
from . import card_sort as sorting
from .. import piles
from ..errors import NotFound, ValidationError

CUSTOM = piles.CUSTOM_PREFIX


def card_codes(deck_ids: list[str]) -> dict[str, str]:
    """card id -> a short code printed on the card: its place in the deck, '01', '02'..."""
    return {card: f"{i:02d}" for i, card in enumerate(deck_ids, 1)}


def own_groups(sort_mode: str, names: list[str]) -> dict[str, str]:
    """slug -> name of the groups a table made; refused in a closed sort or beyond the limits."""
    cleaned = [ss.clean_text("group name", n, piles.MAX_GROUP_NAME) for n in names]
    first = {}
    for name in cleaned:
        if name:
            first.setdefault(name.casefold(), name)  # one group per name, whatever its case
    cleaned = list(first.values())
    if cleaned and sort_mode != "hybrid":
        raise ValidationError("group", "this card sort uses the seven steps only; own groups are off.",
                              rule="groups_off")
    if len(cleaned) > sorting.MAX_GROUPS:
        raise ValidationError("group", f"{len(cleaned)} own groups; a board can have at most {sorting.MAX_GROUPS}.",
                              rule="max_groups", max=sorting.MAX_GROUPS)
    groups: dict[str, str] = {}
    for name in cleaned:
        groups[piles.free_slug(name, groups)] = name
    return groups


def placements_from_piles(piles: dict[str, list[str]]) -> dict[str, str]:
    """{pile: [cards]} -> {card: pile}; a card listed on two piles is refused, naming it."""
    placements, twice = {}, []
    for pile, cards in piles.items():
        for card in cards:
            if card in placements and placements[card] != pile:
                twice.append(card)
            placements[card] = pile
    if twice:
        raise ValidationError("card", f"{', '.join(sorted(set(twice)))} placed on two piles; choose one pile each.",
                              rule="card_twice", cards=", ".join(sorted(set(twice))))
    return placements


def _check_not_empty(placements: dict) -> None:
    if not placements:
        raise ValidationError("paper sort", "no card is placed on any pile; nothing was saved.", rule="empty_sort")


def _paper_participant(store, code: str, pid: str) -> dict:
    person = pp.get_participant(store, code, pid)
    if person.get("kind") != "paper":
        raise NotFound("paper sort", pid, f"It is not a paper sort of session {code}.")
    return person


def save(store, code: str, table: str, piles: dict[str, list[str]], group_names: list[str], *,
         deck_ids: list[str], pid: str | None = None) -> str:
    """Record a new paper sort (pid None) or correct the one `pid` names; returns its pid.

    `piles` maps a step, 'unsure' or an own group's name-as-typed (prefixed 'custom:') to its cards."""
    session = ss.get_session(store, code)
    groups = own_groups(session["sort_mode"], group_names)
    by_name = {name.casefold(): slug for slug, name in groups.items()}
    piles = {(CUSTOM + by_name[p[len(CUSTOM):].casefold()] if p.startswith(CUSTOM) and
              p[len(CUSTOM):].casefold() in by_name else p): cards for p, cards in piles.items() if cards}
    placements = placements_from_piles(piles)
    _check_not_empty(placements)
    if pid is None:
        return sorting.enter_paper_sort(store, session["id"], table, placements, groups, deck_ids=deck_ids)
    _paper_participant(store, session["id"], pid)
    kept = (rs.get_response(store, session["id"], pid, "card_sort") or {}).get("data", {})
    # the same checks and shape as a new paper sort; the table's card comments are kept
    data = sorting._paper_data(placements, groups, dict(kept.get("comments") or {}), deck_ids, ss.STEPS)
    name = ss.clean_text("table name", table, pp.MAX_NAME) or "Paper sort"
    store.update((session["id"], "participants", pid), lambda doc: {**doc, "name": name})
    rs.edit_response(store, session["id"], pid, "card_sort", lambda doc, at: doc.update(data=data),
                     require_open=False)
    return pid


def load(store, code: str, pid: str) -> dict:
    """{"table", "piles": {pile: [cards]}, "groups": [names]} of a saved paper sort, for correcting."""
    person = _paper_participant(store, code, pid)
    data = (rs.get_response(store, code, pid, "card_sort") or {}).get("data", {})
    groups = data.get("custom_groups") or {}
    piles: dict[str, list[str]] = {}
    for card, pile in (data.get("placements") or {}).items():
        if pile.startswith(CUSTOM):
            pile = CUSTOM + groups.get(pile[len(CUSTOM):], pile[len(CUSTOM):])
        piles.setdefault(pile, []).append(card)
    return {"table": person.get("name", ""), "piles": piles, "groups": list(groups.values())}


def listed(store, code: str) -> list[dict]:
    """The session's paper sorts in entry order: [{"id", "name"}]."""
    return [{"id": p["id"], "name": p.get("name", "")} for p in pp.list_participants(store, code)
            if p.get("kind") == "paper"]


def same_table(store, code: str, table: str, except_pid: str | None = None) -> list[str]:
    """Paper sorts already entered under this table name (ignoring case and spaces)."""
    wanted = " ".join(str(table).split()).casefold()
    return [p["id"] for p in listed(store, code)
            if p["id"] != except_pid and " ".join(p["name"].split()).casefold() == wanted]


def delete(store, code: str, pid: str) -> None:
    """Remove a paper sort: its response first, then its participant (never a person's)."""
    code = ss.get_session(store, code)["id"]
    _paper_participant(store, code, pid)
    store.delete(rs.response_key(code, pid, "card_sort"))
    store.delete((code, "participants", pid))
