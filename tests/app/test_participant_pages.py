"""Join and the participant's workshop screen, through AppTest."""

import re

from booster import workshop
from booster.live import room_timer
from booster.content import load_content, load_ui_strings

from .conftest import open_page, texts


def test_home_offers_the_three_roles(data_dir):
    at = open_page("")
    assert not at.exception
    assert {"go_participant", "go_facilitator", "go_analyst"} <= {b.key for b in at.button}


def test_language_switch_turns_the_home_page_indonesian(data_dir):
    at = open_page("")
    english = at.title[0].value
    at.session_state["ui_lang"] = "id"
    at.run()
    assert english == load_ui_strings().t("app.title", "en")
    assert at.title[0].value == load_ui_strings().t("app.title", "id") != english


def test_wrong_join_code_is_refused_with_the_code_named(data_dir, session):
    at = open_page("join.py")
    at.text_input(key="join_code").input("ZZZZZZ").run()
    assert not at.exception
    assert "ZZZZZZ" in at.error[0].value
    assert not any(b.key == "join_button" for b in at.button)


def test_joining_puts_a_resume_link_in_the_url(data_dir, store, session):
    at = open_page("join.py", params={"code": session.code.lower()})
    at.text_input(key="join_name").input("Ayu")
    at.button(key="join_button").click().run()
    assert not at.exception
    token = at.query_params["t"]
    token = token[0] if isinstance(token, list) else token
    participant = workshop.resume(store, session.code, token)
    assert participant.name == "Ayu"


def _joined(store, session, name="Budi"):
    participant, token = workshop.join(store, session.code, name=name)
    return participant, {"s": session.code, "t": token}


def test_a_bad_resume_token_is_refused(data_dir, store, session):
    participant, params = _joined(store, session)
    at = open_page("participant.py", params={**params, "t": participant.id + ".wrong"})
    assert not at.exception
    assert "resume link" in at.error[0].value


def test_participant_waits_until_an_activity_opens(data_dir, store, session):
    _, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    assert not at.exception
    assert at.info, "a waiting message is shown"


def test_open_card_sort_shows_the_board_and_the_choose_route(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "card_sort", "open")
    _, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    assert not at.exception
    assert at.selectbox(key="choose_card") is not None
    assert any(b.key == "submit_sort" for b in at.button)


def test_placing_a_card_by_choosing_saves_it(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "card_sort", "open")
    participant, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    at.selectbox(key="choose_card").set_value("persona").run()
    next(r for r in at.radio if r.key.startswith("pile_persona_")).set_value("understand")
    next(a for a in at.text_area if a.key.startswith("comment_persona_")).input("Clear")
    at.button(key="place_card").click().run()
    assert not at.exception
    data = workshop.get_response(store, session.code, participant.id, "card_sort")["data"]
    assert data["placements"]["persona"] == "understand"
    assert data["comments"]["persona"] == "Clear"


def test_closed_activity_is_read_only(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    workshop.set_activity_status(store, session.code, "service_challenge", "closed")
    _, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    assert not at.exception
    assert at.warning
    assert all(w.disabled for w in at.text_input)


def test_worksheet_saves_a_field_when_it_changes(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    at.text_input(key="ws_service_challenge_service_name").input("Building permit applications").run()
    assert not at.exception
    doc = workshop.get_response(store, session.code, participant.id, "service_challenge")
    assert doc["data"]["answers"]["service_name"] == "Building permit applications"


def test_a_text_over_its_limit_stays_on_screen_with_a_message_and_is_not_saved(data_dir, store, session):
    """Fields have no browser-side max_chars (it would cut a longer merged text and send the cut back
    as an edit): the limit from the content is checked on the server and said on screen."""
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    limit = next(f.max_length for f in load_content("v1").worksheets["service_challenge"].fields
                 if f.id == "service_name")
    at.text_input(key="ws_service_challenge_service_name").input("x" * (limit + 1)).run()
    assert not at.exception
    assert at.text_input(key="ws_service_challenge_service_name").value == "x" * (limit + 1)
    assert any(f"An answer is {limit + 1} characters long; the limit is {limit}" in e.value for e in at.error)
    assert any(f"This text has {limit + 1} characters; the limit here is {limit}" in w.value for w in at.warning)
    assert workshop.get_response(store, session.code, participant.id, "service_challenge") is None


def test_a_countdown_shows_the_time_left(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "card_sort", "open", minutes=10)
    _, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    assert not at.exception
    assert any(re.fullmatch(r"Time left (9:[0-5]\d|10:00)", c.value) for c in at.caption)


def test_a_paused_timer_shows_its_time_and_time_up_is_a_gentle_notice(data_dir, store, session):
    code = session.code
    workshop.set_activity_status(store, code, "card_sort", "open")
    room_timer.start(store, code, "card_sort", 3)
    room_timer.pause(store, code, "card_sort")
    _, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    assert any(c.value in ("Paused at 3:00", "Paused at 2:59") for c in at.caption)

    def ended(doc):
        doc["activity_state"]["card_sort"].update(ends_at="2025-08-14T01:00:00.000+00:00", paused_at=None)
        return doc

    store.update((code, "session"), ended)
    at.run()
    assert load_ui_strings().t("timer.up_phone", "en") in [i.value for i in at.info]
    assert workshop.get_session(store, code).state("card_sort").status == "open"


def test_revealed_results_show_the_debrief_of_submitted_sorts_only(data_dir, store, session):
    code = session.code
    workshop.set_activity_status(store, code, "card_sort", "open")
    for name, pile, submit in (("Dewi", "understand", True), ("Eka", "engage", True), ("Fajar", "scope", False)):
        other, _ = workshop.join(store, code, name=name)
        workshop.save_sort(store, code, other.id, {"persona": pile}, ["persona"], by=other.id)
        if submit:
            workshop.submit(store, code, other.id, "card_sort")
    workshop.set_revealed(store, code, "card_sort", True)
    _, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    assert not at.exception
    shown = texts(at)
    assert "Based on 2 submitted card sorts" in shown
    assert "Persona · 1 of 2" in shown and "Persona: 50% put it in" in shown
    assert "Dewi" not in shown and not at.dataframe


def test_adding_a_comment_keeps_a_move_made_elsewhere_meanwhile(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "card_sort", "open")
    participant, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    at.selectbox(key="choose_card").set_value("persona").run()
    # Another device at the table moves the card while this screen is open.
    workshop.save_sort(store, session.code, participant.id, {"persona": "design"}, ["persona"])
    at.run()
    next(a for a in at.text_area if a.key.startswith("comment_persona_")).input("Looks like a tool for step 3")
    at.button(key="place_card").click().run()
    data = workshop.get_response(store, session.code, participant.id, "card_sort")["data"]
    assert data["placements"]["persona"] == "design"
    assert data["comments"]["persona"] == "Looks like a tool for step 3"


def _fill_required(store, session, participant):
    sheet = load_content("v1").worksheets["service_challenge"]
    answers = {f.id: "x" for f in sheet.fields if f.required}
    workshop.save_answers(store, session.code, participant.id, "service_challenge", answers,
                          {f: None for f in answers}, by=participant.id)


def test_submitting_a_worksheet_moves_on_to_its_feedback(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, params = _joined(store, session)
    _fill_required(store, session, participant)
    at = open_page("participant.py", params=params)
    at.button(key="submit_service_challenge").click().run()
    assert not at.exception
    assert workshop.get_response(store, session.code, participant.id, "service_challenge")["status"] == "submitted"
    assert any(r.key == "fb_service_challenge_ease" for r in at.radio), "the feedback form follows"


def test_a_worksheet_with_required_fields_empty_is_not_submitted(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    at.button(key="submit_service_challenge").click().run()
    label = load_content("v1").field_label("service_challenge", "service_name", "en")
    assert label in at.error[0].value
    assert workshop.get_response(store, session.code, participant.id, "service_challenge") is None


def test_feedback_can_still_be_given_after_the_activity_closes(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, params = _joined(store, session)
    _fill_required(store, session, participant)
    workshop.submit(store, session.code, participant.id, "service_challenge")
    workshop.set_activity_status(store, session.code, "service_challenge", "closed")
    at = open_page("participant.py", params=params)
    ui = load_ui_strings()
    assert ui.t("participant.all_done", "en") not in texts(at), "no thanks for feedback not given yet"
    for question in ("ease", "relevance", "effectiveness"):
        at.radio(key=f"fb_service_challenge_{question}").set_value(4)
    at.text_area(key="fb_service_challenge_missing").input("An example")
    at.button(key="feedback_submit_service_challenge").click().run()
    assert not at.exception
    saved = workshop.get_feedback(store, session.code, participant.id, "service_challenge")
    assert saved["answers"] == {"ease": 4, "relevance": 4, "effectiveness": 4, "missing": "An example"}
    assert ui.t("participant.all_done", "en") in texts(at)


def test_feedback_without_the_ratings_is_refused_with_their_names(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "card_sort", "open")
    participant, params = _joined(store, session)
    workshop.submit(store, session.code, participant.id, "card_sort")
    at = open_page("participant.py", params=params)
    at.radio(key="fb_card_sort_ease").set_value(2)
    at.button(key="feedback_submit_card_sort").click().run()
    content = load_content("v1")
    assert content.feedback_label("relevance", "en") in at.error[0].value
    assert workshop.get_feedback(store, session.code, participant.id, "card_sort") is None


def test_typing_the_code_of_an_indonesian_session_turns_the_screen_indonesian(data_dir, store):
    session = workshop.create_session(
        store, title="Uji coba", country="Indonesia", agency="KemenPANRB", date="2025-08-14", language="id",
        content_version="v1", activities=list(workshop.ACTIVITIES), mode="individual", sort_mode="closed",
        pin="2468")
    at = open_page("join.py")
    at.text_input(key="join_code").input(session.code).run()
    assert not at.exception
    assert at.title[0].value == load_ui_strings().t("join.title", "id")


def test_profiles_stored_with_holes_or_over_their_limit_are_drawn_whole(data_dir, store, session):
    """A list item that is not a dict (old merges left `None`) is skipped, never a crash; a merged
    name over the 80-character limit is shown whole, with the limit message."""
    workshop.set_activity_status(store, session.code, "user_characteristics", "open")
    participant, params = _joined(store, session)
    long_name = "Petani kopi di lereng gunung\n---\nNelayan tradisional yang melaut tanpa perahu bermotor"
    key = ("responses", participant.id, "user_characteristics")
    store.update((session.code, *key), lambda doc: {
        "schema_version": 1, "session_id": session.code, "owner_id": participant.id,
        "activity": "user_characteristics", "status": "in_progress", "started_at": None, "updated_at": None,
        "submitted_at": None, "revision": 1, "conflicts": [],
        "data": {"answers": {"user_profiles": [None, {"name": long_name, "description": "Jauh"}]}, "revisions": {}}})
    at = open_page("participant.py", params=params)
    assert not at.exception
    assert at.text_input(key="ws_user_characteristics_user_profiles_0_name").value == long_name
    assert at.text_area(key="ws_user_characteristics_user_profiles_0_description").value == "Jauh"
    assert any(f"This text has {len(long_name)} characters; the limit here is 80" in w.value for w in at.warning)
