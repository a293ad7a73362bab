"""Worksheet saves the store could not take yet (database unreachable, disk full, data busy).

The text stays in its field, the screen says "not saved yet" with the reason in its language, and
a small timed fragment sends the kept values again until the store takes them; then the screen
reruns once and the notice goes. Only the latest value of each field is kept, and it is sent with
the base the person typed over when the first save failed (not whatever the screen knows at the
retry: a refresh meanwhile would make a retry overwrite a table's work instead of merging with it).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from booster.errors import BoosterError, StoreError
from ui.guard import error_text
from ui.i18n import t

RETRY_SECONDS = 3
_PENDING = "unsaved_fields"  # {activity: {field id: (value, base, error)}}
_TRIED = "unsaved_tried"  # when a save last failed: the first retry waits RETRY_SECONDS after it


def keep(activity: str, field_id: str, value, base, error: StoreError) -> None:
    """Keep the latest value; the base stays the one of the first unsaved value (the server has
    nothing typed since then, so all of it was typed over that base)."""
    waiting = st.session_state.setdefault(_PENDING, {}).setdefault(activity, {})
    if field_id in waiting:
        base = waiting[field_id][1]
    waiting[field_id] = (value, base, error)
    st.session_state[_TRIED] = time.monotonic()


def done(activity: str, field_id: str) -> None:
    st.session_state.get(_PENDING, {}).get(activity, {}).pop(field_id, None)


def pending(activity: str) -> dict:
    return st.session_state.get(_PENDING, {}).get(activity, {})


def show(activity: str, save: Callable[[str, object, object], None]) -> None:
    """Say which saves are waiting and retry them; renders nothing when none are."""
    if pending(activity):
        _retry(activity, save)


@st.fragment(run_every=RETRY_SECONDS)
def _retry(activity: str, save: Callable[[str, object, object], None]) -> None:
    waiting, refused, stored = pending(activity), [], False
    if time.monotonic() - st.session_state.get(_TRIED, 0.0) < RETRY_SECONDS - 0.5:
        waiting = {}  # just failed (this is the run right after): no second wait in the same breath
    for field_id, (value, base, _) in list(waiting.items()):
        try:
            save(field_id, value, base)
            stored = True
        except StoreError as exc:
            keep(activity, field_id, value, base, exc)
            break  # the store is still away: try the rest next time
        except BoosterError as exc:  # refused for good (e.g. the activity was closed meanwhile)
            refused.append(exc)
        done(activity, field_id)
    for exc in refused:
        st.error(error_text(exc, t), icon=":material/error:")
    still = pending(activity)
    if not refused and (stored or not still):
        # Redraw the worksheet from the store: a field whose save went through says "Saved" (those
        # still waiting say "not saved yet" again, and this part says why).
        st.rerun(scope="app")
    if still:
        with st.container(key=f"unsaved_{activity}"):
            reason = error_text(next(iter(still.values()))[2], t)
            st.warning(f"{t('worksheet.not_saved_yet')} {reason}", icon=":material/cloud_off:")
