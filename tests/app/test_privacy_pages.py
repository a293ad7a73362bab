"""Data protection on screen, through AppTest: the notice, a participant's data and withdrawal, the
facilitator's panel (withdrawals, record of actions, deleting), and the analyst's retention list."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from booster import workshop
from booster.privacy import audit, deletion, rights
from booster.content import load_ui_strings
from ui.text import plain

from .conftest import open_page, texts

UI = load_ui_strings()


def say(key: str, lang: str = "en", **kw) -> str:
    return UI.t(key, lang, **kw)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_join_screen_shows_the_notice_in_the_screens_language(data_dir, monkeypatch, lang):
    monkeypatch.delenv("BOOSTER_PRIVACY_NOTICE", raising=False)
    monkeypatch.setenv("BOOSTER_RETENTION_DAYS", "180")
    at = open_page("join.py", params={"lang": lang})
    assert not at.exception
    [box] = [e for e in at.expander if e.label == say("privacy.notice_title", lang)]
    shown = box.markdown[0].value
    assert shown == say("privacy.notice", lang, retention=say("privacy.retention_days", lang, days=180))
    assert say("privacy.notice_short", lang) in [c.value for c in at.caption]
    other = "id" if lang == "en" else "en"
    assert say("privacy.notice", other, retention="")[:40] not in shown, "no text of the other language"


def test_without_retention_the_notice_says_sessions_are_kept(data_dir, monkeypatch):
    monkeypatch.delenv("BOOSTER_RETENTION_DAYS", raising=False)
    at = open_page("join.py")
    assert say("privacy.retention_keep") in texts(at)


def test_an_organisations_own_notice_replaces_the_built_in_one(data_dir, monkeypatch, tmp_path):
    (tmp_path / "privacy.id.md").write_text("Pemberitahuan privasi **Kementerian**", encoding="utf-8")
    (tmp_path / "privacy.en.md").write_text("The **Ministry's** privacy notice", encoding="utf-8")
    monkeypatch.setenv("BOOSTER_PRIVACY_NOTICE", str(tmp_path / "privacy.{lang}.md"))
    at = open_page("join.py", params={"lang": "id"})
    assert "Pemberitahuan privasi **Kementerian**" in texts(at)
    assert say("privacy.notice", "id", retention="")[:30] not in texts(at)
    assert say("privacy.notice_short", "id") not in texts(at), "only the organisation's words"


def test_a_missing_notice_file_is_said_and_the_built_in_notice_shown(data_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("BOOSTER_PRIVACY_NOTICE", str(tmp_path / "gone.md"))
    at = open_page("join.py", params={"lang": "id"})
    assert not at.exception
    assert at.error[0].value == plain(say("errors.store.notice", "id"))
    assert say("privacy.notice", "id", retention="")[:30] in texts(at)


def _frame(at, column: str):
    """The table on screen that has this column (AppTest does not expose a dataframe's key)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _participant(store, session, name="Ayu"):
    participant, token = workshop.join(store, session.code, name=name)
    workshop.set_activity_status(store, session.code, "service_challenge", "open")
    workshop.save_answers(store, session.code, participant.id, "service_challenge", {"service_name": "Izin usaha"})
    return participant, {"s": session.code, "t": token}


def test_a_participant_sees_their_data_and_withdraws_it(data_dir, store, session):
    participant, params = _participant(store, session)
    at = open_page("participant.py", params=params, state={"my_data": True})
    assert not at.exception
    shown = json.loads(at.json[0].value)
    assert shown["participant"]["name"] == "Ayu" and shown["responses"][0]["data"]["answers"] == {
        "service_name": "Izin usaha"}
    assert at.button(key="withdraw_button").disabled, "not before the box is ticked"
    at.checkbox(key="withdraw_confirm").check().run()
    at.button(key="withdraw_button").click().run()
    assert not at.exception
    assert at.success[0].value == say("privacy.withdrawn")
    assert "t" not in at.query_params
    assert workshop.list_participants(store, session.code) == []
    assert workshop.get_response(store, session.code, participant.id, "service_challenge") is None


def test_once_withdrawals_are_closed_the_participant_is_told(data_dir, store, session):
    _, params = _participant(store, session)
    rights.set_withdrawals(store, session.code, False)
    at = open_page("participant.py", params={**params, "lang": "id"}, state={"my_data": True})
    assert not at.exception
    assert say("privacy.closed", "id") in [i.value for i in at.info]
    assert not any(b.key == "withdraw_button" for b in at.button) and not at.json


def _run_screen(session, **params):
    return open_page("run_session.py", params={"role": "facilitator", "s": session.code, **params},
                     state={"facilitator_unlocked": {session.code}, "facilitator_code": session.code,
                            "data_protection": True})


def test_the_run_screen_shows_the_record_of_actions_and_closes_withdrawals(data_dir, store, session):
    workshop.set_activity_status(store, session.code, "card_sort", "open")
    at = _run_screen(session, lang="id")
    assert not at.exception
    log = _frame(at, say("privacy.audit_action", "id"))
    assert list(log[say("privacy.audit_action", "id")]) == [say("privacy.actions.opened", "id")]
    assert list(log[say("privacy.audit_role", "id")]) == [say("privacy.roles.facilitator", "id")]
    at.toggle(key="withdrawals_allowed").set_value(False).run()
    assert not at.exception
    assert workshop.get_session(store, session.code).withdrawals_closed
    assert say("privacy.withdrawals_closed", "id") in texts(at)
    assert audit.entries(store, session.code)[-1]["action"] == "withdrawals_closed"


def test_deleting_from_the_run_screen_needs_the_join_code(data_dir, store, session):
    at = _run_screen(session)
    at.text_input(key="delete_confirm_code").input("WRONG2")
    at.button(key="delete_session").click().run()
    assert not at.exception
    assert plain(say("errors.invalid.confirm_code", code=session.code)) in [e.value for e in at.error]
    assert store.exists((session.code, "session"))
    at.text_input(key="delete_confirm_code").input(session.code.lower())
    at.button(key="delete_session").click().run()
    assert not at.exception
    assert at.success[0].value == say("privacy.deleted", code=session.code)
    assert not store.exists((session.code, "session")) and session.code not in store.children(())
    assert any(b.key == "sign_in" for b in at.button), "back to the sign-in form"
    assert [t["role"] for t in deletion.tombstones(store)] == ["facilitator"]


def test_the_analyst_sees_sessions_due_for_deletion_and_deleted_ones(data_dir, store, monkeypatch):
    old_date = (dt.date.today() - dt.timedelta(days=400)).isoformat()
    made = [workshop.create_session(store, title=title, country="Portugal", agency="", date=date,
                                    language="en", content_version="v1", activities=["card_sort"],
                                    mode="individual", sort_mode="closed", pin="2468")
            for title, date in (("Old pilot", old_date), ("New pilot", dt.date.today().isoformat()),
                                ("Gone pilot", old_date))]
    deletion.delete_session(store, made[2].code, "facilitator")
    monkeypatch.setenv("BOOSTER_RETENTION_DAYS", "365")
    at = open_page("analysis_data.py", params={"role": "analyst", "lang": "id"})
    assert not at.exception
    assert say("privacy.retention_due", "id", n=1, days=365) in [w.value for w in at.warning]
    due = _frame(at, say("facilitator.session_code", "id"))
    assert list(due[say("facilitator.session_code", "id")]) == [made[0].code]
    assert f"{made[2].code} (Portugal, {old_date}) deleted by facilitator" in texts(at)
    monkeypatch.delenv("BOOSTER_RETENTION_DAYS")
    at = open_page("analysis_data.py", params={"role": "analyst"})
    assert say("privacy.retention_unset") in texts(at)


def test_at_a_table_the_participant_is_told_the_shared_sheet_stays(data_dir, store):
    session = workshop.create_session(
        store, title="Tables", country="Indonesia", agency="", date="2025-08-14", language="en",
        content_version="v1", activities=list(workshop.ACTIVITIES), mode="group", sort_mode="closed",
        pin="2468", groups=2)
    participant, token = workshop.join(store, session.code, name="Dewi", group_id="g-2")
    at = open_page("participant.py", params={"s": session.code, "t": token}, state={"my_data": True})
    assert say("privacy.withdraw_help_group") in texts(at)
    at.checkbox(key="withdraw_confirm").check().run()
    at.button(key="withdraw_button").click().run()
    assert at.success[0].value == say("privacy.withdrawn_group")


def test_an_analyst_deletes_a_chosen_session_by_typing_its_code(data_dir, store):
    keep, gone = (workshop.create_session(store, title=title, country="Portugal", agency="", date="2025-05-0" + day,
                                          language="en", content_version="v1", activities=["card_sort"],
                                          mode="individual", sort_mode="closed", pin="2468")
                  for title, day in (("Keep", "1"), ("Gone", "2")))
    at = open_page("analysis_data.py", params={"role": "analyst", "lang": "id"})
    at.selectbox(key="analyst_delete_session").select(gone.code)
    at.text_input(key="analyst_delete_code").input(keep.code)
    at.button(key="analyst_delete").click().run()
    assert plain(say("errors.invalid.confirm_code", "id", code=gone.code)) in [e.value for e in at.error]
    assert store.exists((gone.code, "session"))
    at.text_input(key="analyst_delete_code").input(gone.code)
    at.button(key="analyst_delete").click().run()
    assert not at.exception
    assert say("privacy.deleted", "id", code=gone.code) in [s.value for s in at.success]
    assert [c for c in store.children(()) if not c.startswith("_")] == [keep.code]
    assert [(t["session_id"], t["role"]) for t in deletion.tombstones(store)] == [(gone.code, "analyst")]
    offered = at.selectbox(key="bundle_session").options
    assert any(keep.code in o for o in offered) and not any(gone.code in o for o in offered), "exports drop it"
