"""Participants' rights: what is stored about them, withdrawing it, and the notice settings."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from booster import analysis, settings
from booster import workshop as ws
from booster.privacy import audit, rights
from booster.content import load_content
from booster.errors import AccessDenied, StoreError, ValidationError

DECK = load_content("v1").card_ids()
TABLES = ["participants", "responses", "placements", "card_notes", "worksheet_answers", "feedback"]


def _session(store, mode="individual"):
    return ws.create_session(store, title="Pilot", country="Lithuania", agency="", date="2025-08-14",
                             language="en", content_version="v1", activities=list(ws.ACTIVITIES), mode=mode,
                             sort_mode="hybrid", pin="2468", groups=2 if mode == "group" else 0)


def _work(store, code, participant, owner=None):
    owner = owner or participant.id
    ws.set_activity_status(store, code, "card_sort", "open")
    ws.place_card(store, code, owner, "persona", "understand", DECK, by=participant.id)
    ws.set_activity_status(store, code, "service_challenge", "open")
    ws.save_answers(store, code, owner, "service_challenge", {"service_name": f"{participant.name}'s service"},
                    by=participant.id)
    ws.save_feedback(store, code, participant.id, "service_challenge", {"ease": 4, "missing": "examples"}, "en")
    ws.save_feedback_draft(store, code, participant.id, "card_sort", {"confusing": "half typed"})


def test_my_data_holds_everything_stored_about_the_participant_and_no_secret(memory_store):
    session = _session(memory_store)
    ayu, token = ws.join(memory_store, session.code, name="Ayu")
    budi, _ = ws.join(memory_store, session.code, name="Budi")
    _work(memory_store, session.code, ayu)
    _work(memory_store, session.code, budi)
    data = rights.my_data(memory_store, session.code, ayu.id)
    assert data["participant"]["name"] == "Ayu" and "secret_hash" not in data["participant"]
    assert token.split(".")[1] not in json.dumps(data)
    assert {r["activity"] for r in data["responses"]} == {"card_sort", "service_challenge"}
    assert {r["owner_id"] for r in data["responses"]} == {ayu.id}
    assert [f["answers"] for f in data["feedback"]] == [{"ease": 4, "missing": "examples"}]
    assert [f["answers"] for f in data["feedback_drafts"]] == [{"confusing": "half typed"}]
    assert "Budi" not in json.dumps(data), "nothing of another participant"
    assert data["table_responses"] == []


def test_withdrawing_removes_their_work_from_board_and_analysis(file_store):
    session = _session(file_store)
    code = session.code
    ayu, token = ws.join(file_store, code, name="Ayu")
    budi, _ = ws.join(file_store, code, name="Budi")
    _work(file_store, code, ayu)
    _work(file_store, code, budi)
    assert rights.withdraw(file_store, code, ayu.id) == {"documents": 4, "table_sheets_kept": 0}
    assert not file_store.documents((code, "feedback_drafts", ayu.id)), "the feedback draft went too"
    board = ws.board(file_store, code, DECK, dt.datetime.now(dt.timezone.utc))
    assert [p.name for p in board.participants] == ["Budi"]
    assert board.agreement["persona"].n == 1 and board.feedback["service_challenge"]["ease"].n == 1
    tables = analysis.load_tables(file_store, load_content)
    for name in TABLES:
        frame = getattr(tables, name)
        assert not frame.astype(str).apply(lambda col: col.str.contains(ayu.id)).any().any(), name
        assert not frame.astype(str).apply(lambda col: col.str.contains("Ayu")).any().any(), name
    with pytest.raises(AccessDenied):
        ws.resume(file_store, code, token)
    assert [e["action"] for e in audit.entries(file_store, code)][-1] == "withdrawn"
    assert "Ayu" not in json.dumps(audit.entries(file_store, code)) and ayu.id not in json.dumps(
        audit.entries(file_store, code))


def test_in_group_mode_the_shared_sheet_stays_and_their_name_and_feedback_go(memory_store):
    session = _session(memory_store, mode="group")
    code = session.code
    ayu, _ = ws.join(memory_store, code, name="Ayu", group_id="g-1")
    budi, _ = ws.join(memory_store, code, name="Budi", group_id="g-1")
    _work(memory_store, code, ayu, owner="g-1")
    ws.save_answers(memory_store, code, "g-1", "service_challenge", {"service_name": "Budi's version"},
                    base={"service_name": ""}, by=budi.id)
    ws.save_answers(memory_store, code, "g-1", "service_challenge", {"service_name": "Ayu again"},
                    base={"service_name": ""}, by=ayu.id)
    data = rights.my_data(memory_store, code, ayu.id)
    assert data["responses"] == [] and {r["owner_id"] for r in data["table_responses"]} == {"g-1"}
    assert rights.withdraw(memory_store, code, ayu.id) == {"documents": 2, "table_sheets_kept": 2}  # feedback, draft
    sheet = ws.get_response(memory_store, code, "g-1", "service_challenge")
    assert "Ayu again" in sheet["data"]["answers"]["service_name"], "the shared sheet stays"
    assert ayu.id not in json.dumps(sheet) and {c["by"] for c in sheet["conflicts"]} == {"withdrawn", budi.id}
    assert [p.name for p in ws.list_participants(memory_store, code)] == ["Budi"]
    assert ws.get_feedback(memory_store, code, ayu.id, "service_challenge") is None


def test_closed_withdrawals_refuse_both_rights_and_are_logged(memory_store):
    session = _session(memory_store)
    ayu, _ = ws.join(memory_store, session.code, name="Ayu")
    rights.set_withdrawals(memory_store, session.code, False)
    assert ws.get_session(memory_store, session.code).withdrawals_closed is True
    for act in (rights.my_data, rights.withdraw):
        with pytest.raises(ValidationError, match="closed this session to withdrawals") as info:
            act(memory_store, session.code, ayu.id)
        assert info.value.rule == "withdrawals_closed"
    assert ws.get_participant(memory_store, session.code, ayu.id).name == "Ayu"
    rights.set_withdrawals(memory_store, session.code, True)
    assert [(e["role"], e["action"]) for e in audit.entries(memory_store, session.code)] == [
        ("facilitator", "withdrawals_closed"), ("facilitator", "withdrawals_opened")]


def test_retention_setting(monkeypatch):
    monkeypatch.delenv("BOOSTER_RETENTION_DAYS", raising=False)
    assert settings.retention_days() is None
    monkeypatch.setenv("BOOSTER_RETENTION_DAYS", " 365 ")
    assert settings.retention_days() == 365
    for bad in ("0", "-3", "a year", "1.5"):
        monkeypatch.setenv("BOOSTER_RETENTION_DAYS", bad)
        with pytest.raises(ValidationError, match="BOOSTER_RETENTION_DAYS: .* is not a whole number of days"):
            settings.retention_days()


def test_an_organisations_notice_file_per_language_with_english_fallback(tmp_path, monkeypatch):
    (tmp_path / "notice.en.md").write_text("Our notice", encoding="utf-8")
    (tmp_path / "notice.id.md").write_text("Pemberitahuan kami", encoding="utf-8")
    monkeypatch.setenv("BOOSTER_PRIVACY_NOTICE", str(tmp_path / "notice.{lang}.md"))
    assert rights.notice_text("id") == "Pemberitahuan kami"
    (tmp_path / "notice.id.md").unlink()
    assert rights.notice_text("id") == "Our notice"
    monkeypatch.setenv("BOOSTER_PRIVACY_NOTICE", str(tmp_path / "missing.md"))
    with pytest.raises(StoreError, match="BOOSTER_PRIVACY_NOTICE file\\) does not exist"):
        rights.notice_text("en")
    monkeypatch.delenv("BOOSTER_PRIVACY_NOTICE")
    assert rights.notice_text("en") is None
