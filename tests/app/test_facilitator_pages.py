"""The facilitator's screens, through AppTest."""

import pytest

from booster import workshop
from booster.live import paper_sorts, room_timer
from booster.content import load_content, load_ui_strings
from booster.errors import AccessDenied, ValidationError

from .conftest import PIN, open_page, texts

FACILITATOR = {"role": "facilitator"}
STRINGS = load_ui_strings()


def test_create_session_form_makes_a_session_and_opens_its_board(data_dir, store):
    at = open_page("new_session.py", params=FACILITATOR)
    assert not at.exception
    at.text_input(key="ns_title").input("Pilot Surabaya")
    at.text_input(key="ns_pin").input("1357")
    at.button(key="create_session").click().run()
    assert not at.exception
    codes = store.children(())
    assert len(codes) == 1
    assert workshop.get_session(store, codes[0]).title == "Pilot Surabaya"


def test_a_new_session_may_add_the_sub_steps_deck(data_dir, store):
    at = open_page("new_session.py", params=FACILITATOR)
    box = at.checkbox(key="ns_deck_sub_steps")
    assert box.value is False and box.label == load_content("v1").label("deck", "sub_steps", "en")
    at.text_input(key="ns_title").input("Pilot Medan")
    at.text_input(key="ns_pin").input("1357")
    box.check()
    at.button(key="create_session").click().run()
    assert not at.exception
    assert workshop.get_session(store, store.children(())[0]).decks == ("tools", "sub_steps")


def test_create_session_with_a_bad_pin_explains_the_rule(data_dir, store):
    at = open_page("new_session.py", params=FACILITATOR)
    at.text_input(key="ns_title").input("Pilot")
    at.text_input(key="ns_pin").input("12")
    at.button(key="create_session").click().run()
    assert at.error and "PIN" in at.error[0].value
    assert store.children(()) == []


def test_run_session_asks_for_the_pin_and_refuses_a_wrong_one(data_dir, session):
    at = open_page("run_session.py", params={**FACILITATOR, "s": session.code})
    assert not at.exception
    at.text_input(key="fac_pin").input("0000")
    at.button(key="sign_in").click().run()
    assert "PIN" in at.error[0].value
    assert "join_details" not in texts(at)


def test_run_session_with_the_right_pin_shows_join_code_and_controls(data_dir, store, session):
    workshop.join(store, session.code, name="Ayu")
    at = open_page("run_session.py", params={**FACILITATOR, "s": session.code})
    at.text_input(key="fac_pin").input(PIN)
    at.button(key="sign_in").click().run()
    assert not at.exception
    assert session.code in texts(at)
    at.button(key="open_card_sort").click().run()
    assert workshop.get_session(store, session.code).state("card_sort").status == "open"


def _paper_page(session):
    return open_page("paper_sort.py", params={**FACILITATOR, "s": session.code},
                     state={"facilitator_unlocked": {session.code}, "facilitator_code": session.code})


def _paper_sorts(store, session):
    return [p for p in workshop.list_participants(store, session.code) if p.kind == "paper"]


def _errors(at) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]


def test_paper_sort_entry_is_saved_pile_by_pile_as_a_submitted_sort(data_dir, store, session):
    at = _paper_page(session)
    assert not at.exception
    at.text_input(key="paper_custom").input("Riset").run()
    at.text_input(key="paper_table").input("Table 3")
    at.multiselect(key="paper_pile_engage").select("persona")
    at.multiselect(key="paper_pile_custom_riset").select("storytelling").select("crazy_8")
    at.button(key="paper_save").click().run()
    assert not at.exception and not at.error
    assert "Saved the paper sort of Table 3." in [s.value for s in at.success]
    paper = _paper_sorts(store, session)
    doc = workshop.get_response(store, session.code, paper[0].id, "card_sort")
    assert doc["data"]["placements"] == {"persona": "engage", "storytelling": "custom:riset", "crazy_8": "custom:riset"}
    assert doc["status"] == "submitted"


def test_paper_entry_refuses_an_empty_sort_with_a_reason(data_dir, store, session):
    at = _paper_page(session)
    at.text_input(key="paper_table").input("Table 1")
    at.button(key="paper_save").click().run()
    assert _errors(at) == [STRINGS.t("errors.invalid.empty_sort", "en")]
    assert _paper_sorts(store, session) == []


def test_paper_entry_refuses_own_groups_where_none_are_allowed_and_too_many(data_dir, store, session):
    closed = workshop.create_session(store, title="Closed", country="Indonesia", agency="", date="2025-08-14",
                                     language="en", content_version="v1", activities=["card_sort"],
                                     mode="individual", sort_mode="closed", pin=PIN)
    at = _paper_page(closed)
    assert at.caption and STRINGS.t("paper.groups_off", "en") in [c.value for c in at.caption]
    assert not [w for w in at.text_input if w.key == "paper_custom"]
    refused = paper_sorts.own_groups  # the same rule the page uses, provoked with a typed group
    with pytest.raises(ValidationError):
        refused("closed", ["Riset"])
    at = _paper_page(session)
    at.text_input(key="paper_custom").input(", ".join(f"G{i}" for i in range(21))).run()
    at.multiselect(key="paper_pile_scope").select("persona")
    at.button(key="paper_save").click().run()
    assert _errors(at) == [STRINGS.t("errors.invalid.max_groups", "en", max=20)]
    assert _paper_sorts(store, session) == []


def test_a_saved_paper_sort_is_opened_corrected_and_deleted(data_dir, store, session):
    pid = paper_sorts.save(store, session.code, "Table 5", {"scope": ["persona"]}, [],
                           deck_ids=load_content("v1").card_ids())
    at = _paper_page(session)
    at.selectbox(key="paper_pick").select(pid).run()
    assert at.multiselect(key="paper_pile_scope").value == ["persona"]
    assert at.text_input(key="paper_table").value == "Table 5"
    at.multiselect(key="paper_pile_scope").unselect("persona")
    at.multiselect(key="paper_pile_design").select("persona")
    at.button(key="paper_save").click().run()
    assert not at.error
    doc = workshop.get_response(store, session.code, pid, "card_sort")
    assert doc["data"]["placements"] == {"persona": "design"} and len(_paper_sorts(store, session)) == 1
    at.checkbox(key="paper_delete_sure").check().run()
    at.button(key="paper_delete").click().run()
    assert "Deleted the paper sort of Table 5." in [s.value for s in at.success]
    assert _paper_sorts(store, session) == [] and at.selectbox(key="paper_pick").value == "new"


def test_a_second_sort_of_the_same_table_waits_for_a_yes(data_dir, store, session):
    paper_sorts.save(store, session.code, "Table 6", {"scope": ["persona"]}, [],
                     deck_ids=load_content("v1").card_ids())
    at = _paper_page(session)
    at.text_input(key="paper_table").input("table 6")
    at.multiselect(key="paper_pile_test").select("storytelling")
    at.button(key="paper_save").click().run()
    assert len(_paper_sorts(store, session)) == 1
    assert STRINGS.t("paper.same_table", "en", table="table 6") in [w.value for w in at.warning]
    at.button(key="paper_save_again").click().run()
    assert len(_paper_sorts(store, session)) == 2


def _sign_in_with_a_wrong_pin(session, language: str):
    at = open_page("run_session.py", params={**FACILITATOR, "s": session.code, "lang": language})
    assert not at.exception
    at.text_input(key="fac_pin").input("0000")
    at.button(key="sign_in").click().run()
    assert not at.exception
    return at.error[0].value.replace("\\", "")


def test_a_wrong_pin_is_refused_in_the_screens_language(data_dir, session):
    strings = load_ui_strings()
    indonesian = _sign_in_with_a_wrong_pin(session, "id")
    assert indonesian == strings.t("errors.access_denied.facilitator_pin", "id") == "PIN fasilitator tidak benar."
    english = _sign_in_with_a_wrong_pin(session, "en")
    assert english == "The facilitator PIN is not correct."


def test_the_board_names_a_corrupt_participant_file_and_shows_the_rest(data_dir, store, session):
    workshop.join(store, session.code, name="Ayu")
    broken, _ = workshop.join(store, session.code, name="Budi")
    (data_dir / session.code / "participants" / f"{broken.id}.json").write_text("{not json")
    at = open_page("run_session.py", params={**FACILITATOR, "s": session.code})
    at.text_input(key="fac_pin").input(PIN)
    at.button(key="sign_in").click().run()
    assert not at.exception
    assert at.warning[0].value == load_ui_strings().t("analysis.problems", "en", n=1)
    assert broken.id in texts(at)
    assert at.dataframe[0].value.shape[0] == 1, "the readable participant is still on the board"


def test_the_room_timer_is_set_at_opening_and_paused_extended_and_stopped_from_the_run_screen(data_dir, store, session):
    code = session.code
    at = open_page("run_session.py", params={**FACILITATOR, "s": code},
                   state={"facilitator_unlocked": {code}, "facilitator_code": code})
    at.number_input(key="min_card_sort").set_value(5)
    at.toggle(key="auto_card_sort").set_value(True)
    at.button(key="open_card_sort").click().run()
    assert not at.exception
    state = workshop.get_session(store, code).state("card_sort")
    assert state.status == "open" and state.auto_close and state.ends_at
    assert any(m.value.startswith("**Time left 4:5") or m.value == "**Time left 5:00**" for m in at.markdown)
    at.button(key="timer_pause_card_sort").click().run()
    assert room_timer.is_paused(workshop.get_session(store, code).state("card_sort"))
    ends = workshop.get_session(store, code).state("card_sort").ends_at
    at.button(key="timer_add_card_sort").click().run()
    later = workshop.get_session(store, code).state("card_sort").ends_at
    assert (room_timer.parse_iso(later) - room_timer.parse_iso(ends)).total_seconds() == 60
    at.button(key="timer_resume_card_sort").click().run()
    assert not room_timer.is_paused(workshop.get_session(store, code).state("card_sort"))
    at.button(key="timer_stop_card_sort").click().run()
    assert workshop.get_session(store, code).state("card_sort").ends_at is None
    assert any(m.value == "**No timer running**" for m in at.markdown)


@pytest.mark.parametrize("country, language", [("Indonesia", "id"), (" indonesia ", "id"), ("Philippines", "en")])
def test_a_new_sessions_language_follows_its_country_unless_chosen(data_dir, store, country, language):
    at = open_page("new_session.py", params=FACILITATOR)
    at.text_input(key="ns_title").input("Pilot")
    at.text_input(key="ns_country").input(country)
    at.text_input(key="ns_pin").input("1357")
    at.button(key="create_session").click().run()
    assert not at.exception and not at.error
    assert workshop.get_session(store, store.children(())[0]).language == language


def test_duplicate_copies_the_setup_with_a_new_code_and_pin(data_dir, store):
    old = workshop.create_session(store, title="Pilot Bandung", country="Indonesia", agency="BKN",
                                  date="2025-08-14", language="id", content_version="v1",
                                  activities=["service_challenge", "card_sort"], mode="group",
                                  sort_mode="hybrid", pin=PIN, groups=3)
    workshop.set_activity_status(store, old.code, "card_sort", "open", minutes=12)
    at = open_page("run_session.py", params={**FACILITATOR, "s": old.code},
                   state={"facilitator_unlocked": {old.code}, "facilitator_code": old.code})
    at.button(key="duplicate_session").click().run()
    assert not at.exception and at.query_params["copy"] == old.code
    # AppTest does not follow a script's switch_page on later runs: open the screen it went to
    at = open_page("new_session.py", params={**FACILITATOR, "copy": old.code},
                   state={"facilitator_unlocked": {old.code}})
    assert at.text_input(key="ns_title").value == "Pilot Bandung"
    assert at.multiselect(key="ns_activities").value == ["service_challenge", "card_sort"]
    at.text_input(key="ns_pin").input("9753")
    at.button(key="create_session").click().run()
    assert not at.exception and not at.error
    new = next(workshop.get_session(store, c) for c in store.children(()) if c != old.code)
    assert (new.activities, new.mode, new.sort_mode, len(new.groups), new.agency) == \
        (("service_challenge", "card_sort"), "group", "hybrid", 3, "BKN")
    assert new.state("card_sort").minutes == 12 and new.state("card_sort").status == "pending"
    workshop.check_pin(store, new.code, "9753")
    with pytest.raises(AccessDenied):
        workshop.check_pin(store, new.code, PIN)
    assert not workshop.list_participants(store, new.code)


def test_a_session_not_unlocked_in_this_tab_is_not_copied(data_dir, store, session):
    at = open_page("new_session.py", params={**FACILITATOR, "copy": session.code})
    assert not at.exception and at.text_input(key="ns_title").value == ""


def test_the_boards_counts_are_in_the_screens_language(data_dir, store, session):
    code = session.code
    ayu, _ = workshop.join(store, code, name="Ayu")
    workshop.set_activity_status(store, code, "card_sort", "open")
    workshop.save_feedback(store, code, ayu.id, "card_sort", {"ease": 4}, "id")
    at = open_page("run_session.py", params={**FACILITATOR, "s": code, "lang": "id"},
                   state={"facilitator_unlocked": {code}, "facilitator_code": code})
    assert not at.exception
    cells = [str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()]
    assert "4.0 (1 penilaian)" in cells and not any("(n=" in c for c in cells)
    workshop.place_card(store, code, ayu.id, "persona", "understand", load_content("v1").card_ids(), by=ayu.id)
    at.run()
    chart = next(c for c in at.get("plotly_chart") if "board_agreement" in c.proto.id)
    assert "(%{customdata} pemilahan)" in chart.proto.spec and "(n=" not in chart.proto.spec
