"""Facilitator: enter, correct or delete a card sort a table did on paper, pile by pile."""

import streamlit as st

from ui import facilitator, paper_entry, resources
from ui.guard import guard
from ui.i18n import t

st.title(t("paper.title"))
session = None
with guard():
    session = facilitator.unlocked_session()
if session is None:
    facilitator.sign_in_form()
    st.stop()

content = resources.content(session.content_version)
st.caption(t("paper.help"))
paper_entry.chooser(session, content)
paper_entry.outcome(session, content)
paper_entry.form(session, content)
