"""Analyst: the refinement loop. The marks made on the backlog, the next content version they make
(changelog and zip), and whether a revision helped: each card and tool before and after."""

import streamlit as st

from booster.analysis import refinement
from ui import analysis_filters, analysis_names as names, analysis_view as view, refinement_view, resources
from ui.i18n import t

tables = analysis_filters.start("revision.title")
if tables is None:
    st.stop()
TABS = [t("revision.tab_compare"), t("revision.tab_marks")]
tabs = dict(zip(TABS, st.tabs(TABS, key="rv_tab", on_change="rerun")))


def compare_tab() -> None:
    st.caption(t("revision.compare_help"))
    refinement_view.compare_section(tables)


def marks_tab() -> None:
    marks = refinement.load_marks(resources.store())
    if not marks:
        st.info(t("revision.no_marks"), icon=":material/bookmark:")
    else:
        items = names.item_names(tables.placements) | {"card": refinement_view.all_card_names()}
        refinement_view.marks_table(marks, items)
        refinement_view.remove_form(marks, items)
    refinement_view.proposal_section(marks)


view.show_open_tab(tabs, [compare_tab, marks_tab])
