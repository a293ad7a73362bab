"""One segment of the sessions against the rest: ratings and card agreement, with the test that
says whether a difference is beyond chance.

A segment is the sessions with one value of a session column (`SEGMENTS`: country, language,
session, working mode, content version); "the rest" is every other session the filters keep.

- Ratings (1-5): each side's mean with its 95% Student t-interval; the difference segment - rest
  with its 95% Welch interval; Welch's t-test (unequal variances) for the difference, and the
  Mann-Whitney U test's p as a check that does not assume interval data.
- Card agreement (share of sorters placing a card in its intended step): each side's share, the
  difference, Fisher's exact test on the 2x2 table (in step / elsewhere x segment / rest).
- Many rows are tested at once (every question, every card), so each family of p-values is
  adjusted with Holm's step-down method; a difference is "beyond chance" when its adjusted
  p < ALPHA.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .sort_stats import intended_agreement

SEGMENTS = ("country", "language", "session_id", "mode", "content_version")
ALPHA = 0.05
RATING_COLUMNS = ["activity", "question", "n_seg", "mean_seg", "lo_seg", "hi_seg", "n_rest", "mean_rest",
                  "lo_rest", "hi_rest", "diff", "diff_lo", "diff_hi", "p", "p_mwu", "p_adj", "verdict"]
AGREEMENT_COLUMNS = ["card_id", "n_seg", "k_seg", "share_seg", "n_rest", "k_rest", "share_rest", "diff", "p",
                     "p_adj", "verdict"]


def holm(p) -> np.ndarray:
    """Holm-Bonferroni adjusted p-values; NaN stays NaN and does not count as a test."""
    p = np.asarray(p, float)
    out = np.full(p.shape, np.nan)
    tested = np.flatnonzero(~np.isnan(p))
    order = tested[np.argsort(p[tested], kind="stable")]
    m = len(order)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out


def segment_values(sessions: pd.DataFrame, by: str) -> list:
    """The values of `by` among the sessions, sorted (sessions by date, then code)."""
    if by == "session_id":
        return list(sessions.sort_values(["date", "session_id"])["session_id"])
    return sorted(sessions[by].dropna().astype(str).unique())


def _mean_ci(x: np.ndarray) -> tuple[int, float, float, float]:
    n = len(x)
    mean = float(np.mean(x)) if n else np.nan
    if n < 2:
        return n, mean, np.nan, np.nan
    half = stats.t.ppf(0.975, n - 1) * np.std(x, ddof=1) / np.sqrt(n)
    return n, mean, mean - half, mean + half


def welch(a, b) -> tuple[float, float, float, float]:
    """(mean(a) - mean(b), 95% Welch interval lo, hi, two-sided p of Welch's t-test); NaN when
    either side has fewer than two values or both have no spread."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if len(a) < 2 or len(b) < 2:
        return (float(np.mean(a) - np.mean(b)) if len(a) and len(b) else np.nan), np.nan, np.nan, np.nan
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    diff, se = float(np.mean(a) - np.mean(b)), float(np.sqrt(va + vb))
    if se == 0:
        return diff, np.nan, np.nan, np.nan
    df = se ** 4 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    half = stats.t.ppf(0.975, df) * se
    p = float(stats.ttest_ind(a, b, equal_var=False).pvalue)
    return diff, diff - half, diff + half, p


def _mann_whitney(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) == 0 or len(b) == 0 or np.unique(np.concatenate([a, b])).size < 2:
        return np.nan
    return float(stats.mannwhitneyu(a, b, alternative="two-sided").pvalue)


def _verdict(diff: float, p_adj: float, alpha: float) -> str:
    """'lower' / 'higher' (beyond chance), 'same' (within chance), 'too_few' (not testable)."""
    if np.isnan(p_adj):
        return "too_few"
    if p_adj >= alpha:
        return "same"
    return "lower" if diff < 0 else "higher"


def _in_segment(df: pd.DataFrame, by: str, value) -> pd.Series:
    return df[by].astype(str) == str(value)


def ratings_vs_rest(feedback: pd.DataFrame, by: str, value, questions=None, alpha: float = ALPHA) -> pd.DataFrame:
    """Per activity and rated question (optionally only `questions`): the segment's and the rest's
    n, mean and 95% interval, the difference with its Welch interval, Welch's p, Mann-Whitney's
    p, Holm-adjusted Welch p over the rows returned, and the verdict."""
    ratings = feedback[feedback["score"].notna()]
    if questions is not None:
        ratings = ratings[ratings["question"].isin(list(questions))]
    inside = _in_segment(ratings, by, value)
    rows = []
    for (activity, question), part in ratings.groupby(["activity", "question"], sort=True):
        a = part.loc[inside[part.index], "score"].to_numpy(float)
        b = part.loc[~inside[part.index], "score"].to_numpy(float)
        rows.append((activity, question, *_mean_ci(a), *_mean_ci(b), *welch(a, b), _mann_whitney(a, b)))
    out = pd.DataFrame(rows, columns=RATING_COLUMNS[:-2])
    out["p_adj"] = holm(out["p"])
    out["verdict"] = [_verdict(d, p, alpha) for d, p in zip(out["diff"], out["p_adj"])]
    return out


def agreement_by_segment(placements: pd.DataFrame, by: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shares, n): card x segment value, the share of the segment's sorters who placed the card in
    its intended step, and how many sorters placed it."""
    shares, counts = {}, {}
    for value, part in placements.groupby(placements[by].astype(str), sort=True):
        a = intended_agreement(part).set_index("card_id")
        shares[value], counts[value] = a["share"], a["n"]
    return pd.DataFrame(shares), pd.DataFrame(counts).fillna(0).astype(int)


def agreement_vs_rest(placements: pd.DataFrame, by: str, value, alpha: float = ALPHA) -> pd.DataFrame:
    """Per card: the segment's and the rest's sorters (n), those in the intended step (k), shares,
    the difference, Fisher's exact p, Holm-adjusted p over the cards, and the verdict."""
    inside = _in_segment(placements, by, value)
    cards = sorted(placements["card_id"].unique())
    seg = _counts(placements[inside], cards)
    rest = _counts(placements[~inside], cards)
    out = pd.DataFrame({"card_id": cards, "n_seg": seg["n"], "k_seg": seg["k"], "n_rest": rest["n"],
                        "k_rest": rest["k"]})
    with np.errstate(divide="ignore", invalid="ignore"):
        out["share_seg"], out["share_rest"] = out["k_seg"] / out["n_seg"], out["k_rest"] / out["n_rest"]
    out["diff"] = out["share_seg"] - out["share_rest"]
    out["p"] = [_fisher(*row) for row in out[["k_seg", "n_seg", "k_rest", "n_rest"]].itertuples(index=False)]
    out["p_adj"] = holm(out["p"])
    out["verdict"] = [_verdict(d, p, alpha) for d, p in zip(out["diff"], out["p_adj"])]
    return out[AGREEMENT_COLUMNS]


def _counts(placements: pd.DataFrame, cards: list) -> pd.DataFrame:
    g = placements.groupby("card_id")
    return pd.DataFrame({"n": g.size(), "k": g["is_intended"].sum()}).reindex(cards).fillna(0).astype(int)


def _fisher(k_seg: int, n_seg: int, k_rest: int, n_rest: int) -> float:
    if n_seg == 0 or n_rest == 0:
        return np.nan
    return float(stats.fisher_exact([[k_seg, n_seg - k_seg], [k_rest, n_rest - k_rest]]).pvalue)
