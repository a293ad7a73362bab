"""Process-wide resources, built once and shared by every browser session.

Content and UI strings are read-only after loading, and the store holds no per-user state
(every call goes to disk under its own lock, or to PostgreSQL through a thread-safe pool), so
sharing them across threads is safe.
"""

from __future__ import annotations

import streamlit as st

from booster import content as content_mod
from booster.live.access import AttemptLimiter
from booster.store import Store, open_store, store_location


@st.cache_resource(show_spinner=False)
def _store(location: str) -> Store:
    return open_store(location)


def store() -> Store:
    """The store named by BOOSTER_STORE / BOOSTER_DATA_DIR (booster.store.store_location)."""
    return _store(store_location())


@st.cache_resource(show_spinner=False)
def content(version: str):
    return content_mod.load_content(version)


@st.cache_resource(show_spinner=False)
def ui_strings():
    return content_mod.load_ui_strings()


@st.cache_resource(show_spinner=False)
def versions() -> list[str]:
    return content_mod.available_versions()


@st.cache_resource(show_spinner=False)
def default_version() -> str | None:
    """The version new sessions start with and analysis screens name things by (booster.content.default_version)."""
    return content_mod.default_version()


@st.cache_resource(show_spinner=False)
def languages() -> list[str]:
    return content_mod.available_languages()


@st.cache_resource(show_spinner=False)
def attempts() -> AttemptLimiter:
    """Wrong-PIN counts per session, shared by every tab of this server."""
    return AttemptLimiter()
