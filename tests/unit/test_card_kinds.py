"""booster.analysis.card_kinds: Booster tools and the other cards apart; feedback by the tool it rates."""

from __future__ import annotations

import pytest

from analysis_fixtures import contents, fill
from booster.analysis import card_kinds, feedback_stats
from booster.analysis.tables import filter_tables, load_tables
from booster.content import load_content
from booster.store import MemoryStore

KINDS = {"c1": "tool", "c2": "sub_step", "c3": "app"}  # c4: a card no version knows


@pytest.fixture
def tables():
    return filter_tables(load_tables(fill(MemoryStore()), contents()))


def test_tools_keep_only_the_cards_the_content_calls_tools(tables):
    tools = card_kinds.only_cards(tables, KINDS, "tool")
    assert set(tools.placements["card_id"]) == {"c1"} and set(tools.card_notes["card_id"]) <= {"c1"}
    other = card_kinds.only_cards(tables, KINDS, "other")
    assert set(other.placements["card_id"]) == set(tables.placements["card_id"]) - {"c1"}
    assert len(tools.placements) + len(other.placements) == len(tables.placements), "every placement is one or other"
    assert card_kinds.only_cards(tables, KINDS, "all") is tables
    assert tools.feedback.equals(tables.feedback), "the card filter leaves feedback alone"
    with pytest.raises(ValueError, match="not a card choice"):
        card_kinds.only_cards(tables, KINDS, "tools")


def test_kinds_come_from_the_content_and_the_v1_tools_are_the_sixteen():
    kinds = card_kinds.kinds_of([load_content("v1")])
    assert sum(kind == "tool" for kind in kinds.values()) == 16
    assert kinds["theme_clustering"] == "app" and kinds["how_might_we"] == "sub_step"


def test_feedback_is_kept_by_the_tool_it_rates_and_old_rows_get_their_tool(tables):
    f = tables.feedback
    assert not f.empty
    stored_without = tables.replace(feedback=f.assign(tool=None))
    filled = feedback_stats.with_tools(stored_without.feedback, lambda a: "structure" if a == "card_sort" else a)
    assert (filled["tool"] == filled["activity"].map(lambda a: "structure" if a == "card_sort" else a)).all()
    chosen = card_kinds.only_tools(tables.replace(feedback=filled), ["structure"])
    assert set(chosen.feedback["activity"]) == {"card_sort"} and len(chosen.feedback) == (f["activity"] == "card_sort").sum()
    by_tool = feedback_stats.score_summary(filled, item="tool")
    assert set(by_tool["tool"]) == set(filled.loc[filled["score"].notna(), "tool"])
    assert card_kinds.only_tools(tables, None) is tables


def test_group_of_calls_only_tools_tools():
    assert [card_kinds.group_of(k) for k in ("tool", "sub_step", "app", None)] == ["tool", "other", "other", "other"]


def _sorted_session(store, content, decks_kept: bool) -> str:
    """A session whose one sorter placed every card it dealt; without `decks` it is a session made
    before decks existed (it dealt all 30 cards of v1)."""
    from booster import workshop as ws

    session = ws.create_session(store, title="Uji coba", country="Indonesia", agency="", date="2025-08-14",
                                language="id", content_version="v1", activities=["card_sort"],
                                mode="individual", sort_mode="closed", pin="2468")
    if not decks_kept:
        store.update((session.code, "session"), lambda doc: {k: v for k, v in doc.items() if k != "decks"})
    session = ws.get_session(store, session.code)
    ws.set_activity_status(store, session.code, "card_sort", "open")
    pid = ws.join(store, session.code, name="Ayu")[0].id
    deck = session.deck(content)
    ws.save_sort(store, session.code, pid, {c: content.card(c).intended_step for c in deck}, deck, by=pid)
    ws.submit(store, session.code, pid, "card_sort")
    return session.code


def test_sessions_of_the_old_30_card_deck_and_of_the_new_deck_both_analyse():
    content = load_content("v1")
    store = MemoryStore()
    old, new = _sorted_session(store, content, False), _sorted_session(store, content, True)
    tables = filter_tables(load_tables(store, {"v1": content}))
    people = tables.participants.set_index("session_id")
    assert (people.loc[old, "cards_total"], people.loc[new, "cards_total"]) == (30, 16)
    assert people["complete"].astype(bool).all(), "each sorted every card its session dealt"
    placed = tables.placements.groupby("session_id")["card_id"].nunique()
    assert (placed[old], placed[new]) == (30, 16)
    tools = card_kinds.only_cards(tables, card_kinds.kinds_of([content]), "tool")
    assert tools.placements.groupby("session_id")["card_id"].nunique().to_dict() == {old: 16, new: 16}
    assert not tables.problems
