"""The floor for bench/bench_load.py: the least a Streamlit page can do with the same shape as a phone.

A 3 s follow fragment that reads one small file (as the room poll may), and a text field in a
fragment whose every change is written durably (temp file, fsync, rename: what the file store does
for a save). Served by `streamlit run bench/floor_app.py` with FLOOR_DIR set.
"""

import os
import tempfile
from pathlib import Path

import streamlit as st

FOLDER = Path(os.environ.get("FLOOR_DIR", tempfile.gettempdir()))
ROOM = FOLDER / "room.txt"


@st.fragment(run_every=3)
def follow() -> None:
    st.caption(ROOM.read_text() if ROOM.exists() else "-")


@st.fragment
def answer() -> None:
    text = st.text_input("Answer", key="answer")
    if text:
        fd, tmp = tempfile.mkstemp(dir=FOLDER)
        with os.fdopen(fd, "w") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, FOLDER / f"{st.query_params.get('t', 'x')}.txt")


st.title("Floor")
follow()
answer()
