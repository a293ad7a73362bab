"""The card-sort board as columns of labels, and back: the bridge to a drag-and-drop widget.

The widget speaks in unique display strings (column headers and card labels); the store speaks in
ids (`placements`: card id -> pile id). These pure functions translate both ways.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ..piles import CUSTOM_PREFIX, UNSORTED, UNSURE


def piles(step_ids: list[str], custom_groups: dict[str, str] | None = None) -> list[str]:
    """Column ids in board order: unsorted cards, the seven steps, unsure, then own groups."""
    return [UNSORTED, *step_ids, UNSURE, *(CUSTOM_PREFIX + slug for slug in (custom_groups or {}))]


def shuffled(card_ids: list[str], seed: str) -> list[str]:
    """Each participant sees the deck in their own order (stable across reloads), to avoid order bias."""
    order = list(card_ids)
    random.Random(seed).shuffle(order)
    return order


def to_containers(placements: dict[str, str], order: list[str], pile_ids: list[str],
                  header: Callable[[str], str], label: Callable[[str], str]) -> list[dict]:
    columns = {pile: [] for pile in pile_ids}
    for card in order:
        pile = placements.get(card) or UNSORTED
        columns.get(pile, columns[UNSORTED]).append(label(card))
    return [{"header": header(pile), "items": items} for pile, items in columns.items()]


def from_containers(containers: list[dict], pile_ids: list[str], header: Callable[[str], str],
                    card_of_label: dict[str, str]) -> dict[str, str | None]:
    """Card id -> pile id (None when back in the unsorted column), from what the widget returned."""
    pile_of_header = {header(p): p for p in pile_ids}
    result: dict[str, str | None] = {}
    for column in containers:
        pile = pile_of_header.get(column["header"])
        for item in column["items"]:
            if item in card_of_label and pile is not None:
                result[card_of_label[item]] = None if pile == UNSORTED else pile
    return result


def changed(before: dict[str, str], after: dict[str, str | None]) -> dict[str, str | None]:
    """Only the cards that moved: what a save sends, so table members never overwrite each other."""
    return {card: pile for card, pile in after.items() if before.get(card) != pile}
