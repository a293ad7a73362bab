"""A participant's rights from their resume link: see and download what is stored about them, and
withdraw it, until the facilitator closes the session to withdrawals (booster.privacy)."""

from __future__ import annotations

import json

import streamlit as st

from booster import workshop
from booster.privacy import rights
from ui import resources, text_field
from ui.guard import guard
from ui.i18n import t

WITHDRAWN = "withdrawn"  # session state: the message to show and the resume token it was for


def panel(session: workshop.Session, participant: workshop.Participant) -> None:
    # on_change="rerun": the expander reports whether it is open, so the files are read only then.
    box = st.expander(t("privacy.my_data"), icon=":material/shield_person:", key="my_data", on_change="rerun")
    with box:
        if session.withdrawals_closed:
            st.info(t("privacy.closed"), icon=":material/lock:")
            return
        st.caption(t("privacy.my_data_help"))
        if box.open:
            _contents(session, participant)


def _contents(session: workshop.Session, participant: workshop.Participant) -> None:
    data = None
    with guard():
        data = rights.my_data(resources.store(), session.code, participant.id)
    if data is None:
        return
    st.json(data, expanded=1)
    st.download_button(t("privacy.download"), json.dumps(data, ensure_ascii=False, indent=1),
                       file_name=f"booster-my-data-{session.code}.json", mime="application/json",
                       key="my_data_download", on_click="ignore", icon=":material/download:")
    group = participant.owner(session) != participant.id  # at a table: its sheet stays
    st.markdown(f"**{t('privacy.withdraw_title')}**")
    st.caption(t("privacy.withdraw_help_group" if group else "privacy.withdraw_help"))
    confirmed = st.checkbox(t("privacy.withdraw_confirm"), key="withdraw_confirm")
    st.button(t("privacy.withdraw_button"), key="withdraw_button", disabled=not confirmed,
              icon=":material/delete:", on_click=_withdraw, args=(session.code, participant.id, group))


def _withdraw(code: str, pid: str, group: bool) -> None:
    with guard():
        rights.withdraw(resources.store(), code, pid)
        st.session_state[WITHDRAWN] = {"message": "privacy.withdrawn_group" if group else "privacy.withdrawn",
                                       "token": st.query_params.get("t", ""), "code": code, "pid": pid}
        st.session_state.pop("participant", None)


def after_withdrawal() -> None:
    """Right after a withdrawal: say what was removed, drop the now dead resume link, forget the
    participant's drafts in this browser, stop."""
    done = st.session_state.get(WITHDRAWN)
    if not done:
        return
    if st.query_params.get("t", "") not in ("", done["token"]):  # they joined again since
        st.session_state.pop(WITHDRAWN)
        return
    for param in ("s", "t"):
        st.query_params.pop(param, None)
    st.success(t(done["message"]), icon=":material/check_circle:")
    # Answers typed but not yet sent are kept in this browser too: they go with the rest.
    text_field.forget_drafts(done.get("code", ""), done.get("pid", ""))
    st.stop()
