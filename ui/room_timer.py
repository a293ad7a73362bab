"""The room timer on screen: the facilitator's controls, and the time left as every screen shows it.

Every screen computes the time left from the one end time stored in the session (booster.live.room_timer),
so the facilitator's laptop, the projector and the phones agree to the second.
"""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st

from booster import workshop
from booster.live import room_timer, sessions as live_sessions
from ui import resources
from ui.guard import guard
from ui.i18n import t

FACILITATOR_TICK_SECONDS = 1


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def left_text(state: workshop.ActivityState, at: dt.datetime) -> str | None:
    """'Time left 4:12', 'Paused at 4:12' or 'Time is up'; None without a timer."""
    left = room_timer.seconds_left(state, at)
    if left is None:
        return None
    if left == 0:
        return t("timer.up")
    clock = room_timer.clock_text(left)
    return t("timer.paused", clock=clock) if room_timer.is_paused(state) else t("timer.left", clock=clock)


def phone_notice(state: workshop.ActivityState, at: dt.datetime) -> None:
    """The time left as a caption; at zero a gentle notice (the activity stays open)."""
    left = room_timer.seconds_left(state, at)
    if left is None:
        return
    with st.container(key="room_timer"):
        if left == 0:
            st.info(t("timer.up_phone"), icon=":material/alarm:")
        else:
            st.caption(left_text(state, at))


def _act(action, code: str, activity: str, *args) -> None:
    with guard():
        action(resources.store(), code, activity, *args)


def _start(code: str, activity: str) -> None:
    minutes = st.session_state.get(f"min_{activity}") or 0
    _act(room_timer.start, code, activity, minutes, bool(st.session_state.get(f"auto_{activity}")))


def setting_inputs(activity: str, state: workshop.ActivityState, column) -> None:
    """Minutes and auto-close: used when the activity is opened and by "Start timer". The minutes
    start at the length last used for this activity (or copied from the session it duplicates)."""
    column.number_input(t("facilitator.countdown"), 0, room_timer.MAX_MINUTES, int(state.minutes or 0),
                        key=f"min_{activity}", help=t("facilitator.countdown_help"))
    column.toggle(t("timer.auto_close"), key=f"auto_{activity}", help=t("timer.auto_close_help"))


@st.fragment(run_every=FACILITATOR_TICK_SECONDS)
def facilitator_panel(code: str, activity: str, drawn_status: str) -> None:
    """Time left and the buttons to start, pause, resume, extend and stop; reruns the whole screen
    when the activity's status changed elsewhere (auto-close, a second facilitator tab)."""
    store, at = resources.store(), now()
    # Every second: the session is parsed again only when its file changed (one stat otherwise).
    session = room_timer.close_if_due(store, live_sessions.polled_session(store, code), at)
    state = session.state(activity)
    if state.status != drawn_status:
        st.rerun(scope="app")
    cols = st.columns([3, 2, 2, 2, 2], vertical_alignment="center")
    with cols[0].container(key=f"timer_left_{activity}"):
        st.markdown(f"**{left_text(state, at) or t('timer.none')}**")
    # on_click callbacks: a click must not be lost to this fragment's own one-second rerun.
    cols[1].button(t("timer.start"), key=f"timer_start_{activity}", on_click=_start, args=(code, activity))
    if state.ends_at:
        if room_timer.is_paused(state):
            cols[2].button(t("timer.resume"), key=f"timer_resume_{activity}", icon=":material/play_arrow:",
                           on_click=_act, args=(room_timer.resume, code, activity))
        else:
            cols[2].button(t("timer.pause"), key=f"timer_pause_{activity}", icon=":material/pause:",
                           on_click=_act, args=(room_timer.pause, code, activity))
        cols[3].button(t("timer.add_minute"), key=f"timer_add_{activity}",
                       on_click=_act, args=(functools.partial(room_timer.extend, seen_end=state.ends_at), code, activity))
        cols[4].button(t("timer.stop"), key=f"timer_stop_{activity}", icon=":material/stop:",
                       on_click=_act, args=(room_timer.stop, code, activity))
