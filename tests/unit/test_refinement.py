"""The refinement loop: marks in the store, the proposed next version (every v1 key carried over, each
action applied, both languages, loads), its changelog with the evidence, and the committed v2."""

from __future__ import annotations

import shutil
import threading
import zipfile
import io

import pytest
import yaml

from booster.analysis import refinement
from booster.cli import main
from booster.content import CONTENT_ROOT, default_version, load_content
from booster.errors import ContentError, ValidationError
from booster.store import FileStore, MemoryStore

V1 = CONTENT_ROOT / "v1"
EVIDENCE = {"rank": 2, "score": 2.68, "n": 62, "agreement_share": 0.55, "agreement_lo": 0.43, "agreement_hi": 0.67,
            "wrong_pile": "design", "wrong_share": 0.32, "reasons": "only 55% of 62 sorters put it in 'test'"}
RENAME = {"item_type": "card", "item_id": "persona", "action": "rename", "note": "put under Engage",
          "new_name": {"en": "Persona (from research)", "id": "Persona (dari hasil riset)"}}
MOVE = {"item_type": "card", "item_id": "rough_prototype", "action": "move", "new_step": "design",
        "note": "sorted with the ideas", "evidence": EVIDENCE}
SPLIT = {"item_type": "card", "item_id": "pain_points", "action": "split",
         "parts": [{"name": {"en": "Pain points of users", "id": "Kesulitan pengguna"}},
                   {"name": {"en": "Pain points of staff", "id": "Kesulitan petugas"}, "step": "reframe"}]}
CUT = {"item_type": "card", "item_id": "pitch", "action": "cut", "note": "not in the guidebook"}


def _propose(*marks, **kw):
    return refinement.propose(V1, list(marks), "v9", **kw)


def _loaded(proposal):
    return refinement.validate(proposal)


def test_each_action_changes_what_it_says_and_the_version_loads():
    clarify = {"item_type": "tool", "item_id": "user_characteristics", "action": "clarify",
               "new_description": {"en": "Clearer.", "id": "Lebih jelas."}}
    v9 = _loaded(_propose(RENAME, MOVE, SPLIT, CUT, clarify))
    v1 = load_content("v1")
    assert v9.version == "v9" and v9.structure.status == "proposed"
    assert (v9.card_label("persona", "en"), v9.card_label("persona", "id")) == ("Persona (from research)",
                                                                               "Persona (dari hasil riset)")
    assert v9.card("rough_prototype").intended_step == "design"
    assert "pitch" not in v9.card_ids() and "pain_points" not in v9.card_ids()
    parts = {c: v9.card(c).intended_step for c in v9.card_ids() if c.startswith("pain_points")}
    assert parts == {"pain_points_of_users": "understand", "pain_points_of_staff": "reframe"}
    assert v9.card_label("pain_points_of_staff", "id") == "Kesulitan petugas"
    assert v9.text("id", "tools", "user_characteristics", "description") == "Lebih jelas."
    assert len(v9.cards) == len(v1.cards) - 2 + 2 - 1 + 1  # split: -1 +2; cut: -1
    untouched = [c for c in v1.card_ids() if c not in ("persona", "rough_prototype", "pain_points", "pitch")]
    assert all(v9.card(c) == v1.card(c) and v9.card_label(c, "id") == v1.card_label(c, "id") for c in untouched)


def test_every_key_of_the_base_is_carried_over_whatever_it_is(tmp_path):
    """Another version may hold keys this code has never heard of (sources, decks, kinds): they stay."""
    base = tmp_path / "v1"
    shutil.copytree(V1, base)
    structure = yaml.safe_load((base / "structure.yaml").read_text())
    structure["cards"][0]["source"] = "Guidebook p. 12"
    structure["sub_steps"] = {"cards": [{"id": "extra_card", "intended_step": "scope", "kind": "guidance"}]}
    (base / "structure.yaml").write_text(yaml.safe_dump(structure))
    texts = yaml.safe_load((base / "en.yaml").read_text())
    texts["cards"]["persona"]["source"] = "Guidebook p. 30"
    (base / "en.yaml").write_text(yaml.safe_dump(texts))
    marks = [RENAME, {"item_type": "card", "item_id": "extra_card", "action": "move", "new_step": "engage"}]
    proposal = refinement.propose(base, marks, "v2", languages=["en", "id"])
    out = yaml.safe_load(proposal.files["structure.yaml"])
    assert out["cards"][0]["source"] == "Guidebook p. 12"
    assert out["sub_steps"]["cards"][0]["intended_step"] == "engage", "a card is found in any section"
    en = yaml.safe_load(proposal.files["en.yaml"])
    assert en["cards"]["persona"] == {"label": "Persona (from research)",
                                      "description": texts["cards"]["persona"]["description"],
                                      "source": "Guidebook p. 30"}


def test_a_missing_indonesian_text_keeps_the_old_one_and_the_changelog_lists_it():
    mark = RENAME | {"new_name": {"en": "Persona (from research)"}}
    proposal = _propose(mark)
    v9 = _loaded(proposal)
    assert v9.card_label("persona", "id") == load_content("v1").card_label("persona", "id")
    assert proposal.needs_translation == ["id: card 'persona' (label)"]
    assert "## Needs translation" in proposal.files["CHANGELOG.md"]
    assert "id: card 'persona' (label)" in proposal.files["CHANGELOG.md"]


def test_a_split_needs_every_part_named_in_every_language():
    parts = [{"name": {"en": "A"}}, {"name": {"en": "B", "id": "B"}}]
    with pytest.raises(ValidationError, match="part 'A' needs a name in id"):
        _propose(SPLIT | {"parts": parts})
    with pytest.raises(ValidationError, match="at least two parts"):
        refinement.check_mark(SPLIT | {"parts": parts[1:]})


@pytest.mark.parametrize("mark, problem", [
    ({"item_type": "step", "item_id": "scope", "action": "cut"}, "not an action for a step"),
    ({"item_type": "card", "item_id": "persona", "action": "rename"}, "needs at least the English text"),
    ({"item_type": "card", "item_id": "persona", "action": "move"}, "needs new_step"),
    ({"item_type": "widget", "item_id": "x", "action": "cut"}, "item_type must be one of"),
])
def test_a_mark_that_cannot_work_is_refused_with_a_sentence(mark, problem):
    with pytest.raises(ValidationError, match=problem):
        refinement.check_mark(mark)


def test_a_move_to_an_unknown_step_and_a_duplicate_label_are_refused():
    with pytest.raises(ValidationError, match="'nowhere' is not a step"):
        _propose(MOVE | {"new_step": "nowhere"})
    clash = RENAME | {"new_name": {"en": "Crazy 8", "id": "Crazy 8"}}
    with pytest.raises(ContentError, match="duplicate card label"):
        _loaded(_propose(clash))


def test_a_mark_on_an_item_the_base_lacks_fails_unless_skipped():
    gone = {"item_type": "card", "item_id": "no_such_card", "action": "cut"}
    with pytest.raises(ValidationError, match="v1 has no card 'no_such_card'"):
        _propose(gone)
    proposal = _propose(gone, CUT, skip_missing=True)
    assert proposal.skipped == ["card 'no_such_card'"] and len(proposal.changes) == 1
    assert "## Marks not applied" in proposal.files["CHANGELOG.md"]


def test_the_changelog_links_each_change_to_its_evidence_and_note():
    log = _propose(MOVE, CUT).files["CHANGELOG.md"]
    assert "## 1. Move card `rough_prototype`" in log
    assert "intended step test -> design" in log
    assert ("agreement with its intended step 55% (95% Wilson 43%-67%), n = 62" in log
            and "backlog rank #2, score 2.68" in log)
    assert "Analyst note: sorted with the ideas" in log
    assert "## 2. Cut card `pitch`" in log and "no figures recorded" in log


def test_the_zip_holds_the_version_folder():
    proposal = _propose(RENAME)
    with zipfile.ZipFile(io.BytesIO(proposal.zip_bytes())) as zf:
        assert sorted(zf.namelist()) == sorted(f"v9/{n}" for n in ("structure.yaml", "en.yaml", "id.yaml",
                                                                   "changes.yaml", "CHANGELOG.md"))


def test_marks_survive_a_restart_and_two_analysts_keep_each_others(tmp_path):
    store = FileStore(tmp_path)
    barrier = threading.Barrier(2)

    def mark(raw):
        barrier.wait()
        refinement.save_mark(FileStore(tmp_path), raw)

    threads = [threading.Thread(target=mark, args=(m,)) for m in (RENAME, MOVE)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    saved = refinement.load_marks(FileStore(tmp_path))
    assert set(saved) == {"card:persona", "card:rough_prototype"}
    assert saved["card:rough_prototype"]["evidence"] == EVIDENCE
    refinement.remove_mark(store, "card", "persona")
    assert set(refinement.load_marks(store)) == {"card:rough_prototype"}


def test_a_new_mark_on_the_same_item_replaces_the_earlier_one():
    store = MemoryStore()
    refinement.save_mark(store, RENAME)
    refinement.save_mark(store, RENAME | {"action": "cut"})
    assert [m["action"] for m in refinement.load_marks(store).values()] == ["cut"]


def test_next_version_and_the_default_for_new_sessions():
    assert refinement.next_version(["v1"]) == "v2" and refinement.next_version(["v9", "v10"]) == "v11"
    assert default_version() == "v1", "a proposed version is not where new sessions start"


def test_the_committed_v2_is_what_the_loop_makes_of_the_demo_marks_on_v1():
    """After v1 changes, regenerate v2 (docs/REFINEMENT.md); this test says when that is due."""
    marks = refinement.read_marks_file(CONTENT_ROOT.parent / "booster" / "demo" / "v2_marks.yaml")
    proposal = refinement.propose(V1, marks, "v2", skip_missing=True)
    for name in ("structure.yaml", "en.yaml", "id.yaml"):
        assert proposal.files[name] == (CONTENT_ROOT / "v2" / name).read_text(encoding="utf-8"), name
    assert load_content("v2").structure.status == "proposed"


def test_cli_writes_a_version_that_loads(tmp_path, capsys):
    shutil.copytree(CONTENT_ROOT / "ui", tmp_path / "ui")
    marks = tmp_path / "marks.yaml"
    marks.write_text(yaml.safe_dump({"marks": [RENAME, CUT]}))
    zipped = tmp_path / "v3.zip"
    assert main(["content", "propose", "--marks", str(marks), "--version", "v3", "--out", str(tmp_path),
                 "--zip", str(zipped)]) == 0
    assert "2 changes from v1" in capsys.readouterr().out
    assert "pitch" not in load_content("v3", root=tmp_path).card_ids()
    assert zipped.stat().st_size > 0
    assert main(["content", "propose", "--marks", str(marks), "--version", "v3", "--out", str(tmp_path)]) == 2
    assert "already exists; pass --force" in capsys.readouterr().err
    for option in ("--version", "--base"):  # a version is a folder name: a path would write or read elsewhere
        assert main(["content", "propose", "--marks", str(marks), option, "../v9", "--out", str(tmp_path)]) == 2
        assert "'../v9' is not a version name" in capsys.readouterr().err
    assert not (tmp_path.parent / "v9").exists()


def test_the_demo_runs_the_later_sessions_with_the_newer_version(tmp_path, capsys):
    assert main(["demo", "--sessions", "4", "--participants", "3", "--data-dir", str(tmp_path)]) == 0
    store = FileStore(tmp_path)
    sessions = sorted((store.read((c, "session")) for c in store.children(()) if not c.startswith("_")),
                      key=lambda s: s["date"])
    assert [s["content_version"] for s in sessions] == ["v1", "v1", "v2", "v2"]


def test_a_released_proposal_becomes_the_default_and_a_proposed_one_does_not(tmp_path):
    for folder in ("ui", "v1"):
        shutil.copytree(CONTENT_ROOT / folder, tmp_path / folder)
    refinement.propose(V1, [CUT], "v2").write(tmp_path)
    assert default_version(tmp_path) == "v1"
    refinement.propose(V1, [CUT], "v3", status="released").write(tmp_path)
    assert default_version(tmp_path) == "v3"


def test_cli_proposes_from_the_marks_saved_in_the_app(tmp_path, capsys):
    shutil.copytree(CONTENT_ROOT / "ui", tmp_path / "content" / "ui")
    refinement.save_mark(FileStore(tmp_path / "data"), MOVE)
    assert main(["content", "propose", "--from-store", "--data-dir", str(tmp_path / "data"), "--base", "v1",
                 "--out", str(tmp_path / "content")]) == 0
    assert "Wrote" in capsys.readouterr().out
    made = refinement.next_version(["v1", "v2"])  # after every version installed or in --out
    moved = load_content(made, root=tmp_path / "content").card("rough_prototype")
    assert moved.intended_step == "design"
    assert "sorted with the ideas" in (tmp_path / "content" / made / "CHANGELOG.md").read_text()
