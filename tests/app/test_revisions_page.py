"""The refinement loop on screen: marking a backlog item, the marks and the proposal, and the
before/after comparison of v1 and v2 sessions, in English and Indonesian."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
import yaml

from booster import demo
from booster.analysis import refinement
from booster.content import load_ui_strings
from booster.store import FileStore

from .conftest import open_page, texts

ANALYST = {"role": "analyst"}
UI = load_ui_strings()


def say(key: str, lang: str = "en", **kw) -> str:
    return UI.t(key, lang, **kw)


def frame(at, column: str):
    """The table on screen that has `column` (tables are read-only: found by what they hold)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory):
    """3 sessions with v1, then 3 with the committed v2 (booster/demo/v2_marks.yaml applied)."""
    path = tmp_path_factory.mktemp("versions") / "data"
    demo.generate(FileStore(path), sessions=6, participants=8, seed=5, specs=demo.version_specs(["v1", "v2"]))
    return path


@pytest.fixture
def store(data_dir, two_versions) -> FileStore:
    shutil.copytree(two_versions, data_dir)
    return FileStore(data_dir)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_before_and_after_shows_charts_and_tables_in_the_screen_language(store, lang):
    at = open_page("analysis_revisions.py", params=ANALYST, state={"ui_lang": lang})
    assert not at.exception and not at.error
    assert at.title[0].value == say("revision.title", lang)
    assert (at.selectbox(key="rv_before").value, at.selectbox(key="rv_after").value) == ("v1", "v2")
    assert len(at.get("plotly_chart")) == 2
    cards = frame(at, "card_id").set_index("card_id")
    persona = cards.loc["persona"]  # renamed in v2, sorted in both versions' sessions
    assert persona["change"] == "rename" and persona["n_before"] > 0 and persona["n_after"] > 0
    shown = texts(at)
    assert "revision." not in shown and "analysis." not in shown
    summary = next(m.value for m in at.markdown if m.value.startswith("**"))
    assert summary.split("**")[1] == str((cards["change"] != "").sum())
    if lang == "id":
        assert "Persona → Persona (dari hasil riset)" in set(cards["card"]), "a renamed card shows both names"
        assert not any(name in set(cards["card"]) for name in ("pain_points_of_users", "pitch")), "no raw ids"


def test_marking_a_backlog_item_saves_it_and_the_revisions_page_builds_the_next_version(store):
    at = open_page("analysis_backlog.py", params=ANALYST, state={"bl_flagged": False})
    at.selectbox(key="bl_item").set_value("card:crazy_8").run()
    at.radio(key="mk_action").set_value("rename").run()
    at.text_input(key="mk_name_en").input("Eight quick sketches")
    at.text_input(key="mk_name_id").input("Delapan sketsa cepat")
    at.text_area(key="mk_note").input("Participants did not know the name.")
    at.button(key="mk_save").click().run()
    assert not at.exception and not at.error
    saved = refinement.load_marks(store)["card:crazy_8"]
    assert saved["new_name"] == {"en": "Eight quick sketches", "id": "Delapan sketsa cepat"}
    assert saved["note"] == "Participants did not know the name." and saved["evidence"]["n"] > 0

    page = open_page("analysis_revisions.py", params=ANALYST, state={"rv_tab": say("revision.tab_marks")})
    assert frame(page, "note")["note"].tolist() == ["Participants did not know the name."]
    page.button(key="rv_build").click().run()
    assert not page.exception and not page.error
    assert page.success[0].value == say("revision.built", version="v3", n=1)
    log = page.code[0].value
    assert "Rename card `crazy_8`" in log and "Participants did not know the name." in log
    assert page.get("download_button"), "the zip is offered"
    proposal = refinement.propose(refinement.CONTENT_ROOT / "v1", list(refinement.load_marks(store).values()), "v3")
    with zipfile.ZipFile(io.BytesIO(proposal.zip_bytes())) as zf:
        en = yaml.safe_load(zf.read("v3/en.yaml"))
    assert en["cards"]["crazy_8"]["label"] == "Eight quick sketches"


def test_a_split_mark_needs_both_names_and_says_so(store):
    at = open_page("analysis_backlog.py", params=ANALYST, state={"bl_flagged": False, "ui_lang": "id"})
    at.selectbox(key="bl_item").set_value("card:persona").run()
    at.radio(key="mk_action").set_value("split").run()
    at.text_input(key="mk_part1_en").input("Users")
    at.text_input(key="mk_part1_id").input("Pengguna")
    at.text_input(key="mk_part2_en").input("Staff")
    at.button(key="mk_save").click().run()
    assert not at.exception
    assert "Staff" in at.error[0].value and "id" in at.error[0].value
    assert refinement.load_marks(store) == {}, "a split without every part named in both languages is not saved"


def test_new_sessions_start_with_the_released_version_and_can_pick_the_proposed_one(data_dir):
    at = open_page("new_session.py", params={"role": "facilitator"})
    version = at.selectbox(key="ns_version")
    assert version.value == "v1"
    assert say("revision.proposed_version", version="v2") in version.options


def test_a_mark_can_be_taken_back_on_the_revisions_page(store):
    refinement.save_mark(store, {"item_type": "card", "item_id": "pitch", "action": "cut", "note": "not in it"})
    refinement.save_mark(store, {"item_type": "card", "item_id": "crazy_8", "action": "move", "new_step": "test"})
    at = open_page("analysis_revisions.py", params=ANALYST, state={"rv_tab": say("revision.tab_marks")})
    at.selectbox(key="rv_remove_pick").set_value("card:pitch").run()
    at.button(key="rv_remove").click().run()
    assert not at.exception
    assert list(refinement.load_marks(store)) == ["card:crazy_8"]
    assert frame(at, "note")["note"].tolist() == [""]
