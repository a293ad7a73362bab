"""A worksheet drawn from its content definition, saved field by field as the participant goes.

Every text field is our live field (ui/text_field.py): it sends the text after a pause in typing
and when the participant leaves it, and keeps a browser draft until the server has it; each such
change is saved at once. Each save carries the value it was typed over (this screen's last save,
or the base a restored draft names), so two people at one table editing the same worksheet are
merged field by field, never overwritten.
"""

from __future__ import annotations

import copy
import functools

import streamlit as st

from booster import workshop
from booster.analysis.memo import by_identity
from booster.errors import StoreError
from ui import component_state, resources, text_field, unsaved
from ui.guard import guard
from ui.i18n import lang, t
from ui.text import plain

NOT_SET = 0  # a contrast's "not set" choice (how it starts); stored as value None
POSITIONS = [NOT_SET, 1, 2, 3, 4, 5]


class Sheet:
    def __init__(self, session: workshop.Session, participant: workshop.Participant, owner: str, activity: str,
                 content, store=None, response: dict | None = None):
        self.session, self.participant, self.owner, self.activity = session, participant, owner, activity
        self.content, self.lang = content, lang()
        # Asked for once: a cached resource's lookup costs more than a save's own Python work.
        self.store = store or resources.store()
        self.inline = False  # True while the worksheet's run draws its parts with this sheet
        self.worksheet = content.worksheets[activity]
        try:
            if response is None:
                response = workshop.get_response(self.store, session.code, owner, activity) or {}
            st.session_state[f"ws_seen_{activity}"] = response
        except StoreError:  # the store is away: keep drawing the fields (their text stays) from the last read
            response = st.session_state.get(f"ws_seen_{activity}") or {}
        self.answers: dict = response.get("data", {}).get("answers", {})
        self.status = response.get("status", "in_progress")

    def key(self, field_id: str) -> str:
        return f"ws_{self.activity}_{field_id}"

    def base_key(self, field_id: str) -> str:
        return f"base_{self.activity}_{field_id}"

    def field(self, field_id: str):
        return next(f for f in self.worksheet.fields if f.id == field_id)


def _stored_answers(sheet) -> dict:
    response = workshop.get_response(sheet.store, sheet.session.code, sheet.owner, sheet.activity) or {}
    return response.get("data", {}).get("answers", {})


# Streamlit takes any widget value the browser sends that differs from the server's for an edit.
# After the server puts a merge into a widget, a request the browser sent before it received the
# merge still carries the old value: that stale echo must not be saved over the merge.
_PUSHED = "ws_pushed"  # widget key -> (value the browser had, value the server put in)


def _push(key: str, value) -> None:
    """Put a value into a widget from the server, remembering what the browser had."""
    old = st.session_state.get(key)
    if old != value:
        st.session_state[key] = value
        st.session_state.setdefault(_PUSHED, {})[key] = (old, value)


def _typed(key: str):
    """The widget's value as the person left it: a stale echo of a replaced value counts as the
    replacement (only a person typing back the exact replaced text is mistaken for an echo)."""
    value = st.session_state.get(key)
    pushed = st.session_state.get(_PUSHED, {})
    if key in pushed:
        before, after = pushed[key]
        if value == before and value != after:
            st.session_state[key] = after
            return after
        if value != after:
            del pushed[key]  # edited since: the browser had the pushed value
    return value


def _save(sheet: Sheet, field_id: str, value, base=text_field.NO_BASE, *, acknowledge: bool = True) -> None:
    """on_change: send this one field with the value it was edited from (this screen's last save,
    unless the field says it was typed over another value). A save the store cannot take just now
    is kept, with that base, and retried (ui.unsaved); its text stays in the field. `acknowledge`:
    a toast says "Saved". Not for a text box, which says so under itself: a toast after every pause
    in typing covered the foot of a phone's screen, and Streamlit logs a warning for each element a
    fragment's callback draws.

    The save reruns only the field's part of the worksheet, unless it changed something the rest
    of the worksheet shows: then the whole worksheet reruns, as every save did before."""
    if base is text_field.NO_BASE:
        base = st.session_state.get(sheet.base_key(field_id))
    waiting, doc = set(unsaved.pending(sheet.activity)), None
    st.session_state.pop(_SAVED, None)
    with guard():
        try:
            doc = _store_answer(sheet, field_id, value, base, acknowledge=acknowledge)
        except StoreError as exc:
            unsaved.keep(sheet.activity, field_id, value, base, exc)
    if _sheet_changed(sheet, field_id, doc, waiting):
        st.session_state[_REDRAW] = True


_SAVED = "ws_saved"  # the response as this run's save left it: the part drawn next needs no read
_REDRAW = "ws_redraw"  # a save changed more than its part: the callback reruns the whole worksheet


def _callback(fn):
    """A widget callback whose saves rerun the whole worksheet when they ask for it (`_save`);
    otherwise Streamlit reruns the widget's own part."""
    def run(*args, **kwargs) -> None:
        st.session_state.pop(_REDRAW, None)
        fn(*args, **kwargs)
        if st.session_state.pop(_REDRAW, False):
            st.rerun(WORKSHEET)  # a keyed rerun is allowed in a callback only, and ends it
    return run


def _sheet_changed(sheet: Sheet, field_id: str, doc: dict | None, waiting: set) -> bool:
    """Whether a save changed what parts of the worksheet other than its own show: the conflict
    notice at the top, the "not saved yet" notice (a save kept or done), the message of a failed
    submit (the next save takes it away), the status (a table member submitted: every field locks)
    or the picks a choice offers (a table member's profiles)."""
    drawn = st.session_state.get(_drawn_key(sheet.activity)) or {}
    if st.session_state.pop(f"missing_shown_{sheet.activity}", False):
        return True
    if "ws_conflict" in st.session_state or set(unsaved.pending(sheet.activity)) != waiting:
        return True
    if doc is None:
        return False
    if doc.get("status", "in_progress") != drawn.get("status"):
        return True
    answers, own = doc.get("data", {}).get("answers", {}), _part_of(sheet.worksheet, field_id)
    return any(answers.get(source) != seen for (dependant, source), seen in drawn.get("picks", {}).items()
               if _part_of(sheet.worksheet, dependant) != own)


def _store_answer(sheet: Sheet, field_id: str, value, base, *, acknowledge: bool = True) -> dict:
    """Save one field typed over `base` (the value the person started from); returns the saved response."""
    known = st.session_state.get(sheet.base_key(field_id))
    doc, conflicts = workshop.save_answers(
        sheet.store, sheet.session.code, sheet.owner, sheet.activity, {field_id: value},
        {field_id: base}, by=sheet.participant.id)
    unsaved.done(sheet.activity, field_id)
    st.session_state[_SAVED] = doc
    stored = doc["data"]["answers"].get(field_id)
    st.session_state[sheet.base_key(field_id)] = stored
    if conflicts:
        st.session_state["ws_conflict"] = field_id
    if conflicts or stored != value:  # merged with a table member's work: show the merge
        _show_stored(sheet, sheet.field(field_id), stored, known)
    if acknowledge:
        st.toast(t("common.saved"), icon=":material/cloud_done:")
    return doc


def _show_stored(sheet: Sheet, field, stored, known=None) -> None:
    """Put what is stored into the field's widgets, so the next edit starts from the merge.

    Widget values are replaced, never deleted: a later save in the same run (Streamlit calls one
    callback per changed widget) must read the merged values, not empty ones - an empty value
    sent with the merge as its base would erase the table's work."""
    key = sheet.key(field.id)
    if field.type in ("text", "textarea"):
        _push(key, stored if isinstance(stored, str) else "")
    elif field.type == "contrast":
        stored = stored if isinstance(stored, dict) else {}
        _push(key, stored.get("value") or NOT_SET)
        _push(key + "__note", stored.get("note") or "")
    else:
        _fill_group(sheet, field, stored, known)


def _sync(sheet: Sheet, field) -> None:
    """Fill a field from the store the first time this screen shows it.

    A table member's later text is not pushed into a field here: the browser may still send the
    old value it holds, which would look like an edit and erase it. It arrives on reload or with
    the refresh button; and a save over text this screen has not seen keeps both texts."""
    if sheet.base_key(field.id) not in st.session_state:
        kept = unsaved.pending(sheet.activity).get(field.id)  # waiting for the store: shown as sent, on its base
        st.session_state[sheet.base_key(field.id)] = kept[1] if kept else sheet.answers.get(field.id)
        _show_stored(sheet, field, kept[0] if kept else sheet.answers.get(field.id))


def _refresh(sheet: Sheet) -> None:
    """Group mode: take the table's latest answers into every field of this screen."""
    answers = _stored_answers(sheet)
    for field in sheet.worksheet.fields:
        st.session_state[sheet.base_key(field.id)] = answers.get(field.id)
        _show_stored(sheet, field, answers.get(field.id))


def _say_if_over(key: str, limit: int) -> None:
    """Below the field: its text is over the limit (typed, pasted, or two texts merged).

    Widgets get no max_chars: the browser would cut a longer merged text and send the cut text
    back as an edit (and a max_chars that follows the text's length would make a new widget).
    The server refuses a typed text over the limit, with a message, and the text stays here."""
    length = len(st.session_state.get(key) or "")
    if length > limit:
        st.warning(t("worksheet.over_limit", length=length, limit=limit), icon=":material/content_cut:")


def _live_key(key: str) -> str:
    # Component keys may not hold "__" (Streamlit's own id delimiter).
    return key.replace("__", "_") + "_live"


def _missing_alert(sheet: Sheet, field_id: str, first_sub: bool = True) -> dict:
    """After a failed submit: every missing field says so, and the first one is scrolled to."""
    missing = st.session_state.get(f"missing_ids_{sheet.activity}") or []
    if field_id not in missing or not first_sub:
        return {}
    token = st.session_state.get(f"missing_token_{sheet.activity}") \
        if missing[0] == field_id and st.session_state.get(f"missing_fresh_{sheet.activity}") else None
    return {"alert": t("textfield.required_here"), "alert_token": token}


def _text_box(sheet: Sheet, field, key: str, label: str, limit: int, multiline: bool, disabled: bool, on_typed,
              required: bool = False, alert: dict | None = None, help: str = "") -> None:
    """A text field: the live component while it can be edited, a plain disabled widget when not.
    `key` holds the text shown (the store's, refilled after a merge); `on_typed(text, base)` saves
    `field` (the worksheet field the text belongs to). `help` goes below it."""
    if disabled:
        widget = st.text_area if multiline else st.text_input
        widget(label + (" *" if required else ""), key=key, disabled=True)
        _say_if_over(key, limit)
        if help:
            st.caption(help)
        return

    def changed() -> None:
        text, base, shown = text_field.typed(_live_key(key))
        if sheet.base_key(field.id) not in st.session_state:  # a new server session (a reconnect)
            if base is text_field.NO_BASE and shown is not None:
                base = shown  # the field knows what it showed, and so what was typed over
            _sync(sheet, field)
        st.session_state[key] = text
        on_typed(text, base)

    draft = text_field.draft_key(sheet.session.code, sheet.participant.id, sheet.owner, key)
    text_field.show(_live_key(key), label=label, value=st.session_state.get(key) or "", limit=limit,
                    multiline=multiline, draft_key=draft, on_change=_callback(changed), required=required, help=help,
                    kept=field.id in unsaved.pending(sheet.activity), **(alert or {}))


def _text_field(sheet: Sheet, field, disabled: bool) -> None:
    label = sheet.content.field_label(sheet.activity, field.id, sheet.lang)
    _sync(sheet, field)
    _text_box(sheet, field, sheet.key(field.id), label, workshop.field_limit(field), field.type == "textarea",
              disabled, lambda text, base: _save(sheet, field.id, text, base, acknowledge=False), field.required,
              _missing_alert(sheet, field.id), sheet.content.field_help(sheet.activity, field.id, sheet.lang))


def _heading(title: str, help: str) -> None:
    """A field's title in bold and its help below it, small and grey as a caption: one element, not
    two (each element a page run sends costs the server a wake-up of its event loop)."""
    st.markdown(_heading_text(title, help))


@functools.lru_cache(maxsize=512)
def _heading_text(title: str, help: str) -> str:
    return f"**{plain(title)}**" + (f"  \n:small[:gray[{plain(help)}]]" if help else "")


@functools.lru_cache(maxsize=512)
def _position_labels(language: str, left: str, right: str) -> tuple[str, ...]:
    """A contrast's choices in words, formatted once per process and language (the radio formats
    every option twice per run; a page has eight contrasts)."""
    strings = resources.ui_strings()
    return tuple(strings.t(f"worksheet.position_{v}", language, left=left, right=right) for v in POSITIONS)


def _contrast_field(sheet: Sheet, field, disabled: bool) -> None:
    """A contrast is a prompt to think with: where most users sit between the two poles (or not
    set, which is how it starts and is stored as value None), and how the two sides differ."""
    left, right = sheet.content.contrast_poles(sheet.activity, field.id, sheet.lang)
    _heading(f"{sheet.content.field_label(sheet.activity, field.id, sheet.lang)}: {left} ↔ {right}",
             sheet.content.field_help(sheet.activity, field.id, sheet.lang))
    _sync(sheet, field)
    value_key, note_key = sheet.key(field.id), sheet.key(field.id + "__note")

    def save() -> None:
        _save(sheet, field.id, {"value": _typed(value_key) or None, "note": _typed(note_key)})

    labels = _position_labels(sheet.lang, left, right)
    st.radio(t("worksheet.position_question"), options=POSITIONS, key=value_key, disabled=disabled,
             format_func=labels.__getitem__, on_change=_callback(save))

    def save_note(text: str, base) -> None:
        if base is not text_field.NO_BASE:
            base = {**(st.session_state.get(sheet.base_key(field.id)) or {}), "note": base}
        _save(sheet, field.id, {"value": _typed(value_key) or None, "note": text}, base, acknowledge=False)

    _text_box(sheet, field, note_key, t("worksheet.contrast_note"), workshop.field_limit(field), False, disabled,
              save_note)


# ---- repeatable groups: widgets by position, items matched by their id -----------------------


def _ids_key(sheet: Sheet, field) -> str:
    return sheet.key(field.id) + "__ids"


def _item_key(sheet: Sheet, field, index: int, sub) -> str:
    return f"{sheet.key(field.id)}_{index}_{sub.id}"


def _fill_group(sheet: Sheet, field, stored, known=None) -> None:
    """Show the stored items (one empty item when there are none). Each position keeps its item's
    id, so a save matches items by id even when a table member added one meanwhile. The first empty
    item has no id: it is the same first item on every screen of the table (matched by position),
    while each item added with "Add one more" is its adder's own.

    With `known` (what this screen last knew was stored), a widget whose text nobody else changed
    is left alone: the person may be typing in it, and a value pushed from here would replace what
    the browser has not sent yet."""
    items = [item for item in stored if isinstance(item, dict)] if isinstance(stored, list) else []
    items = items or [{}]
    old_ids = st.session_state.get(_ids_key(sheet, field)) or []
    before = {workshop.item_key(item, i): item for i, item in enumerate(known or []) if isinstance(item, dict)}
    st.session_state[_ids_key(sheet, field)] = [item.get(workshop.ITEM_ID) for item in items]
    for index, item in enumerate(items):
        same_place = index < len(old_ids) and old_ids[index] == item.get(workshop.ITEM_ID)
        was = before.get(workshop.item_key(item, index), {})
        for sub in field.fields:
            text = item.get(sub.id) if isinstance(item.get(sub.id), str) else ""
            key = _item_key(sheet, field, index, sub)
            untouched = known is not None and same_place and (was.get(sub.id) or "") == text
            if not (key in st.session_state and untouched):
                _push(key, text)
    for index in range(len(items), len(old_ids)):
        for sub in field.fields:
            st.session_state.pop(_item_key(sheet, field, index, sub), None)


def _group_values(sheet: Sheet, field) -> list[dict]:
    values = []
    for index, item_id in enumerate(st.session_state.get(_ids_key(sheet, field)) or []):
        item = {sub.id: _typed(_item_key(sheet, field, index, sub)) or "" for sub in field.fields}
        values.append({workshop.ITEM_ID: item_id, **item} if item_id else item)
    return values


def _add_item(sheet: Sheet, field) -> None:
    values = _group_values(sheet, field) + [{workshop.ITEM_ID: workshop.new_item_id()}]
    _fill_group(sheet, field, values)
    _save(sheet, field.id, values)


def _remove_item(sheet: Sheet, field) -> None:
    values = _group_values(sheet, field)[:-1]
    _fill_group(sheet, field, values)
    _save(sheet, field.id, values)


def _choices(sheet: Sheet, sub, key: str) -> list[str]:
    """The items written in the group the choice picks from, as picks (`item_key`s, so renaming a
    profile keeps the pick); the current pick is kept even if its profile was removed since, so
    nothing chosen silently disappears. A pick stored as a name (older data) becomes its item's
    pick when a profile has that name."""
    items = sheet.answers.get(sub.choices_from)
    items = items if isinstance(items, list) else []
    picks = [workshop.item_key(item, i) for i, item in enumerate(items)
             if isinstance(item, dict) and str(item.get("name") or "").strip()]
    current = st.session_state.get(key) or None
    if current and current not in picks:
        named = [p for p in picks if workshop.picked_name(sheet.answers, sub.choices_from, p) == current.strip()]
        current = named[0] if named else current
    if st.session_state.get(key) != current:
        st.session_state[key] = current
    return picks + ([current] if current and current not in picks else [])


def _sub_widget(sheet: Sheet, field, sub, key: str, disabled: bool, on_change, alert: dict | None = None) -> None:
    label = sheet.content.field_label(sheet.activity, f"{field.id}.{sub.id}", sheet.lang)
    if sub.type == "choice":
        options = _choices(sheet, sub, key)
        st.selectbox(label + (" *" if sub.required else ""), options, key=key, disabled=disabled,
                     on_change=_callback(on_change), index=None,
                     format_func=lambda pick: workshop.picked_name(sheet.answers, sub.choices_from, pick),
                     placeholder=t("worksheet.pick_one") if options else t("worksheet.nothing_to_pick"),
                     help=sheet.content.field_help(sheet.activity, f"{field.id}.{sub.id}", sheet.lang))
    else:
        _text_box(sheet, field, key, label, workshop.field_limit(sub), sub.type == "textarea", disabled,
                  lambda text, base: on_change(base), sub.required, alert)


def _item_base(sheet: Sheet, field, index: int, sub, base):
    """The group's base for a save of one item's text typed over `base` (a restored draft, a
    reconnect): what this screen knows is stored, with that one text as the person saw it."""
    if base is text_field.NO_BASE:
        return base
    known = copy.deepcopy(st.session_state.get(sheet.base_key(field.id)))
    known = known if isinstance(known, list) else []
    ids = st.session_state.get(_ids_key(sheet, field)) or []
    wanted = (ids[index] if index < len(ids) else None) or f"#{index}"
    for position, item in enumerate(known):
        if isinstance(item, dict) and workshop.item_key(item, position) == wanted:
            item[sub.id] = base
    return known


def _group_field(sheet: Sheet, field, disabled: bool) -> None:
    """Repeatable items (several user profiles, 1-3 priority profiles); saved as a whole list."""
    _heading(sheet.content.field_label(sheet.activity, field.id, sheet.lang),
             sheet.content.field_help(sheet.activity, field.id, sheet.lang))
    _sync(sheet, field)
    count = len(st.session_state[_ids_key(sheet, field)])
    for index in range(count):
        with st.container(border=True, key=f"{sheet.key(field.id)}_{index}"):
            for sub in field.fields:
                first = index == 0 and sub is field.fields[0]

                def save(base=text_field.NO_BASE, index=index, sub=sub) -> None:
                    _save(sheet, field.id, _group_values(sheet, field), _item_base(sheet, field, index, sub, base),
                          acknowledge=sub.type == "choice")

                _sub_widget(sheet, field, sub, _item_key(sheet, field, index, sub), disabled, save,
                            _missing_alert(sheet, field.id, first))
    if disabled:
        return
    # One row for both buttons (columns would send a block for the row and one for each column).
    row = st.container(horizontal=True)
    if count < field.max_items:
        row.button(t("worksheet.add_item"), key=f"add_{sheet.key(field.id)}", icon=":material/add:",
                       on_click=_callback(_add_item), args=(sheet, field))
    if count > max(field.min_items, 1):
        row.button(t("worksheet.remove_item"), key=f"remove_{sheet.key(field.id)}", icon=":material/remove:",
                       on_click=_callback(_remove_item), args=(sheet, field))


RENDERERS = {"text": _text_field, "textarea": _text_field, "contrast": _contrast_field, "group": _group_field}


WORKSHEET = "worksheet"  # the worksheet fragment's key: a save that changes more than its part reruns it


@st.fragment(key=WORKSHEET)
def show(session: workshop.Session, participant: workshop.Participant, owner: str, activity: str, content,
         read_only: bool) -> None:
    """A fragment: typing and saving reruns only the worksheet, not the whole screen; and only one
    part of it (a fragment inside) when the save changes nothing the rest shows."""
    st.session_state.pop(_SAVED, None)
    sheet = Sheet(session, participant, owner, activity, content)
    disabled = read_only or sheet.status == "submitted"
    st.session_state[_drawn_key(activity)] = {"status": sheet.status, "picks": {}}
    st.caption(content.worksheet_intro(activity, sheet.lang))
    # One slot, whatever it holds: the parts below keep their places, so their fragments keep their ids
    # (a part's id is its place: the parts of another page take the same ids when it is shown).
    with st.container():
        # Submitted here, not in the click's callback (see _ask_submit); then the screen moves on to feedback.
        if st.session_state.pop(submit_asked_key(activity), False) and not disabled and _do_submit(sheet):
            st.rerun(scope="app")
        if st.session_state.pop("ws_conflict", None):
            st.warning(t("worksheet.conflict"), icon=":material/merge:")
        if session.group_mode and not disabled:
            st.button(t("worksheet.refresh"), key=f"refresh_{activity}", icon=":material/sync:",
                      on_click=_refresh, args=(sheet,), help=t("worksheet.refresh_help"))
        unsaved.show(activity, lambda field_id, value, base: _store_answer(sheet, field_id, value, base))
    pages = _pages(sheet.worksheet)
    shown = _page_shown(sheet, len(pages))
    if len(pages) > 1:
        _PAGE_HEADING(key=f"ws_page_heading_{activity}", data={
            "text": t("worksheet.page_of", n=shown + 1, count=len(pages)),
            "turn": st.session_state.get(_turns_key(activity), 0)})
    sheet.inline = True
    try:
        for part in pages[shown]:
            _part(sheet, part, read_only)
    finally:
        sheet.inline = False  # a later run of one part alone reads the sheet again
    _page_turns(sheet, shown, len(pages), disabled)
    st.session_state.pop(f"missing_fresh_{activity}", None)  # the first gap was scrolled to once


def _drawn_key(activity: str) -> str:
    return f"ws_drawn_{activity}"


def _parts(worksheet) -> list[tuple[str, ...]]:
    """The worksheet's fields in parts that rerun on their own: one field each, except that a
    choice and the field it picks from (and any field between them) are one part, so typing a
    profile's name changes the picks at once."""
    ids = [f.id for f in worksheet.fields]
    ends = list(range(len(ids)))  # the last field of the part each field starts
    for index, field in enumerate(worksheet.fields):
        for sub in getattr(field, "fields", None) or ():
            source = getattr(sub, "choices_from", None)
            if source in ids:
                low, high = sorted((ids.index(source), index))
                ends[low] = max(ends[low], high)
    parts, start = [], 0
    while start < len(ids):
        end, i = ends[start], start
        while i <= end:  # a part grows over every field whose own part reaches further
            end, i = max(end, ends[i]), i + 1
        parts.append(tuple(ids[start:end + 1]))
        start = end + 1
    return parts


def _part_of(worksheet, field_id: str) -> tuple[str, ...] | None:
    return next((part for part in _parts(worksheet) if field_id in part), None)


@st.fragment
def _part(sheet: Sheet, field_ids: tuple[str, ...], read_only: bool) -> None:
    """Some fields of the worksheet: a save in them reruns just these (see `_save` for when the
    whole worksheet reruns instead)."""
    if not sheet.inline:  # this part alone: the sheet as stored now (a table member may have saved)
        sheet = Sheet(sheet.session, sheet.participant, sheet.owner, sheet.activity, sheet.content, sheet.store,
                      st.session_state.pop(_SAVED, None))
    disabled = read_only or sheet.status == "submitted"
    drawn = st.session_state.setdefault(_drawn_key(sheet.activity), {"status": sheet.status, "picks": {}})
    for field in sheet.worksheet.fields:
        if field.id in field_ids:
            for sub in getattr(field, "fields", None) or ():
                if getattr(sub, "choices_from", None):
                    drawn["picks"][(field.id, sub.choices_from)] = sheet.answers.get(sub.choices_from)
            RENDERERS[field.type](sheet, field, disabled)


# ---- pages: a phone shows a long worksheet a page at a time ---------------------------------

PAGE_WEIGHT = 9  # what one page holds: a text field weighs 1, a contrast 2, a group 1 per item field
# A page's heading, "Part 1 of 3", which takes the focus when the participant turns the page (so a
# phone shows the new page from its top, not from the foot where Next was tapped).
_PAGE_HEADING = component_state.component("worksheet_page", html='<p class="booster-page-of" role="heading" aria-level="2" tabindex="-1"></p>',
                                          js="page.js", css="page.css", isolate_styles=False)


@by_identity(maxsize=8)  # a worksheet of the cached content: its pages are worked out once
def _pages(worksheet) -> list[tuple[tuple[str, ...], ...]]:
    """The worksheet's parts (`_parts`) in pages of at most PAGE_WEIGHT (or one part heavier than
    that), in order; a part is never split. Each page is drawn alone: the User Characteristics
    worksheet (13 fields, 8 of them contrasts) was a long scroll on a 360 px phone, and drawing all
    of it was most of the server's work when an activity opens and every phone in the room draws it."""
    weights = {f.id: {"contrast": 2, "group": len(f.fields)}.get(f.type, 1) for f in worksheet.fields}
    pages, page, weight = [], [], 0
    for part in _parts(worksheet):
        part_weight = sum(weights[field_id] for field_id in part)
        if page and weight + part_weight > PAGE_WEIGHT:
            pages.append(tuple(page))
            page, weight = [], 0
        page.append(part)
        weight += part_weight
    return pages + [tuple(page)] if page else pages


def _page_key(activity: str) -> str:
    return f"ws_page_{activity}"


def _turns_key(activity: str) -> str:
    return f"ws_page_turns_{activity}"


_PAGE_PARAM = "part"  # in the URL, "<activity>-<page number>": a reload opens the page it showed


def _page_shown(sheet: Sheet, count: int) -> int:
    """The page this screen shows: the first, until the participant turns one; after a reload (a
    new server session), the one the URL names. A page drawn after another has its fields filled
    from the store again: Streamlit forgot the values of the widgets it stopped drawing (a
    contrast's position, a profile's pick)."""
    key = _page_key(sheet.activity)
    shown = st.session_state.get(key)
    if shown is None:
        named, _, number = st.query_params.get(_PAGE_PARAM, "").rpartition("-")
        shown = int(number) - 1 if named == sheet.activity and number.isascii() and number.isdigit() else 0
    shown = shown if 0 <= shown < count else 0
    st.session_state[key] = shown
    drawn = f"ws_page_drawn_{sheet.activity}"
    if st.session_state.get(drawn, shown) != shown:
        for part in _pages(sheet.worksheet)[shown]:
            for field_id in part:
                st.session_state.pop(sheet.base_key(field_id), None)
    st.session_state[drawn] = shown
    return shown


def _page_of(worksheet, field_id: str) -> int:
    return next(i for i, page in enumerate(_pages(worksheet)) if any(field_id in part for part in page))


def _go_to_page(sheet: Sheet, page: int) -> None:
    st.session_state[_page_key(sheet.activity)] = page
    if len(_pages(sheet.worksheet)) > 1 and st.query_params.get(_PAGE_PARAM) != f"{sheet.activity}-{page + 1}":
        st.query_params[_PAGE_PARAM] = f"{sheet.activity}-{page + 1}"  # each set is a message to the browser


def _turn_page(sheet: Sheet, page: int) -> None:
    """Back or Next: the new page's heading takes the focus (see _PAGE_HEADING)."""
    _go_to_page(sheet, page)
    st.session_state[_turns_key(sheet.activity)] = st.session_state.get(_turns_key(sheet.activity), 0) + 1


def _page_turns(sheet: Sheet, shown: int, count: int, disabled: bool) -> None:
    """Back and Next (callbacks: the worksheet fragment reruns with the other page), and Submit on
    the last page. Text being typed when one is pressed arrives with the press (the field sends it
    as the press ends: booster_components/text_field/field.js)."""
    if count == 1 and disabled:
        return
    row = st.container(horizontal=True)
    if shown > 0:
        row.button(t("worksheet.previous_page"), key=f"ws_back_{sheet.activity}", icon=":material/arrow_back:",
                   on_click=_turn_page, args=(sheet, shown - 1))
    if shown < count - 1:
        row.button(t("worksheet.next_page"), key=f"ws_next_{sheet.activity}", icon=":material/arrow_forward:",
                   type="secondary" if disabled else "primary", on_click=_turn_page, args=(sheet, shown + 1))
    elif not disabled:
        _submit(sheet, row)
    if not disabled:
        _missing_notice(sheet)


def submit_asked_key(activity: str) -> str:
    """Set by a tap on Submit until the worksheet's run submits (pages/participant.py forgets it
    when the screen shows another activity: no submit later without a new tap)."""
    return f"submit_asked_{activity}"


def _submit(sheet: Sheet, row) -> None:
    # A callback, so a click is never lost to the room-follow timer's run (see board_view).
    row.button(t("worksheet.submit"), type="primary", key=f"submit_{sheet.activity}", on_click=_ask_submit,
               args=(sheet.activity,))


def _ask_submit(activity: str) -> None:
    """The worksheet's run submits (`show`), after this run's callbacks: Streamlit calls a button's
    callback before our text fields', so a text typed just before the tap, which arrives with it,
    would be saved after the submit looked for missing answers."""
    st.session_state[submit_asked_key(activity)] = True


def _missing_notice(sheet: Sheet) -> None:
    """After a failed submit, on the page of the first missing field (which says so itself)."""
    missing = st.session_state.pop(f"missing_{sheet.activity}", None)
    if missing:
        st.session_state[f"missing_shown_{sheet.activity}"] = True  # until the next save reruns the sheet
        st.error(t("worksheet.missing_required", fields=", ".join(missing)), icon=":material/error:")


def _do_submit(sheet: Sheet) -> bool:
    """Submit the worksheet; True when submitted (else the gaps are marked, or guard() said why).
    Saves still waiting for the store go first: once submitted, the sheet (and its retries) is
    no longer on screen. If the store is still away, guard() says so and nothing is submitted."""
    with guard():
        for field_id, (value, base, _) in list(unsaved.pending(sheet.activity).items()):
            _store_answer(sheet, field_id, value, base)
        answers = sheet.answers = _stored_answers(sheet)  # with the saves above: a page turned to shows them
        missing = [f for f in sheet.worksheet.fields if f.required and workshop.is_empty(answers.get(f.id))]
        if missing:
            st.session_state[f"missing_{sheet.activity}"] = [
                sheet.content.field_label(sheet.activity, f.id, sheet.lang) for f in missing]
            st.session_state[f"missing_ids_{sheet.activity}"] = [f.id for f in missing]
            st.session_state[f"missing_token_{sheet.activity}"] = st.session_state.get(
                f"missing_token_{sheet.activity}", 0) + 1
            st.session_state[f"missing_fresh_{sheet.activity}"] = True
            _go_to_page(sheet, _page_of(sheet.worksheet, missing[0].id))
            return False
        workshop.submit(sheet.store, sheet.session.code, sheet.owner, sheet.activity)
        return True
    return False
