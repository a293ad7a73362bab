"""Paper sorts entered pile by pile (booster.live.paper_sorts): limits, empty sorts, correct, delete."""

from __future__ import annotations

import pytest

from booster.live import card_sort as sorting
from booster.live import paper_sorts
from booster import workshop as ws
from booster.errors import NotFound, ValidationError
from booster.store import MemoryStore

DECK = ["persona", "crazy_8", "pitch", "reframing"]


@pytest.fixture
def store():
    return MemoryStore()


def _session(store, sort_mode="hybrid") -> str:
    return ws.create_session(store, title="Uji coba", country="Indonesia", agency="", date="2025-08-14",
                             language="id", content_version="v1", activities=list(ws.ACTIVITIES),
                             mode="individual", sort_mode=sort_mode, pin="2468").code


def _refused(fn, rule: str) -> str:
    with pytest.raises(ValidationError) as err:
        fn()
    assert err.value.rule == rule
    return str(err.value)


def test_piles_become_placements_and_the_sort_is_submitted_from_paper(store):
    code = _session(store)
    pid = paper_sorts.save(store, code, "Meja 3", {"understand": ["persona"], "custom:Riset": ["pitch"],
                                                   "design": []}, ["Riset"], deck_ids=DECK)
    doc = ws.get_response(store, code, pid, "card_sort")
    assert doc["status"] == "submitted" and doc["data"]["source"] == "paper"
    assert doc["data"]["placements"] == {"persona": "understand", "pitch": "custom:riset"}
    assert doc["data"]["custom_groups"] == {"riset": "Riset"}
    assert paper_sorts.load(store, code, pid) == {"table": "Meja 3", "groups": ["Riset"],
                                                   "piles": {"understand": ["persona"], "custom:Riset": ["pitch"]}}


def test_an_empty_sort_is_refused_and_nothing_is_saved(store):
    code = _session(store)
    message = _refused(lambda: paper_sorts.save(store, code, "Meja 1", {"scope": []}, [], deck_ids=DECK),
                       "empty_sort")
    assert message == "paper sort: no card is placed on any pile; nothing was saved."
    assert paper_sorts.listed(store, code) == []


def test_own_groups_are_refused_where_the_session_allows_none(store):
    code = _session(store, sort_mode="closed")
    _refused(lambda: paper_sorts.save(store, code, "Meja 1", {"scope": ["persona"]}, ["Riset"], deck_ids=DECK),
             "groups_off")
    assert paper_sorts.listed(store, code) == []


def test_more_own_groups_than_the_limit_and_long_names_are_refused(store):
    code = _session(store)
    names = [f"Kelompok {i}" for i in range(sorting.MAX_GROUPS + 1)]
    message = _refused(lambda: paper_sorts.save(store, code, "Meja 1", {"scope": ["persona"]}, names,
                                                deck_ids=DECK), "max_groups")
    assert message == f"group: 21 own groups; a board can have at most {sorting.MAX_GROUPS}."
    _refused(lambda: paper_sorts.own_groups("hybrid", ["x" * 41]), "too_long")
    assert paper_sorts.own_groups("hybrid", ["Riset", "riset ", ""]) == {"riset": "Riset"}


def test_a_card_on_two_piles_is_refused_naming_it(store):
    code = _session(store)
    message = _refused(lambda: paper_sorts.save(store, code, "Meja 1", {"scope": ["persona", "pitch"],
                                                                         "design": ["persona"]}, [], deck_ids=DECK),
                       "card_twice")
    assert "persona" in message


def test_a_saved_paper_sort_is_corrected_in_place_keeping_its_comments(store):
    code = _session(store)
    pid = sorting.enter_paper_sort(store, code, "Meja 2", {"persona": "scope"}, comments={"persona": "Bingung"},
                                   deck_ids=DECK)
    assert paper_sorts.save(store, code, "Meja 2B", {"understand": ["persona", "crazy_8"]}, [],
                            deck_ids=DECK, pid=pid) == pid
    doc = ws.get_response(store, code, pid, "card_sort")
    assert doc["data"]["placements"] == {"persona": "understand", "crazy_8": "understand"}
    assert doc["data"]["comments"] == {"persona": "Bingung"} and doc["status"] == "submitted"
    assert paper_sorts.listed(store, code) == [{"id": pid, "name": "Meja 2B"}]


def test_delete_removes_a_paper_sort_but_never_a_person(store):
    code = _session(store)
    pid = paper_sorts.save(store, code, "Meja 4", {"scope": ["persona"]}, [], deck_ids=DECK)
    person, _ = ws.join(store, code, name="Ayu")
    with pytest.raises(NotFound):
        paper_sorts.delete(store, code, person.id)
    paper_sorts.delete(store, code, pid)
    assert paper_sorts.listed(store, code) == [] and ws.get_response(store, code, pid, "card_sort") is None
    assert [p.id for p in ws.list_participants(store, code)] == [person.id]


def test_the_same_table_is_recognised_whatever_its_spacing_or_case(store):
    code = _session(store)
    pid = paper_sorts.save(store, code, "Meja  5", {"scope": ["persona"]}, [], deck_ids=DECK)
    assert paper_sorts.same_table(store, code, "meja 5") == [pid]
    assert paper_sorts.same_table(store, code, "meja 5", except_pid=pid) == []
    assert paper_sorts.card_codes(DECK) == {"persona": "01", "crazy_8": "02", "pitch": "03", "reframing": "04"}
