"""Prepare-then-download: a button makes the file, then a download button offers it as bytes.

Why not `st.download_button(data=<callable>)` (made on the click): Streamlit 1.67 keeps such a file
mapped to no session, so the end of any two script runs on the server (a busy room's phones poll
every few seconds) deletes it, often before the browser fetches it - a failed download. Bytes given
at render time belong to this session's screen and stay until the screen itself drops them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from ui import session_records
from ui.guard import guard
from ui.i18n import t

PREPARED = "prepared_files"  # session state: download key -> Prepared
ASKED = "prepare_asked"  # session state: download keys whose prepare button was pressed, not yet made


@dataclass(frozen=True)
class Prepared:
    data: bytes
    made_at: dt.datetime  # aware, UTC
    wanted: object  # what it was made of (a session code, the filters); another wanted drops it


def offer(key: str, label: str, make, *, file_name: str, mime: str, icon: str, codes: list[str], role: str,
          wanted: object = None) -> None:
    """Prepare button -> (spinner while `make()` runs) -> download button with the bytes, the time it was
    made and 'prepare again'. The `exported` audit record is written when the file is made (as
    session_records.audited: a file made is a file handed out), once per preparation, not per click
    on the download. `wanted`: what the file depends on besides live data; when it changes the
    prepared file is dropped."""
    prepared = st.session_state.setdefault(PREPARED, {})
    if key in prepared and prepared[key].wanted != wanted:
        del prepared[key]
    if key in st.session_state.get(ASKED, set()):
        _make(key, label, make, codes, role, wanted)
    if key not in prepared:
        # on_click, not `if st.button(...)`: the click is kept even if a timed refresh ends at that moment.
        st.button(f"{t('analysis.export_prepare')}: {label}", key=f"prep_{key}", icon=icon,
                  on_click=_ask, args=(key,))
        return
    st.download_button(label, prepared[key].data, file_name=file_name, mime=mime, key=key, icon=icon,
                       type="primary", on_click="ignore")
    made_at_caption(prepared[key].made_at)
    st.button(t("analysis.export_again"), key=f"again_{key}", on_click=_ask, args=(key,),
              icon=":material/refresh:", type="tertiary")


def _ask(key: str) -> None:
    st.session_state.setdefault(ASKED, set()).add(key)


def _make(key: str, label: str, make, codes: list[str], role: str, wanted: object) -> None:
    st.session_state[ASKED].discard(key)
    st.session_state[PREPARED].pop(key, None)  # an old file is not offered as the new one if making fails
    with guard(), st.spinner(t("prepared.making", kind=label)):
        data = session_records.audited(make, codes, role)()
        st.session_state[PREPARED][key] = Prepared(data, dt.datetime.now(dt.timezone.utc), wanted)


def made_at_caption(moment: dt.datetime) -> None:
    """'Made at 14:02:11, with the data saved by then': under a prepared file's download."""
    st.caption(t("prepared.made_at", time=_clock(moment)))


def _clock(moment: dt.datetime) -> str:
    """The time in the browser's time zone (the facilitator's wall clock), else in UTC, said so."""
    try:
        return moment.astimezone(ZoneInfo(st.context.timezone)).strftime("%H:%M:%S")
    except (TypeError, ValueError, ZoneInfoNotFoundError):  # no zone sent (AppTest, an old browser)
        return moment.strftime("%H:%M:%S UTC")
