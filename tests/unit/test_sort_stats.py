"""booster.analysis.sort_stats against hand-computed values (the deck and sorts in analysis_fixtures)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis_fixtures import CARDS, STEPS, contents, fill
from booster.analysis import sort_stats as cs
from booster.analysis.tables import filter_tables, load_tables
from booster.errors import ValidationError
from booster.store import MemoryStore

IDS = list(CARDS)


@pytest.fixture
def placements():
    """Sorters A, B, C (complete); the incomplete group sort is filtered out."""
    return filter_tables(load_tables(fill(MemoryStore()), contents())).placements


def test_wilson_hand_values():
    lo, hi = cs.wilson(8, 10)
    assert (round(float(lo), 3), round(float(hi), 3)) == (0.490, 0.943)
    lo, hi = cs.wilson(0, 0)
    assert np.isnan(lo) and np.isnan(hi)
    lo, hi = cs.wilson(3, 3)
    assert float(hi) == 1.0 and round(float(lo), 3) == 0.439


def test_placement_matrix(placements):
    counts, shares = cs.placement_matrix(placements, IDS, STEPS[:3] + ["unsure", "custom"])
    assert counts.loc["c1"].tolist() == [2, 1, 0, 0, 0]
    assert counts.loc["c4"].tolist() == [0, 0, 1, 1, 1]
    assert counts.loc["c3", "custom"] == 1
    assert shares.loc["c2", "engage"] == pytest.approx(2 / 3)
    assert shares.sum(axis=1).tolist() == pytest.approx([1, 1, 1, 1])


def test_intended_agreement(placements):
    a = cs.intended_agreement(placements).set_index("card_id")
    assert a["k"].tolist() == [2, 2, 2, 1] and a["n"].tolist() == [3, 3, 3, 3]
    assert a.loc["c4", "share"] == pytest.approx(1 / 3)
    lo, hi = cs.wilson(2, 3)
    assert a.loc["c1", ["lo", "hi"]].tolist() == pytest.approx([float(lo), float(hi)])
    assert 0 < a.loc["c4", "lo"] < 1 / 3 < a.loc["c4", "hi"] < 1


def test_category_agreement_spencer(placements):
    c = cs.category_agreement(placements).set_index("step_id")
    # scope: A,B used it; c1 by both -> 1.  engage: A (c2), C (c1, c2) -> (2/2 + 1/2) / 2
    # understand: A (c3, c4), B (c2, c3) -> (c3 2/2 + c4 1/2 + c2 1/2) / 3
    assert c.loc["scope", "agreement"] == pytest.approx(1.0)
    assert c.loc["engage", "agreement"] == pytest.approx(0.75)
    assert c.loc["understand", "agreement"] == pytest.approx(2 / 3)
    assert c.loc["understand", ["n_sorters", "n_cards"]].tolist() == [2, 3]
    assert c.loc["custom:research", "agreement"] == 1.0 and c.loc["unsure", "n_sorters"] == 1


def test_similarity_matrix(placements):
    s = cs.similarity_matrix(placements, IDS)
    expected = np.array([[1, 1 / 3, 0, 0],
                         [1 / 3, 1, 1 / 3, 0],
                         [0, 1 / 3, 1, 2 / 3],  # c3-c4: A together, B has c4 on unsure, C custom pile
                         [0, 0, 2 / 3, 1]])
    assert s.to_numpy() == pytest.approx(expected)
    same, both = cs.similarity_counts(placements, IDS)
    assert both.loc["c3", "c4"] == 3 and same.loc["c3", "c4"] == 2


def test_similarity_only_counts_sorters_of_both_cards():
    rows = pd.DataFrame({"session_id": "S", "participant_id": ["a", "a", "b"], "card_id": ["x", "y", "x"],
                         "step_id": ["scope", "scope", "scope"]})
    s = cs.similarity_matrix(rows, ["x", "y", "z"])
    assert s.loc["x", "y"] == 1.0 and np.isnan(s.loc["x", "z"]) and np.isnan(s.loc["z", "z"])


def test_cluster(placements):
    tree, order, corr = cs.cluster(cs.similarity_matrix(placements, IDS))
    # c3+c4 join at 1 - 2/3; c1+c2 at 1 - 1/3; the two pairs at mean(1, 1, 2/3, 1) = 11/12
    assert tree[:, 2].tolist() == pytest.approx([1 / 3, 2 / 3, 11 / 12])
    assert sorted([set(order[:2]), set(order[2:])], key=sorted) == [{"c1", "c2"}, {"c3", "c4"}]
    distance = [2 / 3, 1, 1, 2 / 3, 1, 1 / 3]  # pairs 12 13 14 23 24 34
    tree_distance = [2 / 3, 11 / 12, 11 / 12, 11 / 12, 11 / 12, 1 / 3]
    assert corr == pytest.approx(np.corrcoef(distance, tree_distance)[0, 1])
    assert cs.cluster(cs.similarity_matrix(placements, IDS).iloc[:1, :1])[1] == ["c1"]


def test_unsure_and_custom_groups(placements):
    u = cs.unsure_summary(placements)
    assert u.iloc[0].tolist() == ["c4", 3, 1, pytest.approx(1 / 3)]
    g = cs.custom_groups(placements)
    assert g.to_dict("records") == [{"slug": "research", "label": "Research", "n_sorters": 1,
                                     "n_cards": 2, "cards": "c3, c4"}]


def test_apply_merges(placements):
    merged = cs.apply_merges(placements, {" RESEARCH ": "User research"})
    row = merged[merged["card_id"] == "c3"].set_index("participant_id")["step_id"]
    assert set(merged["custom_label"].dropna()) == {"User research"}
    assert "custom:user-research" in set(row)
    assert cs.apply_merges(placements, {"research": "Field work"})["step_id"].str.contains("field-work").sum() == 2
    assert placements["step_id"].str.contains("research").sum() == 2  # the input is untouched


def test_merges_round_trip(memory_store):
    assert cs.load_merges(memory_store) == {}
    cs.save_merges(memory_store, {"research": "User research"})
    assert cs.load_merges(memory_store) == {"research": "User research"}
    with pytest.raises(ValidationError, match="must map a group name to a non-empty name"):
        cs.save_merges(memory_store, {"x": " "})


def test_merges_are_added_and_removed_keeping_the_others(memory_store):
    cs.save_merges(memory_store, {"research": "User research"})
    assert cs.add_merges(memory_store, ["Riset", "riset data"], "Data") == {
        "research": "User research", "Riset": "Data", "riset data": "Data"}
    assert cs.remove_merges(memory_store, ["Riset", "not merged"]) == {"research": "User research", "riset data": "Data"}
    assert cs.load_merges(memory_store) == {"research": "User research", "riset data": "Data"}
    with pytest.raises(ValidationError, match="must map a group name to a non-empty name"):
        cs.add_merges(memory_store, ["x"], "  ")


def test_compare_groups():
    t = filter_tables(load_tables(fill(MemoryStore()), contents()), include_incomplete=True)
    agreement, distances = cs.compare_groups(t.placements, by="country")
    a = agreement.set_index("card_id")
    assert a.loc["c1", "share_Indonesia"] == pytest.approx(2 / 3) and a.loc["c1", "share_Portugal"] == 1.0
    assert pd.isna(a.loc["c2", "n_Portugal"])
    assert distances[["group_a", "group_b", "n_pairs"]].iloc[0].tolist() == ["Indonesia", "Portugal", 0]


def test_compare_groups_distances():
    rows = []
    for group, sorts in {"x": [("s", "s", "e")], "y": [("s", "e", "e")]}.items():
        for i, piles in enumerate(sorts):
            for card, pile in zip(["a", "b", "c"], piles):
                rows.append({"session_id": group, "participant_id": f"p{i}", "card_id": card, "step_id": pile,
                             "intended_step": "s", "is_intended": pile == "s", "language": group})
    _, d = cs.compare_groups(pd.DataFrame(rows), by="language")
    # upper triangles (ab, ac, bc): x = (1, 0, 0), y = (0, 0, 1)
    assert d.iloc[0]["mean_abs_diff"] == pytest.approx(2 / 3)
    assert d.iloc[0]["pearson_r"] == pytest.approx(-0.5)


def test_top_confusions(placements):
    t = cs.top_confusions(placements).set_index("card_id")
    assert (t.loc["c1", "wrong_pile"], t.loc["c1", "wrong_share"]) == ("engage", pytest.approx(1 / 3))
    assert (t.loc["c3", "top_cogrouped_card"], t.loc["c3", "top_cogrouped_share"]) == ("c4", pytest.approx(2 / 3))
    assert (t.loc["c3", "confused_card"], t.loc["c3", "confused_share"]) == ("c2", pytest.approx(1 / 3))
    assert t.loc["c4", "wrong_pile"] == "custom:research"  # unsure is not a wrong pile
    assert pd.isna(t.loc["c4", "confused_card"]) and t.loc["c4", "confused_share"] == 0.0


def test_a_merge_that_matches_no_group_leaves_placements_unchanged(placements):
    merged = cs.apply_merges(placements, {"no such group": "Research"})
    pd.testing.assert_frame_equal(merged, placements)


def test_merged_names_get_the_same_slug_as_a_group_made_live():
    from booster import workshop

    placements = pd.DataFrame({"step_id": ["custom:riset"], "custom_label": ["Riset"], "card_id": ["c1"],
                               "participant_id": ["p1"]})
    merged = cs.apply_merges(placements, {"riset": "Éxito & Data"})
    assert merged["step_id"].item() == "custom:" + workshop.slugify("Éxito & Data") == "custom:exito-data"


def test_cards_a_sorter_left_together_in_unsure_are_not_grouped_together():
    rows = pd.DataFrame({"session_id": "S", "participant_id": ["a"] * 3 + ["b"] * 3,
                         "card_id": ["x", "y", "z"] * 2,
                         "step_id": [cs.UNSURE, cs.UNSURE, cs.UNSURE, "scope", "scope", cs.UNSURE]})
    same, both = cs.similarity_counts(rows, ["x", "y", "z"])
    assert both.loc["x", "y"] == 2 and same.loc["x", "y"] == 1, "only b put x and y in one pile"
    assert same.loc["x", "z"] == 0 and same.loc["y", "z"] == 0
    assert cs.similarity_matrix(rows, ["x", "y", "z"]).loc["x", "z"] == 0.0
