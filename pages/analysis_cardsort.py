"""Analyst: how the cards were sorted - placements, agreement, similarity and clusters, the unsure
pile and comments, participants' own groups, countries and languages compared, the sorters."""

import math

import pandas as pd
import streamlit as st

from booster import piles
from booster.analysis import charts, sort_stats as cs, worksheet_stats as worksheets
from ui import analysis as an, resources
from ui.guard import guard
from ui.i18n import t

tables = an.start("analysis.title_cardsort")
if tables is None:
    st.stop()
store = resources.store()
merges = {}
with guard():
    merges = cs.load_merges(store)
placements = tables.placements  # saved merges already applied (booster.analysis.load_tables)
names, pile_names = an.card_names(), an.pile_names(placements)
TABS = [t("analysis.tab_placements"), t("analysis.tab_agreement"), t("analysis.tab_similarity"),
        t("analysis.tab_unsure"), t("analysis.tab_groups"), t("analysis.tab_compare"),
        t("analysis.tab_participants")]
tabs = dict(zip(TABS, st.tabs(TABS, key="cs_tab", on_change="rerun")))


def placements_tab() -> None:
    cards = an.card_order(placements["card_id"].unique())
    pile_ids = [*an.step_ids(), piles.UNSURE, piles.OWN_GROUPS]
    counts, shares = cs.placement_matrix(placements, cards, pile_ids)
    agreement = cs.intended_agreement(placements)
    intended = dict(zip(agreement["card_id"], agreement["intended_step"]))
    fig = charts.placement_heatmap(shares, intended, names, pile_names)
    fig.update_traces(name=t("analysis.intended_step"), selector={"type": "scatter"})
    fig.update_traces(showscale=False, selector={"type": "heatmap"})
    an.chart(fig, "cs_matrix_chart", t("analysis.matrix_title"))
    st.caption(t("analysis.matrix_help"))
    view = st.segmented_control(t("analysis.show"), ["shares", "counts"], key="cs_matrix_view", default="shares",
                                required=True, format_func={"shares": t("analysis.shares"),
                                                            "counts": t("analysis.counts")}.get)
    matrix = (shares if view == "shares" else counts).rename_axis("card_id").reset_index()
    matrix = an.named(matrix, card=("card_id", names), intended=("card_id", intended))
    matrix = an.named(matrix, intended=("intended", pile_names))
    columns = {"card": t("analysis.col_card"), "intended": t("analysis.intended_step"),
               **{p: pile_names.get(p, p) for p in pile_ids}}
    an.table(matrix, "cs_matrix_table", columns, ratios=pile_ids if view == "shares" else ())


def agreement_tab() -> None:
    agreement = cs.intended_agreement(placements)
    an.chart(charts.agreement_bar(agreement, names), "cs_agreement_chart", t("analysis.agreement_title"),
             xaxis_title=t("analysis.agreement_axis"))
    st.caption(t("analysis.agreement_help"))
    shown = an.named(agreement.sort_values("share"), card=("card_id", names), step=("intended_step", pile_names))
    an.table(shown, "cs_agreement_table", {
        "card": t("analysis.col_card"), "step": t("analysis.intended_step"), "n": t("analysis.col_n"),
        "k": t("analysis.col_k"), "share": t("analysis.col_share"), "lo": t("analysis.col_lo"),
        "hi": t("analysis.col_hi")}, percent=("share",), ratios=("lo", "hi"))
    st.subheader(t("analysis.category_title"))
    st.caption(t("analysis.category_help"))
    category = an.named(cs.category_agreement(placements), pile=("step_id", pile_names))
    an.table(category, "cs_category_table", {"pile": t("analysis.col_pile"), "n_sorters": t("analysis.col_sorters"),
                                             "n_cards": t("analysis.col_cards"),
                                             "agreement": t("analysis.col_agreement")}, percent=("agreement",))


def similarity_tab() -> None:
    cards = an.card_order(placements["card_id"].unique())
    similarity = cs.similarity_matrix(placements, cards)
    tree, order, cophenetic = cs.cluster(similarity)
    st.metric(t("analysis.cophenetic"), "–" if math.isnan(cophenetic) else f"{cophenetic:.2f}",
              help=t("analysis.cophenetic_help"), border=True)
    an.chart(charts.similarity_heatmap(similarity, order, names), "cs_similarity_chart",
             t("analysis.similarity_title"))
    an.chart(charts.dendrogram(tree, cards, names), "cs_dendrogram_chart", t("analysis.dendrogram_title"),
             xaxis_title=t("analysis.distance_axis"), yaxis_autorange="reversed")
    st.caption(t("analysis.similarity_help"))


def unsure_tab() -> None:
    unsure = an.named(cs.unsure_summary(placements), card=("card_id", names))
    an.table(unsure, "cs_unsure_table", {"card": t("analysis.col_card"), "n": t("analysis.col_n"),
                                         "unsure": t("analysis.col_unsure"),
                                         "unsure_share": t("analysis.col_unsure_share")}, percent=("unsure_share",))
    st.subheader(t("analysis.notes_title"))
    notes = an.named(tables.card_notes, card=("card_id", names), kind=("note_type", an.note_types()))
    hits = worksheets.search(notes, an.search_box("cs_notes_search"))
    st.caption(t("analysis.rows", n=len(hits), total=len(notes)))
    an.table(hits, "cs_notes_table", {"card": t("analysis.col_card"), "kind": t("analysis.col_kind"),
                                      "text": t("analysis.col_text"), "country": t("analysis.country"),
                                      "language": t("analysis.language"), "session_id": t("analysis.col_session")})


def groups_tab() -> None:
    merged = cs.custom_groups(placements)
    if merged.empty:
        st.info(t("analysis.no_custom_groups"), icon=":material/info:")
        return
    merged["cards"] = merged["cards"].map(lambda ids: ", ".join(names.get(c, c) for c in ids.split(", ")))
    an.table(merged, "cs_groups_table", {"label": t("analysis.col_group"), "n_sorters": t("analysis.col_sorters"),
                                         "n_cards": t("analysis.col_placements"), "cards": t("analysis.col_cards_in")})
    merge_form(sorted(set(placements["custom_label_raw"].dropna().astype(str))))


def merge_form(labels: list) -> None:
    with st.container(border=True, key="merge_box"):
        st.markdown(f"**{t('analysis.merge_title')}**")
        st.caption(t("analysis.merge_help"))
        chosen = st.multiselect(t("analysis.merge_raw"), labels, key="merge_raw")
        standard = st.text_input(t("analysis.merge_name"), key="merge_name", max_chars=60)
        if st.button(t("analysis.merge_save"), key="merge_save", type="primary", icon=":material/merge:"):
            save_merges({**merges, **{label: standard for label in chosen}} if chosen else None)
        if merges:
            saved = pd.DataFrame({"raw": list(merges), "name": list(merges.values())})
            an.table(saved, "cs_merges_table", {"raw": t("analysis.merge_raw"), "name": t("analysis.merge_name")})
            undo = st.multiselect(t("analysis.merge_undo"), list(merges), key="merge_undo")
            if st.button(t("analysis.merge_remove"), key="merge_remove", disabled=not undo):
                save_merges({raw: name for raw, name in merges.items() if raw not in undo})


def save_merges(new) -> None:
    if new is None:
        st.warning(t("analysis.merge_pick"), icon=":material/warning:")
        return
    saved = False
    with guard():
        cs.save_merges(store, new)
        saved = True
    if saved:
        st.rerun()


def compare_tab() -> None:
    by = st.segmented_control(t("analysis.compare_by"), ["country", "language"], key="cs_compare_by",
                              default="country", required=True,
                              format_func={"country": t("analysis.country"), "language": t("analysis.language")}.get)
    groups = sorted(placements[by].dropna().unique())
    if len(groups) < 2:
        st.info(t("analysis.compare_need_two"), icon=":material/info:")
        return
    agreement, distances = cs.compare_groups(placements, by)
    show = an.language_name if by == "language" else str
    an.table(an.named(agreement, card=("card_id", names)), "cs_compare_table",
             {"card": t("analysis.col_card"), **an.by_version("share", groups, show)},
             percent=[f"share_{g}" for g in groups])
    st.subheader(t("analysis.distances_title"))
    st.caption(t("analysis.distances_help"))
    distances = distances.assign(group_a=distances["group_a"].map(show), group_b=distances["group_b"].map(show))
    an.table(distances, "cs_distances_table", an.distance_columns(), decimals=("mean_abs_diff", "pearson_r"))


def participants_tab() -> None:
    people = an.sorters(tables.participants, an.include_incomplete())
    st.caption(t("analysis.participants_help"))
    an.table(people, "cs_participants_table", {
        "session_id": t("analysis.col_session"), "country": t("analysis.country"), "name": t("analysis.col_name"),
        "kind": t("analysis.col_kind"), "minutes": t("analysis.col_minutes"), "cards": t("analysis.col_cards_sorted"),
        "included": t("analysis.col_included")}, decimals=("minutes",))


VIEWS = [placements_tab, agreement_tab, similarity_tab, unsure_tab, groups_tab, compare_tab, participants_tab]
an.show_open_tab(tabs, VIEWS, t("analysis.no_sorts") if placements.empty else None, always=(participants_tab,))
