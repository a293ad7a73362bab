"""Phones poll the room at different intervals, so phones that loaded together drift apart."""

from ui.participant import FOLLOW_SECONDS, follow_seconds


def test_every_phone_polls_within_the_follow_interval_and_they_differ():
    intervals = [follow_seconds(f"p-{i:010x}") for i in range(200)]
    assert all(FOLLOW_SECONDS - 0.5 <= s <= FOLLOW_SECONDS for s in intervals)
    assert len(set(intervals)) == 6
    assert follow_seconds("p-0000000001") == follow_seconds("p-0000000001")  # fixed per participant
