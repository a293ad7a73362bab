"""booster.analysis.compare: one segment against the rest, each number recomputed by hand here."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from booster.analysis import compare


def _feedback(rows):
    return pd.DataFrame(rows, columns=["session_id", "country", "activity", "question", "score"])


def _ratings(scores_by_country: dict, activity="card_sort", question="ease"):
    return [(f"S-{country}", country, activity, question, float(s))
            for country, scores in scores_by_country.items() for s in scores]


def test_holm_steps_down_and_keeps_untested_rows():
    adjusted = compare.holm([0.01, 0.04, 0.03, np.nan])
    # sorted 0.01, 0.03, 0.04 times 3, 2, 1 -> 0.03, 0.06, 0.04 -> monotone 0.03, 0.06, 0.06
    assert adjusted[:3] == pytest.approx([0.03, 0.06, 0.06])
    assert math.isnan(adjusted[3])
    assert compare.holm([0.6, 0.5]) == pytest.approx([1.0, 1.0])  # capped at 1


def test_ratings_vs_rest_welch_by_hand():
    seg, rest = [2, 3, 2, 3], [4, 5, 4, 5, 4]
    fb = _feedback(_ratings({"Indonesia": seg, "Chile": rest[:2], "Greece": rest[2:]})
                   + _ratings({"Indonesia": [5], "Chile": [5, 4]}, question="relevance"))
    out = compare.ratings_vs_rest(fb, "country", "Indonesia").set_index("question")
    ease = out.loc["ease"]
    # Welch by hand: variances 1/3 and 0.3, se = sqrt(1/3/4 + 0.3/5), Welch-Satterthwaite df
    va, vb = (1 / 3) / 4, 0.3 / 5
    se = math.sqrt(va + vb)
    df = se ** 4 / (va ** 2 / 3 + vb ** 2 / 4)
    t_stat = (2.5 - 4.4) / se
    assert (ease["n_seg"], ease["mean_seg"], ease["n_rest"], ease["mean_rest"]) == (4, 2.5, 5, pytest.approx(4.4))
    assert ease["diff"] == pytest.approx(-1.9)
    assert ease["p"] == pytest.approx(2 * stats.t.sf(abs(t_stat), df))
    half = stats.t.ppf(0.975, df) * se
    assert (ease["diff_lo"], ease["diff_hi"]) == (pytest.approx(-1.9 - half), pytest.approx(-1.9 + half))
    seg_half = stats.t.ppf(0.975, 3) * math.sqrt(1 / 3) / 2
    assert (ease["lo_seg"], ease["hi_seg"]) == (pytest.approx(2.5 - seg_half), pytest.approx(2.5 + seg_half))
    # one Indonesian relevance rating: not testable, so Holm adjusts over one test only
    assert out.loc["relevance", "verdict"] == "too_few" and math.isnan(out.loc["relevance", "p"])
    assert ease["p_adj"] == pytest.approx(ease["p"])
    assert ease["verdict"] == "lower"
    assert 0 < ease["p_mwu"] < 0.05


def test_ratings_within_chance_say_same_and_questions_filter():
    fb = _feedback(_ratings({"Indonesia": [3, 4, 5], "Chile": [3, 4, 5, 4]})
                   + _ratings({"Indonesia": [1, 1, 2], "Chile": [5, 5, 4]}, question="relevance"))
    out = compare.ratings_vs_rest(fb, "country", "Indonesia", questions=["ease"])
    assert out["question"].tolist() == ["ease"]
    assert out.loc[0, "verdict"] == "same" and out.loc[0, "diff"] == pytest.approx(0.0)
    assert compare.ratings_vs_rest(fb, "country", "Chile").set_index("question").loc["relevance", "verdict"] == "higher"


def _placements(rows):
    """rows: (session, country, sorter, card, in intended step)."""
    return pd.DataFrame([{"session_id": s, "country": c, "participant_id": p, "card_id": card,
                          "intended_step": "scope", "step_id": "scope" if ok else "engage", "is_intended": ok}
                         for s, c, p, card, ok in rows])


def _fisher_two_sided(a, b, c, d) -> float:
    """Two-sided Fisher p by summing the hypergeometric tables no likelier than the observed one."""
    row, col, total = a + b, a + c, a + b + c + d
    prob = lambda x: math.comb(col, x) * math.comb(total - col, row - x) / math.comb(total, row)  # noqa: E731
    observed = prob(a)
    return sum(prob(x) for x in range(max(0, row + col - total), min(row, col) + 1) if prob(x) <= observed * (1 + 1e-9))


def test_agreement_vs_rest_fisher_by_hand():
    rows = [("S1", "Indonesia", f"p{i}", "c1", i < 1) for i in range(5)]
    rows += [("S2", "Chile", f"q{i}", "c1", i < 8) for i in range(10)]
    rows += [("S1", "Indonesia", f"p{i}", "c2", True) for i in range(5)]
    rows += [("S2", "Chile", f"q{i}", "c2", True) for i in range(10)]
    out = compare.agreement_vs_rest(_placements(rows), "country", "Indonesia").set_index("card_id")
    c1 = out.loc["c1"]
    assert (c1["n_seg"], c1["k_seg"], c1["n_rest"], c1["k_rest"]) == (5, 1, 10, 8)
    assert (c1["share_seg"], c1["share_rest"], c1["diff"]) == (0.2, 0.8, pytest.approx(-0.6))
    assert c1["p"] == pytest.approx(_fisher_two_sided(1, 4, 8, 2))  # 267 / 3003
    assert c1["p"] == pytest.approx(267 / 3003)
    assert out.loc["c2", "p"] == pytest.approx(1.0)
    assert c1["p_adj"] == pytest.approx(min(1, 2 * 267 / 3003))
    assert c1["verdict"] == "same"  # 0.178 after Holm over two cards: within chance


def test_agreement_by_segment_shares_and_counts():
    rows = [("S1", "Indonesia", "p1", "c1", True), ("S1", "Indonesia", "p2", "c1", False),
            ("S2", "Chile", "q1", "c1", True), ("S2", "Chile", "q1", "c2", False)]
    shares, counts = compare.agreement_by_segment(_placements(rows), "country")
    assert shares.loc["c1"].to_dict() == {"Chile": 1.0, "Indonesia": 0.5}
    assert shares.loc["c2", "Chile"] == 0.0 and math.isnan(shares.loc["c2", "Indonesia"])
    assert counts.loc["c2"].to_dict() == {"Chile": 1, "Indonesia": 0}


def test_segment_values_orders_sessions_by_date():
    sessions = pd.DataFrame({"session_id": ["B", "A", "C"], "date": ["2025-08-02", "2025-08-09", "2025-08-01"],
                             "country": ["Chile", "Indonesia", "Chile"]})
    assert compare.segment_values(sessions, "session_id") == ["C", "B", "A"]
    assert compare.segment_values(sessions, "country") == ["Chile", "Indonesia"]
