import pytest

from booster.live import sort_columns
from booster.errors import ValidationError

STEPS = ["scope", "engage"]


def test_piles_are_unsorted_steps_unsure_then_own_groups():
    assert sort_columns.piles(STEPS, {"pitch": "Pitch"}) == ["unsorted", "scope", "engage", "unsure", "custom:pitch"]


def test_shuffle_is_stable_per_participant_and_differs_between_them():
    deck = [f"c{i}" for i in range(20)]
    assert sort_columns.shuffled(deck, "p-1") == sort_columns.shuffled(deck, "p-1")
    assert sort_columns.shuffled(deck, "p-1") != sort_columns.shuffled(deck, "p-2")
    assert sorted(sort_columns.shuffled(deck, "p-1")) == sorted(deck)


def _move(seq, card="persona", pile="scope", client="abc1"):
    return {"kind": "move", "card": card, "pile": pile, "seq": seq, "client": client}


def test_a_resent_event_is_applied_once():
    applied = {}
    assert sort_columns.fresh_events([_move(1), _move(2, card="crazy_8")], applied) == [
        _move(1), _move(2, card="crazy_8")]
    assert applied == {"abc1": 2}
    # The board resends what it has not seen acknowledged, plus a new move.
    assert sort_columns.fresh_events([_move(2, card="crazy_8"), _move(3, pile="unsure")], applied) == [
        _move(3, pile="unsure")]


def test_two_browsers_of_one_owner_count_apart():
    applied = {"abc1": 5}
    assert sort_columns.fresh_events([_move(1, client="xyz9")], applied) == [_move(1, client="xyz9")]
    assert applied == {"abc1": 5, "xyz9": 1}


@pytest.mark.parametrize("event", [_move("1"), _move(True), _move(1, client="Bad client!"), "move", None])
def test_events_without_a_valid_client_and_sequence_are_ignored(event):
    assert sort_columns.fresh_events([event], {}) == []


def test_a_malformed_move_is_refused_with_a_message():
    with pytest.raises(ValidationError, match="names no pile"):
        sort_columns.fresh_events([_move(1, pile=["scope"])], {})


def test_back_to_the_deck():
    assert sort_columns.pile_of(_move(1, pile=None)) is None
    assert sort_columns.pile_of(_move(1, pile="")) is None
    assert sort_columns.pile_of(_move(1, pile="unsorted")) is None
    assert sort_columns.pile_of(_move(1, pile="unsure")) == "unsure"
