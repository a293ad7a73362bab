"""Showing text that people typed: as text, never as Markdown or HTML."""

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Escape every Markdown character so st.caption/st.subheader show the text exactly as typed."""
    return _MARKDOWN.sub(r"\\\1", str(text))
