"""The UI language: chosen per browser tab, kept in the URL so a reload keeps it."""

from __future__ import annotations

import streamlit as st

from ui import resources

LANG_PARAM = "lang"
LANG_KEY = "ui_lang"
LANGUAGE_NAMES = {"en": "English", "id": "Bahasa Indonesia"}


def lang() -> str:
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get(LANG_PARAM, "")
        st.session_state[LANG_KEY] = wanted if wanted in resources.languages() else "en"
    return st.session_state[LANG_KEY]


def set_default(language: str) -> None:
    """Adopt a session's default language unless this tab already chose one."""
    if LANG_PARAM not in st.query_params and language in resources.languages():
        st.session_state[LANG_KEY] = language
        st.query_params[LANG_PARAM] = language


def t(key: str, **kwargs) -> str:
    return resources.ui_strings().t(key, lang(), **kwargs)


def _remember() -> None:
    st.query_params[LANG_PARAM] = st.session_state[LANG_KEY]


def language_switch() -> None:
    """English / Bahasa Indonesia, on every screen; mirrored into the URL (page switches clear it)."""
    st.query_params[LANG_PARAM] = lang()
    st.segmented_control(
        t("common.language"), resources.languages(), key=LANG_KEY,
        format_func=lambda code: LANGUAGE_NAMES.get(code, code),
        on_change=_remember, label_visibility="collapsed", required=True,
    )
