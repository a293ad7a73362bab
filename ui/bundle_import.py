"""Session bundles uploaded on the analysts' data screen: each imported once, its outcome shown."""

from __future__ import annotations

import re

import streamlit as st

from booster.files import bundle
from ui import resources
from ui.guard import guard
from ui.i18n import t

UPLOAD_RESULTS = "bundle_results"


def safe_file_name(name: str) -> str:
    """An uploaded file's name reduced to letters, digits, dots and dashes (it is shown on screen)."""
    return re.sub(r"[^A-Za-z0-9.\-]+", "-", name or "bundle").strip("-")[:80] or "bundle"


def import_uploads(files) -> bool:
    """Import each uploaded bundle once and say what happened; True when something new came in.

    An upload stays in the widget across reruns, so outcomes are remembered by the file's id; a
    refused bundle is simply checked again (nothing is written) and its reason shown by guard()."""
    done = st.session_state.setdefault(UPLOAD_RESULTS, {})
    added = False
    for upload in files or []:
        name = safe_file_name(upload.name)
        if upload.file_id not in done:
            with guard():
                result = bundle.import_bundle(resources.store(), upload.getvalue(), name)
                done[upload.file_id] = (name, result.code, result.imported)
                added |= result.imported
        if upload.file_id in done:
            name, code, imported = done[upload.file_id]
            if imported:
                st.success(t("analysis.bundle_imported", name=name, code=code), icon=":material/check_circle:")
            else:
                st.info(t("analysis.bundle_already", name=name, code=code), icon=":material/info:")
    return added
