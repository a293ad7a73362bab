"""A worksheet save the store cannot take (a full disk here) is kept on screen with a clear notice
in the screen's language, and sent again by the page until it lands."""

import errno

from booster import workshop
from booster.content import load_ui_strings
from booster.store import FileStore

from .conftest import open_page

FIELD = "ws_service_challenge_service_name"


def _notice(at) -> str:
    return "\n".join(w.value for w in at.warning)


def test_a_save_on_a_full_disk_waits_on_screen_and_lands_when_there_is_room(data_dir, store, session, monkeypatch):
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    participant, token = workshop.join(store, session.code, name="Ayu", language="id")
    at = open_page("participant.py", params={"s": session.code, "t": token})
    real_replace = FileStore._replace

    def disk_full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileStore, "_replace", staticmethod(disk_full))
    at.text_input(key=FIELD).input("Izin usaha mikro").run()
    ui = load_ui_strings()
    assert not at.exception and not at.error
    assert ui.t("worksheet.not_saved_yet", "id") in _notice(at)
    assert ui.t("errors.store.disk_full", "id") in _notice(at)
    assert at.text_input(key=FIELD).value == "Izin usaha mikro"
    assert workshop.get_response(store, session.code, participant.id, "service_challenge") is None

    monkeypatch.setattr(FileStore, "_replace", staticmethod(real_replace))
    at.session_state["unsaved_tried"] = 0.0  # as if the retry timer's 3 s had passed
    at.run()
    assert not at.exception and not _notice(at)
    doc = workshop.get_response(store, session.code, participant.id, "service_challenge")
    assert doc["data"]["answers"] == {"service_name": "Izin usaha mikro"}
    assert at.text_input(key=FIELD).value == "Izin usaha mikro"
