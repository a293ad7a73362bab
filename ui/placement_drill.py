"""Why people placed a card where they did, on the card sort screen: a click on a cell of the
placement matrix (or a card and a pile chosen by keyboard) lists the sorters behind it and what
they wrote; one sorter's whole sort; the most common complete sorts (booster.analysis.placements)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from booster.analysis import compare_charts, placements as pl
from ui import analysis_view as view
from ui.i18n import t
from ui.text import plain

MATRIX, CARD, PILE, LAST = "cs_matrix_chart", "cs_cell_card", "cs_cell_pile", "cs_cell_clicked"


def matrix(fig, shares: pd.DataFrame, card_names: dict, pile_names: dict, title: str) -> None:
    """The placement matrix, every cell clickable; a click chooses that card and pile below."""
    cards, piles = list(shares.index), list(shares.columns)
    y, x = [card_names.get(c, c) for c in cards], [pile_names.get(p, p) for p in piles]
    z = shares.to_numpy(float)
    hover = np.array([[f"{y[i]} → {x[j]}: {'' if np.isnan(z[i, j]) else f'{z[i, j]:.0%}'}" for j in range(len(x))]
                      for i in range(len(y))], dtype=object)
    event = view.chart(compare_charts.selectable_cells(fig, x, y, hover), MATRIX, title, on_select="rerun")
    clicked = _clicked(event)
    if clicked is not None and clicked != st.session_state.get(LAST):
        st.session_state[LAST] = clicked  # the chart keeps its selection: apply a click once, then the boxes rule
        row, column = clicked
        if row < len(cards) and column < len(piles):
            st.session_state[CARD], st.session_state[PILE] = cards[row], piles[column]


def _clicked(event) -> tuple[int, int] | None:
    """The (row, column) of the clicked cell, if the chart's selection holds one."""
    for point in (event or {}).get("selection", {}).get("points", []):
        data = point.get("customdata")
        if isinstance(data, dict):  # a numeric array comes back keyed by position: {"0": row, "1": column}
            data = [data.get("0"), data.get("1")]
        if isinstance(data, (list, tuple)) and len(data) == 2 and None not in data:
            return int(data[0]), int(data[1])
    return None


def cell(tables, placements: pd.DataFrame, cards: list, piles: list, card_names: dict, pile_names: dict,
         intended: dict) -> None:
    """Card and pile boxes (set by a click on the matrix, or by keyboard) and that cell's sorters."""
    st.subheader(t("drill.cell_title"))
    st.caption(t("drill.cell_help"))
    if st.session_state.get(CARD) not in cards:
        st.session_state[CARD] = cards[0]
    if st.session_state.get(PILE) not in piles:
        st.session_state[PILE] = intended.get(st.session_state[CARD], piles[0])
    left, right = st.columns(2)
    card = left.selectbox(t("analysis.col_card"), cards, format_func=_namer(card_names), key=CARD)
    pile = right.selectbox(t("analysis.col_pile"), piles, format_func=_namer(pile_names), key=PILE)
    found = pl.cell_sorters(placements, tables.card_notes, card, pile)
    words = {"card": card_names.get(card, card), "pile": pile_names.get(pile, pile)}
    if found.empty:
        st.info(t("drill.cell_empty", **words), icon=":material/info:")
        return
    said = int((found["comment"].notna() | found["suggested_name"].notna()).sum())
    st.markdown(t("drill.cell_count", n=len(found), said=said, **words))
    shown = with_sorter(found, tables.participants)
    quotes(shown[found["comment"].notna() | found["suggested_name"].notna()])
    columns = {"sorter": t("drill.col_sorter"), "country": t("analysis.country"),
               **({"custom_label": t("drill.col_own_group")} if pile == pl.OWN_GROUPS else {}),
               "comment": t("analysis.note_comment"), "suggested_name": t("analysis.note_suggested_name")}
    view.table(shown[list(columns)], "cs_cell_table", columns)


def quotes(said: pd.DataFrame) -> None:
    """What each sorter wrote, as typed (never as Markdown), under their name and country."""
    with st.container(key="cs_cell_quotes"):
        for row in said.itertuples():
            parts = [(t("analysis.note_comment"), row.comment), (t("analysis.note_suggested_name"), row.suggested_name)]
            words = " · ".join(f"{label}: {plain(text)}" for label, text in parts if isinstance(text, str))
            st.markdown(f"**{plain(row.sorter)}** ({plain(row.country)}) — {words}")


def _namer(names: dict):
    return lambda value: names.get(value, value)


def sorter_labels(participants: pd.DataFrame) -> dict:
    """(session_id, participant_id) -> "SESSION · names" ("(no name)" when nobody gave one)."""
    people = pl.sorter_names(participants)
    return {(s, p): f"{s} · {n or t('drill.unnamed')}" for s, p, n in
            zip(people["session_id"], people["participant_id"], people["names"])}


def with_sorter(df: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    labels = sorter_labels(participants)
    return df.assign(sorter=[labels.get((s, p), f"{s} · {t('drill.unnamed')}")
                             for s, p in zip(df["session_id"], df["participant_id"])])


def whole_sorts(tables, placements: pd.DataFrame, card_names: dict, pile_names: dict, pile_order: list) -> None:
    """One sorter's whole sort, chosen by name; then the most common complete sorts."""
    labels = sorter_labels(tables.participants)
    sorters = [key for key in placements[pl.SORTER].drop_duplicates().sort_values(pl.SORTER).itertuples(index=False,
                                                                                                      name=None)]
    st.subheader(t("drill.sorter_title"))
    st.caption(t("drill.sorter_help"))
    who = st.selectbox(t("drill.col_sorter"), sorters, key="cs_sorter",
                       format_func=lambda k, named=labels: named.get(k, f"{k[0]} · {t('drill.unnamed')}"))
    if who is not None:
        _sort_table(pl.sorter_sort(placements, tables.card_notes, *who, pile_order), card_names, pile_names,
                    "cs_sorter_table")
    st.subheader(t("drill.common_title"))
    st.caption(t("drill.common_help"))
    common = pl.common_sorts(placements)
    if common.empty:
        st.info(t("drill.no_complete"), icon=":material/info:")
        return
    shown = with_sorter(common, tables.participants).assign(rank=range(1, len(common) + 1))
    columns = {"rank": "#", "sorter": t("drill.col_sorter"), "identical": t("drill.col_identical"),
               "agreeing": t("drill.col_agreeing"), "share": t("drill.col_share"), "off_step": t("drill.col_off_step")}
    view.table(shown[list(columns)], "cs_common_table", columns, ratios=("share",))
    for rank, row in shown.iterrows():
        with st.expander(t("drill.sort_label", rank=rank + 1, sorter=plain(row["sorter"])), key=f"cs_common_{rank}"):
            _sort_table(pl.sorter_sort(placements, tables.card_notes, row["session_id"], row["participant_id"],
                                       pile_order), card_names, pile_names, f"cs_common_table_{rank}")


def _sort_table(sort: pd.DataFrame, card_names: dict, pile_names: dict, key: str) -> None:
    shown = sort.assign(pile=[pile_names.get(p, f"+ {label}" if isinstance(label, str) else p)
                              for p, label in zip(sort["step_id"], sort["custom_label"])],
                        card=sort["card_id"].map(lambda c: card_names.get(c, c)),
                        intended=sort["intended_step"].map(lambda s: pile_names.get(s, s)))
    columns = {"pile": t("analysis.col_pile"), "card": t("analysis.col_card"), "intended": t("analysis.intended_step"),
               "is_intended": t("analysis.col_k"), "comment": t("analysis.note_comment"),
               "suggested_name": t("analysis.note_suggested_name")}
    view.table(shown[list(columns)], key, columns)
