"""The group's results, shown on participants' screens when the facilitator reveals them."""

from __future__ import annotations

import streamlit as st

from booster import workshop
from ui import debrief_view
from ui.i18n import t


def show(session: workshop.Session, activity: str, content) -> None:
    """The same debrief the projector shows, laid out for a 360 px phone."""
    with st.container(border=True, key=f"reveal_{activity}"):
        st.subheader(t("reveal.title"))
        debrief_view.show(session, activity, content)
