"""booster.analysis.placements on the hand-made store of analysis_fixtures (sorts A, B, C)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis_fixtures import PA, PB, PC, PD, STEPS, contents, fill
from booster.analysis import placements as pl
from booster.analysis.tables import load_tables
from booster.piles import OWN_GROUPS
from booster.store import MemoryStore


@pytest.fixture(scope="module")
def tables():
    return load_tables(fill(MemoryStore()), contents())


def test_each_note_carries_the_pile_its_writer_chose(tables):
    notes = pl.notes_with_piles(tables.card_notes, tables.placements)
    got = {(r.participant_id, r.note_type): r.step_id for r in notes.itertuples()}
    assert got == {(PA, "comment"): "understand", (PA, "suggested_name"): "understand", (PB, "comment"): "unsure"}


def test_a_cell_lists_its_sorters_with_their_words(tables):
    cell = pl.cell_sorters(tables.placements, tables.card_notes, "c4", "unsure")
    assert cell["participant_id"].tolist() == [PB]
    assert cell.loc[0, "comment"] == "=cmd|' /C calc'!A0"
    understand = pl.cell_sorters(tables.placements, tables.card_notes, "c4", "understand")
    assert understand[["participant_id", "comment", "suggested_name"]].values.tolist() == [
        [PA, "Not sure what this means", "Plan research"]]
    own = pl.cell_sorters(tables.placements, tables.card_notes, "c3", OWN_GROUPS)
    assert own[["participant_id", "custom_label"]].values.tolist() == [[PC, "Research"]]
    assert pl.cell_sorters(tables.placements, tables.card_notes, "c1", "design").empty


def test_commenters_come_first():
    placements = pd.DataFrame({"session_id": "S", "participant_id": ["a", "b"], "card_id": "c1",
                               "step_id": "scope", "custom_label": None})
    notes = pd.DataFrame({"session_id": ["S"], "participant_id": ["b"], "card_id": ["c1"],
                          "note_type": ["comment"], "text": ["why"]})
    assert pl.cell_sorters(placements, notes, "c1", "scope")["participant_id"].tolist() == ["b", "a"]


def test_one_sorters_whole_sort_in_pile_order(tables):
    sort = pl.sorter_sort(tables.placements, tables.card_notes, "AAAAAA", PB, [*STEPS, "unsure"])
    assert sort[["card_id", "step_id", "is_intended"]].values.tolist() == [
        ["c1", "scope", True], ["c2", "understand", False], ["c3", "understand", True], ["c4", "unsure", False]]
    assert sort.set_index("card_id").loc["c4", "comment"] == "=cmd|' /C calc'!A0"


def test_sorter_names_join_the_people_behind_a_sort(tables):
    names = pl.sorter_names(tables.participants).set_index(["session_id", "participant_id"])
    assert names.loc[("AAAAAA", PA), "names"] == "Ayu"
    assert names.loc[("BBBBBB", "g-1"), "names"] == "Duarte"
    assert PD not in names.index.get_level_values(1), "a table member is listed under the table's sort"


def test_sort_agreement_by_hand(tables):
    sorters, codes = pl._sort_matrix(tables.placements)
    assert sorters["participant_id"].tolist() == [PA, PB, PC], "the unfinished table sort is left out"
    agree = pl.sort_agreement(codes)
    # A-B agree on c1, c3 (2 of 4); A-C on c2 (1 of 4); B-C on none
    assert agree[0, 1] == 0.5 and agree[0, 2] == 0.25 and agree[1, 2] == 0.0 and agree[2, 2] == 1.0


def test_common_sorts_list_the_most_shared_first(tables):
    top = pl.common_sorts(tables.placements, threshold=0.5)
    assert top[["participant_id", "identical", "agreeing", "n_sorts", "off_step"]].values.tolist() == [
        [PA, 1, 1, 3, 0], [PC, 1, 0, 3, 3]]  # B shares A's sort, so it is not listed again
    assert top["share"].tolist() == [0.5, 0.0]


def test_identical_sorts_are_counted_together():
    rows = []
    for person, c2 in (("a", "engage"), ("b", "engage"), ("c", "engage"), ("d", "scope")):
        for card, pile in (("c1", "scope"), ("c2", c2), ("c3", "design")):
            rows.append({"session_id": "S", "participant_id": person, "card_id": card, "step_id": pile,
                         "is_intended": pile != "design", "complete": True})
    top = pl.common_sorts(pd.DataFrame(rows), threshold=0.9, top=3)
    assert top[["participant_id", "identical", "agreeing", "off_step"]].values.tolist() == [
        ["a", 3, 2, 1], ["d", 1, 0, 1]]
    assert top.loc[0, "share"] == pytest.approx(2 / 3)


def test_no_complete_sort_lists_nothing():
    empty = pd.DataFrame(columns=["session_id", "participant_id", "card_id", "step_id", "is_intended", "complete"])
    assert pl.common_sorts(empty).empty


def test_sorts_compared_a_few_rows_at_a_time_give_the_whole_comparison(monkeypatch):
    """common_sorts compares ROWS_AT_ONCE sorters with all others at a time (memory); the blocks'
    counts and the greedy listing must be those of the whole sorter x sorter comparison."""
    import random

    rng, rows = random.Random(3), []
    for person in range(23):
        for card in range(6):
            pile = rng.choice(["scope", "engage", "design"]) if rng.random() < 0.5 else ["scope", "engage"][card % 2]
            rows.append({"session_id": "S", "participant_id": f"p{person:02d}", "card_id": f"c{card}", "step_id": pile,
                         "is_intended": pile == ["scope", "engage"][card % 2], "complete": True})
    placements = pd.DataFrame(rows)
    whole = pl.common_sorts.uncached(placements, threshold=0.6, top=6)
    monkeypatch.setattr(pl, "ROWS_AT_ONCE", 4)
    pd.testing.assert_frame_equal(pl.common_sorts.uncached(placements, threshold=0.6, top=6), whole)
    agree = pl.sort_agreement(pl._sort_matrix(placements)[1])
    assert np.allclose(agree, agree.T, equal_nan=True) and (np.diag(agree) == 1).all()
    assert whole["agreeing"].tolist() == [int(((agree[i] >= 0.6).sum()) - 1) for i in
                                          [int(p[1:]) for p in whole["participant_id"]]]


def test_sort_agreement_with_as_many_piles_as_ideas():
    """Own groups make the piles as many as the room's ideas: the agreement is still each pair's
    share of shared cards in the same pile, and what is held grows with the placements only."""
    rng = np.random.default_rng(11)
    codes = rng.integers(-1, 400, size=(60, 8))  # 400 piles, some cards not placed (-1)
    codes[:, 0] = 7                                # one card everyone put in the same pile
    placed, in_pile = pl.piles_held(codes)
    assert in_pile.nnz == placed.nnz == int((codes >= 0).sum())
    agree = pl.sort_agreement(codes)
    for a in range(0, 60, 7):
        for b in range(60):
            both = (codes[a] >= 0) & (codes[b] >= 0)
            assert agree[a, b] == (codes[a][both] == codes[b][both]).sum() / both.sum()
