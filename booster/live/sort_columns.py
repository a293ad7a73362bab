"""The card-sort board's side of the conversation: pile order, the per-owner deck order, and the
events the participant's board sends (moves and notes), applied once each.

The board numbers its events per browser (`client`, `seq`) and resends every event the server has
not acknowledged, so a move made while a message was lost is not lost; `fresh_events` keeps the
applied sequence number per client, so a resent event is never applied twice.
"""

from __future__ import annotations

import random
import re

from ..errors import ValidationError
from ..piles import CUSTOM_PREFIX, UNSORTED, UNSURE

__all__ = ["CUSTOM_PREFIX", "UNSORTED", "UNSURE", "piles", "shuffled", "fresh_events", "pile_of"]
MOVE, NOTE = "move", "note"
CLIENT_PATTERN = re.compile(r"^[a-z0-9]{1,40}$")


def piles(step_ids: list[str], custom_groups: dict[str, str] | None = None) -> list[str]:
    """Column ids in board order: unsorted cards, the seven steps, unsure, then own groups."""
    return [UNSORTED, *step_ids, UNSURE, *(CUSTOM_PREFIX + slug for slug in (custom_groups or {}))]


def shuffled(card_ids: list[str], seed: str) -> list[str]:
    """Each participant sees the deck in their own order (stable across reloads), to avoid order bias."""
    order = list(card_ids)
    random.Random(seed).shuffle(order)
    return order


def _check_event(event) -> None:
    if not isinstance(event, dict) or event.get("kind") not in (MOVE, NOTE):
        raise ValidationError("board", f"{event!r} is not a move or a note from the card-sort board.")
    if not isinstance(event.get("card"), str):
        raise ValidationError("board", f"{event!r} names no card.")
    if event["kind"] == MOVE and not (event.get("pile") is None or isinstance(event["pile"], str)):
        raise ValidationError("board", f"{event!r} names no pile.")
    for text in ("comment", "name"):
        if event["kind"] == NOTE and not (event.get(text) is None or isinstance(event[text], str)):
            raise ValidationError("board", f"{event!r}: the {text} is not text.")


def fresh_events(events, applied: dict[str, int]) -> list[dict]:
    """The events not applied yet, in the order they were made; marks them applied in `applied`
    (client -> highest sequence number). Events without a valid client and sequence are ignored:
    they cannot be told apart from a resend."""
    fresh = []
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict):
            continue
        client, seq = event.get("client"), event.get("seq")
        if not isinstance(client, str) or not CLIENT_PATTERN.match(client):
            continue
        if isinstance(seq, bool) or not isinstance(seq, int) or seq <= applied.get(client, 0):
            continue
        applied[client] = seq
        fresh.append(event)
    for event in fresh:
        _check_event(event)
    return sorted(fresh, key=lambda e: (e["client"], e["seq"]))


def pile_of(event: dict) -> str | None:
    """The pile a move goes to; None (or the unsorted column) takes the card back to the deck."""
    pile = event.get("pile")
    return None if pile in (None, "", UNSORTED) else pile
