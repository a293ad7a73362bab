"""Debrief results (booster.debrief): only submitted work counts, nothing names a person."""

from __future__ import annotations

import json

import pytest

from booster.live import debrief
from booster import workshop as ws
from booster.content import load_content
from booster.errors import ValidationError
from booster.store import MemoryStore

INTENDED = {"persona": "understand", "crazy_8": "design", "pitch": "communicate", "reframing": "reframe"}
CARDS = list(INTENDED)


@pytest.fixture
def store():
    return MemoryStore()


@pytest.fixture
def code(store) -> str:
    code = ws.create_session(store, title="Uji coba", country="Indonesia", agency="", date="2025-08-14",
                             language="id", content_version="v1", activities=list(ws.ACTIVITIES),
                             mode="individual", sort_mode="closed", pin="2468").code
    ws.set_activity_status(store, code, "card_sort", "open")
    return code


def _sort(store, code, name, placements, submit=True) -> str:
    person, _ = ws.join(store, code, name=name)
    ws.save_sort(store, code, person.id, placements, CARDS, by=person.id)
    if submit:
        ws.submit(store, code, person.id, "card_sort", by=person.id)
    return person.id


def test_card_sort_debrief_counts_submitted_sorts_only(store, code):
    _sort(store, code, "Ayu", {"persona": "understand", "crazy_8": "design", "pitch": "unsure"})
    _sort(store, code, "Budi", {"persona": "understand", "crazy_8": "test", "pitch": "unsure"})
    _sort(store, code, "Citra", {"persona": "engage", "crazy_8": "design", "pitch": "communicate"})
    _sort(store, code, "Dewi", {"persona": "scope", "crazy_8": "scope", "pitch": "scope"}, submit=False)
    result = debrief.card_sort(store, code, INTENDED)
    assert result["n"] == 3
    assert result["steps"]["understand"] == [{"id": "persona", "count": 2, "share": 2 / 3}]
    assert result["steps"]["scope"] == []  # Dewi did not submit
    assert result["unsure"] == [{"id": "pitch", "count": 2, "share": 2 / 3}]
    disagreed = {row["id"]: row for row in result["disagreed"]}
    assert set(disagreed) == {"persona", "crazy_8", "pitch"}  # reframing was never placed
    assert disagreed["pitch"] == {"id": "pitch", "n": 3, "top_pile": "unsure", "agreement": 2 / 3,
                                  "intended": "communicate", "intended_share": 1 / 3}
    assert "Ayu" not in json.dumps(result)


def test_cards_everyone_placed_alike_are_not_called_disagreed(store, code):
    _sort(store, code, "Ayu", {"persona": "understand", "crazy_8": "design"})
    _sort(store, code, "Budi", {"persona": "understand", "crazy_8": "test"})
    assert [row["id"] for row in debrief.card_sort(store, code, INTENDED)["disagreed"]] == ["crazy_8"]


def test_top_cards_per_step_stop_at_three_most_first(store, code):
    deck = {f"card{i}": "design" for i in range(5)}
    for name, count in (("a", 5), ("b", 3), ("c", 1)):
        person, _ = ws.join(store, code, name=name)
        ws.save_sort(store, code, person.id, {f"card{i}": "design" for i in range(count)}, list(deck),
                     by=person.id)
        ws.submit(store, code, person.id, "card_sort")
    top = debrief.card_sort(store, code, deck)["steps"]["design"]
    assert [(row["id"], row["count"]) for row in top] == [("card0", 3), ("card1", 2), ("card2", 2)]


def _worksheet(store, code, answers, submit=True):
    person, _ = ws.join(store, code)
    ws.save_answers(store, code, person.id, "service_challenge", answers, by=person.id)
    if submit:
        ws.submit(store, code, person.id, "service_challenge", by=person.id)


def test_worksheet_debrief_counts_words_once_per_submitted_answer(store, code):
    ws.set_activity_status(store, code, "service_challenge", "open")
    _worksheet(store, code, {"user_group": "Pelaku UMKM di desa, UMKM kecil"})
    _worksheet(store, code, {"user_group": "pelaku umkm dan lansia"})
    _worksheet(store, code, {"service_name": "Izin usaha"})
    _worksheet(store, code, {"user_group": "Lansia lansia lansia"}, submit=False)
    result = debrief.worksheet(store, code, "service_challenge", "user_group")
    assert (result["n"], result["answered"]) == (3, 2)
    words = {w["id"]: w["count"] for w in result["words"]}
    assert words == {"umkm": 2, "pelaku": 2, "desa": 1, "kecil": 1, "lansia": 1}  # "di", "dan" are stop words
    assert [w["id"] for w in result["words"]][:2] == ["pelaku", "umkm"]


def test_group_fields_read_every_item():
    answers = {"priority_profiles": [{"name": "Petani lansia", "reason": "x"}, {"name": "Nelayan"}],
               "contrast_age": {"value": 2, "note": "banyak lansia"}}
    assert debrief.field_texts(answers, "priority_profiles.name") == ["Petani lansia", "Nelayan"]
    assert debrief.field_texts(answers, "contrast_age") == ["banyak lansia"]
    assert debrief.field_texts(answers, "missing_field") == []


def test_feedback_debrief_averages_the_three_ratings_with_n(store, code):
    for scores in ({"ease": 4, "relevance": 5, "effectiveness": 3}, {"ease": 2, "relevance": 5}):
        person, _ = ws.join(store, code)
        ws.save_feedback(store, code, person.id, "card_sort", {**scores, "confusing": "Nama kartu"}, "id")
    result = debrief.feedback(store, code, "card_sort")
    assert result == {"ease": {"mean": 3.0, "n": 2}, "relevance": {"mean": 5.0, "n": 2},
                      "effectiveness": {"mean": 3.0, "n": 1}}
    assert debrief.feedback(store, code, "service_challenge") == {}


def test_the_facilitator_chooses_the_worksheet_field_shown(store, code):
    fields = load_content("v1").worksheets["user_characteristics"].fields
    session = ws.get_session(store, code)
    assert debrief.chosen_field(session, "user_characteristics", fields) == "user_group"
    session = debrief.set_field(store, code, "user_characteristics", "priority_profiles.name", fields)
    assert debrief.chosen_field(session, "user_characteristics", fields) == "priority_profiles.name"
    with pytest.raises(ValidationError):
        debrief.set_field(store, code, "user_characteristics", "contrast_age", fields)


def test_a_priority_pick_is_read_as_its_profiles_current_name(store, code):
    ws.set_activity_status(store, code, "user_characteristics", "open")
    person, _ = ws.join(store, code)
    profiles = [{"name": "Petani", "description": "x"}, {"item_id": "ab12", "name": "Nelayan", "description": "y"}]
    ws.save_answers(store, code, person.id, "user_characteristics",
                    {"user_profiles": profiles, "priority_profiles": [{"name": "ab12", "reason": "r"},
                                                                      {"name": "#0", "reason": "r"}]}, by=person.id)
    ws.submit(store, code, person.id, "user_characteristics", by=person.id)
    words = debrief.worksheet(store, code, "user_characteristics", "priority_profiles.name")["words"]
    assert {w["id"] for w in words} == {"nelayan", "petani"}
