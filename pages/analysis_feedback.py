"""Analyst: what participants said about each activity - ratings and their spread, means with 95%
intervals by country and language, the open comments (searchable, by tool) and recurring terms."""

import streamlit as st

from booster import analysis
from booster.analysis import charts, feedback_stats as fb
from ui import analysis_filters, analysis_names as names, analysis_view as view
from ui.i18n import t

tables = analysis_filters.start("analysis.title_feedback")
if tables is None:
    st.stop()
feedback = tables.feedback
activities, questions = names.activity_names(), names.question_names()
SUMMARY = {"activity_name": t("analysis.col_activity"), "question_name": t("analysis.col_question"),
           "n": t("analysis.col_answers"), "mean": t("analysis.col_mean"), "ci_lo": t("analysis.col_ci_lo"),
           "ci_hi": t("analysis.col_ci_hi")}
TABS = [t("analysis.tab_ratings"), t("analysis.tab_by_group"), t("analysis.tab_comments"),
        t("analysis.tab_keywords")]
tabs = dict(zip(TABS, st.tabs(TABS, key="fb_tab", on_change="rerun")))


def labelled(df):
    return names.named(df, activity_name=("activity", activities), question_name=("question", questions))


def ratings_tab() -> None:
    spread = labelled(fb.distribution(feedback))
    view.chart(charts.feedback_distribution(spread.assign(activity=spread["activity_name"],
                                                        question=spread["question_name"])),
             "fb_distribution_chart", t("analysis.ratings_title"), legend_title_text=t("analysis.col_score"))
    summary = labelled(fb.score_summary(feedback))
    view.chart(charts.feedback_means(summary.assign(activity=summary["activity_name"],
                                                  question=summary["question_name"])),
             "fb_means_chart", t("analysis.means_title"))
    st.caption(t("analysis.means_help"))
    counts = {f"n_{s}": f"{s}" for s in fb.SCALE}
    view.table(summary, "fb_summary_table", {**SUMMARY, "sd": t("analysis.col_sd"), **counts},
             decimals=("mean", "ci_lo", "ci_hi", "sd"))


def by_group_tab() -> None:
    groups = {"country": t("analysis.country"), "language": t("analysis.language")}
    by = st.segmented_control(t("analysis.compare_by"), list(groups), key="fb_by", default="country",
                              required=True, format_func=groups.get)
    summary = labelled(fb.score_summary(feedback, by=[by]))
    if by == "language":
        summary[by] = summary[by].map(names.language_name)
    view.table(summary, "fb_group_table", {by: groups[by], **SUMMARY}, decimals=("mean", "ci_lo", "ci_hi"))


def comments_tab() -> None:
    comments = labelled(fb.comments(feedback))
    hits = analysis.search(comments, view.search_box("fb_search"))
    st.caption(t("analysis.rows", n=len(hits), total=len(comments)))
    for activity in [a for a in activities if a in set(hits["activity"])]:
        part = hits[hits["activity"] == activity]
        with st.expander(f"{activities[activity]} ({len(part)})", expanded=True, key=f"fb_comments_{activity}"):
            view.table(part, f"fb_comments_table_{activity}", {
                "question_name": t("analysis.col_question"), "text": t("analysis.col_text"),
                "country": t("analysis.country"), "answer_language": t("analysis.language"),
                "session_id": t("analysis.col_session")})


def keywords_tab() -> None:
    st.caption(t("analysis.keywords_help"))
    comments = fb.comments(feedback)
    for activity in [a for a in activities if a in set(comments["activity"])]:
        terms = fb.keywords(comments.loc[comments["activity"] == activity, "text"], top=12)
        st.markdown(f"**{activities[activity]}**")
        if terms.empty:
            st.caption(t("analysis.nothing"))
        else:
            term, weight = t("analysis.col_term"), t("analysis.col_weight")  # tooltips show the column names
            st.bar_chart(terms.rename(columns={"term": term, "weight": weight}), x=term, y=weight, horizontal=True,
                         x_label="", y_label=weight, sort=f"-{weight}", height=60 + 24 * len(terms))


VIEWS = [ratings_tab, by_group_tab, comments_tab, keywords_tab]
view.show_open_tab(tabs, VIEWS, t("analysis.no_feedback") if feedback.empty else None)
