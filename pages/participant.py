"""Participant: the activity the facilitator has opened, then its feedback; resumable from the URL."""

import streamlit as st

from booster import workshop
from ui import (cardsort_board, data_rights, feedback_form, links, participant as who, resources, reveal,
                worksheet_form)
from ui.guard import guard
from ui.i18n import lang, set_default, t
from ui.text import plain

data_rights.after_withdrawal()
resumed = None
with guard():
    resumed = who.current()
if resumed is None:
    st.page_link("pages/join.py", label=t("join.title"), icon=":material/login:")
    st.stop()
session, participant = resumed
set_default(participant.language or session.language)

content = resources.content(session.content_version)
activity = session.screen_activity()
for other in set(workshop.ACTIVITIES) - {activity}:  # a tap whose form is no longer shown is not acted on later
    st.session_state.pop(worksheet_form.submit_asked_key(other), None)
    st.session_state.pop(feedback_form.send_asked_key(other), None)

st.caption(f"{plain(session.title)} · {plain(participant.name or participant.id)}")
with st.expander(t("participant.resume_link"), icon=":material/link:"):
    st.caption(t("participant.resume_help"))
    st.code(links.resume_link(session.code, st.query_params["t"], lang()), language=None)
data_rights.panel(session, participant)

if activity is None:
    who.follow_room(session.code, participant.id, session.room_signature(), None)
    st.info(t("participant.waiting"), icon=":material/hourglass_empty:")
    st.stop()

state = session.state(activity)
read_only = state.status != "open"
st.header(content.activity_name(activity, lang()))
who.follow_room(session.code, participant.id, session.room_signature(), None if read_only else activity)
if read_only:
    st.warning(t("participant.closed"), icon=":material/lock:")
owner = workshop.owner_of(session, participant)
response, feedback = {}, None
with guard():
    response = workshop.get_response(resources.store(), session.code, owner, activity) or {}
submitted = response.get("status") == "submitted"
with guard():  # read only when feedback can be due: not on every rerun while someone works
    if submitted or read_only:
        feedback = workshop.get_feedback(resources.store(), session.code, participant.id, activity)
if submitted and feedback is not None:
    st.success(t("participant.all_done"), icon=":material/check_circle:")
elif submitted:
    st.success(t("participant.submitted"), icon=":material/check_circle:")
elif activity == "card_sort":
    cardsort_board.show(session, participant, owner, content, read_only, response)
else:
    worksheet_form.show(session, participant, owner, activity, content, read_only)
# Feedback stays open after the facilitator closes the activity, so nobody loses the chance to give it.
if (submitted or read_only) and feedback is None:
    feedback_form.show(session, participant, activity, content)

if state.revealed:
    reveal.show(session, activity, content)
