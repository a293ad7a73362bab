"""Projector: the room's wall, opened with the view link from the run screen (no PIN, no names)."""

import streamlit as st

from booster.live import projector
from ui import projector as wall, resources
from ui.guard import guard
from ui.i18n import set_default

wall.hide_chrome()
session = None
with guard():
    session = projector.open_view(resources.store(), st.query_params.get("view", ""))
if session is None:
    st.stop()
set_default(session.language)
wall.wall(session.code)
