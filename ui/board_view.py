"""The facilitator's live board and activity controls."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from booster import workshop
from booster.files import bundle
from ui import resources
from ui.guard import guard, show_problems
from ui.i18n import lang, t

BOARD_REFRESH_SECONDS = 3


def activity_controls(session: workshop.Session, activity: str, content) -> None:
    code, state = session.code, session.state(activity)
    status = state.status
    with st.container(border=True, key=f"ctl_{activity}"):
        st.markdown(f"**{content.activity_name(activity, lang())}** · {t('status.' + status)}")
        cols = st.columns(4)
        cols[0].number_input(t("facilitator.countdown"), 0, 180, 0, key=f"min_{activity}",
                             help=t("facilitator.countdown_help"))
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


def _set_status(code: str, activity: str, status: str) -> None:
    minutes = st.session_state.get(f"min_{activity}") if status == "open" else None
    with guard():
        workshop.set_activity_status(resources.store(), code, activity, status, minutes=minutes or None)


def _set_revealed(code: str, activity: str) -> None:
    with guard():
        workshop.set_revealed(resources.store(), code, activity, st.session_state[f"reveal_{activity}"])


@st.fragment(run_every=BOARD_REFRESH_SECONDS)
def live_board(code: str, content) -> None:
    """Refreshes itself; only the facilitator's tab runs this timer, participants never do."""
    deck = content.card_ids()
    board = workshop.board(resources.store(), code, deck, dt.datetime.now(dt.UTC))
    st.subheader(t("board.title"))
    cols = st.columns(3)
    with cols[0].container(key="board_joined"):
        st.metric(t("board.joined"), len(board.participants))
    with cols[1].container(key="board_active"):
        st.metric(t("board.active"), sum(1 for p in board.participants if p.active))
    with cols[2].container(key="board_submitted"):
        st.metric(t("board.submitted_sorts"), board.counts.get("card_sort", {}).get("submitted", 0))
    show_problems(list(board.problems))  # a corrupt file is named, never silently left out of the counts
    _participants_table(board, content)
    _agreement_chart(board, content)
    _feedback_table(board, content)


def _participants_table(board: workshop.Board, content) -> None:
    rows = [{t("board.name"): p.name or p.id, t("board.active"): p.active,
             **{content.activity_name(a, lang()): t("progress." + s) for a, s in p.progress.items()}}
            for p in board.participants]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="board_participants")


def _agreement_chart(board: workshop.Board, content) -> None:
    agreement = board.agreement
    if not agreement:
        return
    st.markdown(f"**{t('board.agreement')}**")
    df = pd.DataFrame([{"card": content.card_label(c, lang()), "share": a.share, "n": a.n}
                       for c, a in agreement.items() if a.n])
    if not df.empty:
        st.bar_chart(df.set_index("card")["share"], horizontal=True)


def _feedback_table(board: workshop.Board, content) -> None:
    rows = [{"activity": content.activity_name(a, lang()), **{q: f"{v.mean:.1f} (n={v.n})"
             for q, v in qs.items()}} for a, qs in board.feedback.items()]
    if rows:
        st.markdown(f"**{t('board.feedback')}**")
        st.dataframe(pd.DataFrame(rows), hide_index=True, key="board_feedback")


def export_panel(code: str) -> None:
    with st.expander(t("facilitator.export"), icon=":material/download:"), guard():
        st.download_button(t("facilitator.download_bundle"), lambda: bundle.export_bundle(resources.store(), code),
                           file_name=f"booster-session-{code}.zip", mime="application/zip",
                           key="download_bundle")
