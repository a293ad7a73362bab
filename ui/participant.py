"""Who this participant is (from the resume link) and which activity the room is on."""

from __future__ import annotations

import datetime as dt
import time
import zlib

import streamlit as st

from booster import workshop
from booster.errors import BoosterError, NotFound, StoreError
from booster.live import room_timer, sessions as live_sessions
from ui import resources
from ui import room_timer as timer_view
from ui.i18n import language_chosen, start_in

FOLLOW_SECONDS = 3
SPREAD_SECONDS = 0.5
TOUCH_SECONDS = 30


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def current() -> tuple[workshop.Session, workshop.Participant]:
    """Session and participant from ?s=&t= in the URL; raises NotFound / AccessDenied."""
    code, token = st.query_params.get("s", ""), st.query_params.get("t", "")
    session = live_sessions.polled_session(resources.store(), code)
    cached_token, cached_code, participant = st.session_state.get("participant") or (None, None, None)
    if cached_token != token or cached_code != session.code:
        participant = workshop.resume(resources.store(), session.code, token)
        st.session_state["participant"] = (token, session.code, participant)
    return session, participant


def start_in_language() -> None:
    """Before the first screen is drawn: a participant whose link names no language sees their own
    (or the session's) from the first run, instead of a page drawn in English and then again.
    Anything wrong with the link is left for the page to say."""
    if language_chosen() or not (st.query_params.get("s") and st.query_params.get("t")):
        return  # settled: no need to read the session and participant again on every run
    try:
        session, participant = current()
    except BoosterError:
        return
    start_in(participant.language or session.language)


def follow_seconds(pid: str) -> float:
    """This phone's poll interval: 2.5-3 s, fixed per participant. Phones that loaded together (a
    room scanning the join QR code, every phone rerunning when an activity opens) would otherwise
    poll in step for the whole workshop; with different intervals they drift apart in a few polls.
    Never longer than FOLLOW_SECONDS, so a phone still follows within it."""
    return FOLLOW_SECONDS - SPREAD_SECONDS * (zlib.crc32(pid.encode()) % 6) / 5


def follow_room(code: str, pid: str, shown: tuple, activity: str | None) -> None:
    """Poll the session; when the facilitator opens, closes or reveals, rerun the whole screen.

    Between those, it shows the room timer (closing the activity at zero if the facilitator chose
    auto-close) and tells the board this participant is still here (a write at most every 30 s)."""
    st.fragment(_follow, run_every=follow_seconds(pid))(code, pid, shown, activity)


def _follow(code: str, pid: str, shown: tuple, activity: str | None) -> None:
    # About 40% of a live room's reruns are this poll: it must cost what an empty fragment costs.
    # The session is parsed again only when its file changed (one stat otherwise), and nothing is
    # drawn unless a room timer runs.
    store = resources.store()
    try:
        if time.monotonic() - st.session_state.get("last_touch", 0.0) >= TOUCH_SECONDS:
            workshop.touch(store, code, pid)  # reads the participant file, so not on every poll
            st.session_state["last_touch"] = time.monotonic()
        session = room_timer.close_if_due(store, live_sessions.polled_session(store, code), now())
    except NotFound:  # the session was deleted, or this participant withdrew on another device
        st.session_state.pop("participant", None)
        st.rerun(scope="app")
    except StoreError:
        return  # the store is away for a moment: the screen stays as it is until the next poll
    if session.room_signature() != shown:
        st.rerun(scope="app")
    if activity:
        timer_view.phone_notice(session.state(activity), now())
