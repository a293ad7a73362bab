"""The projector view: the join code and QR before an activity, the timer and counts during one,
the debrief after reveal. One fragment polls the session, so the wall follows the facilitator.

Sizes are in viewport units so the same screen fills a 1280x720 beamer and a 1920x1080 display
without scrolling. The style sheet below holds no user text.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from booster import workshop
from booster.live import projector, room_timer, sessions as live_sessions
from ui import debrief_view, links, resources
from ui.i18n import lang, t
from ui.room_timer import left_text, now
from ui.text import plain

FOLLOW_SECONDS = 2

# Hide what a room should not see (header and its menu, sidebar, language switch) and size the
# code, QR and timer by the viewport.
ROOM_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], .st-key-ui_lang { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 2vh 3vw 0 3vw !important; max-width: 100% !important; }
[data-testid="stAppViewContainer"] { overflow: hidden; }
.st-key-proj_code p { font-size: 17vh; font-weight: 700; letter-spacing: 0.06em; line-height: 1.05;
  margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.st-key-proj_address p, .st-key-proj_joined p { font-size: 4.5vh; margin: 0; }
.st-key-proj_label p, .st-key-proj_code_label p { font-size: 3vh; margin: 0; opacity: 0.75; }
.st-key-proj_qr img { height: 64vh !important; width: 64vh !important; max-width: none !important; }
.st-key-proj_title p { font-size: 5vh; font-weight: 700; margin: 0; }
.st-key-proj_timer p { font-size: 22vh; font-weight: 700; line-height: 1.1; margin: 0; text-align: center; }
.st-key-proj_counts [data-testid="stMetricValue"] { font-size: 9vh; }
.st-key-proj_counts [data-testid="stMetricLabel"] p { font-size: 3vh; }
.st-key-proj_progress p { font-size: 3vh; }
.st-key-proj_debrief p, .st-key-proj_debrief [data-testid="stCaptionContainer"] { font-size: 2.1vh; line-height: 1.35; }
.st-key-proj_debrief [data-testid="stVerticalBlock"] { gap: 1.2vh; }
</style>
"""


def hide_chrome() -> None:
    st.html(ROOM_CSS)


def _short_address(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc + (parts.path.rstrip("/") or "")


@st.fragment(run_every=FOLLOW_SECONDS)
def wall(code: str) -> None:
    store, at = resources.store(), now()
    session = room_timer.close_if_due(store, live_sessions.polled_session(store, code), at)
    content = resources.content(session.content_version)
    kind, activity = projector.stage(session)
    board = workshop.board(store, code, [], at) if kind != "debrief" else None
    if kind == "join":
        _join_screen(session, board)
    elif kind == "activity":
        _activity_screen(session, activity, content, board, at)
    else:
        with st.container(key="proj_title"):
            st.markdown(f"{content.activity_name(activity, lang())} · {t('projector.results')}")
        with st.container(key="proj_debrief"):
            debrief_view.show(session, activity, content, wide=True)


def _join_screen(session: workshop.Session, board: workshop.Board) -> None:
    join_url = links.join_link(session.code, session.language)
    left, right = st.columns([5, 4], vertical_alignment="center")
    with left:
        with st.container(key="proj_title"):
            st.markdown(plain(session.title))
        with st.container(key="proj_label"):
            st.markdown(t("projector.go_to"))
        with st.container(key="proj_address"):
            st.markdown(f"**{plain(_short_address(links.base_url()))}**")
        with st.container(key="proj_code_label"):
            st.markdown(t("projector.code"))
        with st.container(key="proj_code"):
            st.markdown(session.code)  # made of A-Z and 2-9 only
        with st.container(key="proj_joined"):
            st.markdown(t("projector.joined", n=projector.room_counts(board, "")["joined"]))
    with right.container(key="proj_qr"):
        st.image(links.qr_png(join_url, scale=10), width="content")


def _activity_screen(session: workshop.Session, activity: str, content, board: workshop.Board, at) -> None:
    state = session.state(activity)
    counts = projector.room_counts(board, activity)
    with st.container(key="proj_title"):
        st.markdown(f"{content.activity_name(activity, lang())} · {t('projector.code')} {session.code}")
    with st.container(key="proj_timer"):
        st.markdown(left_text(state, at) or "")
    with st.container(key="proj_counts"):
        cols = st.columns(3)
        cols[0].metric(t("projector.joined_label"), counts["joined"])
        cols[1].metric(t("projector.working"), counts["working"])
        cols[2].metric(t("projector.submitted"), counts["submitted"])
    with st.container(key="proj_progress"):
        st.progress(counts["submitted"] / counts["owners"] if counts["owners"] else 0.0,
                    text=t("projector.progress", done=counts["submitted"], total=counts["owners"]))
