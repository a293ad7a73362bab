"""The privacy notice: the built-in text in the screen's language, or the organisation's own file
(BOOSTER_PRIVACY_NOTICE). Shown on the join screen before anyone types anything."""

from __future__ import annotations

import streamlit as st

from booster import settings
from booster.privacy import rights
from ui.guard import guard
from ui.i18n import lang, t


def retention_sentence() -> str:
    """The retention rule in force, as one sentence in the screen's language."""
    days = settings.retention_days()
    return t("privacy.retention_days", days=days) if days else t("privacy.retention_keep")


def show() -> None:
    """A closed expander holding the notice. A notice file or setting that cannot be used is said
    (in the screen's language) and the built-in notice is shown instead."""
    own, retention = None, None
    with guard():
        own = rights.notice_text(lang())
    with guard():
        retention = retention_sentence()
    if own is None:
        st.caption(t("privacy.notice_short"))
    with st.expander(t("privacy.notice_title"), icon=":material/shield_person:", key="privacy_notice"):
        # The organisation's file is the server operator's text, not a participant's: Markdown is meant.
        st.markdown(own if own is not None else t("privacy.notice", retention=retention or ""))
