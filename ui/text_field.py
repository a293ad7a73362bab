"""A text field that loses nothing typed: our own `st.components.v2` component (its HTML, CSS and JS
in booster_components/text_field/, no build step; the JS and CSS are served by URL).

Streamlit 1.67's text_area sends its value only when the participant leaves it; this field sends
it after a pause in typing (0.8 s), keeps a draft in the browser until the server has it, restores
the draft after a reload or a lost connection and sends it again (while the server does not answer,
it says the text is kept on this device), shows a counter, and keeps text
over the limit on screen with a message instead of cutting it. Each send is an event
`{"text", "seq", "shown"[, "base"]}`: `base` is present when the text was typed over another value than
this screen's last save (a restored draft, or typing during a table member's merge); `shown`
is the server text the field last showed, the base when the server session is new (a reconnect).

When the server goes away, Streamlit 1.67 opens its own "Connection error" dialog after about six
failed pings (~3 s; no setting turns it off): a modal that takes the focus and makes the page inert,
so keys typed while it is open are not typed anywhere. Closed (Escape, its Close button, a tap
outside) it stays closed until the page has reconnected, and it closes itself on a reconnect. The
field keeps everything typed before and after it as a draft, says so, and sends it when the server
is back (a reconnect or a reload).
"""

from __future__ import annotations

import streamlit as st

import booster_components
from ui import component_state, resources
from ui.i18n import lang, t

# Drawn in the page, not a shadow root: when Streamlit's "Connection error" dialog closes it gives
# focus back to the element focused before it, and from inside a shadow root that is the root's host,
# which cannot take focus. In the page it is the box itself: the participant closes the dialog and
# types on (the dialog: see the docstring above).
_FIELD = component_state.component("text_field", html=booster_components.html("text_field", "field.html"),
                                   css="field.css", js="field.js", isolate_styles=False)
_FORGET = component_state.component("forget_drafts", html="<span hidden></span>", js="forget.js")
TEXTS = {"counter": "textfield.counter", "too_long": "textfield.too_long", "saving": "textfield.saving",
         "saved": "common.saved", "not_saved": "textfield.not_saved", "restored": "textfield.restored",
         "offline": "textfield.offline"}
NO_BASE = object()  # the event names no base: this screen's last save is the base


def show(key: str, *, label: str, value: str, limit: int, multiline: bool, draft_key: str, on_change,
         required: bool = False, alert: str | None = None, alert_token: int | None = None, help: str = "",
         kept: bool = False) -> None:
    """Mount the field under `key`. `value` is what the store holds (shown unless the participant
    has typed since); `on_change` is called with no arguments after each send (read it with `typed`).
    `kept`: its last send is waiting to be retried (the store could not take it), so the field says
    it is not saved yet and keeps its draft, even where `value` is already the text sent.
    `help` is shown below the field, as a caption would be: inside the field, it costs a save's
    rerun (and a page load, once per field) no element of its own."""
    _FIELD(key=key, on_value_change=on_change, data={
        "label": label, "value": value or "", "limit": limit, "multiline": multiline, "required": required,
        "draft_key": draft_key, "alert": alert, "alert_token": alert_token, "help": help, "kept": kept,
        "text": _texts()})


_TEXTS_BY_LANG: dict[str, tuple[object, dict]] = {}  # language -> (the UI strings read, the field's texts)


def _texts() -> dict:
    """The field's own texts in the screen's language, looked up once per language (a page draws
    many fields, and a save redraws one: each lookup would cost more than the rest of the field)."""
    strings, language = resources.ui_strings(), lang()
    found = _TEXTS_BY_LANG.get(language)
    if found is None or found[0] is not strings:
        found = _TEXTS_BY_LANG[language] = (strings, {name: strings.t(key, language) for name, key in TEXTS.items()})
    return found[1]


def typed(key: str) -> tuple[str, object, str | None]:
    """(text, base, shown) of the field's latest send: base is NO_BASE unless the event names one;
    shown is the server text the field last showed (None if the event has none)."""
    event = (st.session_state.get(key) or {}).get("value") or {}
    text = event.get("text") if isinstance(event.get("text"), str) else ""
    base = event["base"] if isinstance(event.get("base"), str) else NO_BASE
    shown = event["shown"] if isinstance(event.get("shown"), str) else None
    return text, base, shown


def limit_notice(text: str, limit: int) -> bool:
    """Under a built-in text input, which gets no `max_chars` (the browser would cut a long paste
    without a word): its counter, and a message when the text is over the limit; True when over.
    The text stays in the input as it was given."""
    over = len(text or "") - limit
    st.caption(t("textfield.counter", n=len(text or ""), max=limit))
    if over > 0:
        st.error(t("textfield.over_limit", n=over, max=limit), icon=":material/content_cut:")
    return over > 0


def draft_key(code: str, pid: str, *parts: str) -> str:
    """The name of a field's draft in the browser: per session and participant first, so all of a
    participant's drafts can be forgotten at once (`forget_drafts`)."""
    return ":".join((code, pid, *parts))


def forget_drafts(code: str, pid: str) -> None:
    """Remove every draft this browser keeps for the participant (after they withdrew)."""
    _FORGET(key="forget_drafts", data={"prefix": draft_key(code, pid, "")})
