"""A worksheet save the store cannot take (a full disk here) is kept on screen with a clear notice
in the screen's language, and sent again by the page until it lands."""

import errno

from booster import workshop
from booster.content import load_ui_strings
from booster.store import FileStore

from .conftest import open_page

def _notice(at) -> str:
    return "\n".join(w.value for w in at.warning)


def _save_on_a_full_disk(code, pid, text):
    """What the live field's callback does when the participant stops typing."""
    from booster import workshop
    from ui import resources, worksheet_form

    session = workshop.get_session(resources.store(), code)
    participant = workshop.get_participant(resources.store(), code, pid)
    sheet = worksheet_form.Sheet(session, participant, pid, "service_challenge", resources.content("v1"))
    worksheet_form._save(sheet, "service_name", text)


def test_a_save_on_a_full_disk_waits_on_screen_and_lands_when_there_is_room(data_dir, store, session, monkeypatch):
    from streamlit.testing.v1 import AppTest

    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, token = workshop.join(store, session.code, name="Ayu", language="id")
    real_replace = FileStore._replace

    def disk_full(path, data, make_parents=True):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileStore, "_replace", staticmethod(disk_full))
    typing = AppTest.from_function(_save_on_a_full_disk, args=(session.code, participant.id, "Izin usaha mikro"),
                                   default_timeout=30).run()
    assert not typing.exception and not typing.error
    kept = typing.session_state["unsaved_fields"]["service_challenge"]["service_name"]
    assert kept[0] == "Izin usaha mikro" and kept[1] is None and kept[2].rule == "disk_full"
    assert workshop.get_response(store, session.code, participant.id, "service_challenge") is None

    # The participant's screen holds that kept save: it says why, in Indonesian, and retries.
    at = open_page("participant.py", params={"s": session.code, "t": token},
                   state={"unsaved_fields": {"service_challenge": {"service_name": kept}}, "unsaved_tried": 0.0})
    ui = load_ui_strings()
    assert not at.exception
    assert ui.t("worksheet.not_saved_yet", "id") in _notice(at)
    assert ui.t("errors.store.disk_full", "id") in _notice(at)
    assert workshop.get_response(store, session.code, participant.id, "service_challenge") is None

    monkeypatch.setattr(FileStore, "_replace", staticmethod(real_replace))
    at.session_state["unsaved_tried"] = 0.0  # as if the retry timer's 3 s had passed
    at.run()
    assert not at.exception and not _notice(at)
    doc = workshop.get_response(store, session.code, participant.id, "service_challenge")
    assert doc["data"]["answers"] == {"service_name": "Izin usaha mikro"}


def test_submitting_while_a_save_waits_sends_it_first_or_says_why_it_cannot(data_dir, store, session, monkeypatch):
    from booster.errors import StoreError

    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, token = workshop.join(store, session.code, name="Ayu", language="id")
    waiting = ("Izin usaha mikro", None, StoreError("S/doc.json", "could not be saved.", rule="disk_full"))

    def disk_full(path, data, make_parents=True):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileStore, "_replace", staticmethod(disk_full))
    at = open_page("participant.py", params={"s": session.code, "t": token},
                   state={"unsaved_fields": {"service_challenge": {"service_name": waiting}},
                          "unsaved_tried": 9e18})  # the retry timer has not come round yet
    at.button(key="submit_service_challenge").click().run()
    ui = load_ui_strings()
    assert not at.exception
    from ui.text import plain

    assert any(plain(ui.t("errors.store.disk_full", "id")) in e.value for e in at.error)
    assert workshop.get_response(store, session.code, participant.id, "service_challenge") is None
    assert at.session_state["unsaved_fields"]["service_challenge"]["service_name"][0] == "Izin usaha mikro"


def test_a_retried_save_merges_with_a_text_stored_meanwhile_instead_of_overwriting_it(data_dir, store, session):
    """The retry sends the base the person typed over, not what the screen knows at the retry:
    a table member's text saved while this one waited is kept beside it."""
    from booster.errors import StoreError

    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, token = workshop.join(store, session.code, name="Ayu", language="id")
    pid = participant.id
    workshop.save_answers(store, session.code, pid, "service_challenge", {"user_goal": "Izin usaha"}, by=pid)
    waiting = ("Izin usaha dalam sebulan", "Izin usaha", StoreError("S/doc.json", "busy.", rule="busy"))
    workshop.save_answers(store, session.code, pid, "service_challenge", {"user_goal": "Izin usaha mikro"},
                          {"user_goal": "Izin usaha"}, by=workshop.join(store, session.code, name="Budi")[0].id)
    at = open_page("participant.py", params={"s": session.code, "t": token},
                   state={"unsaved_fields": {"service_challenge": {"user_goal": waiting}}, "unsaved_tried": 0.0})
    assert not at.exception
    stored = workshop.get_response(store, session.code, pid, "service_challenge")["data"]["answers"]["user_goal"]
    assert stored == "Izin usaha mikro\n---\nIzin usaha dalam sebulan"


def _contrast_on_a_full_disk(code, pid):
    """A contrast's position chosen while the disk is full."""
    from booster import workshop
    from ui import resources, worksheet_form

    session = workshop.get_session(resources.store(), code)
    participant = workshop.get_participant(resources.store(), code, pid)
    sheet = worksheet_form.Sheet(session, participant, pid, "user_characteristics", resources.content("v1"))
    worksheet_form._save(sheet, "contrast_location", {"value": 4, "note": ""})


def test_a_kept_contrast_position_is_shown_as_chosen_on_every_draw_and_lands(data_dir, store, session, monkeypatch):
    """A page turn fills a page's widgets again: a position the store has not taken yet is shown as
    chosen, not as the store's "not set", so the next save of that contrast does not undo it."""
    from streamlit.testing.v1 import AppTest

    workshop.set_activity_status(store, session.code, "user_characteristics", "open")
    participant, token = workshop.join(store, session.code, name="Ayu")
    real_replace = FileStore._replace
    monkeypatch.setattr(FileStore, "_replace", staticmethod(
        lambda path, data, make_parents=True: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device"))))
    typing = AppTest.from_function(_contrast_on_a_full_disk, args=(session.code, participant.id), default_timeout=30).run()
    kept = typing.session_state["unsaved_fields"]["user_characteristics"]["contrast_location"]
    assert kept[0] == {"value": 4, "note": ""}

    at = open_page("participant.py", params={"s": session.code, "t": token},
                   state={"unsaved_fields": {"user_characteristics": {"contrast_location": kept}}, "unsaved_tried": 0.0})
    location = "ws_user_characteristics_contrast_location"
    assert not at.exception and at.radio(key=location).value == 4
    at.button(key="ws_next_user_characteristics").click().run()
    at.button(key="ws_back_user_characteristics").click().run()
    assert not at.exception and at.radio(key=location).value == 4, "shown as chosen after the pages turned"

    monkeypatch.setattr(FileStore, "_replace", staticmethod(real_replace))
    at.session_state["unsaved_tried"] = 0.0  # as if the retry timer's 3 s had passed
    at.run()
    doc = workshop.get_response(store, session.code, participant.id, "user_characteristics")
    assert doc["data"]["answers"]["contrast_location"] == {"value": 4, "note": ""}
    assert at.radio(key=location).value == 4
