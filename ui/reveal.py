"""The group's results, shown on participants' screens when the facilitator reveals them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from booster import workshop
from ui import resources
from ui.i18n import lang, t
from ui.participant import now


@st.cache_data(ttl=5, show_spinner=False, max_entries=64)
def _agreement(code: str, version: str) -> dict:
    """The room's card agreement, computed at most every 5 s per session for all participants:
    a revealed screen reruns on every drag, and the board reads every file of the session."""
    deck = resources.content(version).card_ids()
    return workshop.board(resources.store(), code, deck, now()).agreement


@st.cache_data(ttl=5, show_spinner=False, max_entries=64)
def _submitted(code: str, activity: str) -> list[dict]:
    return workshop.submitted_answers(resources.store(), code, activity)


def show(session: workshop.Session, activity: str, content) -> None:
    with st.container(border=True, key=f"reveal_{activity}"):
        st.subheader(t("reveal.title"))
        if activity == "card_sort":
            _sort_summary(_agreement(session.code, session.content_version), content)
        else:
            _worksheet_summary(session, activity, content)


def _sort_summary(agreement: dict, content) -> None:
    rows = [{t("reveal.card"): content.card_label(card, lang()),
             t("reveal.intended_step"): content.step_name(content.card(card).intended_step, lang()),
             t("reveal.share"): a.share, "n": a.n}
            for card, a in agreement.items() if a.n]
    if not rows:
        st.caption(t("reveal.nothing_yet"))
        return
    df = pd.DataFrame(rows).sort_values(t("reveal.share"))
    st.dataframe(df, hide_index=True, key="reveal_sort_table", column_config={
        t("reveal.share"): st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)})


def _worksheet_summary(session: workshop.Session, activity: str, content) -> None:
    answers = _submitted(session.code, activity)
    first_fields = [f.id for f in content.worksheets[activity].fields if f.type in ("text", "textarea")][:3]
    rows = [{content.field_label(activity, f, lang()): a.get(f, "") for f in first_fields} for a in answers]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, key=f"reveal_{activity}_table")
    else:
        st.caption(t("reveal.nothing_yet"))
