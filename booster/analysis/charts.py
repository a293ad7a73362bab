"""Plotly figures for the analysis screens and the HTML report (no Streamlit here)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from scipy.cluster.hierarchy import dendrogram as scipy_dendrogram

BLUE = "#1f5fa8"
SCALE_COLOURS = ["#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac"]


def _names(ids, labels: dict | None) -> list[str]:
    return [str((labels or {}).get(i, i)) for i in ids]


def placement_heatmap(shares: pd.DataFrame, intended: dict, labels: dict | None = None,
                      pile_names: dict | None = None) -> go.Figure:
    """Card x pile shares; the intended step of each card is outlined."""
    y, x = _names(shares.index, labels), _names(shares.columns, pile_names)
    z = shares.to_numpy(float)
    fig = go.Figure(go.Heatmap(z=z, x=x, y=y, colorscale="Blues", zmin=0, zmax=1,
                               text=np.vectorize(lambda v: "" if np.isnan(v) else f"{v:.0%}")(z),
                               texttemplate="%{text}", hovertemplate="%{y} -> %{x}: %{z:.0%}<extra></extra>"))
    cols = list(shares.columns)
    marks = [(x[cols.index(intended[c])], y[i]) for i, c in enumerate(shares.index) if intended.get(c) in cols]
    if marks:
        fig.add_trace(go.Scatter(x=[m[0] for m in marks], y=[m[1] for m in marks], mode="markers",
                                 marker={"symbol": "square-open", "size": 22, "color": "#d62728",
                                         "line": {"width": 2}}, name="intended step", hoverinfo="skip"))
    fig.update_layout(title="Where each card was placed", yaxis={"autorange": "reversed"},
                      height=max(300, 28 * len(y) + 120), legend={"orientation": "h"})
    return fig


def agreement_bar(agreement: pd.DataFrame, labels: dict | None = None, threshold: float = 0.6) -> go.Figure:
    """Share of sorters placing each card in its intended step, with Wilson 95% intervals."""
    a = agreement.sort_values("share")
    fig = go.Figure(go.Bar(x=a["share"], y=_names(a["card_id"], labels), orientation="h",
                           marker_color=BLUE, customdata=a[["n", "k"]],
                           error_x={"type": "data", "symmetric": False, "array": a["hi"] - a["share"],
                                    "arrayminus": a["share"] - a["lo"]},
                           hovertemplate="%{y}: %{x:.0%} (%{customdata[1]} of %{customdata[0]})<extra></extra>"))
    fig.add_vline(x=threshold, line_dash="dash", line_color="#d62728")
    fig.update_layout(title="Cards placed in their intended step", xaxis={"range": [0, 1], "tickformat": ".0%"},
                      height=max(300, 24 * len(a) + 120))
    return fig


def similarity_heatmap(similarity: pd.DataFrame, order: list | None = None,
                       labels: dict | None = None) -> go.Figure:
    """How often two cards shared a pile, in dendrogram order when given."""
    sim = similarity.loc[order, order] if order else similarity
    names = _names(sim.index, labels)
    fig = go.Figure(go.Heatmap(z=sim.to_numpy(float), x=names, y=names, colorscale="Blues", zmin=0, zmax=1,
                               hovertemplate="%{y} + %{x}: %{z:.0%}<extra></extra>"))
    fig.update_layout(title="Cards sorted together", yaxis={"autorange": "reversed"},
                      height=max(350, 22 * len(names) + 150))
    return fig


def dendrogram(tree: np.ndarray, ids: list, labels: dict | None = None) -> go.Figure:
    """The average-linkage tree (distance = 1 - similarity), drawn from scipy's coordinates."""
    fig = go.Figure()
    if len(tree) == 0:
        return fig.update_layout(title="Not enough cards to cluster")
    d = scipy_dendrogram(tree, labels=_names(ids, labels), no_plot=True, orientation="left")
    for xs, ys in zip(d["dcoord"], d["icoord"]):
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": BLUE}, hoverinfo="skip",
                                 showlegend=False))
    ticks = [5 + 10 * i for i in range(len(d["ivl"]))]
    fig.update_layout(title="Card clusters", xaxis={"title": "distance (1 - similarity)", "range": [1.05, 0]},
                      yaxis={"tickvals": ticks, "ticktext": d["ivl"]}, height=max(300, 24 * len(ids) + 120))
    return fig


def feedback_distribution(distribution: pd.DataFrame) -> go.Figure:
    """Stacked shares of ratings 1-5 per activity and question."""
    d = distribution.assign(item=distribution["activity"] + " / " + distribution["question"])
    fig = go.Figure()
    for score, colour in zip(range(1, 6), SCALE_COLOURS):
        part = d[d["score"] == score]
        fig.add_trace(go.Bar(x=part["share"], y=part["item"], orientation="h", name=str(score),
                             marker_color=colour, customdata=part["count"],
                             hovertemplate=f"{score}: " + "%{x:.0%} (%{customdata})<extra></extra>"))
    fig.update_layout(barmode="stack", title="Ratings (1 = low, 5 = high)", xaxis={"tickformat": ".0%"},
                      height=max(300, 30 * d["item"].nunique() + 120))
    return fig


def feedback_means(summary: pd.DataFrame) -> go.Figure:
    """Mean rating per question with its 95% t-interval, one colour per activity."""
    fig = go.Figure()
    for activity, part in summary.groupby("activity", sort=True):
        fig.add_trace(go.Bar(x=part["question"], y=part["mean"], name=activity,
                             error_y={"type": "data", "symmetric": False,
                                      "array": (part["ci_hi"] - part["mean"]).clip(lower=0),
                                      "arrayminus": (part["mean"] - part["ci_lo"]).clip(lower=0)}))
    fig.update_layout(barmode="group", title="Mean ratings", yaxis={"range": [0, 5.5]})
    return fig


def contrast_positions(positions: pd.DataFrame) -> go.Figure:
    """Stacked shares of positions 1-5 per contrast: one row per contrast (its name in column
    `contrast`), one column of counts per position ("1" .. "5")."""
    shares = positions.set_index("contrast")
    shares = shares.div(shares.sum(axis=1).where(lambda v: v > 0), axis=0)
    fig = go.Figure([go.Bar(x=shares[p], y=shares.index, orientation="h", name=p, marker_color=colour,
                            hovertemplate=f"{p}: " + "%{x:.0%}<extra></extra>")
                     for p, colour in zip(shares.columns, SCALE_COLOURS)])
    fig.update_layout(barmode="stack", xaxis={"tickformat": ".0%"}, yaxis={"autorange": "reversed"},
                      height=max(260, 34 * len(shares) + 120),
                      legend={"orientation": "h", "y": -0.15, "traceorder": "normal"})
    return fig
