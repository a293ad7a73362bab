"""Facilitator: run a session - join details, activity controls, live board, export."""

import streamlit as st

from booster.live import projector
from ui import board_view, facilitator, links, nav, resources, session_records
from ui.guard import guard
from ui.i18n import t
from ui.text import plain

st.title(t("facilitator.run_title"))
session = None
with guard():
    session = facilitator.unlocked_session()
if session is None:
    session_records.deleted_notice()
    facilitator.sign_in_form()
    st.stop()

code = session.code
content = resources.content(session.content_version)
st.subheader(plain(session.title))
st.caption(" · ".join(plain(text) for text in (session.country, session.agency, session.date)))

with st.container(border=True, key="join_details"):
    left, right = st.columns([2, 1])
    join_url = links.join_link(code, session.language)
    with left.container(key="join_code"):
        st.markdown(f"### {t('facilitator.join_code')}: `{code}`")
    left.code(join_url, language=None)
    wall_url = links.projector_link(projector.view_token(resources.store(), code), session.language)
    left.link_button(t("facilitator.projector"), wall_url, icon=":material/tv:", help=t("facilitator.projector_help"))
    with right.popover(t("facilitator.show_qr"), icon=":material/qr_code_2:"):
        st.image(links.qr_png(join_url), caption=code, width="stretch")

kit_column, copy_column = st.columns(2)
with kit_column:
    board_view.print_kit_button(session, content)
if copy_column.button(t("facilitator.duplicate"), key="duplicate_session", icon=":material/content_copy:",
                      help=t("facilitator.duplicate_help")):
    nav.go("new_session", **{facilitator.COPY_PARAM: code})

st.subheader(t("facilitator.activities"))
for activity in session.activities:
    board_view.activity_controls(session, activity, content)

board_view.live_board(code, content, session.deck(content))
board_view.export_panel(code)
session_records.panel(session, content)
