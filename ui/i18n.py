"""The UI language: chosen per browser tab, kept in the URL so a reload keeps it."""

from __future__ import annotations

import streamlit as st

from ui import resources

LANG_PARAM = "lang"
LANG_KEY = "ui_lang"
LANGUAGE_NAMES = {"en": "English", "id": "Bahasa Indonesia"}
_CHOSEN = "ui_lang_chosen"  # the person (or their link) picked a language: defaults no longer apply
_PENDING = "ui_lang_pending"
_SWITCH_GENERATION = "ui_lang_switch_generation"


def lang() -> str:
    if _PENDING in st.session_state:
        st.session_state[LANG_KEY] = st.session_state.pop(_PENDING)
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get(LANG_PARAM, "")
        st.session_state[_CHOSEN] = wanted in resources.languages()
        st.session_state[LANG_KEY] = wanted if wanted in resources.languages() else "en"
    return st.session_state[LANG_KEY]


def set_default(language: str) -> None:
    """Adopt a session's (or participant's) language once, unless this tab already chose one.

    The switch is already drawn this run, so it is redrawn (new key) on a rerun."""
    if st.session_state.get(_CHOSEN) or language not in resources.languages():
        return
    st.session_state[_CHOSEN] = True
    if language != lang():
        st.session_state[_PENDING] = language
        st.session_state[_SWITCH_GENERATION] = st.session_state.get(_SWITCH_GENERATION, 0) + 1
        st.rerun()


def t(key: str, **kwargs) -> str:
    return resources.ui_strings().t(key, lang(), **kwargs)


def _remember(switch_key: str) -> None:
    st.session_state[_CHOSEN] = True
    st.session_state[LANG_KEY] = st.session_state[switch_key]
    st.query_params[LANG_PARAM] = st.session_state[LANG_KEY]


def language_switch() -> None:
    """English / Bahasa Indonesia, on every screen; mirrored into the URL (page switches clear it).

    The language lives in plain session state; the switch only shows and changes it. Its key
    changes when a session's default language is applied, so the widget never holds an old value."""
    current = lang()
    st.query_params[LANG_PARAM] = current
    with st.container(key=LANG_KEY):
        switch_key = f"lang_switch_{st.session_state.get(_SWITCH_GENERATION, 0)}"
        st.session_state[switch_key] = current
        st.segmented_control(
            t("common.language"), resources.languages(), key=switch_key,
            format_func=lambda code: LANGUAGE_NAMES.get(code, code),
            on_change=_remember, args=(switch_key,), label_visibility="collapsed", required=True,
        )
