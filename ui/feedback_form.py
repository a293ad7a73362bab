"""Feedback after each activity: three 1-5 ratings and open questions, in the participant's language."""

from __future__ import annotations

import streamlit as st

from booster import workshop
from ui import resources
from ui.guard import guard
from ui.i18n import lang, t


def show(session: dict, participant: dict, activity: str, content) -> None:
    language = lang()
    st.subheader(t("feedback.title", activity=content.activity_name(activity, language)))
    st.caption(t("feedback.intro"))
    with st.form(f"feedback_{activity}"):
        answers = {}
        for question in content.feedback.questions:
            label = content.feedback_label(question.id, language)
            key = f"fb_{activity}_{question.id}"
            if question.type == "scale":
                answers[question.id] = st.radio(
                    label, list(range(question.min, question.max + 1)), index=None, horizontal=True, key=key,
                    captions=None, format_func=lambda v: f"{v} · {t(f'feedback.scale_{v}')}"
                    if v in (question.min, question.max) else str(v))
            else:
                answers[question.id] = st.text_area(label, max_chars=question.max_length, key=key)
        if st.form_submit_button(t("feedback.submit"), type="primary", key=f"feedback_submit_{activity}"):
            with guard():
                workshop.save_feedback(resources.store(), session["id"], participant["id"], activity,
                                       answers, language)
                st.rerun()
