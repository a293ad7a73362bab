"""The room timer: one end time per activity in the session document, read by every screen.

The facilitator's screen, the projector and every phone compute the time left from the same
stored `ends_at`, so they never drift apart. Pausing keeps `ends_at` and records `paused_at`: the
time left while paused is `ends_at - paused_at`, and resuming moves `ends_at` on by the pause.
At zero the activity stays open unless the facilitator chose `auto_close`; then the first screen
that notices (facilitator, projector or phone) closes it.
"""

from __future__ import annotations

import datetime as dt

from . import sessions as ss
from ..clock import iso, now, parse_iso
from ..errors import ValidationError
from .records import ActivityState, Session

MAX_MINUTES = ss.MAX_COUNTDOWN_MINUTES
EXTEND_SECONDS = 60


def _check_minutes(minutes) -> float:
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not 0 < minutes <= MAX_MINUTES:
        raise ValidationError("minutes", f"{minutes!r} is not between 1 and {MAX_MINUTES}.",
                              rule="minutes_range", value=str(minutes), max=MAX_MINUTES)
    return float(minutes)


def _edit_timer(store, code: str, activity: str, change) -> Session:
    """Apply `change(state, at)` to one activity's stored state under the store's lock."""
    at = now()

    def edit(session):
        ss.check_activity(session, activity)
        change(session["activity_state"][activity], at)

    return Session.of(ss.edit_session(store, code, edit))


def _running(state: dict) -> bool:
    """A stored state whose timer counts now."""
    return bool(state.get("ends_at")) and not state.get("paused_at")


def start(store, code: str, activity: str, minutes: float, auto_close: bool = False) -> Session:
    """Set the timer to `minutes` from now (replacing any running one); works open or not."""
    minutes = _check_minutes(minutes)

    def change(state, at):
        state.update(ends_at=iso(at + dt.timedelta(minutes=minutes)), paused_at=None,
                     auto_close=bool(auto_close), minutes=minutes)

    return _edit_timer(store, code, activity, change)


def pause(store, code: str, activity: str) -> Session:
    def change(state, at):
        if _running(state):
            state["paused_at"] = iso(min(at, parse_iso(state["ends_at"])))

    return _edit_timer(store, code, activity, change)


def resume(store, code: str, activity: str) -> Session:
    def change(state, at):
        if state.get("ends_at") and state.get("paused_at"):
            held = at - parse_iso(state["paused_at"])
            state.update(ends_at=iso(parse_iso(state["ends_at"]) + held), paused_at=None)

    return _edit_timer(store, code, activity, change)


def extend(store, code: str, activity: str, seconds: int = EXTEND_SECONDS, seen_end: str | None = None) -> Session:
    """Add time; a timer that already reached zero restarts from now with the added time.

    With `seen_end` (the end time the button was drawn with), time is added only to that timer: one click
    adds one minute even if it arrives twice (Streamlit can run a button's callback again when the fragment's
    one-second rerun meets the click's run; +1 minute once added two in CI)."""
    def change(state, at):
        if not state.get("ends_at") or (seen_end is not None and state["ends_at"] != seen_end):
            return
        ends = parse_iso(state["ends_at"])
        base = ends if state.get("paused_at") or ends > at else at
        state["ends_at"] = iso(base + dt.timedelta(seconds=seconds))

    return _edit_timer(store, code, activity, change)


def stop(store, code: str, activity: str) -> Session:
    def change(state, at):
        state.update(ends_at=None, paused_at=None)

    return _edit_timer(store, code, activity, change)


def seconds_left(state: ActivityState, at: dt.datetime) -> float | None:
    """Seconds left on an activity's timer (0 when past), None when it has no timer."""
    return state.seconds_left(at)


def is_paused(state: ActivityState) -> bool:
    return state.paused


def is_over(state: ActivityState, at: dt.datetime) -> bool:
    return state.seconds_left(at) == 0.0


def clock_text(seconds: float) -> str:
    """125.4 -> '2:06' (whole seconds rounded up, so the screen shows 0:00 only when time is up)."""
    whole = int(-(-seconds // 1))
    return f"{whole // 60}:{whole % 60:02d}"


def _due(state: ActivityState, at: dt.datetime) -> bool:
    return state.status == "open" and state.auto_close and is_over(state, at)


def close_if_due(store, session: Session, at: dt.datetime) -> Session:
    """Close the open activity whose auto-closing timer has run out; the session as it now is.

    Cheap when nothing is due (no write), so every polling screen may call it."""
    due = [a for a, state in session.states.items() if _due(state, at)]
    if not due:
        return session

    def edit(current):
        for activity in due:
            if _due(ActivityState.of(current["activity_state"][activity]), at):
                current["activity_state"][activity]["status"] = "closed"

    return Session.of(ss.edit_session(store, session.code, edit))
