"""How analyst screens show things: tables with translated headers, charts titled in the screen's
language, a search box, the open tab only, a spreadsheet-safe CSV, and the answers sheet cached."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from booster import analysis
from booster.analysis.memo import by_identity
from booster.files import export, export_jobs
from booster.store import store_location
from ui import analysis_filters, prepared_file, session_records
from ui.guard import guard
from ui.i18n import t


def table(df: pd.DataFrame, key: str, columns: dict, percent=(), ratios=(), decimals=(), height="auto") -> None:
    """A read-only table showing `columns` (name -> header) in that order: `percent` columns as
    bars, `ratios` as percentages, `decimals` with two decimals."""
    config = {}
    for column, header in columns.items():
        if column in percent:
            config[column] = st.column_config.ProgressColumn(header, format="percent", min_value=0.0,
                                                             max_value=1.0)
        elif column in ratios:
            config[column] = st.column_config.NumberColumn(header, format="percent")
        elif column in decimals:
            config[column] = st.column_config.NumberColumn(header, format="%.2f")
        else:
            config[column] = header
    st.dataframe(df, key=key, hide_index=True, width="stretch", height=height, placeholder="–",
                 column_order=[c for c in columns if c in df.columns], column_config=config)


def chart(fig, key: str, title: str, on_select="ignore", **layout):
    """A booster.analysis.charts figure, titled in the screen's language above the plot (a title inside the
    plot would be hidden by the tool bar on a phone), as wide as the screen. With `on_select="rerun"`
    a click on a point selects it; the chart's selection state is returned."""
    st.markdown(f"**{title}**")
    fig.update_layout(title=None, margin={"l": 10, "r": 10, "t": 30, "b": 10}, **layout)
    picks = {"on_select": on_select, "selection_mode": "points"} if on_select != "ignore" else {}
    return st.plotly_chart(fig, key=key, width="stretch", config={"displaylogo": False}, **picks)


def search_box(key: str) -> str:
    return st.text_input(t("analysis.search"), key=key, placeholder=t("analysis.search_hint"),
                         icon=":material/search:")


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A CSV a spreadsheet opens safely (no cell is run as a formula)."""
    return export.spreadsheet_safe(df).to_csv(index=False).encode("utf-8")


def fingerprint(df: pd.DataFrame) -> str:
    """A digest of every cell (Streamlit's own hashing samples the rows of large frames)."""
    return hashlib.sha1(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes()).hexdigest()


def answers_wide(answers: pd.DataFrame, activity: str) -> pd.DataFrame:
    """booster.analysis.answers_wide, remembered for the same answers: it takes seconds on a
    store of 40 sessions, and searching reruns the page at every word."""
    return _answers_wide(fingerprint(answers), activity, answers)


@st.cache_data(show_spinner=False, max_entries=8)
def _answers_wide(digest: str, activity: str, _answers: pd.DataFrame) -> pd.DataFrame:
    return analysis.answers_wide(_answers, activity)


_REMEMBERED: dict = {}


def remembered(fn, *args, **kwargs):
    """fn(*args, **kwargs) computed once per identity of its tables (filter_tables gives back the
    same object while the data and filters are unchanged), shared by every analyst's tab; a copy of
    a frame is returned, so the screen may add columns to it."""
    cached = _REMEMBERED.setdefault(fn, by_identity(maxsize=8)(fn))
    result = cached(*args, **kwargs)
    return result.copy() if isinstance(result, pd.DataFrame) else result


def show_open_tab(tabs: dict, views: list, empty_message: str | None = None, always: tuple = ()) -> None:
    """Draw only the open tab's view (the others are not computed). With `empty_message`, show it
    instead of any view not in `always` (there is no data for it)."""
    for tab, view in zip(tabs.values(), views):
        if tab.open:
            with tab:
                if empty_message and view not in always:
                    st.info(empty_message, icon=":material/info:")
                else:
                    with guard():
                        view()


# ---- exports made by the worker process ------------------------------------------------------------

JOBS = "export_jobs"  # session state: kind -> (the filters it was asked with, export_jobs.Job, its sessions)


def asked_with(include_incomplete: bool, kinds: tuple) -> tuple:
    """The screen's filters, as a file made of the filtered data remembers them (another: made again)."""
    return repr(sorted(st.session_state.get(analysis_filters.KEPT, {}).items())), include_incomplete, kinds


@st.fragment(run_every=1.0)
def prepared_downloads(files: list[tuple], sessions: list[str], include_incomplete: bool,
                       kinds: tuple = ("all", ())) -> None:
    """For each (kind, label, file_name, mime, icon): a button that has the worker process make that
    file of these sessions (narrowed by `kinds`: the card and tool filters,
    analysis_filters.kind_filters), a progress bar while it works, then the download. Changed
    filters start over; data arriving meanwhile (a session elsewhere saving) does not: the file holds
    the sessions shown when it was asked for, and 'make again' takes the newer data.

    One fragment polled each second: pressing, progress and the finished download rerun only this
    part, never the whole page, whose run over a large store would hold the server from the phones
    of a live room on the same server."""
    jobs = st.session_state.setdefault(JOBS, {})
    wanted = asked_with(include_incomplete, kinds)
    for kind, label, file_name, mime, icon in files:
        if kind in jobs and jobs[kind][0] != wanted:
            _forget(kind)
        if kind not in jobs:
            st.button(f"{t('analysis.export_prepare')}: {label}", key=f"prep_{kind}", icon=icon,
                      on_click=_start, args=(kind, wanted, list(sessions)))
        elif not jobs[kind][1].done():
            share, step = jobs[kind][1].progress()
            step = t("analysis.export_step_tables") if step in ("", "tables") else step
            st.progress(share, text=t("analysis.export_running", kind=label, step=step))
        else:
            _finished(kind, label, file_name, mime, icon)


def _start(kind: str, wanted: tuple, sessions: list[str]) -> None:
    _, include_incomplete, (cards, tools) = wanted
    with guard():
        st.session_state[JOBS][kind] = (wanted, export_jobs.start(kind, store_location(), sessions,
                                                                  include_incomplete, cards, tools), sessions)


def _forget(kind: str) -> None:
    job = st.session_state[JOBS].pop(kind)[1]
    job.discard()


def _finished(kind: str, label: str, file_name: str, mime: str, icon: str) -> None:
    """The finished file offered as bytes (ui.prepared_file says why not a callable), read once: the
    `exported` audit record is written then, when the file is handed to this screen."""
    wanted, job, sessions, *read = st.session_state[JOBS][kind]
    with guard():
        if not read:
            try:
                read = [session_records.audited(job.result, list(sessions), "analyst")()]
            finally:
                job.discard()  # the screen holds the bytes (or the failure): no copy of participants' words is left
            st.session_state[JOBS][kind] = (wanted, job, sessions, read[0])
        st.download_button(f"{t('analysis.export_ready', kind=label)}", read[0], file_name=file_name, mime=mime,
                           key=f"dl_{kind}", on_click="ignore", icon=icon)
        prepared_file.made_at_caption(job.asked_at)
    st.button(t("analysis.export_again"), key=f"again_{kind}", on_click=_forget, args=(kind,),
              icon=":material/refresh:", type="tertiary")
