"""Feedback after each activity on the Booster tool it tested (the card sort's on the toolkit's
structure): three 1-5 ratings and open questions, in the participant's language.

Nothing given here is lost before it is sent: each rating is kept as a draft in the store when it
is chosen, and each text box is our live field (ui/text_field.py, as on the worksheets), kept in
the browser while typed and in the store's draft after a pause - so a reload, a locked phone or a
server restart brings it all back. Sending the feedback stores it and removes the draft.
"""

from __future__ import annotations

import streamlit as st

from booster import workshop
from booster.errors import StoreError
from ui import resources, text_field
from ui.guard import guard
from ui.i18n import lang, t


def _key(activity: str, question: str) -> str:
    return f"fb_{activity}_{question}"


def _text_key(activity: str, question: str) -> str:
    """The text the live field last sent (the field itself is mounted under `_key`)."""
    return f"fbtext_{activity}_{question}"


def _kept_key(activity: str, question: str) -> str:
    """The text the store's draft holds: what the live field is told is saved."""
    return f"fbkept_{activity}_{question}"


def show(session: workshop.Session, participant: workshop.Participant, activity: str, content) -> None:
    language = lang()
    st.subheader(t("feedback.title", subject=content.text(language, "activities", activity, "feedback_subject")))
    st.caption(t("feedback.intro"))
    _load_draft(session, participant, activity, content)
    if st.session_state.pop(send_asked_key(activity), False) and _send(session, participant, activity, content,
                                                                             language):
        st.rerun()  # sent: the screen says so
    for question in content.feedback.questions:
        label = content.feedback_question(question.id, activity, language)
        if question.type == "scale":
            st.radio(label + (" *" if question.required else ""), list(range(question.min, question.max + 1)),
                     index=None, horizontal=True, key=_key(activity, question.id),
                     help=content.feedback_help(question.id, language), on_change=_keep_rating,
                     args=(session.code, participant.id, activity, question.id),
                     format_func=lambda v, q=question: f"{v} · {t(f'feedback.scale_{v}')}"
                     if v in (q.min, q.max) else str(v))
        else:
            text_field.show(_key(activity, question.id), label=label,
                            value=st.session_state.get(_kept_key(activity, question.id)) or "",
                            limit=question.max_length or workshop.MAX_FEEDBACK_TEXT, multiline=True,
                            draft_key=text_field.draft_key(session.code, participant.id, "feedback", activity,
                                                          question.id),
                            on_change=lambda q=question.id: _keep_text(session.code, participant.id, activity, q),
                            required=question.required)
    # A callback, so the click is never lost to the room-follow timer's run (see board_view).
    st.button(t("feedback.submit"), type="primary", key=f"feedback_submit_{activity}", on_click=_ask_send,
              args=(activity,))
    missing = st.session_state.pop(f"fb_missing_{activity}", None)
    if missing:
        st.error(t("feedback.missing", questions=", ".join(missing)), icon=":material/error:")


def _load_draft(session: workshop.Session, participant: workshop.Participant, activity: str, content) -> None:
    """Fill the form from the store's draft the first time this screen shows it (after a reload)."""
    loaded = f"fb_loaded_{activity}"
    if st.session_state.get(loaded):
        return
    draft = {}
    with guard():
        draft = workshop.get_feedback_draft(resources.store(), session.code, participant.id, activity)
    for question in content.feedback.questions:
        value = draft.get(question.id)
        if question.type == "scale":
            st.session_state[_key(activity, question.id)] = value if isinstance(value, int) else None
        else:
            st.session_state[_kept_key(activity, question.id)] = value if isinstance(value, str) else ""
            st.session_state[_text_key(activity, question.id)] = st.session_state[_kept_key(activity, question.id)]
    st.session_state[loaded] = True


def _keep(code: str, pid: str, activity: str, question: str, value) -> bool:
    """Keep one answer in the store's draft; False when the store cannot take it just now (the
    answer stays on screen, and a text stays in the browser's draft, which sends it again)."""
    with guard():
        try:
            workshop.save_feedback_draft(resources.store(), code, pid, activity, {question: value})
            return True
        except StoreError:
            return False
    return False


def _keep_rating(code: str, pid: str, activity: str, question: str) -> None:
    _keep(code, pid, activity, question, st.session_state.get(_key(activity, question)))


def _keep_text(code: str, pid: str, activity: str, question: str) -> None:
    text, _, _ = text_field.typed(_key(activity, question))
    st.session_state[_text_key(activity, question)] = text
    if _keep(code, pid, activity, question, text):
        st.session_state[_kept_key(activity, question)] = text


def send_asked_key(activity: str) -> str:
    """Set by a tap on Send until the form's run sends (pages/participant.py forgets it when the
    screen shows another activity)."""
    return f"fb_send_asked_{activity}"


def _ask_send(activity: str) -> None:
    """The form's run sends (`show`), after this run's callbacks: Streamlit calls a button's callback
    before our text fields', so a comment typed just before the tap, which arrives with it, would
    be kept as a draft after the feedback was sent without it."""
    st.session_state[send_asked_key(activity)] = True


def _send(session: workshop.Session, participant: workshop.Participant, activity: str, content, language: str) -> bool:
    """Store the feedback; True when stored."""
    questions = content.feedback.questions
    answers = {q.id: st.session_state.get(_key(activity, q.id) if q.type == "scale" else _text_key(activity, q.id))
               for q in questions}
    missing = [content.feedback_label(q.id, language) for q in questions if q.required and answers[q.id] is None]
    if missing:
        st.session_state[f"fb_missing_{activity}"] = missing
        return False
    with guard():
        workshop.save_feedback(resources.store(), session.code, participant.id, activity, answers, language,
                               tool=content.feedback_tool(activity))
        return True
    return False
