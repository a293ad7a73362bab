"""A worksheet drawn from its content definition, saved field by field as the participant goes.

Streamlit sends a text field's value when the participant leaves it (Tab, tap elsewhere, Enter),
or for one-line fields after a 1 s pause in typing, and each such change is saved at once. Each
save carries the value this screen last saw, so two people at one table editing the same
worksheet are merged field by field, never overwritten.
"""

from __future__ import annotations

import streamlit as st

from booster import workshop
from ui import resources
from ui.guard import guard
from ui.i18n import lang, t


# One-line fields are also saved after a pause in typing, so a reload mid-answer loses nothing;
# Streamlit 1.67's text_area has no such mode and saves when the participant leaves it.
LIVE_PAUSE = "1s"


class Sheet:
    def __init__(self, session: dict, participant: dict, owner: str, activity: str, content):
        self.session, self.participant, self.owner, self.activity = session, participant, owner, activity
        self.content, self.lang = content, lang()
        self.worksheet = content.worksheets[activity]
        response = workshop.get_response(resources.store(), session["id"], owner, activity) or {}
        self.answers: dict = response.get("data", {}).get("answers", {})
        self.status = response.get("status", "in_progress")

    def key(self, field_id: str) -> str:
        return f"ws_{self.activity}_{field_id}"

    def base_key(self, field_id: str) -> str:
        return f"base_{self.activity}_{field_id}"

    def limits(self) -> dict[str, int]:
        return {f.id: f.max_length for f in self.worksheet.fields if getattr(f, "max_length", None)}


def _save(sheet: Sheet, field_id: str, value) -> None:
    """on_change: send this one field with the value it was edited from."""
    base = {field_id: st.session_state.get(sheet.base_key(field_id))}
    with guard():
        doc, conflicts = workshop.save_answers(
            resources.store(), sheet.session["id"], sheet.owner, sheet.activity, {field_id: value},
            base, by=sheet.participant["id"], limits=sheet.limits())
        stored = doc["data"]["answers"].get(field_id)
        st.session_state[sheet.base_key(field_id)] = stored
        if conflicts:
            st.session_state["ws_conflict"] = field_id
        if conflicts or stored != value:  # merged with a table member's work: show the merge
            _show_stored(sheet, field_id, stored)
        st.toast(t("common.saved"), icon=":material/cloud_done:")


def _show_stored(sheet: Sheet, field_id: str, stored) -> None:
    """After a conflict the screen must show what is stored (both texts), or the next edit of this
    field would replace the merge with this screen's text alone."""
    if isinstance(stored, str):
        st.session_state[sheet.key(field_id)] = stored
        return
    prefix = sheet.key(field_id)  # groups and contrasts: their widgets refill from the store
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]
    st.session_state[sheet.base_key(field_id)] = stored


def _sync(sheet: Sheet, field_id: str, to_widget) -> None:
    """Fill a field from the store the first time this screen shows it.

    A table member's later text is not pushed into a field here: the browser may still send the
    old value it holds, which would look like an edit and erase it. It arrives on reload or with
    the refresh button; and a save over text this screen has not seen keeps both texts."""
    key, base = sheet.key(field_id), sheet.base_key(field_id)
    if key not in st.session_state:
        st.session_state[base] = sheet.answers.get(field_id)
        st.session_state[key] = to_widget(sheet.answers.get(field_id))


def _refresh(sheet: Sheet) -> None:
    """Group mode: take the table's latest answers into every field of this screen."""
    prefixes = (f"ws_{sheet.activity}_", f"base_{sheet.activity}_")
    for key in [k for k in st.session_state if str(k).startswith(prefixes)]:
        del st.session_state[key]


def _text_field(sheet: Sheet, field, disabled: bool) -> None:
    label = sheet.content.field_label(sheet.activity, field.id, sheet.lang) + (" *" if field.required else "")
    help_text = sheet.content.field_help(sheet.activity, field.id, sheet.lang)
    _sync(sheet, field.id, lambda v: v or "")
    save = lambda: _save(sheet, field.id, st.session_state[sheet.key(field.id)])  # noqa: E731
    if field.type == "text":
        st.text_input(label, key=sheet.key(field.id), max_chars=field.max_length, disabled=disabled,
                      on_change=save, live=LIVE_PAUSE)
    else:
        st.text_area(label, key=sheet.key(field.id), max_chars=field.max_length, disabled=disabled, on_change=save)
    st.caption(help_text)


def _contrast_field(sheet: Sheet, field, disabled: bool) -> None:
    left, right = sheet.content.contrast_poles(sheet.activity, field.id, sheet.lang)
    st.markdown(f"**{sheet.content.field_label(sheet.activity, field.id, sheet.lang)}**")
    stored = sheet.answers.get(field.id) or {"value": 3, "note": ""}
    value_key, note_key = sheet.key(field.id), sheet.key(field.id + "__note")
    st.session_state.setdefault(value_key, stored.get("value", 3))
    st.session_state.setdefault(note_key, stored.get("note", ""))
    st.session_state.setdefault(sheet.base_key(field.id), sheet.answers.get(field.id))

    def save() -> None:
        _save(sheet, field.id, {"value": st.session_state[value_key], "note": st.session_state[note_key]})

    st.select_slider(f"{left} ↔ {right}", options=[1, 2, 3, 4, 5], key=value_key, disabled=disabled,
                     format_func=lambda v: {1: left, 5: right}.get(v, str(v)), on_change=save)
    st.text_input(t("worksheet.note"), key=note_key, max_chars=field.max_length or 300,
                  disabled=disabled, on_change=save, live=LIVE_PAUSE)


def _group_field(sheet: Sheet, field, disabled: bool) -> None:
    """Repeatable items (several user profiles, 1-3 priority profiles); saved as a whole list."""
    st.markdown(f"**{sheet.content.field_label(sheet.activity, field.id, sheet.lang)}**")
    st.caption(sheet.content.field_help(sheet.activity, field.id, sheet.lang))
    items = list(sheet.answers.get(field.id) or [{}])
    st.session_state.setdefault(sheet.base_key(field.id), sheet.answers.get(field.id))
    for index, item in enumerate(items):
        with st.container(border=True, key=f"{sheet.key(field.id)}_{index}"):
            for sub in field.fields:
                key = f"{sheet.key(field.id)}_{index}_{sub.id}"
                st.session_state.setdefault(key, item.get(sub.id, ""))
                widget, live = (st.text_area, {}) if sub.type == "textarea" else (st.text_input, {"live": LIVE_PAUSE})
                widget(sheet.content.field_label(sheet.activity, f"{field.id}.{sub.id}", sheet.lang),
                       key=key, max_chars=sub.max_length, disabled=disabled,
                       on_change=lambda: _save(sheet, field.id, _group_values(sheet, field, len(items))), **live)
    cols = st.columns(2)
    if not disabled and len(items) < field.max_items and cols[0].button(
            t("worksheet.add_item"), key=f"add_{sheet.key(field.id)}", icon=":material/add:"):
        _save(sheet, field.id, _group_values(sheet, field, len(items)) + [{}])
        st.rerun(scope="fragment")
    if not disabled and len(items) > max(field.min_items, 1) and cols[1].button(
            t("worksheet.remove_item"), key=f"remove_{sheet.key(field.id)}", icon=":material/remove:"):
        _save(sheet, field.id, _group_values(sheet, field, len(items))[:-1])
        for sub in field.fields:
            st.session_state.pop(f"{sheet.key(field.id)}_{len(items) - 1}_{sub.id}", None)
        st.rerun(scope="fragment")


def _group_values(sheet: Sheet, field, count: int) -> list[dict]:
    return [{sub.id: st.session_state.get(f"{sheet.key(field.id)}_{i}_{sub.id}", "") for sub in field.fields}
            for i in range(count)]


RENDERERS = {"text": _text_field, "textarea": _text_field, "contrast": _contrast_field, "group": _group_field}


@st.fragment
def show(session: dict, participant: dict, owner: str, activity: str, content, read_only: bool) -> None:
    """A fragment: typing and saving reruns only the worksheet, not the whole screen."""
    if st.session_state.pop(f"submitted_{activity}", False):
        st.rerun(scope="app")  # submitted: the screen moves on to feedback
    sheet = Sheet(session, participant, owner, activity, content)
    disabled = read_only or sheet.status == "submitted"
    st.caption(content.worksheet_intro(activity, sheet.lang))
    if st.session_state.pop("ws_conflict", None):
        st.warning(t("worksheet.conflict"), icon=":material/merge:")
    if session["mode"] == "group" and not disabled:
        st.button(t("worksheet.refresh"), key=f"refresh_{activity}", icon=":material/sync:",
                  on_click=_refresh, args=(sheet,), help=t("worksheet.refresh_help"))
    for field in sheet.worksheet.fields:
        RENDERERS[field.type](sheet, field, disabled)
    if not disabled:
        _submit(sheet)


def _submit(sheet: Sheet) -> None:
    # A callback, so a click is never lost to the room-follow timer's run (see board_view).
    st.button(t("worksheet.submit"), type="primary", key=f"submit_{sheet.activity}", on_click=_do_submit,
              args=(sheet,))
    missing = st.session_state.pop(f"missing_{sheet.activity}", None)
    if missing:
        st.error(t("worksheet.missing_required", fields=", ".join(missing)), icon=":material/error:")


def _do_submit(sheet: Sheet) -> None:
    answers = (workshop.get_response(resources.store(), sheet.session["id"], sheet.owner, sheet.activity)
               or {}).get("data", {}).get("answers", {})
    missing = [sheet.content.field_label(sheet.activity, f.id, sheet.lang) for f in sheet.worksheet.fields
               if f.required and workshop.is_empty(answers.get(f.id))]
    if missing:
        st.session_state[f"missing_{sheet.activity}"] = missing
        return
    with guard():
        workshop.submit(resources.store(), sheet.session["id"], sheet.owner, sheet.activity)
        st.session_state[f"submitted_{sheet.activity}"] = True
