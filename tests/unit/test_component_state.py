"""ui.component_state's presenter shows what Streamlit's own shows, and writes through the same way."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest
from streamlit.components.v2 import presentation
from streamlit.components.v2.bidi_component import main as bidi_main

from ui import component_state

AGGREGATOR, COMPONENT = "$$agg", "$$comp"


class FakeWidgets:
    """The part of Streamlit's widget state both presenters read and write."""

    def __init__(self, payloads, trigger_type="json_trigger_value"):
        self.widget_metadata = {AGGREGATOR: SimpleNamespace(value_type=trigger_type)} if trigger_type else {}
        self.values = {} if payloads is None else {AGGREGATOR: payloads}
        self.written = []

    def __getitem__(self, key):
        return self.values[key]

    def set_from_value(self, widget_id, value):
        self.written.append((widget_id, value))


def _session(payloads, trigger_type="json_trigger_value"):
    return SimpleNamespace(_new_widget_state=FakeWidgets(payloads, trigger_type),
                           _key_id_mapper=SimpleNamespace(get_key_from_id=lambda _: "field"))


CASES = [
    ({}, [{"event": "value", "value": {"text": "Layanan", "seq": 3}}], "json_trigger_value"),
    ({"value": {"text": "kept"}}, [{"event": "value", "value": {"text": "new"}}], "json_trigger_value"),
    ({"other": 1}, {"event": "value", "value": "one payload, not a list"}, "json_trigger_value"),
    ({}, [{"event": 7, "value": "no name"}, "not a dict", {"event": "value"}], "json_trigger_value"),
    ({}, None, "json_trigger_value"),
    ({}, "neither", "json_trigger_value"),
    ({"value": 1}, [], None),                        # no aggregator known: the base as it is
    ({"value": 1}, [], "string_value"),
    ("not a mapping", [], "json_trigger_value"),
]


@pytest.mark.parametrize("base, payloads, trigger_type", CASES)
def test_shows_what_streamlit_shows(base, payloads, trigger_type):
    theirs = presentation.make_bidi_component_presenter(AGGREGATOR, COMPONENT, {"value"})
    ours = component_state.cheaper_presenter(AGGREGATOR, COMPONENT, {"value"})
    shown_theirs = theirs(base, _session(payloads, trigger_type))
    shown_ours = ours(base, _session(payloads, trigger_type))
    assert shown_ours == shown_theirs
    assert isinstance(shown_ours, dict) == isinstance(shown_theirs, dict)
    assert (shown_ours is base) == (shown_theirs is base)
    if isinstance(shown_ours, dict) and shown_ours is not base:
        assert shown_ours.value == shown_theirs.value and shown_ours.missing is shown_theirs.missing is None
        assert copy.deepcopy(shown_ours) is shown_ours


@pytest.mark.parametrize("allowed", [{"value"}, None])
def test_writes_through_as_streamlit_does(allowed):
    sessions, shown = [], []
    for make in (presentation.make_bidi_component_presenter, component_state.cheaper_presenter):
        session = _session([{"event": "value", "value": "typed"}])
        value = make(AGGREGATOR, COMPONENT, allowed)({"value": "base"}, session)
        value["value"] = "set"
        value["not_allowed"] = 1
        value.attribute = 2
        del value["value"]
        sessions.append(session._new_widget_state.written)
        shown.append(dict(value))
    assert sessions[0] == sessions[1] and sessions[1]  # the same writes, and some
    assert shown[0] == shown[1]


def test_components_are_made_with_the_cheaper_presenter():
    """Mounting any of our components makes its presenter with ours (Streamlit's module name is patched)."""
    import ui.text_field  # noqa: F401  (defines the components)

    assert bidi_main.make_bidi_component_presenter is component_state.cheaper_presenter
