"""Our components' JS and CSS go by URL, never inside the element (booster_components/).

Inline, each live text field was ~10 kB: a worksheet page run sent ~190 kB to every phone, and
Streamlit hashed each element for its message cache. By URL the browser fetches each file once.
"""

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from booster import workshop

from .conftest import open_page

ASSETS = Path(__file__).resolve().parents[2] / "booster_components"
FOLDERS = {f"booster_components.{c['name']}": ASSETS / c["asset_dir"]  # each component's files, as declared
           for c in tomllib.loads((ASSETS / "pyproject.toml").read_text())["tool"]["streamlit"]["component"]["components"]}


def _ours(at) -> list:
    return [e.proto for e in at.get("bidi_component") if e.proto.component_name.startswith("booster_components.")]


def _assert_served_by_url(protos, expected: set[str]) -> None:
    assert {p.component_name for p in protos} == expected
    for proto in protos:
        folder = FOLDERS[proto.component_name]
        assert proto.js_content == "" and proto.css_content == "", f"{proto.component_name} carries its code inline"
        assert (folder / proto.js_source_path).is_file(), proto.js_source_path
        assert not proto.css_source_path or (folder / proto.css_source_path).is_file(), proto.css_source_path


@pytest.mark.parametrize("activity, expected", [
    ("card_sort", {"booster_components.sort_board"}),
    ("user_characteristics", {"booster_components.text_field", "booster_components.worksheet_page"}),
])
def test_the_worksheet_fields_and_the_board_name_their_js_and_css_by_url(data_dir, store, session, activity, expected):
    workshop.set_activity_status(store, session.code, activity, "open")
    participant, token = workshop.join(store, session.code, name="Budi")
    at = open_page("participant.py", params={"s": session.code, "t": token})
    assert not at.exception
    protos = _ours(at)
    assert len(protos) >= (1 if activity == "card_sort" else 6)  # the first page: 5 text fields, its heading
    _assert_served_by_url(protos, expected)


def _forget():
    from ui import text_field

    text_field.forget_drafts("K7PQ2M", "p1")


def test_forgetting_drafts_names_its_js_by_url():
    at = AppTest.from_function(_forget, default_timeout=30).run()
    assert not at.exception
    _assert_served_by_url(_ours(at), {"booster_components.forget_drafts"})


def _undeclared():
    from ui import component_state

    component_state.component("not_declared", html="<span></span>", js="nothing.js")(key="x")


def test_a_component_streamlit_has_no_folder_for_says_how_to_install_it():
    at = AppTest.from_function(_undeclared, default_timeout=30).run()
    assert "booster_components.not_declared" in at.exception[0].value
    assert "pip install ./booster_components" in at.exception[0].value
