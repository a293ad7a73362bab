"""booster.analysis.sort_stats (vectorised for speed) gives exactly what a straightforward
implementation of the field's definitions gives, on random sorts with unsure piles, own groups,
unfinished sorts and participant ids repeated across sessions."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform

from booster.analysis import sort_stats as cs

STEPS = ["scope", "engage", "understand", "reframe"]
CARDS = [f"c{i}" for i in range(9)]


def random_placements(seed: int, sorters: int = 40, complete: bool = False) -> pd.DataFrame:
    rng, rows = random.Random(seed), []
    for s in range(sorters):
        session, person = f"S{s % 3}", f"p{s // 3}"  # the same participant id in several sessions
        own = [f"custom:g{rng.randint(0, 2)}", f"custom:h{s % 2}"]
        for card in CARDS if complete else rng.sample(CARDS, rng.randint(1, len(CARDS))):  # some unfinished
            pile = rng.choice([*STEPS, *own] if complete else [*STEPS, "unsure", *own])
            intended = STEPS[CARDS.index(card) % len(STEPS)]
            rows.append({"session_id": session, "participant_id": person, "card_id": card, "step_id": pile,
                         "intended_step": intended, "is_intended": pile == intended})
    rows.append({"session_id": "S0", "participant_id": "p0", "card_id": "not-in-deck", "step_id": "scope",
                 "intended_step": "scope", "is_intended": True})
    return pd.DataFrame(rows)


def reference_counts(placements: pd.DataFrame, card_ids):
    """Sorter by sorter, pair by pair: placed both; put both in one pile that is not `unsure`."""
    piles = defaultdict(dict)
    for r in placements.itertuples():
        piles[(r.session_id, r.participant_id)][r.card_id] = r.step_id
    same = {(a, b): 0 for a in card_ids for b in card_ids}
    both = dict(same)
    for placed in piles.values():
        for a, b in itertools.product(card_ids, card_ids):
            if a in placed and b in placed:
                both[a, b] += 1
                same[a, b] += placed[a] == placed[b] and placed[a] != "unsure"
    table = lambda d: pd.DataFrame([[d[a, b] for b in card_ids] for a in card_ids],  # noqa: E731
                                   index=card_ids, columns=card_ids)
    return table(same), table(both)


@pytest.mark.parametrize("seed", range(6))
def test_similarity_counts_equal_the_pair_by_pair_definition(seed):
    placements = random_placements(seed)
    same, both = cs.similarity_counts(placements, CARDS)
    want_same, want_both = reference_counts(placements, CARDS)
    pd.testing.assert_frame_equal(same, want_same, check_dtype=False)
    pd.testing.assert_frame_equal(both, want_both, check_dtype=False)


@pytest.mark.parametrize("seed", range(3))
def test_similarity_matrix_and_tree_follow_from_the_reference_counts(seed):
    placements = random_placements(seed)
    same, both = reference_counts(placements, CARDS)
    want = same.to_numpy(float) / both.to_numpy(float)
    np.fill_diagonal(want, 1.0)
    sim = cs.similarity_matrix(placements, CARDS)
    np.testing.assert_allclose(sim.to_numpy(), want)
    tree, order, _ = cs.cluster(sim)
    want_tree = linkage(squareform(1 - want, checks=False), method="average")
    np.testing.assert_allclose(tree, want_tree)
    assert sorted(order) == sorted(CARDS)


def test_complete_open_sorts_match_the_cardsort_package_definition():
    """For complete sorts without `unsure` (what the `cardsort` package accepts), its distance
    (sorters who put a pair apart) is sorters minus our `same`."""
    placements = random_placements(9, complete=True)
    placements = placements[placements["card_id"].isin(CARDS)]
    sorters = placements[["session_id", "participant_id"]].drop_duplicates()
    apart = np.zeros((len(CARDS), len(CARDS)))
    for _, one in placements.groupby(["session_id", "participant_id"]):
        pile = one.set_index("card_id").loc[CARDS, "step_id"].to_numpy()
        apart += pile[:, None] != pile[None, :]
    same, both = cs.similarity_counts(placements, CARDS)
    assert len(sorters) > 0 and (both.to_numpy() == len(sorters)).all()
    np.testing.assert_array_equal(len(sorters) - same.to_numpy(), apart)


def test_no_placements_give_empty_counts():
    empty = random_placements(0).iloc[0:0]
    same, both = cs.similarity_counts(empty, CARDS)
    assert same.to_numpy().sum() == 0 and both.to_numpy().sum() == 0
    assert cs.similarity_matrix(empty, CARDS).isna().all().all()
