"""Analyst: what the worksheets say - every answer (searchable), the user groups named, the
characteristics chosen on each contrast, the priority profiles, and the fields left empty or rewritten."""

import streamlit as st

from booster import analysis
from booster.analysis import charts, worksheet_stats as wk
from ui import analysis_filters, analysis_names as names, analysis_view as view
from ui.i18n import t

tables = analysis_filters.start("analysis.title_worksheets")
if tables is None:
    st.stop()
answers = tables.worksheet_answers
activities = names.activity_names()
META = {"country": t("analysis.country"), "language": t("analysis.language"), "date": t("analysis.col_date"),
        "session_id": t("analysis.col_session")}
TABS = [t("analysis.tab_answers"), t("analysis.tab_user_groups"), t("analysis.tab_characteristics"),
        t("analysis.tab_profiles"), t("analysis.tab_gaps")]
tabs = dict(zip(TABS, st.tabs(TABS, key="ws_tab", on_change="rerun")))


def answers_tab() -> None:
    present = [a for a in activities if a in set(answers["activity"])]
    activity = st.selectbox(t("analysis.worksheet"), present, key="ws_activity", format_func=activities.get)
    wide = view.answers_wide(answers, activity)
    hits = wk.search(wide, view.search_box("ws_search"))
    st.caption(t("analysis.rows", n=len(hits), total=len(wide)))
    fields = [c for c in wide.columns if c not in (*wk.KEYS, *wk.META)]
    view.table(hits, "ws_answers_table", {**META, **{f: names.field_name(activity, f) for f in fields}})


def user_groups_tab() -> None:
    st.caption(t("analysis.user_groups_help"))
    counts = wk.user_group_counts(answers)
    if not counts.empty:
        group, times = t("analysis.col_user_group"), t("analysis.col_times")  # tooltips show the column names
        st.bar_chart(counts.head(15).rename(columns={"user_group": group, "n": times}), x=group, y=times,
                     horizontal=True, x_label="", y_label=times, sort=f"-{times}")
    view.table(counts, "ws_user_groups_table", {"user_group": t("analysis.col_user_group"), "n": t("analysis.col_times"),
                                              "countries": t("analysis.col_countries")})


def characteristics_tab() -> None:
    st.caption(t("analysis.contrasts_help"))
    contrasts = [f.id for f in names.newest_content().worksheets["user_characteristics"].fields
                 if f.type == "contrast"]
    positions = analysis.contrast_positions(analysis.contrast_distribution(answers),
                                            wk.contrast_not_set(answers, contrasts))
    positions.insert(0, "contrast", positions.pop("field_id").map(names.contrast_name))
    if positions.empty:
        st.info(t("analysis.nothing"), icon=":material/info:")
        return
    view.chart(charts.contrast_positions(positions.drop(columns="not_set", errors="ignore")), "ws_contrasts_chart",
               t("analysis.contrasts_title"),
               legend_title_text=t("analysis.col_position"))
    view.table(positions, "ws_contrasts_table", {"contrast": t("analysis.col_contrast"),
                                               **{str(p): str(p) for p in range(1, 6)},
                                               "not_set": t("analysis.col_not_set")})


def profiles_tab() -> None:
    profiles = wk.priority_profiles(answers)
    hits = wk.search(profiles, view.search_box("ws_profiles_search"))
    st.caption(t("analysis.rows", n=len(hits), total=len(profiles)))
    view.table(hits, "ws_profiles_table", {"name": names.field_name("user_characteristics", "priority_profiles.name"),
                                         "reason": names.field_name("user_characteristics", "priority_profiles.reason"),
                                         **META})


def gaps_tab() -> None:
    st.caption(f"{t('analysis.gaps_help')} {t('analysis.gaps_submitted_only')}")
    gaps = wk.field_gaps(answers, names.newest_content(), tables.responses)
    gaps = names.named(gaps, sheet=("activity", activities)).sort_values("empty_share", ascending=False)
    gaps["field"] = [names.field_name(a, f) for a, f in zip(gaps["activity"], gaps["field_id"])]
    view.table(gaps, "ws_gaps_table", {"sheet": t("analysis.worksheet"), "field": t("analysis.col_field"),
                                     "n_responses": t("analysis.col_sheets"), "n_empty": t("analysis.col_empty"),
                                     "empty_share": t("analysis.col_empty_share"),
                                     "mean_revisions": t("analysis.col_revisions")},
             percent=("empty_share",), decimals=("mean_revisions",))


VIEWS = [answers_tab, user_groups_tab, characteristics_tab, profiles_tab, gaps_tab]
view.show_open_tab(tabs, VIEWS, t("analysis.no_worksheets") if answers.empty else None)
