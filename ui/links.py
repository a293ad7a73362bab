"""Join and resume links, and the QR code a facilitator projects."""

from __future__ import annotations

import io
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from booster import settings


def base_url() -> str:
    """BOOSTER_PUBLIC_URL when set (a laptop on local Wi-Fi), else the address this browser used."""
    configured = settings.public_url()
    if configured:
        return configured
    parts = urlsplit(st.context.url or "http://localhost:8501")
    return f"{parts.scheme}://{parts.netloc}"


# Both links point at the app's root: the parameters make the visitor a participant, whose
# default screen is the join form (?code=) or their workshop (?s=&t=).
def join_link(code: str, lang: str) -> str:
    return f"{base_url()}/?{urlencode({'code': code, 'lang': lang})}"


def resume_link(code: str, token: str, lang: str) -> str:
    return f"{base_url()}/?{urlencode({'s': code, 't': token, 'lang': lang})}"


def projector_link(view_token: str, lang: str) -> str:
    return f"{base_url()}/?{urlencode({'view': view_token, 'lang': lang})}"


def qr_png(text: str, scale: int = 12) -> bytes:
    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()
