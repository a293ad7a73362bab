"""The UI language: chosen per browser tab, kept in the URL so a reload keeps it."""

from __future__ import annotations

import streamlit as st

from ui import resources

LANG_PARAM = "lang"
LANG_KEY = "ui_lang"
LANGUAGE_NAMES = {"en": "English", "id": "Bahasa Indonesia"}
_CHOSEN = "ui_lang_chosen"  # the person (or their link) picked a language: defaults no longer apply
_PENDING = "ui_lang_pending"


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

    The switch widget is already drawn this run, so the change is applied on a rerun."""
    if st.session_state.get(_CHOSEN) or language not in resources.languages():
        return
    st.session_state[_CHOSEN] = True
    if language != lang():
        st.session_state[_PENDING] = language
        st.rerun()


def t(key: str, **kwargs) -> str:
    return resources.ui_strings().t(key, lang(), **kwargs)


def _remember() -> None:
    st.session_state[_CHOSEN] = True
    st.query_params[LANG_PARAM] = st.session_state[LANG_KEY]


def language_switch() -> None:
    """English / Bahasa Indonesia, on every screen; mirrored into the URL (page switches clear it)."""
    st.query_params[LANG_PARAM] = lang()
    st.segmented_control(
        t("common.language"), resources.languages(), key=LANG_KEY,
        format_func=lambda code: LANGUAGE_NAMES.get(code, code),
        on_change=_remember, label_visibility="collapsed", required=True,
    )
