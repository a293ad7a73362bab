"""Analyst: how the cards were sorted - placements, agreement, similarity and clusters, the unsure
pile and comments, participants' own groups, countries and languages compared, the sorters."""

import math

import pandas as pd
import streamlit as st

from booster import analysis, piles
from booster.analysis import charts
from booster.analysis import placements as placement_notes
from ui import analysis_filters, analysis_names as names, analysis_view as view, group_merges, placement_drill, resources
from ui.guard import guard
from ui.i18n import t

tables = analysis_filters.start("analysis.title_cardsort")
if tables is None:
    st.stop()
store = resources.store()
merges = {}
with guard():
    merges = analysis.load_merges(store)
placements = tables.placements  # saved merges already applied (booster.analysis.load_tables)
card_names, pile_names = names.card_names(), names.pile_names(placements)
TABS = [t("analysis.tab_placements"), t("analysis.tab_agreement"), t("analysis.tab_similarity"),
        t("analysis.tab_unsure"), t("analysis.tab_groups"), t("analysis.tab_compare"),
        t("analysis.tab_participants"), t("drill.tab_sorts")]
tabs = dict(zip(TABS, st.tabs(TABS, key="cs_tab", on_change="rerun")))


def placements_tab() -> None:
    cards = names.card_order(placements["card_id"].unique())
    pile_ids = [*names.step_ids(), piles.UNSURE, piles.OWN_GROUPS]
    counts, shares = analysis.placement_matrix(placements, cards, pile_ids)
    agreement = analysis.intended_agreement(placements)
    intended = dict(zip(agreement["card_id"], agreement["intended_step"]))
    fig = charts.placement_heatmap(shares, intended, card_names, pile_names)
    fig.update_traces(name=t("analysis.intended_step"), selector={"type": "scatter"})
    fig.update_traces(showscale=False, selector={"type": "heatmap"})
    placement_drill.matrix(fig, shares, card_names, pile_names, t("analysis.matrix_title"))
    st.caption(t("analysis.matrix_help"))
    placement_drill.cell(tables, placements, cards, pile_ids, card_names, pile_names, intended)
    shown_as = st.segmented_control(t("analysis.show"), ["shares", "counts"], key="cs_matrix_view",
                                    default="shares", required=True,
                                    format_func={"shares": t("analysis.shares"), "counts": t("analysis.counts")}.get)
    matrix = (shares if shown_as == "shares" else counts).rename_axis("card_id").reset_index()
    matrix = names.named(matrix, card=("card_id", card_names), intended=("card_id", intended))
    matrix = names.named(matrix, intended=("intended", pile_names))
    columns = {"card": t("analysis.col_card"), "intended": t("analysis.intended_step"),
               **{p: pile_names.get(p, p) for p in pile_ids}}
    view.table(matrix, "cs_matrix_table", columns, ratios=pile_ids if shown_as == "shares" else ())


def agreement_tab() -> None:
    agreement = analysis.intended_agreement(placements)
    view.chart(charts.agreement_bar(agreement, card_names), "cs_agreement_chart", t("analysis.agreement_title"),
               xaxis_title=t("analysis.agreement_axis"))
    st.caption(t("analysis.agreement_help"))
    shown = names.named(agreement.sort_values("share"), card=("card_id", card_names),
                        step=("intended_step", pile_names))
    view.table(shown, "cs_agreement_table", {
        "card": t("analysis.col_card"), "step": t("analysis.intended_step"), "n": t("analysis.col_n"),
        "k": t("analysis.col_k"), "share": t("analysis.col_share"), "lo": t("analysis.col_lo"),
        "hi": t("analysis.col_hi")}, percent=("share",), ratios=("lo", "hi"))
    st.subheader(t("analysis.category_title"))
    st.caption(t("analysis.category_help"))
    category = names.named(analysis.category_agreement(placements), pile=("step_id", pile_names))
    view.table(category, "cs_category_table", {"pile": t("analysis.col_pile"), "n_sorters": t("analysis.col_sorters"),
                                               "n_cards": t("analysis.col_cards"),
                                               "agreement": t("analysis.col_agreement")}, percent=("agreement",))


def similarity_tab() -> None:
    cards = names.card_order(placements["card_id"].unique())
    similarity = analysis.similarity_matrix(placements, cards)
    tree, order, cophenetic = analysis.cluster(similarity)
    st.metric(t("analysis.cophenetic"), "–" if math.isnan(cophenetic) else f"{cophenetic:.2f}",
              help=t("analysis.cophenetic_help"), border=True)
    view.chart(charts.similarity_heatmap(similarity, order, card_names), "cs_similarity_chart",
               t("analysis.similarity_title"))
    view.chart(charts.dendrogram(tree, cards, card_names), "cs_dendrogram_chart", t("analysis.dendrogram_title"),
               xaxis_title=t("analysis.distance_axis"), yaxis_autorange="reversed")
    st.caption(t("analysis.similarity_help"))


def unsure_tab() -> None:
    unsure = names.named(analysis.unsure_summary(placements), card=("card_id", card_names))
    view.table(unsure, "cs_unsure_table", {"card": t("analysis.col_card"), "n": t("analysis.col_n"),
                                           "unsure": t("analysis.col_unsure"),
                                           "unsure_share": t("analysis.col_unsure_share")}, percent=("unsure_share",))
    st.subheader(t("analysis.notes_title"))
    notes = placement_notes.notes_with_piles(tables.card_notes, placements)
    notes = names.named(notes, card=("card_id", card_names), kind=("note_type", names.note_types()),
                        pile=("step_id", pile_names))
    hits = analysis.search(notes, view.search_box("cs_notes_search"))
    st.caption(t("analysis.rows", n=len(hits), total=len(notes)))
    view.table(hits, "cs_notes_table", {"card": t("analysis.col_card"), "kind": t("analysis.col_kind"),
                                        "text": t("analysis.col_text"), "pile": t("drill.col_placed_in"), "country": t("analysis.country"),
                                        "language": t("analysis.language"), "session_id": t("analysis.col_session")})


def groups_tab() -> None:
    merged = analysis.custom_groups(placements)
    if merged.empty:
        st.info(t("analysis.no_custom_groups"), icon=":material/info:")
        return
    merged["cards"] = merged["cards"].map(lambda ids: ", ".join(card_names.get(c, c) for c in ids.split(", ")))
    view.table(merged, "cs_groups_table", {"label": t("analysis.col_group"), "n_sorters": t("analysis.col_sorters"),
                                           "n_cards": t("analysis.col_placements"), "cards": t("analysis.col_cards_in")})
    group_merges.show(store, sorted(set(placements["custom_label_raw"].dropna().astype(str))), merges)


def compare_tab() -> None:
    by = st.segmented_control(t("analysis.compare_by"), ["country", "language"], key="cs_compare_by",
                              default="country", required=True,
                              format_func={"country": t("analysis.country"), "language": t("analysis.language")}.get)
    groups = sorted(placements[by].dropna().unique())
    if len(groups) < 2:
        st.info(t("analysis.compare_need_two"), icon=":material/info:")
        return
    agreement, distances = analysis.compare_groups(placements, by)
    show = names.language_name if by == "language" else str
    view.table(names.named(agreement, card=("card_id", card_names)), "cs_compare_table",
               {"card": t("analysis.col_card"), **names.by_version("share", groups, show)},
               percent=[f"share_{g}" for g in groups])
    st.subheader(t("analysis.distances_title"))
    st.caption(t("analysis.distances_help"))
    distances = distances.assign(group_a=distances["group_a"].map(show), group_b=distances["group_b"].map(show))
    view.table(distances, "cs_distances_table", names.distance_columns(), decimals=("mean_abs_diff", "pearson_r"))


def sorters(participants: pd.DataFrame) -> pd.DataFrame:
    """The participants for display: minutes taken, "cards sorted of total", whether their sort counts."""
    p = participants
    kinds = {"person": t("analysis.kind_person"), "paper": t("analysis.kind_paper")}
    return p.assign(
        minutes=p["elapsed_seconds"].astype(float) / 60, kind=p["kind"].map(lambda k: kinds.get(k, k)),
        cards=(p["cards_sorted"].fillna(0).astype(int).astype(str) + " / "
               + p["cards_total"].astype("Int64").astype(str)),
        included=analysis.counted_sorts(p, analysis_filters.include_incomplete()))


def participants_tab() -> None:
    people = sorters(tables.participants)
    st.caption(t("analysis.participants_help"))
    view.table(people, "cs_participants_table", {
        "session_id": t("analysis.col_session"), "country": t("analysis.country"), "name": t("analysis.col_name"),
        "kind": t("analysis.col_kind"), "minutes": t("analysis.col_minutes"), "cards": t("analysis.col_cards_sorted"),
        "included": t("analysis.col_included")}, decimals=("minutes",))


def sorts_tab() -> None:
    order = [*names.step_ids(), piles.UNSURE]
    placement_drill.whole_sorts(tables, placements, card_names, pile_names, order)


VIEWS = [placements_tab, agreement_tab, similarity_tab, unsure_tab, groups_tab, compare_tab, participants_tab,
         sorts_tab]
view.show_open_tab(tabs, VIEWS, t("analysis.no_sorts") if placements.empty else None, always=(participants_tab,))
