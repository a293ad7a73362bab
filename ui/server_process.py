"""How the app server's process is tuned for a room: many short runs (one thread per phone's run)
taking turns on one GIL, with a long-lived heap loaded at start."""

from __future__ import annotations

import gc
import sys

from streamlit import config
from streamlit.proto.NewSession_pb2 import CustomThemeConfig
from streamlit.runtime import app_session

_first_run_done = False


def tune_for_many_phones() -> None:
    """At the top of every run (cheap). A thread that gives the GIL up for a moment (each file read,
    write, fsync and stat of a save does) waits for it again until the holder's turn ends: 5 ms by
    default, over and over with 100 phones running, which made a save queue far longer than its
    work. Shorter turns let such threads back in sooner."""
    sys.setswitchinterval(0.001)
    _cache_theme_messages()


_streamlits_populate_theme_msg = app_session._populate_theme_msg  # kept before it is replaced
# config section -> (the theme message built from it, whether the section sets anything)
_themes: dict[str, tuple[CustomThemeConfig, bool]] = {}


def _cache_theme_messages() -> None:
    """Streamlit builds the page's theme from its config at the start of every run, a room poll's
    too (six sections, each a walk over every config option). Built once per section instead.
    Streamlit polls config.toml whatever the file watcher setting, so a config read again empties
    the cache (a run building from the old config just then may keep that theme until the next
    change)."""
    if app_session._populate_theme_msg is not _populate_theme_msg_cached:
        app_session._populate_theme_msg = _populate_theme_msg_cached
        config.on_config_parsed(_themes.clear, force_connect=True)


def _populate_theme_msg_cached(msg: CustomThemeConfig, section: str = "theme") -> None:
    cached = _themes.get(section)
    if cached is None:
        theme = CustomThemeConfig()
        _streamlits_populate_theme_msg(theme, section)
        cached = _themes[section] = (theme, any(v is not None for v in config.get_options_for_section(section).values()))
    theme, present = cached
    if present:  # Streamlit leaves the message unset for a section that sets nothing
        msg.SetInParent()  # as Streamlit's setting of any option does, defaults included
        msg.MergeFrom(theme)


# Objects allocated (net) between two young collections. Python's 700 suits one thread; here a
# hundred phones' runs are in flight at once, so each young collection finds most of their objects
# still alive and moves them on, and the older generations fill with what dies a moment later
# (at 200 phones, collections took ~10% of each server's CPU; half that with 5,000).
YOUNG_COLLECTION_THRESHOLD = 5000


def after_run() -> None:
    """At the end of every run. After the process's first run, what is loaded by then (Streamlit,
    the pages, the content) lives as long as the server, and each full collection walked it all
    again while every phone on this server waited (~150 ms for this heap, five times a minute at
    100 phones); frozen, the collector leaves it out. A flag, not gc.get_freeze_count(): that
    counts the frozen objects one by one (~200,000), which had doubled a page run's cost."""
    global _first_run_done
    if not _first_run_done:
        _first_run_done = True
        gc.collect()  # the first run's garbage is not kept for the life of the server
        gc.freeze()
        gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])
