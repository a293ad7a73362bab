"""The analyst's view of retention: sessions due for deletion under BOOSTER_RETENTION_DAYS, and the
tombstone lines of sessions already deleted."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from booster import settings
from booster.privacy import deletion
from ui import resources, session_records
from ui.guard import guard
from ui.i18n import t


def show() -> None:
    st.subheader(t("privacy.retention_title"))
    session_records.deleted_notice()
    with guard():
        _due(settings.retention_days())
    _delete_form()
    tombs = deletion.tombstones(resources.store())
    if tombs:
        with st.expander(t("privacy.tombstones_title"), icon=":material/history:", key="tombstones"):
            st.text("\n".join(deletion.tombstone_line(tomb) for tomb in tombs))


def _due(days: int | None) -> None:
    if days is None:
        st.caption(t("privacy.retention_unset"))
        return
    due = deletion.due_for_deletion(resources.store(), days, dt.datetime.now(dt.timezone.utc).date())
    if not due:
        st.caption(t("privacy.retention_none_due", days=days))
        return
    with st.container(key="retention_due"):
        st.warning(t("privacy.retention_due", n=len(due), days=days), icon=":material/auto_delete:")
        rows = [{t("facilitator.session_code"): s.code, t("facilitator.date"): s.date,
                 t("facilitator.country"): s.country, t("facilitator.title"): s.title} for s in due]
        st.dataframe(pd.DataFrame(rows), hide_index=True, key="retention_due_table")
        st.caption(t("privacy.retention_how"))


def _delete_form() -> None:
    sessions = sorted(deletion.sessions(resources.store()), key=lambda s: (s.date, s.code))
    if not sessions:
        return
    titles = {s.code: f"{s.code} · {s.date} · {s.title}" for s in sessions}
    with st.form("analyst_delete_form"):
        st.markdown(f"**{t('privacy.analyst_delete_title')}**")
        st.caption(t("privacy.delete_help"))
        st.selectbox(t("analysis.bundle_session"), list(titles), format_func=titles.get, key="analyst_delete_session")
        st.text_input(t("privacy.delete_type_code_any"), key="analyst_delete_code", max_chars=12)
        st.form_submit_button(t("privacy.delete_button"), key="analyst_delete", icon=":material/delete_forever:",
                              on_click=_delete)


def _delete() -> None:
    code = st.session_state.get("analyst_delete_session")
    with guard():
        deletion.check_confirmation(code, st.session_state.get("analyst_delete_code", ""))
        deletion.delete_session(resources.store(), code, "analyst")
        st.session_state[session_records.DELETED] = code
        st.session_state["analyst_delete_code"] = ""
