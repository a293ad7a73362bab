"""booster.analysis.memo: results remembered by the identity of their tables, never past them."""

from __future__ import annotations

import gc

import pandas as pd

from booster.analysis.memo import by_identity


def test_a_result_is_remembered_for_the_same_frame_and_values_only():
    calls = []

    @by_identity(maxsize=4)
    def total(df, column, scale=1):
        calls.append(column)
        return df[column].sum() * scale

    df = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    assert total(df, "a") == 3 and total(df, "a") == 3 and calls == ["a"]
    assert total(df, "a", scale=2) == 6 and calls == ["a", "a"]
    assert total(df.copy(), "a") == 3 and len(calls) == 3  # an equal frame is another frame
    assert total(df, ["a"][0]) == 3 and len(calls) == 3


def test_a_dead_frame_never_matches_a_new_one_with_the_same_id():
    calls = []

    @by_identity(maxsize=4)
    def rows(df):
        calls.append(1)
        return len(df)

    for n in range(5):
        assert rows(pd.DataFrame({"a": range(n)})) == n  # each frame dies after the call; ids recur
        gc.collect()
    assert len(calls) == 5


def test_lists_and_dicts_are_keys_by_their_items():
    calls = []

    @by_identity()
    def f(values, lookup):
        calls.append(1)
        return len(values) + len(lookup)

    assert f(["x", "y"], {"v1": 1}) == 3 and f(["x", "y"], {"v1": 1}) == 3 and len(calls) == 1
    assert f(["x"], {"v1": 1}) == 2 and len(calls) == 2
