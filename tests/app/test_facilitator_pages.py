"""The facilitator's screens, through AppTest."""

from booster import workshop
from booster.content import load_ui_strings

from .conftest import PIN, open_page, texts

FACILITATOR = {"role": "facilitator"}


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


def test_paper_sort_entry_is_saved_as_a_submitted_sort(data_dir, store, session):
    at = open_page("paper_sort.py", params={**FACILITATOR, "s": session.code},
                   state={"facilitator_unlocked": {session.code}, "facilitator_code": session.code})
    assert not at.exception
    at.text_input(key="paper_table").input("Table 3")
    at.selectbox(key="paper_persona").set_value("engage")
    at.button(key="paper_save").click().run()
    assert not at.exception
    paper = [p for p in workshop.list_participants(store, session.code) if p.kind == "paper"]
    assert len(paper) == 1
    doc = workshop.get_response(store, session.code, paper[0].id, "card_sort")
    assert doc["data"]["placements"] == {"persona": "engage"} and doc["status"] == "submitted"


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
