"""Table groups saving one worksheet at once: nothing typed is lost, nothing is emptied, and every
field keeps its own limit on the server (issue 14)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from booster import clock
from booster.content import load_content
from booster.live import answers
from booster.live.answers import ITEM_ID
from booster import workshop as ws
from booster.errors import ValidationError
from booster.store import MemoryStore

T0 = dt.datetime(2025, 8, 14, 1, 0, tzinfo=dt.timezone.utc)
SHEET = "user_characteristics"
NAME_50 = "Ibu penjual kue rumahan yang berjualan lewat WA"  # about 50 characters, like the trial
OTHER_50 = "Pedagang pasar yang menjual sayur segar tiap pagi"


def _table(store: MemoryStore, members: int = 3) -> tuple[str, list[str]]:
    """A group session with the User Characteristics sheet open and `members` people at table g-1."""
    session = ws.create_session(store, title="Uji coba", country="Indonesia", agency="KemenPANRB",
                                date="2025-08-14", language="id", content_version="v1",
                                activities=list(ws.ACTIVITIES), mode="group", sort_mode="hybrid",
                                pin="2468", groups=1)
    ws.set_activity_status(store, session.code, SHEET, "open")
    people = [ws.join(store, session.code, group_id="g-1")[0].id for _ in range(members)]
    return session.code, people


@pytest.fixture
def table():
    with clock.scripted(clock.ScriptedEnv(7, T0)):
        store = MemoryStore()
        code, people = _table(store)
        yield store, code, people


def save(store, code, changes, base, by):
    return ws.save_answers(store, code, "g-1", SHEET, changes, base, by=by)


def stored(store, code) -> dict:
    return ws.get_response(store, code, "g-1", SHEET)["data"]["answers"]


def item(item_id: str, name: str = "", description: str = "") -> dict:
    return {answers.ITEM_ID: item_id, "name": name, "description": description}


# ---- the room's scenario: profiles added and typed at the same moment ---------------------------


def test_names_that_overflow_together_are_stored_whole_and_can_be_shortened(table):
    store, code, (ayu, budi, citra) = table
    first = [{"name": "", "description": ""}]  # an item saved before items had ids: matched by position
    save(store, code, {"user_profiles": first}, {}, ayu)
    save(store, code, {"user_profiles": [{"name": NAME_50, "description": ""}]}, {"user_profiles": first}, ayu)
    doc, conflicts = save(store, code, {"user_profiles": [{"name": OTHER_50, "description": ""}]},
                          {"user_profiles": first}, budi)
    merged = stored(store, code)["user_profiles"][0]["name"]
    assert merged == NAME_50 + answers.SEPARATOR + OTHER_50 and len(merged) > 80
    assert [c["field"] for c in conflicts] == ["user_profiles"]

    base = {"user_profiles": stored(store, code)["user_profiles"]}
    kept = [{"name": merged, "description": "Usaha dari rumah"}]
    save(store, code, {"user_profiles": kept}, base, citra)  # over 80, but no longer than what she saw
    assert stored(store, code)["user_profiles"] == kept
    with pytest.raises(ValidationError, match=re.escape(f"is {len(merged) + 1} characters long; the limit is 80")):
        save(store, code, {"user_profiles": [{"name": merged + "!", "description": "Usaha dari rumah"}]},
             {"user_profiles": kept}, citra)
    shorter = [{"name": NAME_50, "description": "Usaha dari rumah"}]
    save(store, code, {"user_profiles": shorter}, {"user_profiles": kept}, citra)
    assert stored(store, code)["user_profiles"] == shorter


@pytest.mark.parametrize("writers", [2, 3])
def test_people_adding_profiles_at_once_each_keep_their_own_profile(table, writers):
    store, code, people = table
    first = [item("aaaa0001", "Petani", "Jauh dari kota")]
    save(store, code, {"user_profiles": first}, {}, people[0])
    # Everyone pressed "Add one more" on a screen showing only the first profile, then typed.
    typed = [item(f"new{n}0000", f"{NAME_50} {n}", f"Deskripsi {n}") for n in range(writers)]
    for person, profile in zip(people, typed):
        save(store, code, {"user_profiles": first + [{answers.ITEM_ID: profile[answers.ITEM_ID]}]},
             {"user_profiles": first}, person)
    for person, profile in zip(people, typed):  # their saves after typing, each from a stale screen
        save(store, code, {"user_profiles": first + [profile]},
             {"user_profiles": first + [{answers.ITEM_ID: profile[answers.ITEM_ID]}]}, person)
    assert stored(store, code)["user_profiles"] == first + typed


def test_an_item_added_on_a_screen_that_never_saw_the_first_profile_is_kept_and_empties_nothing(table):
    store, code, (ayu, budi, citra) = table
    first = [{"name": "Pedagang sayur lansia", "description": "Tidak memakai aplikasi."}]
    save(store, code, {"user_profiles": first}, {}, ayu)  # typed into the first slot every screen shows
    blank = {"name": "", "description": ""}
    save(store, code, {"user_profiles": [blank, {answers.ITEM_ID: "bbbb0002"}]}, {"user_profiles": None}, budi)
    save(store, code, {"user_profiles": [blank, {answers.ITEM_ID: "cccc0003"}]}, {"user_profiles": None}, citra)
    assert stored(store, code)["user_profiles"] == first + [{answers.ITEM_ID: "bbbb0002"}, {answers.ITEM_ID: "cccc0003"}]


def test_a_removed_row_does_not_come_back_when_another_keeps_the_count(table):
    store, code, (ayu, budi, _) = table
    rows = [item("aaaa0001", "Petani"), item("bbbb0002", "Nelayan")]
    save(store, code, {"user_profiles": rows}, {}, ayu)
    save(store, code, {"user_profiles": rows[:1]}, {"user_profiles": rows}, ayu)  # Ayu removes Nelayan
    edited = [item("aaaa0001", "Petani", "Sawah tadah hujan"), rows[1]]
    doc, conflicts = save(store, code, {"user_profiles": edited}, {"user_profiles": rows}, budi)
    assert stored(store, code)["user_profiles"] == edited[:1]
    assert conflicts == []


def test_a_row_removed_while_another_person_was_writing_in_it_keeps_their_text(table):
    store, code, (ayu, budi, _) = table
    rows = [item("aaaa0001", "Petani"), item("bbbb0002", "Nelayan")]
    save(store, code, {"user_profiles": rows}, {}, ayu)
    save(store, code, {"user_profiles": rows[:1]}, {"user_profiles": rows}, ayu)
    written = [rows[0], item("bbbb0002", "Nelayan", "Melaut sejak subuh")]
    doc, conflicts = save(store, code, {"user_profiles": written}, {"user_profiles": rows}, budi)
    assert stored(store, code)["user_profiles"] == written
    assert [c["field"] for c in conflicts] == ["user_profiles"]


def test_a_removed_row_without_ids_does_not_come_back_empty(table):
    store, code, (ayu, budi, _) = table
    rows = [{"name": "Petani", "description": ""}, {"name": "Nelayan", "description": ""}]
    save(store, code, {"user_profiles": rows}, {}, ayu)
    save(store, code, {"user_profiles": rows[:1]}, {"user_profiles": rows}, ayu)
    save(store, code, {"user_profiles": [{"name": "Petani", "description": "Sawah"}, rows[1]]},
         {"user_profiles": rows}, budi)
    assert stored(store, code)["user_profiles"] == [{"name": "Petani", "description": "Sawah"}]


def test_a_text_that_holds_the_stored_one_replaces_it_without_a_conflict(table):
    """A save whose answer was lost (a crash) is sent again with what was typed since: the writer's
    text already holds the stored one, so nothing is doubled; a stale shorter copy changes nothing."""
    store, code, (ayu, budi, _) = table
    save(store, code, {"user_group": "Mostly on phones"}, {}, ayu)
    doc, conflicts = save(store, code, {"user_group": "Mostly on phones, in the evenings"}, {"user_group": ""}, ayu)
    assert stored(store, code)["user_group"] == "Mostly on phones, in the evenings" and conflicts == []
    doc, conflicts = save(store, code, {"user_group": "Mostly on phones"}, {"user_group": ""}, budi)
    assert stored(store, code)["user_group"] == "Mostly on phones, in the evenings" and conflicts == []


def test_an_empty_save_from_an_empty_base_keeps_what_a_table_member_just_wrote(table):
    store, code, (ayu, budi, _) = table
    save(store, code, {"user_group": "Pedagang pasar", "user_profiles": [item("aaaa0001", "Petani")]}, {}, ayu)
    for base in ({}, {"user_group": "", "user_profiles": None}, {"user_group": None, "user_profiles": []}):
        blank_first_slot = [{"name": "", "description": ""}]
        doc, conflicts = save(store, code, {"user_group": "", "user_profiles": blank_first_slot}, base, budi)
        assert conflicts == []
        assert stored(store, code)["user_group"] == "Pedagang pasar"
        assert stored(store, code)["user_profiles"] == [item("aaaa0001", "Petani")]


def test_the_three_way_merge_of_missing_items_never_yields_none():
    merged, _ = answers._three_way([{"name": "a"}], [{"name": "a"}, {"name": "x"}, {}],
                                   [{"name": "a"}, {"name": "x"}])
    assert merged == [{"name": "a"}]
    holes, _ = answers._merge_list([None, {"name": "a"}], [{}, {"name": "a"}], [None, {"name": "a"}])
    assert None not in holes and {"name": "a"} in holes


# ---- every field's own limit, on the server -----------------------------------------------------


@pytest.mark.parametrize("change, message", [
    ({"user_profiles": [item("aaaa0001", "x" * 81)]}, "is 81 characters long; the limit is 80"),
    ({"user_profiles": [item("aaaa0001", "Petani", "x" * 501)]}, "is 501 characters long; the limit is 500"),
    ({"priority_profiles": [{"name": "Petani", "reason": "x" * 501}]}, "is 501 characters long; the limit is 500"),
    ({"contrast_age": {"value": 3, "note": "x" * 301}}, "is 301 characters long; the limit is 300"),
    ({"user_group": "x" * 161}, "is 161 characters long; the limit is 160"),
    ({"user_profiles": [{"name": "Petani", "age": "40"}]}, "['age'] are not parts of this group"),
    ({"user_profiles": ["Petani"]}, "a repeatable group is saved as a list of items"),
    ({"user_profiles": [{"item_id": "../x", "name": "Petani"}]}, "'../x' is not an item id"),
    ({"user_profiles": [item(f"id{n}") for n in range(7)]}, "has 7 items; at most 6 are allowed"),
    ({"contrast_age": {"value": 9, "note": ""}}, "9 is not a position from 1 to 5"),
    ({"contrast_age": "old"}, "a contrast is saved as {value, note}"),
    ({"user_group": 5}, "int is not text"),
    ({"favourite_colour": "blue"}, "'favourite_colour' is not a field of this worksheet"),
])
def test_every_field_keeps_its_own_limit_and_shape_on_the_server(table, change, message):
    store, code, (ayu, _, _) = table
    with pytest.raises(ValidationError, match=re.escape(message)):
        save(store, code, change, {}, ayu)
    assert ws.get_response(store, code, "g-1", SHEET) is None, "a refused save stores nothing"


# ---- properties: any merge, any sequence of saves from stale screens ---------------------------

TEXTS = st.sampled_from(["", " ", "Petani", "Nelayan desa", "Lansia", "Pengguna kursi roda"])
IDS = st.sampled_from(["aaaa0001", "bbbb0002", "cccc0003", None])


@st.composite
def profile_lists(draw):
    items = []
    for i in range(draw(st.integers(0, 4))):
        if draw(st.booleans()) and i == len(items):
            items.append(None)  # a hole a former merge left in old data
            continue
        item_id = draw(IDS)
        value = {"name": draw(TEXTS), "description": draw(TEXTS)}
        items.append({answers.ITEM_ID: item_id, **value} if item_id else value)
    return items


@settings(max_examples=300, deadline=None)
@given(profile_lists(), profile_lists(), profile_lists())
def test_a_list_merge_never_yields_anything_but_items(stored_items, incoming, base):
    merged, _ = answers._three_way(stored_items, incoming, base)
    if isinstance(merged, list) and merged is not stored_items and merged is not incoming:
        assert all(isinstance(value, dict) for value in merged)


def _texts(value) -> list[str]:
    """Every non-blank text in a stored value (a plain text, or a group's items)."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [t for t in _leaves(value).values() if isinstance(t, str) and t.strip()]


def _leaves(value) -> dict:
    """(item key, part) -> text of a group, or (None, None) -> text of a plain field."""
    if isinstance(value, str):
        return {(None, None): value}
    if isinstance(value, list):
        return {(answers.item_key(item, i), part): text for i, item in enumerate(value) if isinstance(item, dict)
                for part, text in item.items() if part != answers.ITEM_ID}
    return {}


@st.composite
def edits(draw, view: list[dict], next_id: int):
    """What a person does on their screen to the profiles they see: type, clear, add or remove."""
    items = [dict(i) for i in view]
    action = draw(st.sampled_from(["type", "clear", "add", "remove"]))
    if action == "add" or not items:
        items.append({answers.ITEM_ID: f"new{next_id:05d}", "name": draw(TEXTS)})
    elif action == "remove":
        items.pop()
    else:
        target = items[draw(st.integers(0, len(items) - 1))]
        target[draw(st.sampled_from(["name", "description"]))] = draw(TEXTS) if action == "type" else ""
    return items


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_sequence_of_saves_from_stale_screens_empties_text_someone_else_wrote(data):
    with clock.scripted(clock.ScriptedEnv(7, T0)):
        store = MemoryStore()
        code, people = _table(store)
        seen = {person: {} for person in people}  # what each screen last loaded or saved
        for step in range(data.draw(st.integers(1, 12))):
            person = data.draw(st.sampled_from(people))
            if data.draw(st.booleans()):
                seen[person] = dict(stored(store, code)) if ws.get_response(store, code, "g-1", SHEET) else {}
                continue
            field = data.draw(st.sampled_from(["user_group", "user_profiles"]))
            view = seen[person].get(field)
            value = data.draw(TEXTS) if field == "user_group" else data.draw(
                edits([i for i in (view or []) if isinstance(i, dict)], step))
            before = (ws.get_response(store, code, "g-1", SHEET) or {"data": {"answers": {}}})["data"]["answers"]
            save(store, code, {field: value}, {field: view}, person)
            after = stored(store, code)
            unseen = {k: v for k, v in _leaves(before.get(field)).items()
                      if v.strip() and _leaves(view).get(k) != v}
            for text in unseen.values():
                assert any(text in t for t in _texts(after.get(field))), (text, before, view, value, after)
            seen[person][field] = after.get(field)


def test_three_people_typing_their_own_profiles_at_once_on_files_lose_nothing(tmp_path):
    """Real threads on the file store: each adds a profile and rewrites it 15 times, always from
    the screen it last saw (stale as soon as another saved); every final text is stored."""
    import threading

    from booster.store import FileStore

    with clock.scripted(clock.ScriptedEnv(7, T0)):
        store = FileStore(tmp_path)
        code, people = _table(store)

    def person(n: int, pid: str) -> None:
        own = f"own{n}0000"
        view = None
        for round_ in range(16):
            mine = [i for i in (view or []) if i.get(answers.ITEM_ID) != own]
            profile = {answers.ITEM_ID: own, "name": f"Profil {n}", "description": f"Putaran {round_}"}
            doc, _ = save(store, code, {"user_profiles": mine + [profile]}, {"user_profiles": view}, pid)
            view = doc["data"]["answers"]["user_profiles"]

    threads = [threading.Thread(target=person, args=(n, pid)) for n, pid in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = {p[answers.ITEM_ID]: p for p in stored(store, code)["user_profiles"]}
    assert sorted(final) == [f"own{n}0000" for n in range(3)]
    for n in range(3):
        assert final[f"own{n}0000"]["description"].endswith("Putaran 15"), final


def test_a_pick_is_shown_by_its_items_current_name_and_an_old_name_pick_as_stored():
    sheet = load_content("v1").worksheets[SHEET]
    stored = {"user_profiles": [{"name": " Petani ", "description": "x"},
                                {ITEM_ID: "ab12", "name": "Nelayan", "description": "y"},
                                {ITEM_ID: "cd34", "name": "", "description": "z"}],
              "priority_profiles": [{ITEM_ID: "p1", "name": "ab12", "reason": "r"}, {"name": "#0", "reason": "r"},
                                    {"name": "Pedagang", "reason": "r"}, {"name": "cd34"}]}
    shown = answers.with_picked_names(stored, sheet)
    assert [p["name"] for p in shown["priority_profiles"]] == ["Nelayan", "Petani", "Pedagang", ""]
    assert shown["priority_profiles"][0][ITEM_ID] == "p1" and shown["user_profiles"] == stored["user_profiles"]
    assert stored["priority_profiles"][0]["name"] == "ab12", "the stored answers keep the picks"
