"""Demo data: deterministic per seed, the requested size, varied like real pilots, and valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from booster import demo, workshop as ws
from booster.analysis import tables as aggregate
from booster.cli import main
from booster.content import load_content
from booster.store import FileStore

SESSION_KEYS = {"schema_version", "id", "uid", "title", "country", "agency", "language", "date",
                "content_version", "activities", "decks", "mode", "sort_mode", "groups", "pin_salt", "pin_hash",
                "activity_state", "created_at", "demo"}
PARTICIPANT_KEYS = {"schema_version", "id", "secret_hash", "name", "kind", "group_id", "language",
                    "joined_at", "last_seen"}
RESPONSE_KEYS = {"schema_version", "session_id", "owner_id", "activity", "status", "started_at",
                 "updated_at", "submitted_at", "revision", "data", "conflicts"}
SORT_KEYS = {"placements", "custom_groups", "comments", "suggested_names", "card_order",
             "elapsed_seconds", "source"}
FEEDBACK_KEYS = {"schema_version", "session_id", "participant_id", "activity", "tool", "language",
                 "submitted_at", "answers"}


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.json"))}


def documents(store, code: str) -> dict[tuple, dict]:
    found = {(code, "session"): store.read((code, "session"))}
    for folder in ("participants", "responses", "feedback"):
        names = store.documents((code, folder)) if folder == "participants" else [
            (who, doc) for who in store.children((code, folder)) for doc in store.documents((code, folder, who))]
        for name in names:
            key = (code, folder, *(name if isinstance(name, tuple) else (name,)))
            found[key] = store.read(key)
    return found


@pytest.fixture(scope="module")
def content():
    return load_content("v1")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    store = FileStore(root)
    sessions = demo.generate(store, sessions=6, participants=10, seed=42)
    docs = {}
    for session in sessions:
        docs |= documents(store, session.code)
    return root, store, sessions, docs


def of_kind(docs: dict, kind: str, activity: str | None = None) -> list[dict]:
    return [d for k, d in docs.items() if k[1] == kind and (activity is None or k[-1] == activity)]


def test_the_same_seed_writes_the_same_files(tmp_path):
    for name in ("a", "b"):
        demo.generate(FileStore(tmp_path / name), sessions=2, participants=4, seed=7)
    demo.generate(FileStore(tmp_path / "c"), sessions=2, participants=4, seed=8)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a").keys() != files(tmp_path / "c").keys()


def test_the_requested_counts(made):
    root, store, sessions, docs = made
    assert len(sessions) == 6 and sorted(store.children(())) == sorted(s.code for s in sessions)
    for session in sessions:
        people = [p for p in ws.list_participants(store, session.code) if p.kind == "person"]
        assert len(people) == 10
        assert session.demo is True and ws.check_pin(store, session.code, demo.DEMO_PIN) is None


def test_sessions_vary_like_real_pilots(made):
    _, _, sessions, docs = made
    assert {s.language for s in sessions} == {"id", "en"}
    assert {s.mode for s in sessions} == {"individual", "group"}
    assert {s.sort_mode for s in sessions} == {"closed", "hybrid"}
    assert "Indonesia" in {s.country for s in sessions} and len({s.country for s in sessions}) >= 3
    assert all(state.status == "closed" for s in sessions for state in s.states.values())


def test_card_sorts_include_incomplete_unsure_custom_and_paper(made, content):
    _, _, _, docs = made
    sorts = of_kind(docs, "responses", "card_sort")
    deck = content.deck_card_ids(content.default_decks())  # what new sessions deal
    progress = [ws.sort_progress(d, deck) for d in sorts]
    assert any(done < total for done, total in progress) and any(done == total for done, total in progress)
    piles = [p for d in sorts for p in d["data"]["placements"].values()]
    assert "unsure" in piles and any(p.startswith("custom:") for p in piles)
    intended = {c.id: c.intended_step for c in content.cards}
    persona = [d["data"]["placements"].get("persona") for d in sorts]
    assert persona.count("engage") >= 2 and persona.count("understand") > persona.count("engage")
    assert any(d["data"]["comments"] for d in sorts) and any(d["data"]["suggested_names"] for d in sorts)
    assert {d["status"] for d in sorts} == {"submitted", "in_progress"}
    assert all(set(d["data"]["placements"]) <= set(intended) for d in sorts)


def test_worksheets_and_feedback_read_plausibly(made):
    _, _, sessions, docs = made
    challenges = [d["data"]["answers"].get("challenge_statement", "") for d in of_kind(docs, "responses", "service_challenge")]
    assert any(c.startswith("Kami ingin") for c in challenges) and any(c.startswith("We want to") for c in challenges)
    profiles = [d["data"]["answers"].get("priority_profiles") for d in of_kind(docs, "responses", "user_characteristics")]
    assert any(profiles)
    assert any(d["conflicts"] for d in of_kind(docs, "responses")), "some table edited a field at once"
    feedback = of_kind(docs, "feedback")
    assert {f["language"] for f in feedback} == {"id", "en"}
    assert all(1 <= v <= 5 for f in feedback for v in f["answers"].values() if isinstance(v, int))
    assert any(isinstance(v, str) for f in feedback for v in f["answers"].values())


def test_every_document_fits_the_data_contract(made, content):
    root, store, _, docs = made
    for key, doc in docs.items():
        assert doc["schema_version"] == 1
        kind = key[1]
        if kind == "session":
            assert set(doc) == SESSION_KEYS and doc["id"] == key[0]
        elif kind == "participants":
            assert set(doc) == PARTICIPANT_KEYS and re.fullmatch(r"p-[0-9a-f]{10}", doc["id"])
        elif kind == "responses":
            assert set(doc) == RESPONSE_KEYS and (doc["owner_id"], doc["activity"]) == key[2:]
            expected = SORT_KEYS if key[3] == "card_sort" else {"answers", "revisions"}
            assert set(doc["data"]) == expected
        else:
            assert set(doc) == FEEDBACK_KEYS and (doc["participant_id"], doc["activity"]) == key[2:]
    tables = aggregate.load_tables(store, {"v1": content})
    assert tables.problems == []
    assert len(tables.sessions) == 6 and not tables.placements.empty


def test_cli_demo_writes_sessions(tmp_path, capsys):
    assert main(["demo", "--sessions", "2", "--participants", "3", "--data-dir", str(tmp_path), "--seed", "5"]) == 0
    assert "Wrote 2 demo sessions of 3 participants" in capsys.readouterr().out
    assert len(FileStore(tmp_path).children(())) == 2


def test_seed_demo_adds_one_session_only_to_an_empty_store(tmp_path, capsys):
    assert main(["seed-demo", "--data-dir", str(tmp_path)]) == 0
    code = FileStore(tmp_path).children(())[0]
    assert f"join code {code}, facilitator PIN 1234" in capsys.readouterr().out
    session = ws.get_session(FileStore(tmp_path), code)
    assert session.title == "Demo session (PIN 1234)" and session.current_activity() == "card_sort"
    ws.check_pin(store=FileStore(tmp_path), code=code, pin="1234")
    assert main(["seed-demo", "--data-dir", str(tmp_path)]) == 0
    assert "already holds sessions" in capsys.readouterr().out
    assert FileStore(tmp_path).children(()) == [code]


def test_cli_reports_errors_as_sentences(tmp_path, capsys):
    assert main(["demo", "--sessions", "0", "--data-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "error: --sessions: 0 is too few; give at least 1.\n"
    assert FileStore(tmp_path).children(()) == []
