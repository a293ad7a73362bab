"""The browser side of our `st.components.v2` components: plain HTML, CSS and ES-module JS, no build step.

ui/text_field.py and ui/cardsort_board.py are their Python side. The folder is a package so that
Streamlit serves each JS and CSS file by URL, fetched once per page by the browser, instead of
carrying it inside every element it sends (a worksheet of 18 text fields sent ~190 kB per page
run). pyproject.toml here says how it is installed and found.
"""

from __future__ import annotations

from pathlib import Path

PROJECT = "booster_components"  # pyproject.toml's [project] name: a component's full name is "<PROJECT>.<name>"
FOLDER = Path(__file__).parent


def full_name(name: str) -> str:
    """The name Streamlit knows a component of ours by (and serves its files under)."""
    return f"{PROJECT}.{name}"


def html(asset_dir: str, file: str) -> str:
    """A component's HTML, which Streamlit takes only inline (its JS and CSS go by file name)."""
    return (FOLDER / asset_dir / file).read_text()
