"""Every analysis page, each of its tabs, rendered in Bahasa Indonesia on a demo store: no text of
the English UI file and no raw content id may show (titles, labels, help, options, table headers
and cells, chart titles and categories, backlog reasons)."""

from __future__ import annotations

import json
import re

import pytest
from google.protobuf.json_format import MessageToDict

from booster import analysis, demo
from booster.content import LABEL_PATHS, load_content
from booster.store import FileStore

from ui.text import plain

from .conftest import open_page
from .test_indonesian_screens import _PID, _UI_KEY, ENGLISH, IDS, KEYS, _strings

ANALYST = {"role": "analyst", "lang": "id"}
PAGES = {"analysis_cardsort.py": "cs_tab", "analysis_worksheets.py": "ws_tab", "analysis_feedback.py": "fb_tab",
         "analysis_backlog.py": "bl_tab", "analysis_data.py": None}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo_id") / "data"
    demo.generate(FileStore(path), sessions=3, participants=8, seed=2)
    return path


def _content_english() -> list[tuple[str, re.Pattern]]:
    """(item, pattern) for each English name in the content that Indonesian says otherwise (and
    does not contain): a card, step, tool, activity or feedback question named in English."""
    content, found = load_content("v1"), []
    for kind in ("card", "step", "tool", "activity", "feedback"):
        section = LABEL_PATHS[kind][0]
        for item in content.texts["en"][section]:
            english, indonesian = content.label(kind, item, "en"), content.label(kind, item, "id")
            if english not in indonesian:
                found.append((f"{kind} {item}", re.compile(rf"(?<![\w]){re.escape(english)}(?![\w])")))
    return found


CONTENT_ENGLISH = _content_english()
TRACE_TEXT = ("name", "x", "y", "text", "labels", "hovertext")  # what a chart shows of a trace


def _chart_texts(spec: str) -> list[str]:
    """A Plotly chart's words: trace names, category labels, hover text, titles (not styling)."""
    fig = json.loads(spec)
    found = [v for trace in fig.get("data", []) for k in TRACE_TEXT for v in _strings(trace.get(k))]
    layout = fig.get("layout", {})
    for part in [layout, *(v for k, v in layout.items() if re.match(r"(x|y|coloraxis)axis\d*$|legend$", k))]:
        found += _strings((part.get("title") or {}).get("text", "")) if isinstance(part, dict) else []
    found += [a.get("text", "") for a in layout.get("annotations", [])]
    return [t for t in found if not t.startswith("%")]


def _vega_texts(spec: str) -> list[str]:
    """A Vega-Lite chart's axis and tooltip titles (a channel without a title shows its field's name)."""
    encoding = json.loads(spec).get("encoding", {})
    channels = [c for ch in encoding.values() for c in (ch if isinstance(ch, list) else [ch])]
    return [str(c.get("title", c.get("field", ""))) for c in channels if isinstance(c, dict)]


# Columns holding participants' own words (names, answers, comments, group names): their language is theirs.
THEIR_WORDS = {"name", "text", "value", "custom_label", "user_group", "term", "answer", "label_raw"}


def _table_texts(proto) -> list[str]:
    """A table's visible headers and cells: only the columns in its column order, under their headers."""
    frame = proto.value
    config = json.loads(proto.proto.columns or "{}")
    shown = list(proto.proto.column_order) or [str(c) for c in frame.columns]
    found = []
    for column in shown:
        header = (config.get(column) or {}).get("label")
        found.append(header if header is not None else column)
        if column in frame.columns and column not in THEIR_WORDS:
            found += [str(v) for v in frame[column] if isinstance(v, str)]
    return found


def _visible(node) -> list[str]:
    found = []
    kind = getattr(node, "type", None)
    proto = getattr(node, "proto", None)
    if kind == "dataframe":
        found += _table_texts(node)
    elif kind == "plotly_chart":
        found += _chart_texts(proto.spec)
    elif isinstance(getattr(proto, "spec", None), str) and proto.spec:  # a Vega-Lite chart (st.bar_chart)
        found += _vega_texts(proto.spec)
    elif proto is not None:
        data = MessageToDict(proto)
        for hidden in ("id", "data", "icon", "formId", "key"):
            data.pop(hidden, None)
        found += _strings(data)
    for child in getattr(node, "children", {}).values():
        found += _visible(child)
    return found


def _untitled_fields(node) -> list[str]:
    """Vega-Lite channels that show a data column's own name (lower-case identifiers such as `weight`)."""
    found = []
    proto = getattr(node, "proto", None)
    if getattr(node, "type", None) != "plotly_chart" and isinstance(getattr(proto, "spec", None), str) and proto.spec:
        found += [f"chart field shown by its name: {t!r}" for t in _vega_texts(proto.spec)
                  if re.fullmatch(r"[a-z][a-z0-9_]*", t)]
    for child in getattr(node, "children", {}).values():
        found += _untitled_fields(child)
    return found


def _their_names(store) -> list[str]:
    """The names participants and facilitators typed (people, paper tables): their words, in their
    language, which a label such as a sorter's "SESSION · Table 1 (paper)" may hold."""
    people = analysis.load_tables(store, load_content).participants["name"].dropna().astype(str)
    names = {n.strip() for n in people if n.strip()}
    return sorted(names | {plain(n) for n in names}, key=len, reverse=True)  # as typed, or escaped for Markdown


def _problems(at, their_names=()) -> list[str]:
    problems = _untitled_fields(at._tree)
    for text in _visible(at._tree):
        for name in their_names:
            text = text.replace(name, "")
        if not text.strip():
            continue
        problems += [f"English ({key}): {text[:120]!r}" for key, pattern in ENGLISH + CONTENT_ENGLISH
                     if pattern.search(text)]
        # a compound id anywhere in a text; a one-word id (ease, persona) only as the whole text
        problems += [f"raw id {word}: {text[:120]!r}"
                     for word in {*re.findall(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", text), text.strip()} if word in IDS]
        problems += [f"participant id: {text[:120]!r}"] if _PID.search(text) else []
        problems += [f"UI key {k}: {text[:120]!r}" for k in _UI_KEY.findall(text) if k in KEYS]
    return problems


def _tabs(page: str, tab_key: str | None):
    """The page opened, then again on each of its tabs."""
    at = open_page(page, params=ANALYST, state={"ui_lang": "id"})
    yield "first", at
    for label in [tab.label for tab in at.tabs] if tab_key else []:
        at.session_state[tab_key] = label
        at.run()
        yield label, at


@pytest.mark.parametrize("page", PAGES)
def test_every_analysis_view_reads_in_indonesian_without_raw_ids(demo_store, page):
    problems, names = [], _their_names(demo_store)
    for tab, at in _tabs(page, PAGES[page]):
        assert not at.exception, f"{page} / {tab}: {at.exception}"
        problems += [f"{tab}: {p}" for p in _problems(at, names)]
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_the_evidence_of_every_backlog_item_reads_in_indonesian(demo_store):
    at = open_page("analysis_backlog.py", params=ANALYST, state={"ui_lang": "id"})
    at.toggle(key="bl_flagged").set_value(False).run()
    problems, shown = [], []
    for index in range(len(at.selectbox(key="bl_item").options)):
        at.selectbox(key="bl_item").select_index(index).run()
        assert not at.exception, f"item {index}: {at.exception}"
        shown.append(at.selectbox(key="bl_item").value.partition(":")[0])
        problems += [f"{at.selectbox(key='bl_item').value}: {p}" for p in _problems(at)]
    assert {"card", "tool", "structure", "step", "field"} <= set(shown), "every kind of item was opened"
    assert not problems, "\n".join(dict.fromkeys(problems))
