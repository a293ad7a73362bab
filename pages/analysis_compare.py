"""Analyst: one group of sessions (a country, language, session, working mode or content version)
against the others - average ratings with intervals and their difference, card agreement per
group, and whether each difference is beyond chance (the test is named on screen)."""

import streamlit as st

from booster.analysis import compare, compare_charts
from ui import analysis_filters, analysis_names as names, analysis_view as view, segment_compare as say
from ui.i18n import t
from ui.text import plain

tables = analysis_filters.start("compare.title")
if tables is None:
    st.stop()
activities, questions = names.activity_names(), names.question_names()
DIMENSIONS = say.dimensions()
left, middle, right = st.columns([1, 1.2, 2])
by = left.selectbox(t("compare.by"), list(DIMENSIONS), format_func=DIMENSIONS.get, key="cmp_by")
values = compare.segment_values(tables.sessions, by)
named, short = say.value_namer(by, tables.sessions), say.value_namer(by, tables.sessions, short=True)
if len(values) < 2:
    st.info(t("analysis.compare_need_two"), icon=":material/info:")
    st.stop()
segment = middle.selectbox(t("compare.segment"), values, format_func=named, key=f"cmp_segment_{by}")
rated = [q for q in questions if q in set(tables.feedback.loc[tables.feedback["score"].notna(), "question"])]
QUESTIONS = {"all": t("compare.all_questions"), **{q: questions[q] for q in rated}}
question = right.segmented_control(t("compare.question"), list(QUESTIONS), format_func=QUESTIONS.get,
                                   default="all", required=True, key="cmp_question")
name = short(segment)
TABS = [t("compare.tab_ratings"), t("compare.tab_agreement")]
tabs = dict(zip(TABS, st.tabs(TABS, key="cmp_tab", on_change="rerun")))


def ratings_tab() -> None:
    rows = compare.ratings_vs_rest(tables.feedback, by, segment, None if question == "all" else [question])
    if rows.empty:
        st.info(t("analysis.no_feedback"), icon=":material/info:")
        return
    rows["item"] = [f"{activities.get(a, a)} · {questions.get(q, q)}" for a, q in zip(rows["activity"], rows["question"])]
    words = {"segment": name, "rest": t("compare.others"), "diff": t("compare.diff"),
             "means_axis": t("compare.means_axis"), "diff_axis": t("compare.diff_axis", segment=name)}
    chart, verdict = st.columns([5, 4])
    with chart:
        view.chart(compare_charts.ratings_vs_rest(rows, list(rows["item"]), words), "cmp_ratings_chart",
                   t("compare.ratings_title", segment=name))
    m, hits = say.tested(rows), say.beyond(rows)
    with verdict.container(key="cmp_verdict"):
        st.markdown(t("compare.summary_some" if len(hits) else "compare.summary_none", k=len(hits), m=m,
                      segment=plain(name)))
        shown = rows if len(rows) <= 3 else hits
        for _, row in shown.iterrows():
            st.markdown(say.rating_sentence(row, row["item"], name, m))
        st.caption(t("compare.ratings_method"))
    with st.expander(t("compare.details"), key="cmp_ratings_details"):
        shown = rows.assign(verdict_name=rows["verdict"].map(say.verdict_names())).round({"p": 4, "p_mwu": 4, "p_adj": 4})
        columns = say.rating_columns(name)
        view.table(shown[list(columns)], "cmp_ratings_table", columns,
                   decimals=("mean_seg", "mean_rest", "diff", "diff_lo", "diff_hi"))


def agreement_tab() -> None:
    placements = tables.placements
    if placements.empty:
        st.info(t("analysis.no_sorts"), icon=":material/info:")
        return
    vs = compare.agreement_vs_rest(placements, by, segment)
    shares, counts = compare.agreement_by_segment(placements, by)
    cards = names.card_order(shares.index)
    others = [v for v in shares.columns if v != str(segment)]
    grid = shares.reindex(cards)[[str(segment)]].assign(rest=vs.set_index("card_id")["share_rest"])
    grid = grid.join(shares.reindex(cards)[others])
    n = counts.reindex(cards)[[str(segment)]].assign(rest=vs.set_index("card_id")["n_rest"]).join(
        counts.reindex(cards)[others]).fillna(0).astype(int)
    card_names = names.card_names()
    hits = say.beyond(vs.set_index("card_id").reindex(cards).reset_index())
    m = say.tested(vs)
    if len(hits):
        listed = ", ".join(f"{card_names.get(c, c)} ({say.number(a * 100, 0)}% / {say.number(b * 100, 0)}%)"
                           for c, a, b in zip(hits["card_id"], hits["share_seg"], hits["share_rest"]))
        st.markdown(t("compare.agreement_some", segment=plain(name), k=len(hits), m=m, cards=plain(listed)))
    else:
        st.markdown(t("compare.agreement_none", segment=plain(name), m=m))
    st.caption(t("compare.agreement_method", segment=plain(name), m=m))
    labels = [card_names.get(c, c) for c in cards]
    columns = [name, t("compare.others_of", segment=name), *(short(v) for v in others)]
    flagged = [cards.index(c) for c in hits["card_id"]]
    view.chart(compare_charts.agreement_heatmap(grid, n, labels, columns, flagged, t("compare.flag"), 0),
               "cmp_agreement_chart", t("compare.agreement_title", by=DIMENSIONS[by].lower()))
    shown = names.named(vs.assign(verdict_name=vs["verdict"].map(say.verdict_names())).round({"p": 4, "p_adj": 4}),
                        card=("card_id", card_names))
    with st.expander(t("compare.details"), key="cmp_agreement_details"):
        columns = say.agreement_columns(name)  # only the shown columns reach the browser: no ids
        view.table(shown[list(columns)], "cmp_agreement_table", columns, ratios=("share_seg", "share_rest", "diff"))


view.show_open_tab(tabs, [ratings_tab, agreement_tab])
