"""Did a revision help? Sessions run with one content version against sessions run with the next.

Per card: agreement with the intended step in each version (the step that version intended, so a
moved card is judged by its new step), each with its 95% Wilson interval
(sort_stats.intended_agreement), and the difference after - before with Newcombe's hybrid score
interval (method 10, built from the two Wilson intervals). Per tool and question: the feedback
means with their t-intervals (feedback_stats.score_summary) and the difference with Welch's
t-interval. A difference is "beyond chance" when its 95% interval excludes 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from scipy import stats

from . import feedback_stats, sort_stats

CARD_COLUMNS = ["card_id", "change", "n_before", "share_before", "lo_before", "hi_before", "n_after", "share_after",
                "lo_after", "hi_after", "diff", "diff_lo", "diff_hi", "beyond_chance"]
TOOL_COLUMNS = ["activity", "question", "n_before", "mean_before", "ci_lo_before", "ci_hi_before", "n_after",
                "mean_after", "ci_lo_after", "ci_hi_after", "diff", "diff_lo", "diff_hi", "beyond_chance"]
BEFORE, AFTER = "#9e9e9e", "#1f5fa8"


def changed_items(changes: dict) -> dict[tuple[str, str], str]:
    """(item_type, item_id) -> action, from a version's changes.yaml; a split's parts count as split."""
    out = {}
    for change in changes.get("changes") or []:
        out[(change["item_type"], change["item_id"])] = change["action"]
        for part in (change.get("result") or {}).get("parts") or []:
            out[("card", part)] = "split"
    return out


def compare_cards(placements: pd.DataFrame, before: str, after: str, changes: dict | None = None) -> pd.DataFrame:
    """One row per card placed in either version (a cut card has no `after`, a new part no `before`)."""
    sides = {}
    for side, version in (("before", before), ("after", after)):
        part = placements[placements["content_version"] == version]
        a = sort_stats.intended_agreement(part).set_index("card_id") if len(part) else pd.DataFrame(
            columns=["n", "k", "share", "lo", "hi"])
        sides[side] = a[["n", "k", "share", "lo", "hi"]].add_suffix(f"_{side}")
    out = sides["before"].join(sides["after"], how="outer")
    out.index.name = "card_id"
    out = out.reset_index()
    for column in ("n_before", "k_before", "n_after", "k_after"):
        out[column] = pd.to_numeric(out[column]).astype("Int64")
    numeric = out[[c for c in out.columns if c.split("_")[0] in ("share", "lo", "hi")]].astype(float)
    out[numeric.columns] = numeric
    out["diff"] = out["share_after"] - out["share_before"]
    out["diff_lo"], out["diff_hi"] = newcombe(out["share_before"], out["lo_before"], out["hi_before"],
                                              out["share_after"], out["lo_after"], out["hi_after"])
    out["beyond_chance"] = (out["diff_lo"] > 0) | (out["diff_hi"] < 0)
    actions = changed_items(changes or {})
    out["change"] = [actions.get(("card", c), "") for c in out["card_id"]]
    return out.reindex(columns=CARD_COLUMNS)


def newcombe(p1, l1, u1, p2, l2, u2):
    """95% interval of p2 - p1 from each proportion's Wilson interval (Newcombe 1998, method 10)."""
    p1, l1, u1, p2, l2, u2 = (np.asarray(v, float) for v in (p1, l1, u1, p2, l2, u2))
    d = p2 - p1
    return d - np.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2), d + np.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)


def compare_feedback(feedback: pd.DataFrame, before: str, after: str) -> pd.DataFrame:
    """Per activity (tool, or `card_sort` for the structure) and rating question, before and after."""
    part = feedback[feedback["content_version"].isin([before, after])]
    summary = feedback_stats.score_summary(part, by=["content_version"]) if len(part) else pd.DataFrame(
        columns=["activity", "question", "content_version", "n", "mean", "sd", "ci_lo", "ci_hi"])
    keep = ["n", "mean", "sd", "ci_lo", "ci_hi"]
    sides = [summary[summary["content_version"] == v].set_index(["activity", "question"])[keep].add_suffix(f"_{s}")
             for s, v in (("before", before), ("after", after))]
    out = sides[0].join(sides[1], how="outer").reset_index()
    out["diff"] = out["mean_after"] - out["mean_before"]
    out["diff_lo"], out["diff_hi"] = welch(out["mean_before"], out["sd_before"], out["n_before"],
                                           out["mean_after"], out["sd_after"], out["n_after"])
    out["beyond_chance"] = (out["diff_lo"] > 0) | (out["diff_hi"] < 0)
    return out.reindex(columns=TOOL_COLUMNS)


def welch(m1, s1, n1, m2, s2, n2):
    """95% Welch t-interval of m2 - m1 (NaN where either side has fewer than 2 ratings)."""
    m1, s1, n1, m2, s2, n2 = (np.asarray(pd.to_numeric(v), float) for v in (m1, s1, n1, m2, s2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        v1, v2 = s1 ** 2 / n1, s2 ** 2 / n2
        se = np.sqrt(v1 + v2)
        df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
        half = stats.t.ppf(0.975, df) * se
    d = m2 - m1
    return d - half, d + half


# ---- charts (titles and legend names come from the caller, in the screen's language) ---------------


def _side(fig: go.Figure, y, x, lo, hi, name: str, colour: str, fmt: str, offset: float) -> None:
    x, lo, hi = (np.asarray(v, float) for v in (x, lo, hi))
    fig.add_trace(go.Scatter(
        x=x, y=y, mode="markers", name=name, marker={"color": colour, "size": 10},
        error_x={"type": "data", "symmetric": False, "array": np.nan_to_num(hi - x),
                 "arrayminus": np.nan_to_num(x - lo), "color": colour},
        marker_symbol="circle" if offset < 0 else "diamond",
        hovertemplate=f"%{{y}} · {name}: %{{x:{fmt}}}<extra></extra>"))


def card_chart(cards: pd.DataFrame, names: dict, title: str, before: str, after: str) -> go.Figure:
    """Each card's agreement before and after, with Wilson intervals; the changed cards first."""
    rows = cards.assign(name=[f"{names.get(c, c)}" + (f" ({a})" if a else "")
                              for c, a in zip(cards["card_id"], cards["change"])])
    rows = rows.sort_values(["change", "diff"], key=lambda s: s.eq("") if s.name == "change" else s.fillna(0))
    fig = go.Figure()
    _side(fig, rows["name"], rows["share_before"], rows["lo_before"], rows["hi_before"], before, BEFORE, ".0%", -1)
    _side(fig, rows["name"], rows["share_after"], rows["lo_after"], rows["hi_after"], after, AFTER, ".0%", 1)
    fig.update_layout(title=title, xaxis={"range": [0, 1.02], "tickformat": ".0%"},
                      yaxis={"autorange": "reversed"}, height=max(300, 22 * len(rows) + 110),
                      legend={"orientation": "h", "y": -0.08}, margin={"l": 10, "r": 10})
    return fig


def feedback_chart(tools: pd.DataFrame, names: dict, title: str, before: str, after: str) -> go.Figure:
    """Feedback means before and after with their 95% intervals, one line per tool and question."""
    y = [f"{names.get(a, a)} · {names.get(q, q)}" for a, q in zip(tools["activity"], tools["question"])]
    fig = go.Figure()
    _side(fig, y, tools["mean_before"], tools["ci_lo_before"], tools["ci_hi_before"], before, BEFORE, ".2f", -1)
    _side(fig, y, tools["mean_after"], tools["ci_lo_after"], tools["ci_hi_after"], after, AFTER, ".2f", 1)
    fig.update_layout(title=title, xaxis={"range": [1, 5.05]}, yaxis={"autorange": "reversed"},
                      height=max(320, 26 * len(y) + 140), legend={"orientation": "h", "y": -0.08},
                      margin={"l": 10, "r": 10})
    return fig
