"""Which sessions this browser tab has unlocked with the facilitator PIN."""

from __future__ import annotations

import time

import streamlit as st

from booster import workshop
from ui import resources
from ui.guard import guard
from ui.i18n import t

_UNLOCKED = "facilitator_unlocked"
COPY_PARAM = "copy"  # new session screen: start from the setup of this (unlocked) session


def session_to_copy() -> workshop.Session | None:
    """The session named by ?copy= in the URL, if this tab has unlocked it with its PIN."""
    code = st.query_params.get(COPY_PARAM)
    if code and code in st.session_state.get(_UNLOCKED, set()):
        return workshop.get_session(resources.store(), code)
    return None


def unlock(code: str) -> None:
    st.session_state.setdefault(_UNLOCKED, set()).add(code)
    st.session_state["facilitator_code"] = code


def forget(code: str) -> None:
    """This tab no longer runs the session (it was deleted)."""
    st.session_state.get(_UNLOCKED, set()).discard(code)
    st.session_state.pop("facilitator_code", None)
    st.query_params.pop("s", None)


def unlocked_session() -> workshop.Session | None:
    """The session this tab runs, or None; the code is kept in the URL so a reload only asks the PIN."""
    code = st.session_state.get("facilitator_code") or st.query_params.get("s")
    if code and code in st.session_state.get(_UNLOCKED, set()):
        st.query_params["s"] = code
        return workshop.get_session(resources.store(), code)
    return None


def sign_in_form() -> None:
    with st.form("facilitator_sign_in"):
        st.subheader(t("facilitator.sign_in"))
        code = st.text_input(t("facilitator.session_code"), value=st.query_params.get("s", ""), key="fac_code")
        pin = st.text_input(t("facilitator.pin"), type="password", key="fac_pin")
        if st.form_submit_button(t("facilitator.sign_in_button"), type="primary", key="sign_in"):
            with guard():
                session = workshop.get_session(resources.store(), code)
                resources.attempts().attempt(session.code, "facilitator PIN", time.monotonic(),
                                             lambda: workshop.check_pin(resources.store(), session.code, pin))
                unlock(session.code)
                st.rerun()
