"""One place that turns the package's errors into messages on screen."""

from __future__ import annotations

import contextlib
import logging

import streamlit as st

from booster.errors import BoosterError

log = logging.getLogger("booster")


@contextlib.contextmanager
def guard():
    """Show a BoosterError as a message; log anything else and show a generic apology."""
    from ui.i18n import t
    from ui.text import plain

    try:
        yield
    except BoosterError as exc:
        st.error(plain(str(exc)), icon=":material/error:")
    except Exception:  # noqa: BLE001 - the user sees a sentence, the log keeps the trace
        log.exception("unexpected error")
        st.error(t("common.unexpected_error"), icon=":material/error:")
