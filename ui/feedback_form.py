"""Feedback after each activity on the Booster tool it tested (the card sort's on the toolkit's
structure): three 1-5 ratings and open questions, in the participant's language."""

from __future__ import annotations

import streamlit as st

from booster import workshop
from ui import resources
from ui.guard import guard
from ui.i18n import lang, t


def _key(activity: str, question: str) -> str:
    return f"fb_{activity}_{question}"


def show(session: workshop.Session, participant: workshop.Participant, activity: str, content) -> None:
    language = lang()
    st.subheader(t("feedback.title", subject=content.text(language, "activities", activity, "feedback_subject")))
    st.caption(t("feedback.intro"))
    with st.form(f"feedback_{activity}"):
        for question in content.feedback.questions:
            label = content.feedback_question(question.id, activity, language) + (" *" if question.required else "")
            if question.type == "scale":
                st.radio(label, list(range(question.min, question.max + 1)), index=None, horizontal=True,
                         key=_key(activity, question.id), help=content.feedback_help(question.id, language),
                         format_func=lambda v, q=question: f"{v} · {t(f'feedback.scale_{v}')}"
                         if v in (q.min, q.max) else str(v))
            else:
                st.text_area(label, max_chars=question.max_length, key=_key(activity, question.id))
        # A callback, so the click is never lost to the room-follow timer's run (see board_view).
        st.form_submit_button(t("feedback.submit"), type="primary", key=f"feedback_submit_{activity}",
                              on_click=_send, args=(session, participant, activity, content, language))
    missing = st.session_state.pop(f"fb_missing_{activity}", None)
    if missing:
        st.error(t("feedback.missing", questions=", ".join(missing)), icon=":material/error:")


def _send(session: workshop.Session, participant: workshop.Participant, activity: str, content, language: str) -> None:
    questions = content.feedback.questions
    answers = {q.id: st.session_state.get(_key(activity, q.id)) for q in questions}
    missing = [content.feedback_label(q.id, language) for q in questions if q.required and answers[q.id] is None]
    if missing:
        st.session_state[f"fb_missing_{activity}"] = missing
        return
    with guard():
        workshop.save_feedback(resources.store(), session.code, participant.id, activity, answers, language,
                               tool=content.feedback_tool(activity))
