"""Who this participant is (from the resume link) and which activity the room is on."""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from booster import workshop
from booster.errors import NotFound
from booster.live import room_timer
from ui import resources
from ui import room_timer as timer_view

FOLLOW_SECONDS = 3
TOUCH_SECONDS = 30


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def current() -> tuple[workshop.Session, workshop.Participant]:
    """Session and participant from ?s=&t= in the URL; raises NotFound / AccessDenied."""
    code, token = st.query_params.get("s", ""), st.query_params.get("t", "")
    session = workshop.get_session(resources.store(), code)
    cached_token, cached_code, participant = st.session_state.get("participant") or (None, None, None)
    if cached_token != token or cached_code != session.code:
        participant = workshop.resume(resources.store(), session.code, token)
        st.session_state["participant"] = (token, session.code, participant)
    return session, participant


@st.fragment(run_every=FOLLOW_SECONDS)
def follow_room(code: str, pid: str, shown: tuple, activity: str | None) -> None:
    """Poll one small file; when the facilitator opens, closes or reveals, rerun the whole screen.

    Between those, it shows the room timer (closing the activity at zero if the facilitator chose
    auto-close) and tells the board this participant is still here
    (a write at most every 30 s)."""
    store = resources.store()
    try:
        if time.monotonic() - st.session_state.get("last_touch", 0.0) >= TOUCH_SECONDS:
            workshop.touch(store, code, pid)  # reads the participant file, so not on every poll
            st.session_state["last_touch"] = time.monotonic()
        session = room_timer.close_if_due(store, workshop.get_session(store, code), now())
    except NotFound:  # the session was deleted, or this participant withdrew on another device
        st.session_state.pop("participant", None)
        st.rerun(scope="app")
    if session.room_signature() != shown:
        st.rerun(scope="app")
    if activity:
        timer_view.phone_notice(session.state(activity), now())
