"""Participant: join a session with its code, link or QR. No account: a resume link is the identity."""

import streamlit as st

from booster import workshop
from booster.errors import NotFound
from ui import nav, privacy_notice, resources, text_field
from ui.guard import guard
from ui.i18n import lang, set_default, t
from ui.text import plain

if "t" in st.query_params and "s" in st.query_params:
    nav.go("workshop", s=st.query_params["s"], t=st.query_params["t"])

st.title(t("join.title"))
privacy_notice.show()
# No max_chars on these inputs: the browser would cut a long paste without a word (see text_field.limit_notice).
code = st.text_input(t("join.code"), value=st.query_params.get("code", ""),
                     key="join_code", placeholder="K7PQ2M", help=t("join.code_help"))
session = None
if code.strip():
    try:
        session = workshop.get_session(resources.store(), code)
    except NotFound:
        shown = code.strip().upper()
        st.error(t("join.wrong_code", code=plain(shown if len(shown) <= 20 else shown[:20] + "…")),
                 icon=":material/error:")

if session:
    set_default(session.language)
    st.success(plain(session.title), icon=":material/groups:")
    name = st.text_input(t("join.name"), key="join_name", help=t("join.name_help"))
    name_too_long = text_field.limit_notice(name, workshop.MAX_NAME)
    group_id = None
    if session.group_mode:
        group_id = st.selectbox(t("join.table"), list(session.groups), format_func=session.groups.get,
                                key="join_table")
    if st.button(t("join.button"), type="primary", key="join_button", icon=":material/login:", disabled=name_too_long):
        with guard():
            _, token = workshop.join(resources.store(), session.code, name=name,
                                               group_id=group_id, language=lang())
            # Put the resume link in the URL first: the next run is a participant's, with their screens.
            st.query_params.update({"s": session.code, "t": token})
            st.rerun()
