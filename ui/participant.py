"""Who this participant is (from the resume link) and which activity the room is on."""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from booster import projector, room_timer, workshop
from ui import resources
from ui import room_timer as timer_view

FOLLOW_SECONDS = 3
TOUCH_SECONDS = 30


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def current() -> tuple[dict, dict]:
    """Session and participant from ?s=&t= in the URL; raises NotFound / AccessDenied."""
    code, token = st.query_params.get("s", ""), st.query_params.get("t", "")
    session = workshop.get_session(resources.store(), code)
    cached = st.session_state.get("participant")
    if cached and cached.get("_token") == token and cached.get("_session") == session["id"]:
        return session, cached
    participant = workshop.resume(resources.store(), session["id"], token)
    st.session_state["participant"] = {**participant, "_token": token, "_session": session["id"]}
    return session, st.session_state["participant"]


def screen_activity(session: dict) -> str | None:
    """The open activity; otherwise the one revealed last, or the last one that was open (both
    shown read-only); else none yet."""
    opened = workshop.current_activity(session) or projector.latest_revealed(session)
    if opened:
        return opened
    closed = [a for a in session["activities"] if session["activity_state"][a]["status"] == "closed"]
    return closed[-1] if closed else None


def fingerprint(session: dict) -> tuple:
    """What the participant's screen depends on: each activity's status and reveal. Not the room
    timer: follow_room reads it afresh on every poll, so pausing or extending reruns no phone."""
    return tuple((a, s["status"], s.get("revealed")) for a, s in session["activity_state"].items())


@st.fragment(run_every=FOLLOW_SECONDS)
def follow_room(code: str, pid: str, shown: tuple, activity: str | None) -> None:
    """Poll one small file; when the facilitator opens, closes or reveals, rerun the whole screen.

    Between those, it shows the room timer (closing the activity at zero if the facilitator chose
    auto-close) and tells the board this participant is still here
    (a write at most every 30 s)."""
    store = resources.store()
    if time.monotonic() - st.session_state.get("last_touch", 0.0) >= TOUCH_SECONDS:
        workshop.touch(store, code, pid)  # reads the participant file, so not on every poll
        st.session_state["last_touch"] = time.monotonic()
    session = room_timer.close_if_due(store, workshop.get_session(store, code), now())
    if fingerprint(session) != shown:
        st.rerun(scope="app")
    if activity:
        timer_view.phone_notice(session["activity_state"][activity], now())
