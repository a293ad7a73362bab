"""The loop closed: v1 sessions -> backlog -> marks -> v2 (loads) -> v2 sessions -> before/after."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from booster import demo
from booster.analysis import backlog, refinement, revision_stats
from booster.analysis.tables import load_tables
from booster.content import CONTENT_ROOT, load_content
from booster.store import MemoryStore


# Cards of v1's default deck (so v1 sessions sorted them): one cut, one split in two.
CUT, SPLIT = "todays_business_process", "tomorrows_business_process"


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    root = tmp_path_factory.mktemp("content")
    for folder in ("ui", "v1"):
        shutil.copytree(CONTENT_ROOT / folder, root / folder)
    store = MemoryStore()
    v1 = load_content("v1", root=root)
    demo.generate(store, sessions=4, participants=10, seed=3, spec=demo.Spec.from_content(v1, "v1"))
    ranked = backlog.build_backlog(load_tables(store, lambda v: load_content(v, root=root)), v1)
    cards = ranked[ranked["item_type"] == "card"].set_index("item_id")
    worst = cards.index[0]  # the top-ranked card: the analyst renames it
    marks = [{"item_type": "card", "item_id": worst, "action": "rename", "note": "ranked first",
              "new_name": {"en": "Renamed card", "id": "Kartu berganti nama"},
              "evidence": refinement.evidence_of(cards.loc[worst].to_dict() | {"item_id": worst})},
             {"item_type": "card", "item_id": CUT, "action": "cut", "note": "sorted, then cut"},
             {"item_type": "card", "item_id": SPLIT, "action": "split",
              "parts": [{"name": {"en": "Pain of users", "id": "Kesulitan pengguna"}},
                        {"name": {"en": "Pain of staff", "id": "Kesulitan petugas"}}]},
             {"item_type": "tool", "item_id": "user_characteristics", "action": "clarify",
              "new_description": {"en": "Clearer.", "id": "Lebih jelas."}}]
    for mark in marks:
        refinement.save_mark(store, mark)
    proposal = refinement.propose(root / "v1", list(refinement.load_marks(store).values()), "v2")
    proposal.write(root)
    v2 = load_content("v2", root=root)
    changes = refinement.load_changes("v2", root=root)
    revised = revision_stats.changed_items(changes)
    demo.generate(store, sessions=4, participants=10, seed=4,
                  spec=demo.Spec.from_content(v2, "v2", {ident for _, ident in revised}))
    tables = load_tables(store, lambda v: load_content(v, root=root))
    return {"worst": worst, "v1": v1, "v2": v2, "tables": tables, "changes": changes, "proposal": proposal,
            "evidence": marks[0]["evidence"]}


def test_v2_is_built_from_the_marks_and_loads(loop):
    v2, worst = loop["v2"], loop["worst"]
    assert v2.card_label(worst, "id") == "Kartu berganti nama"
    assert CUT not in v2.card_ids() and SPLIT not in v2.card_ids() and {"pain_of_users", "pain_of_staff"} <= set(v2.card_ids())
    log = loop["proposal"].files["CHANGELOG.md"]
    assert f"Rename card `{worst}`" in log and "backlog rank #1" in log and "Analyst note: ranked first" in log


def test_sessions_run_with_both_versions(loop):
    versions = loop["tables"].sessions["content_version"].value_counts().to_dict()
    assert versions == {"v1": 4, "v2": 4}
    placed = loop["tables"].placements
    v2 = loop["v2"]  # v2 sessions deal v2's default deck
    assert set(placed.loc[placed["content_version"] == "v2", "card_id"]) == set(v2.deck_card_ids(v2.default_decks()))


def test_per_card_before_and_after_with_intervals(loop):
    cards = revision_stats.compare_cards(loop["tables"].placements, "v1", "v2", loop["changes"]).set_index("card_id")
    worst = cards.loc[loop["worst"]]
    assert worst["change"] == "rename"
    direct = loop["tables"].placements
    mine = direct[(direct["card_id"] == loop["worst"]) & (direct["content_version"] == "v2")]
    assert worst["n_after"] == len(mine) and worst["share_after"] == pytest.approx(mine["is_intended"].mean())
    assert worst["lo_after"] <= worst["share_after"] <= worst["hi_after"]
    assert worst["diff_lo"] <= worst["diff"] <= worst["diff_hi"]
    assert cards.loc[CUT, "n_before"] > 0 and pd.isna(cards.loc[CUT, "n_after"]) and cards.loc[CUT, "change"] == "cut"
    part = cards.loc["pain_of_users"]  # a part of a split card: sorted in v2 only
    assert pd.isna(part["n_before"]) and part["n_after"] > 0 and part["change"] == "split"
    assert cards.loc["crazy_8", "change"] == ""


def test_per_tool_feedback_before_and_after_with_intervals(loop):
    tools = revision_stats.compare_feedback(loop["tables"].feedback, "v1", "v2")
    row = tools[(tools["activity"] == "user_characteristics") & (tools["question"] == "ease")].iloc[0]
    f = loop["tables"].feedback
    mine = f[(f["activity"] == "user_characteristics") & (f["question"] == "ease") & (f["content_version"] == "v2")]
    assert row["mean_after"] == pytest.approx(mine["score"].mean()) and row["n_after"] == mine["score"].notna().sum()
    assert row["ci_lo_after"] < row["mean_after"] < row["ci_hi_after"]
    assert row["diff_lo"] < row["diff"] < row["diff_hi"]


def test_newcombe_and_welch_match_known_values():
    # Newcombe (1998) example: 56/70 vs 48/80 -> difference 0.2, 95% CI 0.0524 to 0.3339 (method 10).
    p1, p2 = 48 / 80, 56 / 70
    (l1, u1), (l2, u2) = revision_stats.sort_stats.wilson(48, 80), revision_stats.sort_stats.wilson(56, 70)
    lo, hi = revision_stats.newcombe(p1, l1, u1, p2, l2, u2)
    assert (round(float(lo), 4), round(float(hi), 4)) == (0.0524, 0.3339)
    lo, hi = revision_stats.welch(3.0, 1.0, 20, 3.5, 1.0, 20)
    # 0.5 -+ t(0.975, df=38) * sqrt(1/20 + 1/20) = 0.5 -+ 2.0244 * 0.3162
    assert (round(float(lo), 3), round(float(hi), 3)) == (-0.14, 1.14)


def test_charts_name_cards_and_both_versions(loop):
    cards = revision_stats.compare_cards(loop["tables"].placements, "v1", "v2", loop["changes"])
    fig = revision_stats.card_chart(cards, {loop["worst"]: "Renamed card"}, "t", "v1", "v2")
    assert [trace.name for trace in fig.data] == ["v1", "v2"]
    assert "Renamed card (rename)" in list(fig.data[1].y)
    tools = revision_stats.compare_feedback(loop["tables"].feedback, "v1", "v2")
    assert len(revision_stats.feedback_chart(tools, {}, "t", "v1", "v2").data[0].y) == len(tools)
