"""The UI language: chosen per browser tab, kept in the URL so a reload keeps it."""

from __future__ import annotations

import streamlit as st

from ui import resources

LANG_PARAM = "lang"
LANG_KEY = "ui_lang"
LANGUAGE_NAMES = {"en": "English", "id": "Bahasa Indonesia"}
_SWITCH = "lang_switch"
_CHOSEN = "ui_lang_chosen"  # the person (or their link) picked a language: defaults no longer apply


def lang() -> str:
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get(LANG_PARAM, "")
        st.session_state[_CHOSEN] = wanted in resources.languages()
        st.session_state[LANG_KEY] = wanted if wanted in resources.languages() else "en"
    return st.session_state[LANG_KEY]


def set_default(language: str) -> None:
    """Adopt a session's (or participant's) language once, unless this tab already chose one.

    The switch is already drawn this run, so the screen is drawn again in the new language."""
    if start_in(language):
        st.rerun()


def language_chosen() -> bool:
    """Whether this tab's language is settled (chosen by the person, their link, or a default taken)."""
    return bool(st.session_state.get(_CHOSEN))


def start_in(language: str) -> bool:
    """`set_default` before anything is drawn (the screen needs no second run); True when the
    language changed."""
    current = lang()
    if st.session_state.get(_CHOSEN) or language not in resources.languages():
        return False
    st.session_state[_CHOSEN] = True
    st.session_state[LANG_KEY] = language
    return language != current


def t(key: str, **kwargs) -> str:
    return resources.ui_strings().t(key, lang(), **kwargs)


def _remember() -> None:
    st.session_state[_CHOSEN] = True
    st.session_state[LANG_KEY] = st.session_state[_SWITCH]
    st.query_params[LANG_PARAM] = st.session_state[LANG_KEY]


def language_switch() -> None:
    """English / Bahasa Indonesia, on every screen; mirrored into the URL (page switches clear it).

    The language lives in plain session state; the switch only shows and changes it, and is set
    from it on every run, so a default applied by set_default shows without an old widget value."""
    current = lang()
    if st.query_params.get(LANG_PARAM) != current:  # each set sends the browser a message, changed or not
        st.query_params[LANG_PARAM] = current
    with st.container(key=LANG_KEY):
        st.session_state[_SWITCH] = current
        st.segmented_control(
            t("common.language"), resources.languages(), key=_SWITCH,
            format_func=lambda code: LANGUAGE_NAMES.get(code, code),
            on_change=_remember, label_visibility="collapsed", required=True,
        )
