"""The analyst's form for merging participants' own groups that mean the same thing (synonyms),
and for undoing a merge; booster.analysis keeps the merges and applies them to every screen."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from booster import analysis
from ui import analysis_view as view
from ui.guard import guard
from ui.i18n import t


def show(store, labels: list, merges: dict) -> None:
    """The form, for the own groups' raw `labels` and the `merges` saved so far (raw -> name)."""
    with st.container(border=True, key="merge_box"):
        st.markdown(f"**{t('analysis.merge_title')}**")
        st.caption(t("analysis.merge_help"))
        chosen = st.multiselect(t("analysis.merge_raw"), labels, key="merge_raw")
        standard = st.text_input(t("analysis.merge_name"), key="merge_name", max_chars=60)
        if st.button(t("analysis.merge_save"), key="merge_save", type="primary", icon=":material/merge:"):
            if chosen:
                _change(lambda: analysis.add_merges(store, chosen, standard))
            else:
                st.warning(t("analysis.merge_pick"), icon=":material/warning:")
        if merges:
            saved = pd.DataFrame({"raw": list(merges), "name": list(merges.values())})
            view.table(saved, "cs_merges_table", {"raw": t("analysis.merge_raw"), "name": t("analysis.merge_name")})
            undo = st.multiselect(t("analysis.merge_undo"), list(merges), key="merge_undo")
            if st.button(t("analysis.merge_remove"), key="merge_remove", disabled=not undo):
                _change(lambda: analysis.remove_merges(store, undo))


def _change(change) -> None:
    saved = False
    with guard():
        change()
        saved = True
    if saved:  # outside guard(), which would also catch the rerun's own exception
        st.rerun()
