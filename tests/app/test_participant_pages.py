"""Join and the participant's workshop screen, through AppTest."""

import re

import pytest

from booster import workshop
from booster.live import answers, room_timer
from booster.content import load_content, load_ui_strings

from .conftest import last_page, open_page, texts


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


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_name_pasted_over_the_limit_stays_whole_with_a_message_and_no_join(data_dir, store, session, language):
    at = open_page("join.py", params={"code": session.code, "lang": language})
    pasted = "Ayu Lestari dari Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten"
    at.text_input(key="join_name").input(pasted).run()
    ui = load_ui_strings()
    assert at.text_input(key="join_name").value == pasted, "nothing cut"
    assert at.error[0].value == ui.t("textfield.over_limit", language).format(n=len(pasted) - 60, max=60)
    assert ui.t("textfield.counter", language).format(n=len(pasted), max=60) in [c.value for c in at.caption]
    assert at.button(key="join_button").disabled
    at.text_input(key="join_name").input(pasted[:60]).run()
    assert not at.error and not at.button(key="join_button").disabled
    at.button(key="join_button").click().run()
    assert [p.name for p in workshop.list_participants(store, session.code)] == [pasted[:60]]


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


def test_open_card_sort_shows_the_board_its_progress_and_submit(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "card_sort", "open")
    _, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    assert not at.exception
    assert any(b.key == "submit_sort" for b in at.button)
    assert "0 of 16 cards sorted" in at.get("progress")[0].proto.text  # the default deck: the Booster's tools


def _board_saves(code, pid, events_twice):
    import streamlit as st

    from booster import workshop
    from ui import cardsort_board, resources

    session = workshop.get_session(resources.store(), code)
    participant = workshop.Participant(id=pid, name="", kind="person", group_id=None, language=None)
    board = cardsort_board.Board(session, pid, resources.content("v1"), {})
    applied = st.session_state.setdefault("applied", {})
    for events in events_twice:
        cardsort_board.save_events(board, participant, events, applied)


def test_board_events_are_saved_once_even_when_sent_again(data_dir, store, session):
    from streamlit.testing.v1 import AppTest

    workshop.set_activity_status(store, session.code, "card_sort", "open")
    participant, _ = _joined(store, session)
    pid = participant.id
    move = {"kind": "move", "card": "persona", "pile": "understand", "seq": 1, "client": "tab1"}
    note = {"kind": "note", "card": "persona", "comment": "Clear", "name": None, "seq": 2, "client": "tab1"}
    back = {"kind": "move", "card": "crazy_8", "pile": "design", "seq": 3, "client": "tab1"}
    # A table member moves persona meanwhile; the resent (already applied) move must not undo it.
    at = AppTest.from_function(_board_saves, args=(session.code, pid, [[move, note]]), default_timeout=30).run()
    workshop.save_sort(store, session.code, pid, {"persona": "design"}, ["persona"])
    at = AppTest.from_function(_board_saves, args=(session.code, pid, [[move, note, back]]), default_timeout=30)
    at.session_state["applied"] = {"tab1": 2}
    at.run()
    assert not at.exception
    data = workshop.get_response(store, session.code, pid, "card_sort")["data"]
    assert data["placements"] == {"persona": "design", "crazy_8": "design"}
    assert data["comments"] == {"persona": "Clear"}


def test_board_moves_the_store_could_not_take_are_not_marked_saved_and_land_when_sent_again(
        data_dir, store, session, monkeypatch):
    import errno

    from streamlit.testing.v1 import AppTest

    from booster.store import FileStore

    workshop.set_activity_status(store, session.code, "card_sort", "open")
    participant, _ = _joined(store, session)
    moves = [{"kind": "move", "card": "persona", "pile": "understand", "seq": 1, "client": "tab1"},
             {"kind": "move", "card": "crazy_8", "pile": "design", "seq": 2, "client": "tab1"}]
    real_replace = FileStore._replace

    def disk_full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileStore, "_replace", staticmethod(disk_full))
    at = AppTest.from_function(_board_saves, args=(session.code, participant.id, [moves]), default_timeout=30).run()
    assert not at.exception and at.error, "the screen says the store is away"
    assert at.session_state["applied"] == {}, "nothing acknowledged: the board keeps sending them"
    monkeypatch.setattr(FileStore, "_replace", staticmethod(real_replace))
    at = AppTest.from_function(_board_saves, args=(session.code, participant.id, [moves]), default_timeout=30).run()
    assert at.session_state["applied"] == {"tab1": 2}
    data = workshop.get_response(store, session.code, participant.id, "card_sort")["data"]
    assert data["placements"] == {"persona": "understand", "crazy_8": "design"}


def test_a_too_long_note_from_the_board_is_refused_with_a_message(data_dir, store, session):
    from streamlit.testing.v1 import AppTest

    workshop.set_activity_status(store, session.code, "card_sort", "open")
    participant, _ = _joined(store, session)
    note = {"kind": "note", "card": "persona", "comment": "x" * 501, "name": None, "seq": 1, "client": "tab1"}
    at = AppTest.from_function(_board_saves, args=(session.code, participant.id, [[note]]),
                               default_timeout=30).run()
    assert not at.exception
    assert "500" in at.error[0].value
    assert workshop.get_response(store, session.code, participant.id, "card_sort") is None
    assert at.session_state["applied"] == {"tab1": 1}, "refused for good: not sent again"


def test_closed_activity_is_read_only(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    workshop.set_activity_status(store, session.code, "service_challenge", "closed")
    _, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    assert not at.exception
    assert at.warning
    assert all(w.disabled for w in at.text_input)


def _live_fields(at) -> dict:
    """The live text fields on the screen (our component; AppTest shows it as an element with its data)."""
    import json

    fields = {}
    for element in at.get("bidi_component"):
        if element.proto.component_name == "booster_components.text_field":
            key = element.proto.id.split("-", 2)[-1]
            fields[key], = json.loads(element.proto.json)  # ui/component_state: a one-item list
    return fields


def test_every_worksheet_text_field_is_live_with_its_limit_and_required_mark(data_dir, store, session):
    """The browser shows a counter and keeps text over the limit with a message; the store refuses it."""
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, params = _joined(store, session)
    workshop.save_answers(store, session.code, participant.id, "service_challenge",
                          {"service_name": "Izin usaha"}, {}, by=participant.id)
    at = open_page("participant.py", params=params)
    assert not at.exception
    fields = _live_fields(at)
    sheet = load_content("v1").worksheets["service_challenge"]
    assert set(fields) == {f"ws_service_challenge_{f.id}_live" for f in sheet.fields}
    for field in sheet.fields:
        data = fields[f"ws_service_challenge_{field.id}_live"]
        assert (data["limit"], data["required"], data["multiline"]) == (
            field.max_length, field.required, field.type == "textarea")
        assert data["draft_key"].endswith(f"{participant.id}:ws_service_challenge_{field.id}")
    assert fields["ws_service_challenge_service_name_live"]["value"] == "Izin usaha"
    assert fields["ws_service_challenge_service_name_live"]["text"]["too_long"].startswith("{n} characters over")


def _typed_app(event):
    import streamlit as st

    from ui import text_field

    st.session_state["box"] = {"value": event}
    text, base, shown = text_field.typed("box")
    st.text(repr((text, None if base is text_field.NO_BASE else base, shown)))


@pytest.mark.parametrize("event, shown", [
    ({"text": "abc", "seq": 1}, "('abc', None, None)"),
    ({"text": "abc", "seq": 2, "base": "old", "shown": "new"}, "('abc', 'old', 'new')"),
    ({"text": 5, "base": ["x"], "shown": 3}, "('', None, None)"),
    (None, "('', None, None)"),
])
def test_a_live_field_event_is_read_with_its_base(event, shown):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_typed_app, args=(event,)).run()
    assert at.text[0].value == shown


def _save_typed(code, pid, text, base):
    from booster import workshop
    from ui import resources, text_field, worksheet_form

    session = workshop.get_session(resources.store(), code)
    participant = workshop.Participant(id=pid, name="", kind="person", group_id=None, language=None)
    sheet = worksheet_form.Sheet(session, participant, pid, "service_challenge", resources.content("v1"))
    worksheet_form._save(sheet, "service_name", text, text_field.NO_BASE if base is None else base)


def test_a_draft_restored_over_a_newer_value_keeps_both_texts(data_dir, store, session):
    """After a reload, a draft typed over "A" arrives when the store already holds "B" (a table member's
    save): the draft names "A" as its base, so both texts are kept - nothing typed is lost."""
    from streamlit.testing.v1 import AppTest

    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, _ = _joined(store, session)
    pid = participant.id
    workshop.save_answers(store, session.code, pid, "service_challenge", {"service_name": "B"}, {}, by=pid)
    at = AppTest.from_function(_save_typed, args=(session.code, pid, "A plus my draft", "A"), default_timeout=30)
    at.run()
    assert not at.exception
    stored = workshop.get_response(store, session.code, pid, "service_challenge")["data"]["answers"]
    assert stored["service_name"] == "B" + answers.SEPARATOR + "A plus my draft"


def test_a_text_over_its_limit_is_refused_with_a_message_and_nothing_saved(data_dir, store, session):
    """The live field keeps over-limit text on screen and does not send it; should one arrive anyway
    (an old tab), the server refuses it whole and says so."""
    from streamlit.testing.v1 import AppTest

    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, _ = _joined(store, session)
    limit = next(f.max_length for f in load_content("v1").worksheets["service_challenge"].fields
                 if f.id == "service_name")
    at = AppTest.from_function(_save_typed, args=(session.code, participant.id, "x" * (limit + 1), None),
                               default_timeout=30).run()
    assert not at.exception
    assert any(f"An answer is {limit + 1} characters long; the limit is {limit}" in e.value for e in at.error)
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
    assert at.subheader[0].value == "Your feedback on the Service Challenge tool"
    assert at.radio(key="fb_service_challenge_ease").label == "How easy was the Service Challenge tool to follow? *"
    for question in ("ease", "relevance", "effectiveness"):
        at.radio(key=f"fb_service_challenge_{question}").set_value(4).run()
    # What the live text field sends after a pause in typing, kept in the store's draft.
    workshop.save_feedback_draft(store, session.code, participant.id, "service_challenge", {"missing": "An example"})
    assert workshop.get_feedback_draft(store, session.code, participant.id, "service_challenge") == {
        "ease": 4, "relevance": 4, "effectiveness": 4, "missing": "An example"}, "each rating kept as chosen"

    at = open_page("participant.py", params=params)  # a reload: everything given comes back
    assert [at.radio(key=f"fb_service_challenge_{q}").value for q in ("ease", "relevance", "effectiveness")] == [4] * 3
    missing = _live_fields(at)["fb_service_challenge_missing"]
    assert (missing["value"], missing["limit"], missing["multiline"]) == ("An example", 1000, True)
    assert missing["draft_key"] == f"{session.code}:{participant.id}:feedback:service_challenge:missing"
    at.button(key="feedback_submit_service_challenge").click().run()
    assert not at.exception
    saved = workshop.get_feedback(store, session.code, participant.id, "service_challenge")
    assert saved["answers"] == {"ease": 4, "relevance": 4, "effectiveness": 4, "missing": "An example"}
    assert saved["tool"] == "service_challenge", "analysts group feedback by the tool it rates"
    assert ui.t("participant.all_done", "en") in texts(at)
    assert workshop.get_feedback_draft(store, session.code, participant.id, "service_challenge") == {}


def test_card_sort_feedback_is_about_the_toolkit_structure_in_indonesian(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "card_sort", "open")
    participant, params = _joined(store, session)
    workshop.submit(store, session.code, participant.id, "card_sort")
    at = open_page("participant.py", params={**params, "lang": "id"})
    assert at.subheader[0].value == "Umpan balik Anda tentang struktur Booster (tujuh langkah dan alat di tiap langkah)"
    assert at.radio(key="fb_card_sort_ease").label.startswith("Seberapa mudah struktur Booster")
    assert at.radio(key="fb_card_sort_ease").label.endswith("diikuti? *")
    for question in ("ease", "relevance", "effectiveness"):
        at.radio(key=f"fb_card_sort_{question}").set_value(3)
    at.button(key="feedback_submit_card_sort").click().run()
    saved = workshop.get_feedback(store, session.code, participant.id, "card_sort")
    assert (saved["tool"], saved["language"]) == ("structure", "id")


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


def test_contrasts_start_not_set_and_say_what_each_position_means(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "user_characteristics", "open")
    participant, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    assert not at.exception
    location = at.radio(key="ws_user_characteristics_contrast_location")
    assert location.value == 0, "an untouched contrast is not a middle answer"
    assert location.options[0].startswith("Not set") and location.options[1] == "Mostly Rural"
    assert location.options[3] == "Both about equally" and location.options[5] == "Mostly Urban"
    assert workshop.get_response(store, session.code, participant.id, "user_characteristics") is None
    location.set_value(2).run()
    answers = workshop.get_response(store, session.code, participant.id, "user_characteristics")["data"]["answers"]
    assert answers["contrast_location"] == {"value": 2, "note": ""}
    assert [toast.value for toast in at.toast] == ["Saved"], "a choice has no status of its own: a toast says it"
    at.radio(key="ws_user_characteristics_contrast_location").set_value(0).run()
    answers = workshop.get_response(store, session.code, participant.id, "user_characteristics")["data"]["answers"]
    assert answers["contrast_location"] == {"value": None, "note": ""}, "not set is stored as such"


def test_own_characteristics_and_priority_profiles_picked_from_the_profiles(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "user_characteristics", "open")
    participant, params = _joined(store, session)
    pid = participant.id
    workshop.save_answers(store, session.code, pid, "user_characteristics",
                          {"user_profiles": [{"name": "Farmer without a phone", "description": "x"},
                                             {"name": "Shop owner", "description": "y"}]}, {}, by=pid)
    at = last_page(open_page("participant.py", params=params), "user_characteristics")
    pick = at.selectbox(key="ws_user_characteristics_priority_profiles_0_name")
    assert pick.options == ["Farmer without a phone", "Shop owner"] and pick.value is None
    assert pick.label == "Profile *", "a required choice is marked at the field"
    pick.set_value("#1").run()  # the second profile (saved without an id: matched by position)
    answers = workshop.get_response(store, session.code, pid, "user_characteristics")["data"]["answers"]
    answers = {field: [{k: v for k, v in item.items() if k != workshop.ITEM_ID} for item in items]
               for field, items in answers.items()}
    assert answers["priority_profiles"] == [{"name": "#1", "reason": ""}], "the pick, not the name, is stored"
    at.button(key="ws_back_user_characteristics").click().run()
    at = last_page(at, "user_characteristics")  # Streamlit forgot the select box while it was not drawn
    assert at.selectbox(key="ws_user_characteristics_priority_profiles_0_name").value == "#1", "the pick is shown again"
    own = {k: v for k, v in _live_fields(at).items() if "own_characteristics" in k}
    assert [d["label"] for d in own.values()] == ["Characteristic", "One side", "Other side",
                                                  "How the experience differs"]


def test_a_renamed_profile_stays_picked_under_its_new_name_and_old_name_picks_still_read(data_dir, store,
                                                                                          session):
    workshop.set_activity_status(store, session.code, "user_characteristics", "open")
    participant, params = _joined(store, session)
    pid, code = participant.id, session.code
    farmer, shop = {"item_id": "f1", "name": "Farmer", "description": "x"}, \
        {"item_id": "s2", "name": "Shop owner", "description": "y"}
    workshop.save_answers(store, code, pid, "user_characteristics",
                          {"user_profiles": [farmer, shop], "priority_profiles": [{"name": "s2", "reason": "r"}]},
                          {}, by=pid)
    workshop.save_answers(store, code, pid, "user_characteristics",
                          {"user_profiles": [farmer, {**shop, "name": "Street vendor"}]},
                          {"user_profiles": [farmer, shop]}, by=pid)
    at = last_page(open_page("participant.py", params=params), "user_characteristics")
    pick = at.selectbox(key="ws_user_characteristics_priority_profiles_0_name")
    assert pick.value == "s2" and pick.options == ["Farmer", "Street vendor"]

    # Saved before picks were ids: a name. It is read as the profile of that name.
    workshop.save_answers(store, code, pid, "user_characteristics",
                          {"priority_profiles": [{"name": "Farmer", "reason": "r"}]},
                          {"priority_profiles": [{"name": "s2", "reason": "r"}]}, by=pid)
    at = last_page(open_page("participant.py", params=params), "user_characteristics")
    assert at.selectbox(key="ws_user_characteristics_priority_profiles_0_name").value == "f1"


def test_profiles_stored_with_holes_or_over_their_limit_are_drawn_whole(data_dir, store, session):
    """A list item that is not a dict (old merges left `None`) is skipped, never a crash; a merged
    name over the 80-character limit reaches its live field whole (which shows the limit message)."""
    workshop.set_activity_status(store, session.code, "user_characteristics", "open")
    participant, params = _joined(store, session)
    long_name = "Petani kopi di lereng gunung\n---\nNelayan tradisional yang melaut tanpa perahu bermotor"
    key = ("responses", participant.id, "user_characteristics")
    store.update((session.code, *key), lambda doc: {
        "schema_version": 1, "session_id": session.code, "owner_id": participant.id,
        "activity": "user_characteristics", "status": "in_progress", "started_at": None, "updated_at": None,
        "submitted_at": None, "revision": 1, "conflicts": [],
        "data": {"answers": {"user_profiles": [None, {"name": long_name, "description": "Jauh"}]}, "revisions": {}}})
    at = last_page(open_page("participant.py", params=params), "user_characteristics")
    fields = _live_fields(at)
    assert fields["ws_user_characteristics_user_profiles_0_name_live"]["value"] == long_name
    assert fields["ws_user_characteristics_user_profiles_0_name_live"]["limit"] == 80
    assert fields["ws_user_characteristics_user_profiles_0_description_live"]["value"] == "Jauh"


def _type_feedback(code, pid, text):
    import streamlit as st

    from ui import feedback_form

    st.session_state["fb_card_sort_confusing"] = {"value": {"text": text, "seq": 1, "shown": ""}}
    feedback_form._keep_text(code, pid, "card_sort", "confusing")


def test_a_feedback_text_sent_by_its_live_field_is_kept_in_the_draft_as_typed(data_dir, store, session):
    from streamlit.testing.v1 import AppTest

    workshop.set_activity_status(store, session.code, "card_sort", "open")
    participant, _ = _joined(store, session)
    at = AppTest.from_function(_type_feedback, args=(session.code, participant.id, "Two cards alike ")).run()
    assert not at.exception
    assert at.session_state["fbkept_card_sort_confusing"] == "Two cards alike "
    assert workshop.get_feedback_draft(store, session.code, participant.id, "card_sort") == {
        "confusing": "Two cards alike "}


def test_an_own_group_name_over_the_limit_stays_with_a_message_and_a_good_one_is_added(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "card_sort", "open")
    participant, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    long_name = "Langkah tambahan untuk koordinasi lintas instansi"
    at.text_input(key="new_group_name").input(long_name).run()
    assert at.text_input(key="new_group_name").value == long_name
    assert at.error[0].value == load_ui_strings().t("textfield.over_limit", "en").format(n=len(long_name) - 40,
                                                                                        max=40)
    assert at.button(key="add_group_button").disabled
    at.text_input(key="new_group_name").input("Koordinasi").run()
    at.button(key="add_group_button").click().run()
    assert not at.exception and at.text_input(key="new_group_name").value == ""
    data = workshop.get_response(store, session.code, participant.id, "card_sort")["data"]
    assert list(data["custom_groups"].values()) == ["Koordinasi"]


def _type_over_in_a_profile(code, pid, base_text, new_text):
    """What the live field of a profile's name does when it sends a restored draft: `base` is the
    text it was typed over, not what this (new) screen read from the store."""
    import streamlit as st

    from booster import workshop
    from ui import resources, worksheet_form

    session = workshop.get_session(resources.store(), code)
    participant = workshop.get_participant(resources.store(), code, pid)
    sheet = worksheet_form.Sheet(session, participant, pid, "user_characteristics", resources.content("v1"))
    field = sheet.field("user_profiles")
    worksheet_form._sync(sheet, field)
    st.session_state[worksheet_form._item_key(sheet, field, 0, field.fields[0])] = new_text
    worksheet_form._save(sheet, field.id, worksheet_form._group_values(sheet, field),
                         worksheet_form._item_base(sheet, field, 0, field.fields[0], base_text))


def test_a_profile_name_typed_over_an_older_text_keeps_a_table_members_change(data_dir, store, session):
    from streamlit.testing.v1 import AppTest

    workshop.set_activity_status(store, session.code, "user_characteristics", "open")
    participant, _ = _joined(store, session)
    pid = participant.id
    first = [{"item_id": "x1", "name": "Ani", "description": "Petani"}]
    workshop.save_answers(store, session.code, pid, "user_characteristics", {"user_profiles": first}, by=pid)
    workshop.save_answers(store, session.code, pid, "user_characteristics",
                          {"user_profiles": [{**first[0], "name": "Ani (petani kopi)"}]}, {"user_profiles": first},
                          by=workshop.join(store, session.code, name="Budi")[0].id)
    at = AppTest.from_function(_type_over_in_a_profile, args=(session.code, pid, "Ani", "Ani Lestari")).run()
    assert not at.exception
    stored = workshop.get_response(store, session.code, pid, "user_characteristics")["data"]["answers"]
    assert stored["user_profiles"][0]["name"] == "Ani (petani kopi)\n---\nAni Lestari"
    assert stored["user_profiles"][0]["description"] == "Petani"


def _page_heading(at) -> str | None:
    import json

    found = [json.loads(e.proto.json)[0]["text"] for e in at.get("bidi_component")
             if e.proto.component_name == "booster_components.worksheet_page"]
    return found[0] if found else None


def test_a_long_worksheet_is_shown_a_page_at_a_time_and_a_failed_submit_goes_to_the_first_gap(
        data_dir, store, session):
    """User Characteristics (13 fields, 8 of them contrasts) in three pages with Back and Next, Submit on the last; the
    Service Challenge (seven fields) on one. Answers on every page are kept as pages turn."""
    workshop.set_activity_status(store, session.code, "user_characteristics", "open")
    participant, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    assert not at.exception
    radios = lambda: [r.key for r in at.radio if r.key.startswith("ws_user_characteristics_")]  # noqa: E731
    assert _page_heading(at) == "Part 1 of 3"
    assert "ws_user_characteristics_user_group_live" in _live_fields(at)
    assert radios() == [f"ws_user_characteristics_contrast_{c}" for c in ("location", "income", "age", "digital_literacy")]
    keys = {b.key for b in at.button}
    assert "ws_next_user_characteristics" in keys and "ws_back_user_characteristics" not in keys
    assert "submit_user_characteristics" not in keys, "Submit is on the last page only"

    at.radio(key="ws_user_characteristics_contrast_location").set_value(2).run()
    at.button(key="ws_next_user_characteristics").click().run()
    assert _page_heading(at) == "Part 2 of 3" and radios()[0] == "ws_user_characteristics_contrast_business_size"
    assert "ws_user_characteristics_user_group_live" not in _live_fields(at)
    assert at.query_params["part"] == "user_characteristics-2"
    reloaded = open_page("participant.py", params={**params, "part": "user_characteristics-2"})
    assert _page_heading(reloaded) == "Part 2 of 3", "a reload opens the page the URL names"
    at.button(key="ws_back_user_characteristics").click().run()
    assert _page_heading(at) == "Part 1 of 3"
    assert at.radio(key="ws_user_characteristics_contrast_location").value == 2, "kept as the pages turned"

    at = last_page(at, "user_characteristics")
    assert _page_heading(at) == "Part 3 of 3"
    assert {"ws_back_user_characteristics", "submit_user_characteristics"} <= {b.key for b in at.button}
    at.button(key="submit_user_characteristics").click().run()
    assert not at.exception
    assert _page_heading(at) == "Part 1 of 3", "back to the page of the first required field left empty"
    label = load_content("v1").field_label("user_characteristics", "user_group", "en")
    assert label in at.error[0].value
    assert _live_fields(at)["ws_user_characteristics_user_group_live"]["alert"], "the field itself says so"
    assert workshop.get_response(store, session.code, participant.id, "user_characteristics")["status"] == "in_progress"


def test_a_short_worksheet_has_one_page_and_no_page_turns(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, params = _joined(store, session)
    at = open_page("participant.py", params=params)
    assert not at.exception and _page_heading(at) is None
    keys = {b.key for b in at.button}
    assert "submit_service_challenge" in keys and not keys & {"ws_next_service_challenge", "ws_back_service_challenge"}
    assert len([k for k in _live_fields(at) if k.startswith("ws_service_challenge_")]) == 7
