"""Who this participant is (from the resume link) and which activity the room is on."""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from booster import workshop
from booster.errors import StoreError
from ui import resources
from ui.i18n import t

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
    """The open activity; otherwise the last one that was open (shown read-only); else none yet."""
    opened = workshop.current_activity(session)
    if opened:
        return opened
    closed = [a for a in session["activities"] if session["activity_state"][a]["status"] == "closed"]
    return closed[-1] if closed else None


def fingerprint(session: dict) -> tuple:
    """What the participant's screen depends on: each activity's status, reveal and countdown."""
    return tuple((a, s["status"], s.get("revealed"), s.get("ends_at")) for a, s in session["activity_state"].items())


@st.fragment(run_every=FOLLOW_SECONDS)
def follow_room(code: str, pid: str, shown: tuple, activity: str | None) -> None:
    """Poll one small file; when the facilitator opens, closes or reveals, rerun the whole screen.

    Between those, it shows the countdown and tells the board this participant is still here
    (a write at most every 30 s)."""
    store = resources.store()
    try:
        if time.monotonic() - st.session_state.get("last_touch", 0.0) >= TOUCH_SECONDS:
            workshop.touch(store, code, pid)  # reads the participant file, so not on every poll
            st.session_state["last_touch"] = time.monotonic()
        session = workshop.get_session(store, code)
    except StoreError:
        return  # the store is away for a moment: the screen stays as it is until the next poll
    if fingerprint(session) != shown:
        st.rerun(scope="app")
    left = workshop.seconds_left(session, activity, now()) if activity else None
    if left is not None:
        st.caption(t("participant.time_left", minutes=int(max(left, 0) // 60), seconds=int(max(left, 0) % 60)))
