"""Booster tools and the other cards apart, and feedback by the tool it rates.

A card's kind comes from its content version (booster.content: tool, sub_step or app); analysts
choose `tool` (the Booster's tools) or `other` (steps inside tools and the app's own cards). A card
no version knows counts as `other`: only what the content calls a tool is analysed as one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..content import version_key
from . import feedback_stats
from .memo import by_identity
from .tables import Tables

CHOICES = ("all", "tool", "other")


def kinds_of(contents: Iterable) -> dict[str, str]:
    """card id -> kind over some content versions; the newest version's word wins."""
    kinds: dict[str, str] = {}
    for content in sorted(contents, key=lambda c: version_key(c.version)):
        kinds |= content.card_kinds()
    return kinds


def group_of(kind: str | None) -> str:
    """`tool` for a Booster tool, `other` for anything else."""
    return "tool" if kind == "tool" else "other"


def only_cards(tables: Tables, kinds: Mapping[str, str], wanted: str) -> Tables:
    """Keep the placements and card notes of one group of cards (`tool` or `other`; `all` keeps all)."""
    if wanted == "all":
        return tables
    if wanted not in CHOICES:
        raise ValueError(f"{wanted!r} is not a card choice; use one of {', '.join(CHOICES)}.")

    def keep(df):
        chosen = df["card_id"].map(lambda card: group_of(kinds.get(card)) == wanted).astype(bool)
        return df[chosen].reset_index(drop=True)

    return tables.replace(placements=keep(tables.placements), card_notes=keep(tables.card_notes))


def only_tools(tables: Tables, tools: Iterable[str] | None) -> Tables:
    """Keep the feedback about these tools (a Booster tool id, or `structure`); None keeps all."""
    if tools is None:
        return tables
    f = tables.feedback
    return tables.replace(feedback=f[f["tool"].isin(list(tools))].reset_index(drop=True))


@by_identity(maxsize=4)  # the same object for the same tables: what is derived from it is remembered too
def with_feedback_tools(tables: Tables, newest) -> Tables:
    """Every feedback row names the tool it rates (older rows stored without one get it from `newest`)."""
    tool_of = {a.id: newest.feedback_tool(a.id) for a in newest.activities}
    return tables.replace(feedback=feedback_stats.with_tools(tables.feedback, lambda a: tool_of.get(a, a)))


@by_identity(maxsize=8)
def narrow(tables: Tables, contents: Iterable, cards: str = "all", tools: Iterable[str] | None = None) -> Tables:
    """The analysis filters' row-level step, shared by the screens and the export worker: cards of one
    group and feedback on some tools (`tables` already carries feedback tools: with_feedback_tools)."""
    return only_tools(only_cards(tables, kinds_of(contents), cards or "all"), list(tools) if tools else None)
