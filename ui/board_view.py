"""The facilitator's live board and activity controls."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from booster import workshop
from booster.files import bundle, print_kit, session_export
from booster.live.debrief import RATINGS
from booster.live.facilitator_board import ACTIVE_SECONDS
from ui import debrief_view, prepared_file, resources, room_timer
from ui.guard import guard, show_problems
from ui.i18n import lang, t
from ui.text import plain

BOARD_REFRESH_SECONDS = 3
ACTIVE_MINUTES = ACTIVE_SECONDS // 60


def activity_controls(session: workshop.Session, activity: str, content) -> None:
    code, state = session.code, session.state(activity)
    status = state.status
    with st.container(border=True, key=f"ctl_{activity}"):
        st.markdown(f"**{content.activity_name(activity, lang())}** · {t('status.' + status)}")
        cols = st.columns(4)
        room_timer.setting_inputs(activity, state, cols[0])
        # on_click callbacks, not `if st.button(...)`: a callback runs as soon as the click reaches
        # the server, while a button's one-shot value can be reset by the board's own refresh run
        # finishing at the same moment (seen as a lost click under load).
        if status != "open":
            cols[1].button(t("facilitator.open"), key=f"open_{activity}", type="primary",
                           on_click=_set_status, args=(code, activity, "open"))
        else:
            cols[1].button(t("facilitator.close"), key=f"close_{activity}",
                           on_click=_set_status, args=(code, activity, "closed"))
        # on_change, not a comparison with the stored flag: a second facilitator tab (laptop and
        # projector) keeps its own widget value and would otherwise write an old one back.
        cols[2].toggle(t("facilitator.reveal"), value=state.revealed, key=f"reveal_{activity}",
                       help=t("facilitator.reveal_help"), on_change=_set_revealed, args=(code, activity))
        if activity != "card_sort":
            debrief_view.field_choice(session, activity, content, cols[3])
        if status == "open" or state.ends_at:
            room_timer.facilitator_panel(code, activity, status)


def _set_status(code: str, activity: str, status: str) -> None:
    minutes = st.session_state.get(f"min_{activity}") if status == "open" else None
    with guard():
        workshop.set_activity_status(resources.store(), code, activity, status, minutes=minutes or None,
                                     auto_close=bool(st.session_state.get(f"auto_{activity}")))


def _set_revealed(code: str, activity: str) -> None:
    with guard():
        workshop.set_revealed(resources.store(), code, activity, st.session_state[f"reveal_{activity}"])


@st.fragment(run_every=BOARD_REFRESH_SECONDS)
def live_board(code: str, content, deck: list[str]) -> None:
    """Refreshes itself; only the facilitator's tab runs this timer, participants never do.
    `deck`: the card ids the session deals (Session.deck)."""
    board = None
    at = dt.datetime.now(dt.UTC)
    with guard():  # the session may have been deleted meanwhile (from another tab or the command line)
        board = workshop.board(resources.store(), code, deck, at)
    if board is None:
        return
    st.subheader(t("board.title"))
    _time_left(board.session, content, at)
    cols = st.columns(3)
    with cols[0].container(key="board_joined"):
        st.metric(t("board.joined"), len(board.participants))
    with cols[1].container(key="board_active"):
        st.metric(t("board.active"), sum(1 for p in board.participants if p.active))
    with cols[2].container(key="board_submitted"):
        st.metric(t("board.submitted_sorts"), board.counts.get("card_sort", {}).get("submitted", 0))
    show_problems(list(board.problems))  # a corrupt file is named, never silently left out of the counts
    if not board.participants:
        st.info(t("board.empty"), icon=":material/group_add:")
        return
    _inactive(board)
    _participants_table(board, content)
    _agreement_chart(board, content)
    _feedback_table(board, content)


def _time_left(session: workshop.Session, content, at) -> None:
    activity = session.current_activity()
    shown = room_timer.left_text(session.state(activity), at) if activity else None
    if shown:
        with st.container(key="board_time_left"):
            st.markdown(f"**{content.activity_name(activity, lang())}** · {shown}")


def _display_name(person: workshop.BoardRow, number: int) -> str:
    return person.name or t("board.unnamed", n=number)


def _inactive(board: workshop.Board) -> None:
    """People (not paper sorts) not seen for more than two minutes: worth a look around the room."""
    quiet = [plain(_display_name(p, i)) for i, p in enumerate(board.participants, 1)
             if p.kind == "person" and not p.active]
    with st.container(key="board_inactive"):
        if quiet:
            st.warning(t("board.inactive", minutes=ACTIVE_MINUTES, names=", ".join(quiet)), icon=":material/snooze:")
        else:
            st.caption(t("board.all_active", minutes=ACTIVE_MINUTES))


def _participants_table(board: workshop.Board, content) -> None:
    rows = [{t("board.name"): _display_name(p, i), t("board.active"): p.active,
             **{content.activity_name(a, lang()): t("progress." + s) for a, s in p.progress.items()}}
            for i, p in enumerate(board.participants, 1)]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="board_participants")


def _agreement_chart(board: workshop.Board, content) -> None:
    """Share in the intended step, as percentages on a titled axis; every label kept whole."""
    st.markdown(f"**{t('board.agreement')}**")
    rows = [(content.card_label(c, lang()), a.share, a.n) for c, a in board.agreement.items() if a.n]
    if not rows:
        st.caption(t("board.no_sorts_yet"))
        return
    rows.sort(key=lambda r: r[1], reverse=True)
    figure = go.Figure(go.Bar(x=[r[1] for r in rows], y=[r[0] for r in rows], orientation="h",
                              customdata=[r[2] for r in rows], marker_color="#1f5fa8",
                              hovertemplate=t("board.agreement_hover", card="%{y}", share="%{x:.0%}",
                                              n="%{customdata}") + "<extra></extra>"))
    figure.update_layout(xaxis={"range": [0, 1], "tickformat": ".0%", "title": {"text": t("board.agreement_axis")}},
                         yaxis={"autorange": "reversed", "automargin": True}, margin={"l": 8, "r": 8, "t": 8, "b": 8},
                         height=max(220, 22 * len(rows) + 90))
    st.plotly_chart(figure, key="board_agreement", config={"displayModeBar": False})


def _feedback_table(board: workshop.Board, content) -> None:
    rows = [{t("board.activity"): content.activity_name(a, lang()),
             **{t(f"analysis.q_{q}"): t("board.rating_cell", mean=f"{v.mean:.1f}", n=v.n)
                for q, v in qs.items() if q in RATINGS}}
            for a, qs in board.feedback.items()]
    st.markdown(f"**{t('board.feedback')}**")
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, key="board_feedback")
    else:
        st.caption(t("board.no_feedback_yet"))


def print_kit_button(session: workshop.Session, content) -> None:
    """The paper kit in the participants' language (cards, placemat, worksheets) as one PDF: one click,
    its bytes given with the button (see ui.prepared_file for why not made on the click), made once per
    content version, language and deck."""
    language = session.language
    with guard():
        st.download_button(t("facilitator.print_kit"), _print_kit_pdf(content.version, language, session.deck(content)),
                           file_name=f"booster-kit-{content.version}-{language}.pdf", mime="application/pdf",
                           key="download_print_kit", help=t("facilitator.print_kit_help"),
                           icon=":material/print:", on_click="ignore")


@st.cache_data(max_entries=16, show_spinner=False)
def _print_kit_pdf(version: str, language: str, deck: list[str]) -> bytes:
    """The kit's content changes only with a new content version (content folders are immutable)."""
    return print_kit.build(resources.content(version), language, deck).pdf


def export_panel(code: str) -> None:
    """Same-day results for the laptop (the analysts' formula-safe export of this session only), and
    the bundle that carries the whole session to an analyst or an offline site. Each is prepared on a
    press and then downloaded (ui.prepared_file): a snapshot of the room at the time it shows, which
    the `exported` audit record is written for."""
    with st.expander(t("facilitator.export"), icon=":material/download:"):
        st.caption(t("facilitator.export_help"))
        _export_files(code)


@st.fragment
def _export_files(code: str) -> None:
    # A fragment: preparing reruns only these buttons, not the whole board.
    store, content = resources.store(), resources.content
    cols = st.columns(3)
    with cols[0]:
        prepared_file.offer("download_session_xlsx", t("analysis.download_xlsx"),
                            lambda: session_export.workbook(store, code, content), file_name=f"booster-session-{code}.xlsx",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            icon=":material/table:", codes=[code], role="facilitator", wanted=code)
    with cols[1]:
        prepared_file.offer("download_session_csvs", t("analysis.download_csvs"),
                            lambda: session_export.csv_zip(store, code, content), file_name=f"booster-session-{code}-csv.zip",
                            mime="application/zip", icon=":material/folder_zip:", codes=[code], role="facilitator",
                            wanted=code)
    with cols[2]:
        prepared_file.offer("download_bundle", t("facilitator.download_bundle"),
                            lambda: bundle.export_bundle(store, code), file_name=f"booster-session-{code}.zip",
                            mime="application/zip", icon=":material/download:", codes=[code], role="facilitator",
                            wanted=code)
