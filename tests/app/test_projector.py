"""The projector view through AppTest: its link, and what the wall shows before, during and after."""

import re
import time

from booster import workshop
from booster.live import projector, room_timer
from booster.content import load_ui_strings

from .conftest import open_page, texts


def _wall(store, session, token=None):
    return open_page("", params={"view": token or projector.view_token(store, session.code), "lang": "en"})


def test_a_wrong_or_foreign_view_link_shows_nothing_of_the_session(data_dir, store, session):
    other = workshop.create_session(store, title="Other", country="Indonesia", agency="", date="2025-08-14",
                                    language="en", content_version="v1", activities=["card_sort"],
                                    mode="individual", sort_mode="closed", pin="9999")
    foreign_key = projector.view_token(store, other.code).split(".")[1]
    for token in (f"{session.code}.{foreign_key}", session.code, "NOPE"):
        at = _wall(store, session, token)
        assert not at.exception
        refused = load_ui_strings().t("errors.access_denied.projector_link", "en")
        assert [e.value.replace("\\", "") for e in at.error] == [refused]
        assert session.code not in texts(at)


def test_the_view_key_is_not_the_pin_and_differs_per_session(store, session):
    key = projector.view_token(store, session.code).split(".")[1]
    # A key drawn from the PIN's hash and the session's uid (checking that "2468" is not inside a random 20-hex key
    # failed about one run in 40): a second session with the same PIN gets another key.
    assert len(key) == projector.KEY_LENGTH
    again = workshop.create_session(store, title="Pilot Jakarta", country="Indonesia", agency="KemenPANRB",
                                    date="2025-08-14", language="en", content_version="v1",
                                    activities=list(workshop.ACTIVITIES), mode="individual", sort_mode="hybrid",
                                    pin="2468")
    assert projector.view_token(store, again.code).split(".")[1] != key


def test_before_an_activity_the_wall_shows_code_qr_and_joined_count_but_no_names(data_dir, store, session):
    workshop.join(store, session.code, name="Ayu Rahma")
    at = _wall(store, session)
    assert not at.exception
    shown = texts(at)
    assert session.code in shown and "1 joined" in shown and "Ayu" not in shown
    assert at.get("image"), "the QR code is shown"


def _clock_seconds(at, words: str) -> int:
    """The seconds on the wall's clock line that starts with `words` ("Time left 7:58" -> 478)."""
    shown = [m.value for m in at.markdown if m.value.startswith(words + " ")]
    assert len(shown) == 1, [m.value for m in at.markdown]
    minutes, seconds = re.fullmatch(rf"{words} (\d+):(\d\d)", shown[0]).groups()
    return int(minutes) * 60 + int(seconds)


def test_during_an_activity_the_wall_shows_timer_and_counts(data_dir, store, session):
    code = session.code
    opened = time.monotonic()
    workshop.set_activity_status(store, code, "card_sort", "open", minutes=8)
    person, _ = workshop.join(store, code, name="Ayu")
    workshop.place_card(store, code, person.id, "persona", "understand", ["persona"])
    at = _wall(store, session)
    assert not at.exception
    # The clock counts down from 8:00 by the time that passed, however slow the machine was.
    assert 480 - (time.monotonic() - opened) - 1 <= _clock_seconds(at, "Time left") <= 480
    assert {m.label: m.value for m in at.metric} == {"Joined": "1", "Working": "1", "Submitted": "0"}
    before_pause = time.monotonic()
    room_timer.pause(store, code, "card_sort")
    paused_at = _clock_seconds(at.run(), "Paused at")
    assert 480 - (time.monotonic() - opened) - 1 <= paused_at <= 480 - (before_pause - opened) + 1


def test_after_reveal_the_wall_shows_the_debrief_with_ratings(data_dir, store, session):
    code = session.code
    workshop.set_activity_status(store, code, "service_challenge", "open")
    person, _ = workshop.join(store, code, name="Ayu")
    workshop.save_answers(store, code, person.id, "service_challenge", {"service_name": "Izin usaha mikro"})
    workshop.submit(store, code, person.id, "service_challenge")
    workshop.save_feedback(store, code, person.id, "service_challenge", {"ease": 4, "relevance": 5}, "en")
    workshop.set_activity_status(store, code, "service_challenge", "closed")
    workshop.set_revealed(store, code, "service_challenge", True)
    at = _wall(store, session)
    assert not at.exception
    shown = texts(at)
    assert "Based on 1 submitted worksheets" in shown and "Ayu" not in shown
    bars = [p.proto.text for p in at.get("progress")]
    assert "usaha · in 1 of 1" in bars and "Ease of use: 4.0 (n=1)" in bars
