"""The run screen's data protection panel: withdrawals on or off, the record of actions, deleting
the session. Also `audited(...)`, which logs an export when a file to download is made."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from booster import workshop
from booster.privacy import audit, deletion, rights
from ui import facilitator, resources
from ui.guard import guard
from ui.i18n import lang, t

DELETED = "deleted_session"  # session state: the code this tab just deleted


def panel(session: workshop.Session, content) -> None:
    code = session.code
    # on_change="rerun": opening it reads the record afresh (the rest of the screen does not refresh).
    box = st.expander(t("privacy.session_title"), icon=":material/shield_person:", key="data_protection",
                      on_change="rerun")
    with box:
        allowed = not session.withdrawals_closed
        # on_change, as with the reveal toggle: a second tab must not write back an old value.
        st.toggle(t("privacy.withdrawals_toggle"), value=allowed, key="withdrawals_allowed",
                  help=t("privacy.withdrawals_help"), on_change=_set_withdrawals, args=(code,))
        st.caption(t("privacy.withdrawals_open" if allowed else "privacy.withdrawals_closed"))
        if box.open:
            _audit_log(code, content)
        _delete_form(code)


def _set_withdrawals(code: str) -> None:
    with guard():
        rights.set_withdrawals(resources.store(), code, st.session_state["withdrawals_allowed"])


def _audit_log(code: str, content) -> None:
    st.markdown(f"**{t('privacy.audit_title')}**")
    st.caption(t("privacy.audit_help"))
    entries = audit.entries(resources.store(), code)
    if not entries:
        st.caption(t("privacy.audit_empty"))
        return
    rows = [{t("privacy.audit_at"): e["at"][:19].replace("T", " "),
             t("privacy.audit_role"): t("privacy.roles." + e["role"]),
             t("privacy.audit_action"): t("privacy.actions." + e["action"]),
             t("privacy.audit_activity"): content.activity_name(e["activity"], lang()) if e.get("activity") else ""}
            for e in reversed(entries)]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="audit_log")


def _delete_form(code: str) -> None:
    st.markdown(f"**{t('privacy.delete_title')}**")
    st.caption(t("privacy.delete_help"))
    # A form: the typed code and the click reach the server together.
    with st.form("delete_session_form", border=False):
        st.text_input(t("privacy.delete_type_code", code=code), key="delete_confirm_code", max_chars=12)
        st.form_submit_button(t("privacy.delete_button"), key="delete_session", icon=":material/delete_forever:",
                              on_click=_delete, args=(code,))


def _delete(code: str) -> None:
    with guard():
        deletion.check_confirmation(code, st.session_state.get("delete_confirm_code", ""))
        deletion.delete_session(resources.store(), code, "facilitator")
        facilitator.forget(code)
        st.session_state[DELETED] = code


def deleted_notice() -> None:
    """Once, after this tab deleted a session: say so."""
    code = st.session_state.pop(DELETED, None)
    if code:
        st.success(t("privacy.deleted", code=code), icon=":material/check_circle:")


def audited(make, codes, role: str):
    """`make` that also logs `exported` for each session its file holds, once the file is made (a
    prepared download, ui.prepared_file: one record per file prepared, not per click on it)."""
    store = resources.store()

    def run():
        data = make()  # logged once it was made: a failed export is not an export
        audit.record_many(store, list(codes), role, "exported")
        return data
    return run
