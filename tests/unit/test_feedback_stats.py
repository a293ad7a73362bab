"""booster.analysis.feedback_stats: rating summaries with a t-interval, distributions, comments, keywords."""

from __future__ import annotations

import math

import pytest

from analysis_fixtures import contents, fill
from booster.analysis import feedback_stats as fb
from booster.analysis.tables import load_tables
from booster.store import MemoryStore


@pytest.fixture
def feedback():
    return load_tables(fill(MemoryStore()), contents()).feedback


def test_score_summary_hand_values(feedback):
    s = fb.score_summary(feedback).set_index(["activity", "question"])
    ease = s.loc[("card_sort", "ease")]
    # ratings 4, 2, 3: mean 3, sd 1, t(0.975, 2) = 4.302653 -> 3 +/- 2.484
    assert (ease["n"], ease["mean"], ease["sd"]) == (3, 3.0, 1.0)
    assert (ease["ci_lo"], ease["ci_hi"]) == (pytest.approx(0.5159, abs=1e-4), pytest.approx(5.4841, abs=1e-4))
    assert [ease[f"n_{k}"] for k in range(1, 6)] == [0, 1, 1, 1, 0]
    single = s.loc[("service_challenge", "ease")]
    assert single["n"] == 1 and math.isnan(single["ci_lo"])
    assert ("card_sort", "confusing") not in s.index  # open questions have no score


def test_summary_by_country(feedback):
    s = fb.score_summary(feedback, by=["country"])
    assert set(s["country"]) == {"Indonesia"}
    assert s.columns.tolist()[:3] == ["activity", "question", "country"]


def test_distribution(feedback):
    d = fb.distribution(feedback)
    ease = d[(d.activity == "card_sort") & (d.question == "ease")]
    assert ease["score"].tolist() == [1, 2, 3, 4, 5]
    assert ease["count"].tolist() == [0, 1, 1, 1, 0]
    assert ease["share"].sum() == pytest.approx(1.0)


def test_comments(feedback):
    c = fb.comments(feedback)
    assert sorted(c["question"]) == ["confusing", "suggestions"]
    assert {"country", "language", "text"} <= set(c.columns)


def test_keywords_drop_english_and_indonesian_stop_words():
    texts = ["Kartu ini sangat membingungkan dan tidak jelas",
             "Langkah reframe membingungkan untuk saya",
             "The reframe step is confusing"]
    k = fb.keywords(texts, top=3)
    assert k["term"].iloc[0] == "membingungkan"
    assert set(k["term"]) & {"ini", "dan", "tidak", "untuk", "saya", "the", "is"} == set()
    assert len(k) == 3 and k["weight"].is_monotonic_decreasing


def test_keywords_empty_inputs():
    assert fb.keywords([]).empty
    assert fb.keywords(["dan yang di", None, "  "]).empty
