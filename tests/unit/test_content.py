"""The content loader: the real content is complete in every language, and each kind of broken
content file is refused with a ContentError naming the file, the dotted path and the problem."""

from __future__ import annotations

import re
import shutil
import string
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from booster.content import (
    CONTENT_ROOT,
    UNSURE_PILE,
    available_languages,
    available_versions,
    load_content,
    load_ui_strings,
    newest_version,
    version_key,
)
from booster.errors import ContentError

LANGUAGES = ["en", "id"]


# ---- helpers ---------------------------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    shutil.copytree(CONTENT_ROOT, root)
    return root


def _broken(tmp_path: Path, relative: str, edit: Callable[[dict], None]) -> Path:
    """A copy of the content with one YAML file loaded, changed in place by `edit`, and written back."""
    root = _copy(tmp_path)
    path = root / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def _message(file: str, path: str, problem: str) -> str:
    """A regex for the ContentError message naming this file, path and (the start of the) problem."""
    where = f" at {path}" if path else ""
    return re.escape(f"Content file {file}{where}: {problem}")


@pytest.fixture(scope="module")
def content():
    return load_content("v1")


@pytest.fixture(scope="module")
def ui():
    return load_ui_strings()


# ---- the real content ------------------------------------------------------------------------


def test_real_content_loads_in_both_languages(content):
    assert available_languages() == LANGUAGES
    assert content.version == "v1"
    assert content.languages == LANGUAGES


def test_card_count_and_unique_ids(content):
    ids = content.card_ids()
    assert len(ids) == 30, "v1 keeps every card sessions were dealt before decks existed"
    assert len(set(ids)) == len(ids)


# ---- where the content comes from ---------------------------------------------------------------

# The sixteen tools of the Booster's guidebook, by step (BRIEF section 1).
BOOSTER_TOOLS = {
    "scope": ["service_challenge"], "engage": ["stakeholder_map", "user_characteristics"],
    "understand": ["discovery_planning", "user_interview", "user_observation", "persona", "todays_user_journey",
                   "todays_business_process"],
    "reframe": ["reframing"], "design": ["crazy_8", "service_concept", "tomorrows_user_journey",
                                         "tomorrows_business_process"],
    "test": ["testing_plan"], "communicate": ["storytelling"]}
SOURCE = re.compile(r"^(guidebook|app)(:\s*\S.*)?$")


def _sourced(content) -> dict[str, str | None]:
    """Every item the content defines -> its source (None when it has none)."""
    s = content.structure
    found = {f"step {x.id}": x.source for x in s.steps}
    found |= {f"card {x.id}": x.source for x in s.cards}
    found |= {f"deck {x.id}": x.source for x in s.decks}
    found |= {f"activity {x.id}": x.source for x in s.activities}
    found |= {f"feedback {x.id}": x.source for x in s.feedback.questions}
    for tool in s.tools:
        found[f"tool {tool.id}"] = tool.source
        found |= {f"tool {tool.id} {attr}": getattr(tool.sources, attr) for attr in ("time", "participants", "inputs")}
    found |= {f"field {w}.{f.id}": f.source for w, sheet in s.worksheets.items() for f in sheet.fields}
    return found


def test_every_card_step_tool_attribute_field_and_question_says_where_it_comes_from(content):
    sources = _sourced(content)
    assert len([k for k in sources if k.startswith("card ")]) == len(content.cards)
    missing = [item for item, source in sources.items() if not source or not SOURCE.match(source)]
    assert not missing


def test_a_card_without_a_source_is_refused(tmp_path):
    root = _broken(tmp_path, "v1/structure.yaml", lambda s: s["cards"][20].pop("source"))
    with pytest.raises(ContentError, match=_message("v1/structure.yaml", "cards[20].source", "Field required")):
        load_content("v1", root=root)
    root = _broken(tmp_path / "b", "v1/structure.yaml", lambda s: s["cards"][0].update(source="a blog post"))
    with pytest.raises(ContentError, match=re.escape("cards[0].source")):
        load_content("v1", root=root)


def test_a_worksheet_field_without_a_source_is_refused(tmp_path):
    root = _broken(tmp_path, "v1/structure.yaml",
                   lambda s: s["worksheets"]["service_challenge"]["fields"][0].pop("source"))
    with pytest.raises(ContentError, match=re.escape("worksheets.service_challenge.fields[0].source: missing")):
        load_content("v1", root=root)


def test_the_default_deck_is_the_sixteen_booster_tools_from_the_guidebook(content):
    dealt = content.deck_card_ids(content.default_decks())
    by_step = {step: [c for c in dealt if content.card(c).intended_step == step] for step in content.step_ids()}
    assert by_step == BOOSTER_TOOLS
    assert all(content.card(c).kind == "tool" and content.card(c).source.startswith("guidebook:") for c in dealt)


def test_app_cards_are_in_no_deck_and_sub_steps_are_an_optional_deck(content):
    app = [c for c in content.cards if c.kind == "app"]
    assert {c.id for c in app} == {"pain_points", "theme_clustering", "idea_selection", "rough_prototype",
                                   "pilot_feedback", "pitch", "decision_brief"}
    assert all(not c.decks and c.source.startswith("app:") for c in app)
    sub_steps = [c for c in content.cards if c.kind == "sub_step"]
    assert all(c.decks == ["sub_steps"] and c.source.startswith("guidebook:") for c in sub_steps)
    assert "sub_steps" not in content.default_decks()
    for lang in LANGUAGES:  # the optional deck is clearly named in every language
        assert content.label("deck", "sub_steps", lang) != "sub_steps"


def test_storytelling_builds_on_reframing_service_concept_and_testing_plan(content):
    tools = {tool.id: tool for tool in content.tools}
    assert tools["storytelling"].inputs == ["reframing", "service_concept", "testing_plan"]
    assert tools["storytelling"].sources.inputs.startswith("guidebook:")
    challenge = tools["service_challenge"]
    assert (challenge.time_min, challenge.time_max, challenge.participants) == (45, 60, "3-6")
    assert challenge.sources.time.startswith("guidebook:")
    assert tools["user_characteristics"].inputs == ["service_challenge", "stakeholder_map"]


def test_indonesian_tool_names_read_as_indonesian(content):
    names = {tool.id: content.tool_name(tool.id, "id") for tool in content.tools}
    assert names["discovery_planning"] == "Perencanaan Riset", "'Penggalian' means digging"
    assert names["testing_plan"] == "Rencana Uji Coba", "the pilot's own word for trying out"
    assert all(content.card_label(t, "id") == names[t] for t in names), "a tool's card carries the tool's name"


def test_every_tool_has_its_card_in_its_step(content):
    cards = {card.id: card for card in content.cards}
    for tool in content.tools:
        assert tool.id in cards, f"tool {tool.id} has no card"
        assert cards[tool.id].intended_step == tool.step, tool.id
        assert cards[tool.id].kind == "tool"


def test_every_step_has_a_card(content):
    steps_with_cards = {card.intended_step for card in content.cards}
    assert set(content.step_ids()) <= steps_with_cards


def _all_texts(content, lang: str) -> dict[str, str]:
    """Every text the screens can ask for, through the public accessors, keyed by a readable name."""
    texts: dict[str, str] = {}
    for step in content.step_ids():
        texts[f"step_name {step}"] = content.step_name(step, lang)
        texts[f"step_question {step}"] = content.step_question(step, lang)
    for card in content.card_ids():
        texts[f"card_label {card}"] = content.card_label(card, lang)
        texts[f"card_description {card}"] = content.card_description(card, lang)
    for tool in content.tools:
        texts[f"tool_name {tool.id}"] = content.tool_name(tool.id, lang)
    for activity in content.activities:
        texts[f"activity_name {activity.id}"] = content.activity_name(activity.id, lang)
        texts[f"activity_intro {activity.id}"] = content.activity_intro(activity.id, lang)
    for ws_id, sheet in content.worksheets.items():
        texts[f"worksheet_intro {ws_id}"] = content.worksheet_intro(ws_id, lang)
        for field in sheet.fields:
            paths = [field.id] + [f"{field.id}.{sub.id}" for sub in field.fields]
            for path in paths:
                texts[f"field_label {ws_id} {path}"] = content.field_label(ws_id, path, lang)
                texts[f"field_help {ws_id} {path}"] = content.field_help(ws_id, path, lang)
            if field.type == "contrast":
                left, right = content.contrast_poles(ws_id, field.id, lang)
                texts[f"contrast_poles {ws_id} {field.id} left"] = left
                texts[f"contrast_poles {ws_id} {field.id} right"] = right
    for question in content.feedback.questions:
        texts[f"feedback_label {question.id}"] = content.feedback_label(question.id, lang)
        texts[f"feedback_help {question.id}"] = content.feedback_help(question.id, lang)
        for activity in content.activities:
            texts[f"feedback_question {question.id} {activity.id}"] = content.feedback_question(
                question.id, activity.id, lang)
    texts["pile_label unsure"] = content.pile_label(UNSURE_PILE, lang)
    return texts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_exists_and_is_not_empty(content, lang):
    texts = _all_texts(content, lang)
    empty = [name for name, text in texts.items() if not isinstance(text, str) or not text.strip()]
    assert not empty, f"{lang}: missing or empty texts: {empty}"
    assert any(name.startswith("field_label service_challenge") for name in texts)
    assert any(name.startswith("field_label user_characteristics user_profiles.") for name in texts)
    assert any(name.startswith("contrast_poles") for name in texts)


def _share_differing(english: dict[str, str], indonesian: dict[str, str], prefix: str) -> float:
    names = [name for name in english if name.startswith(prefix)]
    assert names, prefix
    return sum(english[name] != indonesian[name] for name in names) / len(names)


def test_indonesian_is_really_translated(content):
    english, indonesian = _all_texts(content, "en"), _all_texts(content, "id")
    assert english.keys() == indonesian.keys()
    assert _share_differing(english, indonesian, "") >= 0.8
    for prefix in ("step_name", "step_question", "field_label", "card_description", "activity_intro"):
        assert _share_differing(english, indonesian, prefix) >= 0.8, prefix


def test_ui_strings_have_the_same_keys_and_placeholders_in_every_language(ui):
    assert ui.languages == LANGUAGES
    english, indonesian = ui.strings["en"], ui.strings["id"]
    assert english.keys() == indonesian.keys()
    fields = string.Formatter()
    for key in english:
        names = {name for _, name, _, _ in fields.parse(english[key]) if name}
        assert names == {name for _, name, _, _ in fields.parse(indonesian[key]) if name}, key
    differing = sum(english[key] != indonesian[key] for key in english) / len(english)
    assert differing >= 0.8


def test_t_formats_placeholders_and_falls_back_to_the_key(ui):
    assert "ABC123" in ui.t("join.wrong_code", "en", code="ABC123")
    assert "ABC123" in ui.t("join.wrong_code", "id", code="ABC123")
    assert ui.t("join.wrong_code", "id", code="ABC123") != ui.t("join.wrong_code", "en", code="ABC123")
    assert "{code}" not in ui.t("join.wrong_code", "id", code="ABC123")
    assert ui.t("no.such_key", "en") == "no.such_key"
    assert ui.t("no.such_key", "id", n=3) == "no.such_key"


# ---- each kind of broken content -------------------------------------------------------------


def test_yaml_syntax_error_names_the_line(tmp_path):
    root = _copy(tmp_path)
    path = root / "v1" / "en.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1:3] == ["steps:", "  scope:"]
    lines[3] = "    name: Scope: a plain text may not hold a colon and a space"  # line 4
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match=_message("v1/en.yaml", "line 4", "is not valid YAML")):
        load_content("v1", root=root)


def test_missing_language_file(tmp_path):
    root = _copy(tmp_path)
    (root / "v1" / "id.yaml").unlink()
    with pytest.raises(ContentError, match=_message("v1/id.yaml", "", "the file is missing.")):
        load_content("v1", root=root)


def test_missing_required_field_in_structure(tmp_path):
    root = _broken(tmp_path, "v1/structure.yaml", lambda s: s["cards"][3].pop("intended_step"))
    with pytest.raises(ContentError, match=_message("v1/structure.yaml", "cards[3].intended_step", "Field required")):
        load_content("v1", root=root)


def test_wrong_type_in_structure(tmp_path):
    root = _broken(tmp_path, "v1/structure.yaml", lambda s: s["tools"][0].update(time_min="abc"))
    with pytest.raises(ContentError, match=_message("v1/structure.yaml", "tools[0].time_min", "Input should be")):
        load_content("v1", root=root)


def test_duplicate_card_id(tmp_path):
    root = _broken(tmp_path, "v1/structure.yaml", lambda s: s["cards"][5].update(id=s["cards"][2]["id"]))
    with pytest.raises(ContentError,
                       match=_message("v1/structure.yaml", "cards[5].id", "duplicate id 'user_characteristics'")):
        load_content("v1", root=root)


def test_card_with_unknown_step(tmp_path):
    root = _broken(tmp_path, "v1/structure.yaml", lambda s: s["cards"][4].update(intended_step="nowhere"))
    with pytest.raises(ContentError,
                       match=_message("v1/structure.yaml", "cards[4].intended_step", "unknown step 'nowhere'")):
        load_content("v1", root=root)


def test_tool_with_unknown_step(tmp_path):
    root = _broken(tmp_path, "v1/structure.yaml", lambda s: s["tools"][2].update(step="nowhere"))
    with pytest.raises(ContentError, match=_message("v1/structure.yaml", "tools[2].step", "unknown step 'nowhere'")):
        load_content("v1", root=root)


def test_unknown_tool_in_inputs(tmp_path):
    root = _broken(tmp_path, "v1/structure.yaml", lambda s: s["tools"][1]["inputs"].append("ghost_tool"))
    with pytest.raises(ContentError,
                       match=_message("v1/structure.yaml", "tools[1].inputs[1]", "unknown tool 'ghost_tool'")):
        load_content("v1", root=root)


def test_missing_translation(tmp_path):
    root = _broken(tmp_path, "v1/id.yaml", lambda t: t["cards"]["persona"].pop("label"))
    with pytest.raises(ContentError, match=_message("v1/id.yaml", "cards.persona.label", "missing translation.")):
        load_content("v1", root=root)


def test_empty_translation(tmp_path):
    root = _broken(tmp_path, "v1/id.yaml", lambda t: t["steps"]["scope"].update(name="  "))
    with pytest.raises(ContentError, match=_message("v1/id.yaml", "steps.scope.name", "must be a non-empty text.")):
        load_content("v1", root=root)


def test_extra_id_in_language_file(tmp_path):
    root = _broken(tmp_path, "v1/id.yaml",
                   lambda t: t["cards"].update(ghost_card={"label": "Hantu", "description": "Tidak ada."}))
    with pytest.raises(ContentError, match=_message("v1/id.yaml", "cards.ghost_card", "is not an id in structure.yaml")):
        load_content("v1", root=root)


def test_duplicate_card_label_within_a_language(tmp_path):
    def same_label(texts: dict) -> None:  # differs only in case: labels are compared case-insensitively
        texts["cards"]["stakeholder_map"]["label"] = texts["cards"]["service_challenge"]["label"].upper()

    root = _broken(tmp_path, "v1/id.yaml", same_label)
    with pytest.raises(ContentError, match=_message("v1/id.yaml", "cards.stakeholder_map.label",
                                                    "duplicate card label (also used by 'service_challenge')")):
        load_content("v1", root=root)


def test_ui_key_missing_in_a_language(tmp_path):
    root = _broken(tmp_path, "ui/id.yaml", lambda t: t["join"].pop("code"))
    with pytest.raises(ContentError, match=_message("ui/id.yaml", "join.code", "missing translation.")):
        load_ui_strings(root=root)


def test_ui_extra_key(tmp_path):
    root = _broken(tmp_path, "ui/id.yaml", lambda t: t["nav"].update(ghost="Hantu"))
    with pytest.raises(ContentError, match=_message("ui/id.yaml", "nav.ghost", "is not a key of ui/en.yaml")):
        load_ui_strings(root=root)


def test_ui_mismatched_placeholders(tmp_path):
    root = _broken(tmp_path, "ui/id.yaml", lambda t: t["join"].update(wrong_code="Tidak ada sesi {kode}."))
    with pytest.raises(ContentError, match=_message("ui/id.yaml", "join.wrong_code",
                                                    "has placeholders ['kode'], but ui/en.yaml has ['code'].")):
        load_ui_strings(root=root)


def test_ui_unmatched_brace(tmp_path):
    root = _broken(tmp_path, "ui/id.yaml", lambda t: t["join"].update(wrong_code="Tidak ada sesi {code."))
    with pytest.raises(ContentError, match=_message("ui/id.yaml", "join.wrong_code", "has an unmatched brace")):
        load_ui_strings(root=root)


def test_unknown_version():
    known = ", ".join(available_versions())  # v1, and v2 once the refinement loop has proposed one
    with pytest.raises(ContentError, match=_message("v9/structure.yaml", "", "there is no content version 'v9'; "
                                                                              f"known: {known}.")):
        load_content("v9")


def test_structure_version_must_match_its_folder(tmp_path):
    root = _broken(tmp_path, "v1/structure.yaml", lambda s: s.update(version="v2"))
    with pytest.raises(ContentError, match=_message("v1/structure.yaml", "version",
                                                    "says 'v2' but the folder is 'v1'.")):
        load_content("v1", root=root)


# ---- adding a language -----------------------------------------------------------------------


def test_adding_a_language_is_adding_files(tmp_path):
    root = _copy(tmp_path)
    shutil.copy(root / "ui" / "en.yaml", root / "ui" / "fr.yaml")
    shutil.copy(root / "v1" / "en.yaml", root / "v1" / "fr.yaml")

    assert available_languages(root) == ["en", "fr", "id"]
    content = load_content("v1", root=root)
    assert "fr" in content.languages
    assert content.step_name("scope", "fr") == content.step_name("scope", "en") == "Scope"
    assert content.card_label("persona", "fr") == content.card_label("persona", "en")
    ui = load_ui_strings(root=root)
    assert "fr" in ui.languages
    assert ui.t("join.button", "fr") == ui.t("join.button", "en")


def test_activity_naming_an_unknown_tool_is_refused(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(CONTENT_ROOT, root)
    path = root / "v1" / "structure.yaml"
    path.write_text(path.read_text().replace("tool: service_challenge, worksheet", "tool: challenge, worksheet"))
    with pytest.raises(ContentError, match=r"v1/structure.yaml at activities\[1\].tool: unknown tool 'challenge'"):
        load_content("v1", root=root)


def test_a_file_that_is_not_utf8_is_refused_by_name(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(CONTENT_ROOT, root)
    (root / "v1" / "id.yaml").write_bytes(b"steps:\n  scope: {name: \xff}\n")
    with pytest.raises(ContentError, match=r"v1/id.yaml: is not UTF-8 text"):
        load_content("v1", root=root)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_feedback_question_names_what_it_rates(content, lang):
    for activity in content.activities:
        subject = content.text(lang, "activities", activity.id, "feedback_subject")
        for question in content.feedback.questions:
            asked = content.feedback_question(question.id, activity.id, lang)
            assert subject in asked and "{" not in asked, (activity.id, question.id, asked)
    assert [content.feedback_tool(a.id) for a in content.activities] == [
        "structure", "service_challenge", "user_characteristics"]


def test_indonesian_asks_how_easy_a_tool_is_to_follow(content):
    assert content.feedback_question("ease", "service_challenge", "id") == \
        "Seberapa mudah alat Tantangan Layanan diikuti?"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_unsure_pile_has_one_name_everywhere(content, lang):
    """The board, the content and the analysis all call the pile by the same name."""
    ui = load_ui_strings()
    name = content.pile_label(UNSURE_PILE, lang)
    assert ui.t("cardsort.unsure", lang) == name
    assert name in ui.t("analysis.unsure_pile", lang)
    assert name in content.activity_intro("card_sort", lang)


def test_newest_version_orders_numbers_as_numbers():
    assert newest_version(["v9", "v10", "v2"]) == "v10"
    assert sorted(["v10", "v1", "v2b", "v2"], key=version_key) == ["v1", "v2", "v2b", "v10"]
    assert newest_version([]) is None


def test_label_never_raises_for_an_unknown_id():
    content = load_content("v1")
    assert content.label("card", "persona", "en") == content.card_label("persona", "en")
    assert content.label("step", "scope", "id") == content.step_name("scope", "id")
    assert content.label("field", "user_characteristics.priority_profiles.name", "en") == \
        content.field_label("user_characteristics", "priority_profiles.name", "en")
    assert content.label("pile", UNSURE_PILE, "xx") == content.pile_label(UNSURE_PILE, "en"), "unknown language: English"
    assert content.label("card", "no_such_card", "en") == "no_such_card"
    assert content.label("field", "no_sheet.no_field", "en", default="?") == "?"
    assert content.label("pole", "no_pole", "id", default="") == ""
    with pytest.raises(ValueError, match="'colour' is not a kind of label"):
        content.label("colour", "persona", "en")
