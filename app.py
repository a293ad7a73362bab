"""Booster Workshop: entry point. Page config, language, role, and the page registry; nothing else."""

import streamlit as st

from ui import nav, participant, server_process
from ui.i18n import language_switch, t

server_process.tune_for_many_phones()
st.set_page_config(page_title="Booster Workshop", page_icon=":material/rocket_launch:", layout="wide")
role = nav.current_role()
if role == "participant":
    participant.start_in_language()  # before the first string is drawn: no second run in another language
page = st.navigation(nav.pages_for(role, t), position="top")
language_switch()
if role == "analyst" and page.url_path not in ("", "home"):
    nav.analyst_gate(t)
try:
    page.run()
finally:
    server_process.after_run()
