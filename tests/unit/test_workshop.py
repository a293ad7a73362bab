"""The workshop domain API (booster.workshop): sessions, participants, card sort, worksheets,
feedback, paper sorts and the live board, with the messages people see when something is refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading

import pytest

from booster import clock
from booster import workshop as ws
from booster.errors import AccessDenied, ActivityClosed, NotFound, ValidationError
from booster.live.sort_columns import shuffled
from booster.store import FileStore, MemoryStore

UTC = dt.UTC
T0 = dt.datetime(2025, 8, 14, 1, 0, tzinfo=UTC)
DECK = {"service_challenge": "scope", "stakeholder_map": "engage", "persona": "understand",
        "reframing": "reframe", "crazy_8": "design"}
CARDS = list(DECK)
SESSION_KEYS = {"schema_version", "id", "uid", "title", "country", "agency", "language", "date",
                "content_version", "activities", "decks", "mode", "sort_mode", "groups", "pin_salt", "pin_hash",
                "activity_state", "created_at", "demo"}


@pytest.fixture
def env():
    with clock.scripted(clock.ScriptedEnv(7, T0)) as scripted_env:
        yield scripted_env


@pytest.fixture
def store():
    return MemoryStore()


def make_session(store, **changes) -> dict:
    settings = dict(title="Uji coba Booster", country="Indonesia", agency="KemenPANRB", date="2025-08-14",
                    language="id", content_version="v1", activities=list(ws.ACTIVITIES), mode="individual",
                    sort_mode="hybrid", pin="2468", groups=0) | changes
    return ws.create_session(store, **settings)


def later(env, **delta) -> dt.datetime:
    env.time = env.time + dt.timedelta(**delta)
    return env.time


@pytest.fixture
def code(store, env) -> str:
    """An individual, hybrid session with every activity open in turn: here the card sort."""
    code = make_session(store).code
    ws.set_activity_status(store, code, "card_sort", "open")
    return code


def join_in_turn(store, code, env, **kw) -> str:
    """Join one second after the previous person (the board lists people in join order)."""
    later(env, seconds=1)
    return ws.join(store, code, **kw)[0].id


def opened(store, code, activity):
    ws.set_activity_status(store, code, activity, "open")


# ---- sessions ------------------------------------------------------------------------------


def test_create_session_stores_the_documented_shape(store, env):
    record = make_session(store)
    assert re.fullmatch("[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}", record.code)
    session = store.read((record.code, "session"))
    assert set(session) == SESSION_KEYS and ws.Session.of(session) == record
    assert session["activity_state"] == {a: {"status": "pending", "ends_at": None, "revealed": False}
                                         for a in ws.ACTIVITIES}
    assert "2468" not in session.values() and "pin" not in session and session["groups"] == [] and session["demo"] is False
    assert session["created_at"] == "2025-08-14T01:00:00.000+00:00"
    assert (record.title, record.language, record.groups, record.group_mode) == ("Uji coba Booster", "id", {}, False)
    assert record.current_activity() is None and record.screen_activity() is None


def test_a_new_session_deals_the_default_deck_and_may_add_the_sub_steps(store):
    from booster.content import load_content

    content = load_content("v1")
    plain, wider = make_session(store), make_session(store, decks=["tools", "sub_steps"])
    assert plain.decks == ("tools",)
    dealt = plain.deck(content)
    assert dealt == [c.id for c in content.cards if c.kind == "tool"] and len(dealt) == 16
    assert set(wider.deck(content)) - set(dealt) == {c.id for c in content.cards if c.kind == "sub_step"}
    with pytest.raises(ValidationError, match="decks"):
        make_session(store, decks=["cheat_sheet"])
    with pytest.raises(ValidationError, match="at least one deck"):
        make_session(store, decks=[])


def test_a_session_made_before_decks_still_deals_all_thirty_cards(store):
    from booster.content import load_content

    content = load_content("v1")
    code = make_session(store).code
    store.update((code, "session"), lambda doc: {k: v for k, v in doc.items() if k != "decks"})
    legacy = ws.get_session(store, code)
    assert legacy.decks is None and legacy.deck(content) == content.card_ids() and len(content.card_ids()) == 30
    ws.set_activity_status(store, code, "card_sort", "open")
    pid = ws.join(store, code, name="Ayu")[0].id
    ws.place_card(store, code, pid, "pitch", "communicate", legacy.deck(content))  # an app card of the old deck


def test_group_mode_makes_numbered_tables(store, env):
    session = make_session(store, mode="group", groups=3)
    assert store.read((session.code, "session"))["groups"] == [{"id": f"g-{i}", "name": f"Table {i}"} for i in (1, 2, 3)]
    assert session.groups == {"g-1": "Table 1", "g-2": "Table 2", "g-3": "Table 3"} and session.group_mode


@pytest.mark.parametrize("changes, message", [
    ({"title": "  "}, "title: must not be empty."),
    ({"title": "x" * 121}, "title: is 121 characters long; the limit is 120."),
    ({"pin": "12a4"}, "PIN: must be 4 to 12 digits."),
    ({"pin": "123"}, "PIN: must be 4 to 12 digits."),
    ({"pin": "1" * 13}, "PIN: must be 4 to 12 digits."),
    ({"activities": []}, "activities: choose at least one activity."),
    ({"activities": ["card_sort", "karaoke"]},
     "activities: 'karaoke' is not one of card_sort, service_challenge, user_characteristics."),
    ({"mode": "solo"}, "mode: 'solo' is not one of individual, group."),
    ({"sort_mode": "open"}, "sort_mode: 'open' is not one of closed, hybrid."),
    ({"language": "Indonesian"}, "language: 'Indonesian' is not a language code such as 'en' or 'id'."),
    ({"date": "14/08/2025"}, "date: '14/08/2025' is not a date like 2025-08-14."),
    ({"mode": "group", "groups": 0}, "groups: 0 tables: a group session needs 1 to 30."),
])
def test_create_session_refuses_bad_settings(store, env, changes, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        make_session(store, **changes)
    assert store.children(()) == []


def test_join_codes_are_unique_even_when_the_first_draw_is_taken(store):
    with clock.scripted(clock.ScriptedEnv(1, T0)):
        first = make_session(store).code
    with clock.scripted(clock.ScriptedEnv(1, T0)):
        second = make_session(store).code
    assert first != second and store.read((first, "session"))["id"] == first


def test_get_session_normalises_the_code(store, code):
    assert ws.get_session(store, f"  {code.lower()[:3]} {code.lower()[3:]} ").code == code
    assert ws.get_session(store, f"{code[:3]}-{code[3:]}").code == code


@pytest.mark.parametrize("typed, shown", [("ZZZZZZ", "ZZZZZZ"), ("k7pq", "K7PQ"), ("../etc", "../ETC")])
def test_an_unknown_code_says_where_to_look(store, code, typed, shown):
    with pytest.raises(NotFound, match=re.escape(f"No session '{shown}' was found. "
                                                 "Check the code on the facilitator's screen.")):
        ws.get_session(store, typed)


def test_check_pin(store, code):
    ws.check_pin(store, code.lower(), "2468")
    for wrong in ("2469", "", None, "24680"):
        with pytest.raises(AccessDenied, match=r"^The facilitator PIN is not correct\.$"):
            ws.check_pin(store, code, wrong)


def test_countdown_and_current_activity(store, code, env):
    session = ws.set_activity_status(store, code, "service_challenge", "open", minutes=10)
    state = store.read((code, "session"))["activity_state"]
    assert state["card_sort"]["status"] == "closed", "opening one activity closes the other"
    assert state["service_challenge"] == {"status": "open", "ends_at": "2025-08-14T01:10:00.000+00:00",
                                          "paused_at": None, "auto_close": False, "revealed": False,
                                          "minutes": 10}
    assert session.state("service_challenge") == ws.ActivityState("open", "2025-08-14T01:10:00.000+00:00", False,
                                                                  minutes=10)
    assert session.current_activity() == "service_challenge" == session.screen_activity()
    assert session.seconds_left("service_challenge", T0 + dt.timedelta(minutes=4)) == 360
    assert session.seconds_left("service_challenge", T0 + dt.timedelta(minutes=11)) == 0
    assert session.seconds_left("card_sort", T0) is None
    session = ws.set_activity_status(store, code, "service_challenge", "closed")
    assert session.current_activity() is None
    assert session.screen_activity() == "service_challenge", "the last one closed stays on screen, read-only"
    assert session.state("service_challenge").ends_at is None


def test_set_revealed(store, code):
    before = ws.get_session(store, code).room_signature()
    assert ws.set_revealed(store, code, "card_sort", True).state("card_sort").revealed is True
    assert store.read((code, "session"))["activity_state"]["card_sort"]["revealed"] is True
    assert ws.get_session(store, code).room_signature() != before, "participants' screens follow a reveal"


@pytest.mark.parametrize("activity, status, minutes, message", [
    ("card_sort", "paused", None, "status: 'paused' is not one of pending, open, closed."),
    ("card_sort", "open", 0, "minutes: 0 is not between 1 and 240."),
    ("card_sort", "open", -5, "minutes: -5 is not between 1 and 240."),
    ("persona", "open", None, "activity: 'persona' is not part of session"),
])
def test_set_activity_status_refuses_bad_values(store, code, activity, status, minutes, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        ws.set_activity_status(store, code, activity, status, minutes=minutes)


# ---- participants --------------------------------------------------------------------------


def test_join_stores_only_a_hash_of_the_secret(store, code):
    person, token = ws.join(store, code, name="  Ayu  ")
    pid, secret = token.split(".")
    assert re.fullmatch(r"p-[0-9a-f]{10}", pid) and pid == person.id
    stored = store.read((code, "participants", pid))
    assert ws.Participant.of(stored) == person and secret not in str(stored)
    assert stored["secret_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert (stored["name"], stored["kind"], stored["group_id"], stored["language"]) == ("Ayu", "person", None, "id")


def test_join_in_group_mode_needs_a_table(store, env):
    code = make_session(store, mode="group", groups=2).code
    assert ws.join(store, code, group_id="g-2", language="en")[0].group_id == "g-2"
    with pytest.raises(ValidationError, match=re.escape(
            "table: choose your table: one of Table 1, Table 2.")):
        ws.join(store, code)


def test_join_refuses_a_long_name(store, code):
    with pytest.raises(ValidationError, match=re.escape("name: is 61 characters long; the limit is 60.")):
        ws.join(store, code, name="x" * 61)


def test_resume_with_the_right_token(store, code):
    person, token = ws.join(store, code, name="Budi")
    assert ws.resume(store, code.lower(), token) == person


def test_resume_refuses_wrong_tokens(store, code, env):
    person, token = ws.join(store, code)
    other_code = make_session(store).code
    _, foreign = ws.join(store, other_code)
    for bad in ["", "nonsense", token + "x", token.split(".")[0] + ".", token.split(".")[0],
                "p-zzzzzzzzzz." + token.split(".")[1], foreign, "../../x.y"]:
        with pytest.raises(AccessDenied, match=r"^The resume link is not correct\.$"):
            ws.resume(store, code, bad)


def test_touch_writes_at_most_every_30_seconds(store, code, env):
    person, _ = ws.join(store, code)
    later(env, seconds=10)
    assert ws.touch(store, code, person.id) is False
    later(env, seconds=25)
    assert ws.touch(store, code, person.id) is True
    assert ws.get_participant(store, code, person.id).last_seen == "2025-08-14T01:00:35.000+00:00"
    assert ws.touch(store, code, person.id) is False


# ---- card sort -----------------------------------------------------------------------------


def test_place_and_unplace_cards(store, code, env):
    pid = ws.join(store, code)[0].id
    ws.place_card(store, code, pid, "persona", "engage", CARDS, by=pid)
    later(env, minutes=2)
    doc = ws.save_sort(store, code, pid, {"crazy_8": "unsure", "persona": None}, CARDS, by=pid)
    data = doc["data"]
    assert data["placements"] == {"crazy_8": "unsure"}
    assert data["card_order"] == shuffled(CARDS, pid) and sorted(data["card_order"]) == sorted(CARDS)
    assert data["elapsed_seconds"] == 120.0 and data["source"] == "screen"
    assert (doc["status"], doc["revision"], doc["owner_id"], doc["session_id"]) == ("in_progress", 2, pid, code)
    assert ws.sort_progress(doc, CARDS) == (1, 5)
    assert ws.sort_progress(None, CARDS) == (0, 5)
    later(env, minutes=3)
    assert ws.submit(store, code, pid, "card_sort")["data"]["elapsed_seconds"] == 300.0, "time runs to submit"


@pytest.mark.parametrize("placements, message", [
    ({"karaoke": "scope"}, "card: 'karaoke' is not a card of this deck."),
    ({"persona": "research"}, "pile: 'research' is not a step, 'unsure' or one of this board's own groups."),
    ({"persona": "custom:research"}, "pile: 'custom:research' is not a step"),
])
def test_save_sort_refuses_unknown_cards_and_piles(store, code, placements, message):
    pid = ws.join(store, code)[0].id
    with pytest.raises(ValidationError, match=re.escape(message)):
        ws.save_sort(store, code, pid, placements, CARDS)
    assert ws.get_response(store, code, pid, "card_sort") is None


def test_whole_boards_from_two_table_members_only_apply_their_own_moves(store, env):
    code = make_session(store, mode="group", groups=1).code
    opened(store, code, "card_sort")
    a, b = (ws.join(store, code, group_id="g-1")[0].id for _ in range(2))
    seen = {"persona": "understand"}
    ws.save_sort(store, code, "g-1", seen, CARDS, by=a)
    ws.save_sort(store, code, "g-1", {**seen, "crazy_8": "design"}, CARDS, by=a, base=seen)
    # b still shows the older board and moves another card: a's move survives
    doc = ws.save_sort(store, code, "g-1", {**seen, "reframing": "reframe"}, CARDS, by=b, base=seen)
    assert doc["data"]["placements"] == {"persona": "understand", "crazy_8": "design", "reframing": "reframe"}


def test_concurrent_moves_by_a_table_are_all_kept(tmp_path, env):
    store = FileStore(tmp_path)
    code = make_session(store, mode="group", groups=1).code
    opened(store, code, "card_sort")
    members = [ws.join(store, code, group_id="g-1")[0].id for _ in CARDS]
    threads = [threading.Thread(target=ws.place_card, args=(store, code, "g-1", card, DECK[card], CARDS),
                                kwargs={"by": pid}) for card, pid in zip(CARDS, members)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ws.get_response(store, code, "g-1", "card_sort")["data"]["placements"] == DECK


def test_a_closed_activity_refuses_changes(store, code):
    pid = ws.join(store, code)[0].id
    ws.set_activity_status(store, code, "card_sort", "closed")
    message = r"^The activity 'card_sort' is not open, so answers cannot be changed\.$"
    for action in (lambda: ws.place_card(store, code, pid, "persona", "scope", CARDS),
                   lambda: ws.submit(store, code, pid, "card_sort"),
                   lambda: ws.set_card_note(store, code, pid, "persona", comment="?"),
                   lambda: ws.save_answers(store, code, pid, "service_challenge", {"service_name": "x"}, {})):
        with pytest.raises(ActivityClosed, match=message.replace("card_sort", "(card_sort|service_challenge)")):
            action()


def test_work_for_an_unknown_owner_is_refused(store, code):
    with pytest.raises(NotFound, match=re.escape(f"No participant or table 'p-0000000000' was found. "
                                                 f"It is not part of session {code}.")):
        ws.place_card(store, code, "p-0000000000", "persona", "scope", CARDS)


def test_paper_groups_are_read_from_one_line():
    assert ws.paper_groups(" Riset & Data, , Pitching ,") == {"riset-data": "Riset & Data", "pitching": "Pitching"}
    assert ws.paper_groups("") == {}


def test_custom_groups_are_slugged_and_deduplicated(store, code):
    pid = ws.join(store, code)[0].id
    assert ws.add_custom_group(store, code, pid, " Riset & Data ") == "riset-data"
    assert ws.add_custom_group(store, code, pid, "RISET & DATA") == "riset-data"
    assert ws.add_custom_group(store, code, pid, "Riset, data!") == "riset-data-2"
    doc = ws.save_sort(store, code, pid, {"persona": "custom:riset-data-2"}, CARDS)
    assert doc["data"]["custom_groups"] == {"riset-data": "Riset & Data", "riset-data-2": "Riset, data!"}
    assert doc["data"]["placements"] == {"persona": "custom:riset-data-2"}
    with pytest.raises(ValidationError, match=re.escape("group name: is 41 characters long; the limit is 40.")):
        ws.add_custom_group(store, code, pid, "x" * 41)


def test_closed_sorts_have_no_custom_groups(store, env):
    code = make_session(store, sort_mode="closed").code
    opened(store, code, "card_sort")
    pid = ws.join(store, code)[0].id
    with pytest.raises(ValidationError, match="own groups are off"):
        ws.add_custom_group(store, code, pid, "Research")


@pytest.mark.parametrize("name, slug", [("Riset & Data", "riset-data"), ("Ação pública", "acao-publica"),
                                        ("研究", "group"), ("  --Research--  ", "research"),
                                        ("a" * 60, "a" * 40)])
def test_slugify(name, slug):
    assert ws.slugify(name) == slug


def test_card_notes_set_keep_and_clear(store, code):
    pid = ws.join(store, code)[0].id
    ws.set_card_note(store, code, pid, "persona", comment="Bisa masuk dua langkah", suggested_name="Profil Pengguna")
    data = ws.set_card_note(store, code, pid, "persona", comment="")["data"]
    assert data["comments"] == {} and data["suggested_names"] == {"persona": "Profil Pengguna"}
    with pytest.raises(ValidationError, match=re.escape("comment: is 501 characters long; the limit is 500.")):
        ws.set_card_note(store, code, pid, "persona", comment="x" * 501, suggested_name="New")
    assert ws.get_response(store, code, pid, "card_sort")["data"]["suggested_names"] == {"persona": "Profil Pengguna"}


def test_submit(store, code, env):
    pid = ws.join(store, code)[0].id
    later(env, minutes=3)
    doc = ws.submit(store, code, pid, "card_sort", by=pid)
    assert (doc["status"], doc["submitted_at"]) == ("submitted", "2025-08-14T01:03:00.000+00:00")


def test_paper_sorts_are_entered_after_the_sort_closed(store, code):
    ws.set_activity_status(store, code, "card_sort", "closed")
    pid = ws.enter_paper_sort(store, code, "Meja 3", {"persona": "engage", "crazy_8": "custom:riset"},
                              {"riset": "Riset"}, {"persona": "  Kurang jelas "}, deck_ids=CARDS)
    person = ws.get_participant(store, code, pid)
    doc = ws.get_response(store, code, pid, "card_sort")
    assert (person.kind, person.name) == ("paper", "Meja 3")
    assert (doc["status"], doc["data"]["source"]) == ("submitted", "paper")
    assert doc["data"]["placements"] == {"persona": "engage", "crazy_8": "custom:riset"}
    assert doc["data"]["comments"] == {"persona": "Kurang jelas"}
    with pytest.raises(ValidationError, match=re.escape("pile: 'custom:data' is not a step")):
        ws.enter_paper_sort(store, code, "Meja 4", {"persona": "custom:data"}, {}, {})


# ---- worksheets ----------------------------------------------------------------------------


@pytest.fixture
def sheet(store, code):
    """(code, pid): a participant with the Service Challenge open."""
    pid = ws.join(store, code)[0].id
    opened(store, code, "service_challenge")
    return code, pid


def save(store, code, owner, changes, base, by, **kw):
    return ws.save_answers(store, code, owner, "service_challenge", changes, base, by=by, **kw)


def test_answers_are_saved_and_rewrites_counted(store, sheet):
    code, pid = sheet
    doc, conflicts = save(store, code, pid, {"service_name": "Izin usaha mikro"}, {}, pid)
    assert conflicts == [] and doc["data"] == {"answers": {"service_name": "Izin usaha mikro"}, "revisions": {}}
    doc, _ = save(store, code, pid, {"service_name": "Izin usaha mikro (NIB)"}, {"service_name": "Izin usaha mikro"}, pid)
    doc, _ = save(store, code, pid, {"service_name": "Izin usaha mikro (NIB)"}, {"service_name": "Izin usaha mikro"}, pid)
    assert doc["data"]["revisions"] == {"service_name": 1}, "saving the same value again is no change"
    assert doc["conflicts"] == []


def test_two_writers_changing_one_field_keep_both_texts(store, env):
    code = make_session(store, mode="group", groups=1).code
    opened(store, code, "service_challenge")
    a, b = (ws.join(store, code, group_id="g-1")[0].id for _ in range(2))
    base = {"challenge_statement": ""}
    _, first = save(store, code, "g-1", {"challenge_statement": "Kami ingin memahami mengapa A"}, base, a)
    later(env, seconds=5)
    doc, second = save(store, code, "g-1", {"challenge_statement": "We want to understand why B"}, base, b)
    assert first == []
    entry = {"field": "challenge_statement", "kept": "Kami ingin memahami mengapa A",
             "incoming": "We want to understand why B", "by": b, "at": "2025-08-14T01:00:05.000+00:00"}
    assert second == [entry] and doc["conflicts"] == [entry]
    assert doc["data"]["answers"]["challenge_statement"] == \
        "Kami ingin memahami mengapa A\n---\nWe want to understand why B"


def test_two_writers_changing_different_fields_both_apply(store, sheet):
    code, pid = sheet
    other = ws.join(store, code)[0].id
    _, c1 = save(store, code, pid, {"service_name": "e-KTP"}, {"service_name": ""}, pid)
    doc, c2 = save(store, code, pid, {"user_group": "Lansia"}, {"user_group": ""}, other)
    assert c1 == c2 == doc["conflicts"] == []
    assert doc["data"]["answers"] == {"service_name": "e-KTP", "user_group": "Lansia"}


@pytest.fixture
def uc_sheet(store, code):
    """(code, pid): a participant with the User Characteristics worksheet open."""
    pid = ws.join(store, code)[0].id
    opened(store, code, "user_characteristics")
    return code, pid


def save_uc(store, code, owner, changes, base, by):
    return ws.save_answers(store, code, owner, "user_characteristics", changes, base, by=by)


def test_a_list_conflict_merges_item_by_item_and_records_the_other(store, uc_sheet):
    code, pid = uc_sheet
    mine, theirs = [{"name": "Lansia", "description": "jauh"}], [{"name": "Petani", "description": ""}]
    save_uc(store, code, pid, {"user_profiles": mine}, {}, pid)
    doc, conflicts = save_uc(store, code, pid, {"user_profiles": theirs}, {}, pid)
    assert doc["data"]["answers"]["user_profiles"] == [{"name": "Lansia\n---\nPetani", "description": "jauh"}]
    assert (conflicts[0]["kept"], conflicts[0]["incoming"]) == (mine, theirs)


def test_two_people_editing_different_parts_of_one_profile_both_keep_their_work(store, uc_sheet):
    code, pid = uc_sheet
    start = [{"name": "", "description": ""}]
    save_uc(store, code, pid, {"user_profiles": start}, {}, pid)
    _, c1 = save_uc(store, code, pid, {"user_profiles": [{"name": "Petani", "description": ""}]},
                    {"user_profiles": start}, pid)
    doc, c2 = save_uc(store, code, pid, {"user_profiles": [{"name": "", "description": "Jauh dari kota"}]},
                      {"user_profiles": start}, pid)
    assert doc["data"]["answers"]["user_profiles"] == [{"name": "Petani", "description": "Jauh dari kota"}]
    assert c1 == c2 == []


def test_one_adds_a_profile_while_another_edits_the_first(store, uc_sheet):
    code, pid = uc_sheet
    start = [{"name": "Petani", "description": ""}]
    save_uc(store, code, pid, {"user_profiles": start}, {}, pid)
    save_uc(store, code, pid, {"user_profiles": [{"name": "Petani", "description": "Sawah"}]},
            {"user_profiles": start}, pid)
    doc, conflicts = save_uc(store, code, pid, {"user_profiles": start + [{"name": "Nelayan", "description": ""}]},
                             {"user_profiles": start}, pid)
    assert doc["data"]["answers"]["user_profiles"] == [{"name": "Petani", "description": "Sawah"},
                                                       {"name": "Nelayan", "description": ""}]
    assert conflicts == []


def test_a_slider_moved_by_one_and_a_note_by_another_keeps_both(store, uc_sheet):
    code, pid = uc_sheet
    start = {"value": 3, "note": ""}
    save_uc(store, code, pid, {"contrast_age": start}, {}, pid)
    save_uc(store, code, pid, {"contrast_age": {"value": 5, "note": ""}}, {"contrast_age": start}, pid)
    doc, conflicts = save_uc(store, code, pid, {"contrast_age": {"value": 3, "note": "Banyak lansia"}},
                             {"contrast_age": start}, pid)
    assert doc["data"]["answers"]["contrast_age"] == {"value": 5, "note": "Banyak lansia"}
    assert conflicts == []


def test_too_long_answers_are_refused_whole(store, sheet):
    code, pid = sheet
    changes = {"user_group": "Pedagang pasar", "service_name": "x" * 121}
    with pytest.raises(ValidationError, match=re.escape(
            "service_name: is 121 characters long; the limit is 120. Nothing was saved")):
        save(store, code, pid, changes, {}, pid)
    assert ws.get_response(store, code, pid, "service_challenge") is None


def test_worksheet_answers_need_an_open_worksheet(store, code):
    pid = ws.join(store, code)[0].id
    with pytest.raises(ActivityClosed, match="'service_challenge' is not open"):
        save(store, code, pid, {"service_name": "x"}, {}, pid)
    with pytest.raises(ValidationError, match="the card sort is saved with save_sort"):
        ws.save_answers(store, code, pid, "card_sort", {"x": "y"}, {})


def test_submitted_answers(store, sheet):
    code, pid = sheet
    other = ws.join(store, code)[0].id
    save(store, code, pid, {"service_name": "PBG"}, {}, pid)
    save(store, code, other, {"service_name": "BPJS"}, {}, other)
    ws.submit(store, code, other, "service_challenge")
    assert ws.submitted_answers(store, code, "service_challenge") == [{"service_name": "BPJS"}]


# ---- feedback ------------------------------------------------------------------------------


def test_feedback_is_saved_without_blank_answers(store, code, env):
    pid = ws.join(store, code)[0].id
    ws.set_activity_status(store, code, "card_sort", "closed")
    doc = ws.save_feedback(store, code, pid, "card_sort",
                           {"ease": 4, "relevance": None, "effectiveness": 5, "confusing": " Re-frame? ",
                            "missing": "  "}, "id")
    assert doc == ws.get_feedback(store, code, pid, "card_sort")
    assert doc["answers"] == {"ease": 4, "effectiveness": 5, "confusing": "Re-frame?"}
    assert (doc["participant_id"], doc["language"], doc["session_id"]) == (pid, "id", code)
    assert ws.get_feedback(store, code, pid, "service_challenge") is None


def test_feedback_sent_is_not_shown_as_failed_when_its_draft_cannot_be_deleted(store, code, env, monkeypatch):
    from booster.errors import StoreError

    pid = ws.join(store, code)[0].id
    ws.set_activity_status(store, code, "card_sort", "closed")
    ws.save_feedback_draft(store, code, pid, "card_sort", {"ease": 4})

    def refuse(key):
        raise StoreError("/".join(key), "could not be deleted (read-only).", rule="undeleted")

    monkeypatch.setattr(store, "delete", refuse)
    doc = ws.save_feedback(store, code, pid, "card_sort", {"ease": 4}, "en")
    assert ws.get_feedback(store, code, pid, "card_sort") == doc


def test_feedback_keeps_the_tool_it_rates(store, code, env):
    pid = ws.join(store, code)[0].id
    ws.set_activity_status(store, code, "card_sort", "closed")
    assert ws.save_feedback(store, code, pid, "card_sort", {"ease": 2}, "en", tool="structure")["tool"] == "structure"
    with pytest.raises(ValidationError, match=re.escape("tool: '../x' is not a tool id.")):
        ws.save_feedback(store, code, pid, "card_sort", {"ease": 2}, "en", tool="../x")


@pytest.mark.parametrize("answers, message", [
    ({"ease": 6}, "ease: 6 is not in the range 1-5."),
    ({"ease": 0}, "ease: 0 is not in the range 1-5."),
    ({"relevance": "4"}, "relevance: '4' is not in the range 1-5."),
    ({"relevance": True}, "relevance: True is not in the range 1-5."),
    ({"missing": "x" * 2001}, "missing: is 2001 characters long; the limit is 2000."),
    ({"mood": 3}, "feedback: 'mood' is not a feedback question"),
])
def test_feedback_refuses_bad_answers(store, code, answers, message):
    pid = ws.join(store, code)[0].id
    with pytest.raises(ValidationError, match=re.escape(message)):
        ws.save_feedback(store, code, pid, "card_sort", answers, "en")
    assert ws.get_feedback(store, code, pid, "card_sort") is None


def test_feedback_on_an_activity_not_yet_opened_is_refused(store, code):
    pid = ws.join(store, code)[0].id
    with pytest.raises(ActivityClosed, match="'user_characteristics' is not open"):
        ws.save_feedback(store, code, pid, "user_characteristics", {"ease": 3}, "en")


def test_feedback_answers_are_kept_as_a_draft_until_the_feedback_is_sent(store, code, env):
    pid = ws.join(store, code)[0].id
    ws.set_activity_status(store, code, "card_sort", "open")
    assert ws.get_feedback_draft(store, code, pid, "card_sort") == {}
    ws.save_feedback_draft(store, code, pid, "card_sort", {"ease": 4})
    assert ws.save_feedback_draft(store, code, pid, "card_sort", {"confusing": "Two cards alike "}) == {
        "ease": 4, "confusing": "Two cards alike "}, "kept as typed, one answer at a time"
    assert ws.save_feedback_draft(store, code, pid, "card_sort", {"ease": None, "confusing": ""}) == {}
    with pytest.raises(ValidationError, match=re.escape("missing: is 2001 characters long; the limit is 2000.")):
        ws.save_feedback_draft(store, code, pid, "card_sort", {"missing": "x" * 2001})
    with pytest.raises(ValidationError, match=re.escape("ease: 9 is not in the range 1-5.")):
        ws.save_feedback_draft(store, code, pid, "card_sort", {"ease": 9})
    with pytest.raises(ActivityClosed):
        ws.save_feedback_draft(store, code, pid, "user_characteristics", {"ease": 3})
    ws.save_feedback_draft(store, code, pid, "card_sort", {"missing": "Examples"})
    ws.save_feedback(store, code, pid, "card_sort", {"ease": 3, "missing": "Examples"}, "en")
    assert ws.get_feedback_draft(store, code, pid, "card_sort") == {} and not store.exists(
        (code, "feedback_drafts", pid, "card_sort")), "sent: the draft is gone"


# ---- the live board ------------------------------------------------------------------------


def test_board_figures_on_a_small_session(store, code, env):
    ayu, budi, citra = (join_in_turn(store, code, env, name=n) for n in ("Ayu", "Budi", "Citra"))
    later(env, minutes=1)
    ws.save_sort(store, code, budi, {"service_challenge": "scope", "persona": "engage"}, CARDS, by=budi)
    ws.save_feedback(store, code, budi, "card_sort", {"ease": 2}, "id")
    later(env, minutes=4)
    ws.save_sort(store, code, ayu, {"service_challenge": "scope", "stakeholder_map": "understand",
                                    "persona": "understand", "reframing": "reframe", "crazy_8": "design"},
                 CARDS, by=ayu)
    ws.submit(store, code, ayu, "card_sort")
    paper = ws.enter_paper_sort(store, code, "Meja 1", {"service_challenge": "engage", "stakeholder_map": "engage"})
    ws.save_feedback(store, code, ayu, "card_sort", {"ease": 4, "relevance": 5}, "id")

    board = ws.board(store, code, DECK, T0 + dt.timedelta(minutes=6))
    rows = {row.name: row for row in board.participants}
    assert list(rows) == ["Ayu", "Budi", "Citra", "Meja 1"]
    assert [rows[n].active for n in rows] == [True, False, False, False]
    assert rows["Ayu"].progress == {"card_sort": "submitted", "service_challenge": "not_started",
                                    "user_characteristics": "not_started"}
    assert (rows["Budi"].progress["card_sort"], rows["Citra"].progress["card_sort"]) == ("in_progress", "not_started")
    assert rows["Meja 1"].kind == "paper" and rows["Meja 1"].id == paper
    assert board.counts["card_sort"] == {"not_started": 1, "in_progress": 1, "submitted": 2}
    assert board.counts["service_challenge"] == {"not_started": 4, "in_progress": 0, "submitted": 0}
    agreement = {card: (a.n, a.k, a.share) for card, a in board.agreement.items()}
    assert agreement == {"service_challenge": (3, 2, 2 / 3), "stakeholder_map": (2, 1, 0.5),
                         "persona": (2, 1, 0.5), "reframing": (1, 1, 1.0), "crazy_8": (1, 1, 1.0)}
    assert board.agreement["persona"].piles == {"engage": 1, "understand": 1}
    assert board.feedback == {"card_sort": {"ease": ws.RatingMean(3.0, 2), "relevance": ws.RatingMean(5.0, 1)}}
    assert board.problems == () and board.session.code == code


def test_board_in_group_mode_counts_tables(store, env):
    code = make_session(store, mode="group", groups=2).code
    opened(store, code, "card_sort")
    a = join_in_turn(store, code, env, group_id="g-1")
    join_in_turn(store, code, env, group_id="g-1")
    join_in_turn(store, code, env, group_id="g-2")
    ws.place_card(store, code, "g-1", "persona", "understand", CARDS, by=a)
    board = ws.board(store, code, DECK, T0)
    assert [row.progress["card_sort"] for row in board.participants] == ["in_progress", "in_progress", "not_started"]
    assert board.participants[0].group_name == "Table 1" and board.participants[0].owner == "g-1"
    assert board.counts["card_sort"] == {"not_started": 1, "in_progress": 1, "submitted": 0}


def test_board_skips_a_corrupt_file_and_says_so(tmp_path, env):
    store = FileStore(tmp_path)
    code = make_session(store).code
    pid = ws.join(store, code, name="Ayu")[0].id
    ws.join(store, code, name="Budi")
    (tmp_path / code / "participants" / f"{pid}.json").write_text("{broken")
    board = ws.board(store, code, DECK, T0)
    assert [row.name for row in board.participants] == ["Budi"]
    assert len(board.problems) == 1 and f"{pid}.json" in board.problems[0]


def test_board_finds_intended_steps_in_the_content_when_given_card_ids(store, code):
    from booster.content import load_content

    deck = load_content("v1").card_ids()
    pid = ws.join(store, code)[0].id
    ws.save_sort(store, code, pid, {"persona": "understand", "stakeholder_map": "understand"}, deck)
    agreement = ws.board(store, code, deck, T0).agreement
    assert set(agreement) == set(deck)
    assert (agreement["persona"].share, agreement["stakeholder_map"].share) == (1.0, 0.0)
