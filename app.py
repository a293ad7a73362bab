"""Booster Workshop: entry point. Page config, language, role, and the page registry; nothing else."""

import gc
import sys

import streamlit as st

from ui import nav, participant
from ui.i18n import language_switch, t

# Every phone's run is a thread of this one process, taking turns on the GIL. A thread that gives
# it up for a moment (each file read, write, fsync and stat of a save does) waits for it again
# until the holder's turn ends: 5 ms by default, over and over with 100 phones running, which
# made a save queue far longer than its work. Shorter turns let such threads back in sooner.
sys.setswitchinterval(0.001)
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
    if not gc.get_freeze_count():
        # The end of the process's first run: what is loaded by now (Streamlit, the pages, the
        # content) lives as long as the server, and each full collection walked it all again
        # while every phone on this server waited (~150 ms for this heap, five times a minute at
        # 100 phones). Frozen, the collector leaves it out.
        gc.freeze()
