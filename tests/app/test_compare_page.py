"""The compare screen through AppTest: a segment against the others in both languages, the verdict
sentence naming its test, and a real difference found beyond chance."""

from __future__ import annotations


import plotly.io
import pytest

from booster import demo
from booster.content import load_content, load_ui_strings
from booster.store import FileStore

from tests.demo_edits import lower_ease

from .conftest import open_page, texts
from .test_indonesian_screens import _problems

ANALYST = {"role": "analyst"}
UI = load_ui_strings()


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "data"
    store = FileStore(path)
    demo.generate(store, sessions=6, participants=10, seed=3)
    lower_ease(store, "Indonesia")
    return path


def _indonesia(lang: str):
    at = open_page("analysis_compare.py", params=ANALYST, state={"ui_lang": lang})
    assert not at.exception
    at.selectbox(key="cmp_segment_country").set_value("Indonesia").run()
    return at


@pytest.mark.parametrize("lang", ["en", "id"])
def test_indonesia_rated_ease_of_use_lower_beyond_chance(demo_store, lang):
    at = _indonesia(lang)
    at.segmented_control(key="cmp_question").set_value("ease").run()
    assert not at.exception
    said = texts(at).replace("\\", "")
    ease = UI.t("analysis.q_ease", lang)
    verdict = UI.t("compare.lower", lang).split("{segment}")[1].split(",")[0].strip()  # "rated it lower"
    lower = [line for line in said.splitlines() if f"· {ease}**: Indonesia {verdict}" in line]
    assert len(lower) == 3, said  # the card sort and both worksheets
    assert all("p < 0" in line for line in lower)
    summary = UI.t("compare.summary_some", lang, k=3, m=3, segment="Indonesia")
    assert summary in said and "Welch" in summary and "Holm" in summary, "the verdict names its test"
    assert len(at.get("plotly_chart")) == 1


def test_the_difference_and_its_interval_are_on_the_chart(demo_store):
    at = _indonesia("en")
    chart = plotly.io.from_json(at.get("plotly_chart")[0].proto.spec)
    diffs = next(trace for trace in chart.data if trace.xaxis == "x2")
    ease = [i for i, label in enumerate(diffs.customdata) if label.endswith("Ease of use")]
    assert len(ease) == 3 and all(diffs.x[i] < 0 for i in ease), "every activity's ease is lower in Indonesia"
    assert all(diffs.marker.color[i] == "#b2182b" for i in ease), "marked as beyond chance"
    assert all(diffs.error_x.arrayminus[i] > 0 for i in ease), "with its interval"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_both_tabs_every_dimension_in_the_screens_language(demo_store, lang):
    at = open_page("analysis_compare.py", params=ANALYST, state={"ui_lang": lang})
    for by in ("country", "language", "session_id", "mode", "content_version"):
        at.selectbox(key="cmp_by").set_value(by).run()
        for tab in at.tabs:
            at.session_state["cmp_tab"] = tab.label
            at.run()
            assert not at.exception, (by, tab.label, at.exception)
            assert "compare." not in texts(at)
            if lang == "id":
                assert not _problems(at), (by, tab.label, _problems(at))


def test_agreement_tab_names_fisher_and_holm(demo_store):
    at = _indonesia("en")
    at.session_state["cmp_tab"] = UI.t("compare.tab_agreement", "en")
    at.run()
    said = texts(at)
    content = load_content("v1")
    dealt = len(content.deck_card_ids(content.default_decks()))  # the demo deals the default deck
    assert "Fisher's exact test" in said and f"{dealt} cards are tested" in said
    heat = plotly.io.from_json(at.get("plotly_chart")[0].proto.spec).data[0]
    assert list(heat.x[:2]) == ["Indonesia", "Others (not Indonesia)"]


def test_one_content_version_says_there_is_nothing_to_compare(demo_store):
    at = open_page("analysis_compare.py", params=ANALYST)
    at.selectbox(key="cmp_by").set_value("content_version").run()
    assert UI.t("analysis.compare_need_two", "en") in texts(at)
