"""One place that turns the package's errors into messages on screen, in the screen's language."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

import streamlit as st

from booster.errors import BoosterError, slug

log = logging.getLogger("booster")

# Parameters that hold ids: shown as the name under this UI-string prefix (the raw id if none).
_NAMED_PARAMS = {"field": "errors.fields.", "activity": "errors.activities."}


def error_text(exc: BoosterError, tr: Callable[..., str]) -> str:
    """The error in the language of `tr` (a t(key, **params) that returns the key when missing):
    `errors.<ui_key>`, else the class's generic sentence, else the generic one. Never str(exc)."""
    params = dict(getattr(exc, "params", None) or {})
    for name, prefix in _NAMED_PARAMS.items():
        if name in params:
            key = prefix + slug(params[name])
            shown = tr(key)
            params[name] = shown if shown != key else str(params[name])
    keys = ["errors." + str(getattr(exc, "ui_key", "")),
            *("errors." + cls.ui_fallback for cls in type(exc).__mro__ if "ui_fallback" in vars(cls))]
    for key in keys:
        text = tr(key, **params)
        if text != key:
            return text
    return tr("common.unexpected_error")


def show_problems(problems: list[str]) -> None:
    """Say how many stored files could not be used, with the reasons one click away."""
    from ui.i18n import t

    if not problems:
        return
    with st.container(key="analysis_problems"):
        st.warning(t("analysis.problems", n=len(problems)), icon=":material/warning:")
        with st.expander(t("analysis.problems_details"), key="problems_box"):
            st.text("\n".join(problems))


@contextlib.contextmanager
def guard():
    """Show a BoosterError as a message; log anything else and show a generic apology."""
    from ui.i18n import t
    from ui.text import plain

    try:
        yield
    except BoosterError as exc:
        st.error(plain(error_text(exc, t)), icon=":material/error:")
    except Exception:  # noqa: BLE001 - the user sees a sentence, the log keeps the trace
        log.exception("unexpected error")
        st.error(t("common.unexpected_error"), icon=":material/error:")
