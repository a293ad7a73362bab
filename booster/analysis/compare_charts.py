"""Plotly figures of booster.analysis.compare and of the placement matrix drill-down (no Streamlit).

Every word on a figure is passed in by the screen, already in its language.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

SEGMENT, REST, BEYOND, WITHIN = "#d95f02", "#7570b3", "#b2182b", "#4d4d4d"


def _floats(values) -> list[float]:
    """Plain lists (not typed arrays) keep the figure's JSON readable, in tests and exports alike."""
    return pd.Series(values, dtype=float).tolist()


def _whiskers(mid, lo, hi) -> dict:
    mid, lo, hi = (pd.Series(v, dtype=float).to_numpy() for v in (mid, lo, hi))
    return {"type": "data", "symmetric": False, "array": _floats(np.nan_to_num(hi - mid)),
            "arrayminus": _floats(np.nan_to_num(mid - lo)), "thickness": 1.5, "width": 4}


def ratings_vs_rest(rows: pd.DataFrame, labels: list[str], words: dict) -> go.Figure:
    """Left: the segment's and the rest's mean rating with 95% intervals; right: their difference
    with its Welch interval, red where it is beyond chance. `rows` is compare.ratings_vs_rest's
    frame, `labels` one name per row; `words` holds segment, rest, means_axis, diff_axis, diff."""
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.58, 0.42], horizontal_spacing=0.03)
    for side, colour, offset in (("seg", SEGMENT, -0.12), ("rest", REST, 0.12)):
        fig.add_trace(go.Scatter(
            x=_floats(rows[f"mean_{side}"]), y=_floats(np.arange(len(rows)) + offset), mode="markers",
            marker={"color": colour, "size": 9}, name=words["segment" if side == "seg" else "rest"],
            error_x=_whiskers(rows[f"mean_{side}"], rows[f"lo_{side}"], rows[f"hi_{side}"]) | {"color": colour},
            customdata=[[int(n), label] for n, label in zip(rows[f"n_{side}"], labels)],
            hovertemplate="%{customdata[1]}: %{x:.2f} (n = %{customdata[0]})<extra></extra>"), row=1, col=1)
    beyond = rows["verdict"].isin(["lower", "higher"]).to_numpy()
    fig.add_trace(go.Scatter(
        x=_floats(rows["diff"]), y=list(range(len(rows))), mode="markers", name=words["diff"], showlegend=False,
        marker={"color": [BEYOND if b else WITHIN for b in beyond], "size": 10, "symbol": "diamond"},
        error_x=_whiskers(rows["diff"], rows["diff_lo"], rows["diff_hi"]) | {"color": WITHIN},
        customdata=list(labels),
        hovertemplate="%{customdata}: %{x:+.2f}<extra></extra>"), row=1, col=2)
    fig.add_vline(x=0, line_dash="dash", line_color="#999999", row=1, col=2)
    fig.update_yaxes(tickvals=list(range(len(rows))), ticktext=labels, autorange="reversed", row=1, col=1)
    fig.update_xaxes(range=[0.8, 5.2], title_text=words["means_axis"], row=1, col=1)
    reach = float(np.nanmax(np.abs(np.r_[rows["diff_lo"], rows["diff_hi"], rows["diff"], [0.5]])))
    fig.update_xaxes(range=[-reach * 1.1, reach * 1.1], title_text=words["diff_axis"], zeroline=False, row=1, col=2)
    fig.update_layout(height=110 + 36 * max(len(rows), 1), legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
                      margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def agreement_heatmap(shares: pd.DataFrame, counts: pd.DataFrame, card_labels: list[str], column_labels: list[str],
                      flagged: list[int], flag_name: str, flag_column: int) -> go.Figure:
    """Card x segment shares placed in the intended step; the cards whose segment differs from
    the rest beyond chance (row positions `flagged`) are outlined in column `flag_column`."""
    z = shares.to_numpy(float)
    text = np.vectorize(lambda v: "" if np.isnan(v) else f"{v:.0%}")(z)
    fig = go.Figure(go.Heatmap(
        z=z, x=column_labels, y=card_labels, colorscale="Blues", zmin=0, zmax=1, showscale=False,
        text=text, texttemplate="%{text}", customdata=counts.to_numpy(),
        hovertemplate="%{y} · %{x}: %{z:.0%} (n = %{customdata})<extra></extra>"))
    if flagged:
        fig.add_trace(go.Scatter(x=[column_labels[flag_column]] * len(flagged), y=[card_labels[i] for i in flagged],
                                 mode="markers", name=flag_name, hoverinfo="skip",
                                 marker={"symbol": "square-open", "size": 24, "color": BEYOND, "line": {"width": 3}}))
    fig.update_layout(yaxis={"autorange": "reversed"}, xaxis={"side": "top"}, legend={"orientation": "h"},
                      height=max(280, 26 * len(card_labels) + 110), margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def selectable_cells(fig: go.Figure, x_labels: list[str], y_labels: list[str], hover: np.ndarray) -> go.Figure:
    """Add an invisible marker on every cell of a heatmap so a click selects it (Streamlit reports
    selections of scatter points, not of heatmap cells); customdata is (row, column). The markers
    lie over the cells, so they carry the cells' hover text (`hover`, rows x columns)."""
    ys, xs = np.meshgrid(np.arange(len(y_labels)), np.arange(len(x_labels)), indexing="ij")
    others = {"marker": {"opacity": 1}}  # keep the rest of the figure undimmed while a cell is selected
    fig.update_traces(unselected=others, selector={"type": "scatter"})
    fig.add_trace(go.Scatter(
        x=[x_labels[j] for j in xs.ravel()], y=[y_labels[i] for i in ys.ravel()], mode="markers",
        customdata=np.stack([ys.ravel(), xs.ravel()], axis=1), showlegend=False,
        text=np.asarray(hover, dtype=object).ravel(), hovertemplate="%{text}<extra></extra>",
        marker={"symbol": "square", "size": 22, "color": "rgba(0,0,0,0)"},
        selected={"marker": {"color": "rgba(255,140,0,0.45)"}}, unselected={"marker": {"opacity": 0}}))
    return fig
