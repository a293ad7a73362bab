"""The room timer (booster.live.room_timer): one stored end time, pause, resume, +1 min, stop, auto-close."""

from __future__ import annotations

import datetime as dt

import pytest

from booster import clock
from booster.live import room_timer
from booster import workshop as ws
from booster.errors import ValidationError
from booster.store import MemoryStore

T0 = dt.datetime(2025, 8, 14, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def env():
    with clock.scripted(clock.ScriptedEnv(3, T0)) as scripted_env:
        yield scripted_env


@pytest.fixture
def store():
    return MemoryStore()


@pytest.fixture
def code(store, env) -> str:
    session = ws.create_session(store, title="Uji coba", country="Indonesia", agency="", date="2025-08-14",
                                language="id", content_version="v1", activities=list(ws.ACTIVITIES),
                                mode="individual", sort_mode="closed", pin="2468")
    ws.set_activity_status(store, session.code, "card_sort", "open")
    return session.code


def _left(store, code, at) -> float | None:
    return room_timer.seconds_left(ws.get_session(store, code).state("card_sort"), at)


def _tick(env, seconds: float) -> dt.datetime:
    env.time += dt.timedelta(seconds=seconds)
    return env.time


def test_every_screen_reads_the_same_left_time_from_one_stored_end(store, code, env):
    session = room_timer.start(store, code, "card_sort", 10)
    state = session.state("card_sort")
    assert state.ends_at == clock.iso(T0 + dt.timedelta(minutes=10)) and state.paused_at is None
    assert _left(store, code, _tick(env, 90)) == 510
    assert ws.get_session(store, code).seconds_left("card_sort", env.time) == 510


def test_pause_holds_the_time_and_resume_moves_the_end_on(store, code, env):
    room_timer.start(store, code, "card_sort", 5)
    _tick(env, 60)
    room_timer.pause(store, code, "card_sort")
    assert _left(store, code, _tick(env, 600)) == 240  # ten minutes paused: still 4:00
    assert room_timer.is_paused(ws.get_session(store, code).state("card_sort"))
    room_timer.resume(store, code, "card_sort")
    assert _left(store, code, _tick(env, 30)) == 210
    state = ws.get_session(store, code).state("card_sort")
    assert state.ends_at == clock.iso(T0 + dt.timedelta(minutes=15)) and not room_timer.is_paused(state)


def test_plus_one_minute_adds_to_a_running_paused_or_finished_timer(store, code, env):
    room_timer.start(store, code, "card_sort", 1)
    room_timer.extend(store, code, "card_sort")
    assert _left(store, code, env.time) == 120
    room_timer.pause(store, code, "card_sort")
    room_timer.extend(store, code, "card_sort")
    assert _left(store, code, _tick(env, 500)) == 180
    room_timer.resume(store, code, "card_sort")
    _tick(env, 400)
    assert _left(store, code, env.time) == 0
    room_timer.extend(store, code, "card_sort")  # time was up: a new minute from now
    assert _left(store, code, env.time) == 60


def test_one_click_of_plus_one_minute_adds_one_minute_even_if_delivered_twice(store, code, env):
    room_timer.start(store, code, "card_sort", 2)
    seen = ws.get_session(store, code).state("card_sort").ends_at
    room_timer.extend(store, code, "card_sort", seen_end=seen)
    room_timer.extend(store, code, "card_sort", seen_end=seen)  # the same click again
    assert _left(store, code, env.time) == 180
    now_seen = ws.get_session(store, code).state("card_sort").ends_at
    room_timer.extend(store, code, "card_sort", seen_end=now_seen)  # a second click, drawn after the first
    assert _left(store, code, env.time) == 240


def test_stop_removes_the_timer(store, code, env):
    room_timer.start(store, code, "card_sort", 3)
    room_timer.stop(store, code, "card_sort")
    assert _left(store, code, env.time) is None
    room_timer.extend(store, code, "card_sort")  # nothing to extend
    assert _left(store, code, env.time) is None


@pytest.mark.parametrize("minutes", [0, -1, 241, "5", True])
def test_a_timer_outside_one_to_240_minutes_is_refused(store, code, minutes):
    with pytest.raises(ValidationError) as err:
        room_timer.start(store, code, "card_sort", minutes)
    assert err.value.rule == "minutes_range"


def test_at_zero_the_activity_stays_open_unless_auto_close_was_chosen(store, code, env):
    room_timer.start(store, code, "card_sort", 1)
    session = room_timer.close_if_due(store, ws.get_session(store, code), _tick(env, 61))
    assert session.state("card_sort").status == "open"
    room_timer.start(store, code, "card_sort", 1, auto_close=True)
    early = room_timer.close_if_due(store, ws.get_session(store, code), _tick(env, 59))
    assert early.state("card_sort").status == "open"
    late = room_timer.close_if_due(store, ws.get_session(store, code), _tick(env, 2))
    assert late.state("card_sort").status == "closed"
    assert ws.get_session(store, code).state("card_sort").status == "closed"


def test_opening_with_minutes_starts_the_timer_and_may_auto_close(store, code, env):
    session = ws.set_activity_status(store, code, "service_challenge", "open", minutes=2, auto_close=True)
    state = session.state("service_challenge")
    assert state.auto_close and room_timer.seconds_left(state, env.time) == 120
    assert session.state("card_sort").status == "closed"


@pytest.mark.parametrize("seconds, shown", [(0, "0:00"), (0.2, "0:01"), (59.5, "1:00"), (125, "2:05"),
                                            (3600, "60:00")])
def test_clock_text(seconds, shown):
    assert room_timer.clock_text(seconds) == shown


def test_the_wall_follows_open_activities_and_the_newest_reveal(store, code, env):
    from booster.live import projector

    def stage():
        return projector.stage(ws.get_session(store, code))

    assert stage() == ("activity", "card_sort")
    ws.set_revealed(store, code, "card_sort", True)
    assert stage() == ("debrief", "card_sort")
    ws.set_activity_status(store, code, "service_challenge", "open")
    assert stage() == ("activity", "service_challenge")
    ws.set_activity_status(store, code, "service_challenge", "closed")
    _tick(env, 5)
    ws.set_revealed(store, code, "service_challenge", True)
    assert stage() == ("debrief", "service_challenge")
    _tick(env, 5)
    ws.set_revealed(store, code, "card_sort", True)  # revealed again: the newest reveal wins
    assert stage() == ("debrief", "card_sort")
    for activity in ("card_sort", "service_challenge"):
        ws.set_revealed(store, code, activity, False)
    assert stage() == ("join", None)
