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


# A page run asks for the store and the UI strings dozens of times (every t() call); each call of a
# cached resource hashes its arguments and records a metric (~20 us). These remember the cached
# value for the process; the cached resource stays the one place it is built.
_STORES: dict[str, Store] = {}
_STRINGS: list = []


def store() -> Store:
    """The store named by BOOSTER_STORE / BOOSTER_DATA_DIR (booster.store.store_location)."""
    location = store_location()
    found = _STORES.get(location)
    if found is None:
        found = _STORES[location] = _store(location)
    return found


@st.cache_resource(show_spinner=False)
def content(version: str):
    return content_mod.load_content(version)


@st.cache_resource(show_spinner=False)
def _ui_strings():
    return content_mod.load_ui_strings()


def ui_strings():
    if not _STRINGS:
        _STRINGS.append(_ui_strings())
    return _STRINGS[0]


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
