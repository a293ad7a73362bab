"""Our `st.components.v2` components, and a cheaper way for Streamlit to show their state.

Streamlit 1.67 shows a component's value in `st.session_state` through a presenter that defines a
new class on every call (`streamlit/components/v2/presentation.py`). It is called for every
component on the page whenever the whole state is read: after every rerun, and once for every
radio, select box or text input drawn (they read `filtered_state`). A worksheet with 18 text fields
and 8 radios defined ~150 classes per page run: a fifth of a phone's rerun, measured with py-spy
(bench/profile_load.py). `cheaper_presenter` gives the same value, a dict that writes through to the
component's state, from one class defined once. `tests/unit/test_component_state.py` compares the
two presenters, so an upgrade of Streamlit that changes what they show fails a test.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.components.v2.bidi_component import main as bidi_main

import booster_components

def component(name: str, *, html: str, js: str, css: str | None = None, isolate_styles: bool = True):
    """`st.components.v2.component(name, ...)` with the cheaper presenter installed: one of ours
    (booster_components/), its JS and CSS given by file name and served by URL. Made on its first
    mount: a file name is resolved against the folders Streamlit's runtime found at start, which a
    bare import (a unit test, a bench) has none of. `isolate_styles=False` draws it in the page
    itself, not a shadow root: its CSS must then name only its own elements. `data` (a dict) reaches
    the JS as `component.data[0]`."""
    bidi_main.make_bidi_component_presenter = cheaper_presenter
    made = None

    def mount(*, data: dict | None = None, **kwargs):
        nonlocal made
        if made is None:
            made = _declared(booster_components.full_name(name), isolate_styles, html=html, js=js, css=css)
        # Sent as a one-item list (the JS reads `component.data[0]`): Streamlit checks each top-level
        # value of a dict for a data frame, a tenth of a text field's mount on a worksheet's page run.
        return made(data=None if data is None else [data], **kwargs)

    return mount


def _declared(full_name: str, isolate_styles: bool, **assets):
    try:
        return st.components.v2.component(full_name, isolate_styles=isolate_styles, **assets)
    except StreamlitAPIException as exc:
        if exc.error_id != "component-missing-asset-dir":
            raise
        raise StreamlitAPIException(
            f"Component {full_name}: Streamlit does not know where its files are. Install booster_components"
            " (`make run` does, or `.venv/bin/python -m pip install ./booster_components`), check that"
            " booster_components/pyproject.toml declares it, and restart the app.",
            error_id="component-missing-asset-dir") from exc


class _WriteThrough(dict):
    """The component's flat state (trigger values, then state values); assigning a key writes the
    state back to the widget, as Streamlit's own class does."""

    __slots__ = ("_session_state", "_component_id", "_allowed")

    def __getattr__(self, name: str) -> object:
        return self.get(name)

    def __setattr__(self, name: str, value: object) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            self[name] = value

    def __deepcopy__(self, memo: dict) -> _WriteThrough:
        memo[id(self)] = self  # a proxy to the real state: not copied
        return self

    def __setitem__(self, key: str, value: object) -> None:
        self._refuse_after_drawn(key)
        if self._allowed is not None and key not in self._allowed:
            return  # ignored, as Streamlit ignores keys without a callback
        super().__setitem__(key, value)
        self._persist()

    def __delitem__(self, key: str) -> None:
        self._refuse_after_drawn(key)
        super().__delitem__(key)
        self._persist()

    def _refuse_after_drawn(self, key: str) -> None:
        ctx = get_script_run_ctx()
        if ctx is None or self._component_id is None:
            return
        user_key = self._session_state._key_id_mapper.get_key_from_id(self._component_id)
        if self._component_id in ctx.shared.widget_ids_this_run or user_key in ctx.shared.form_ids_this_run:
            raise StreamlitAPIException(
                f"`st.session_state.{user_key}.{key}` cannot be modified after the component"
                f" with key `{user_key}` is instantiated.",
                error_id="bidi-component-state-cannot-be-modified")

    def _persist(self) -> None:
        if self._component_id is not None:
            self._session_state._new_widget_state.set_from_value(self._component_id, dict(self))


def cheaper_presenter(aggregator_id: str, component_id: str | None = None,
                      allowed_state_keys: set[str] | None = None):
    """What `make_bidi_component_presenter` returns, with one class for every call."""

    def present(base_value: object, session_state) -> object:
        try:
            return _presented(base_value, session_state)
        except Exception:  # noqa: BLE001 - as Streamlit's own: presentation never breaks a page
            return base_value

    def _presented(base_value: object, session_state) -> object:
        if not isinstance(base_value, dict):
            return base_value
        widgets = session_state._new_widget_state
        meta = widgets.widget_metadata.get(aggregator_id)
        if meta is None or meta.value_type != "json_trigger_value":
            return base_value
        try:
            payloads = widgets[aggregator_id]
        except KeyError:
            payloads = None
        if isinstance(payloads, dict):
            payloads = [payloads]
        flat = {}
        for payload in payloads if isinstance(payloads, list) else ():
            if isinstance(payload, dict) and isinstance(payload.get("event"), str):
                flat[payload["event"]] = payload.get("value")
        flat.update(base_value)
        shown = _WriteThrough(flat)
        shown._session_state, shown._component_id, shown._allowed = session_state, component_id, allowed_state_keys
        return shown

    return present
