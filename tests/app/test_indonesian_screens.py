"""Every facilitator, participant and projector screen rendered in Bahasa Indonesia, in the states a
workshop goes through: no text of the English UI file and no raw content id may show anywhere on it
(titles, labels, help, options, table headers and cells, chart titles)."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from google.protobuf.json_format import MessageToDict

from booster import workshop
from booster.live import debrief, projector, room_timer
from booster.content import CONTENT_ROOT, load_content, load_ui_strings

from .conftest import last_page, open_page

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_PID = re.compile(r"\bp-[0-9a-f]{10}\b")
_UI_KEY = re.compile(r"\b(?:[a-z_]+\.)+[a-z_]+\b")


def _leaves(node, prefix=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, f"{prefix}{k}.")
    else:
        yield prefix[:-1], str(node)


def _english_phrases() -> list[tuple[str, re.Pattern]]:
    """(key, pattern) for each English UI text that the Indonesian file says differently: its
    longest literal piece (between placeholders), when that piece is long enough to be telling."""
    en = dict(_leaves(yaml.safe_load((CONTENT_ROOT / "ui" / "en.yaml").read_text())))
    strings = load_ui_strings()
    phrases = []
    for key, text in en.items():
        if strings.t(key, "id") == text:
            continue
        piece = max((p.strip(" :.\"'") for p in _PLACEHOLDER.split(text)), key=len)
        if len(piece) >= 4:
            phrases.append((key, re.compile(rf"(?<![\w]){re.escape(piece)}(?![\w])")))
    return phrases


def _content_ids() -> set[str]:
    """Every id of the content and of the stored documents a screen could show instead of a name."""
    content = load_content("v1")
    ids = {*workshop.ACTIVITIES, *content.card_ids(), *content.step_ids(), "activity", "unsure",
           *(q.id for q in content.feedback.questions)}
    for sheet in content.worksheets.values():
        for f in sheet.fields:
            ids |= {f.id, *(sub.id for sub in f.fields)}
    return ids


ENGLISH = _english_phrases()
IDS = _content_ids()
KEYS = {key for key, _ in _leaves(yaml.safe_load((CONTENT_ROOT / "ui" / "en.yaml").read_text()))}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


# Keys of a component's data that hold ids, the participant's own text or storage names, not words.
_COMPONENT_DATA_KEYS = {"id", "ids", "key", "value", "base", "draft_key", "draft_prefix", "pile", "step", "card",
                        "placements", "pending", "seq", "code"}


def _component_words(data):
    if isinstance(data, dict):
        return {k: _component_words(v) for k, v in data.items() if k not in _COMPONENT_DATA_KEYS}
    if isinstance(data, list):
        return [_component_words(v) for v in data]
    return data


def _node_texts(node) -> list[str]:
    found = []
    proto = getattr(node, "proto", None)
    if proto is not None:
        data = MessageToDict(proto)
        data.pop("data", None)  # arrow bytes; the table is read below
        data.pop("id", None)
        if "componentName" in data:  # a custom component: its code is not screen text, its data is
            data = {"words": _component_words(json.loads(data.get("json") or "{}"))}
        spec = data.pop("spec", None)
        found += _strings(data)
        if spec:  # a chart: its titles and category labels
            found += [s for s in _strings(json.loads(spec).get("data", [])) if not s.startswith("%")]
            layout = json.loads(spec).get("layout", {})
            found += [layout.get(axis, {}).get("title", {}).get("text", "") for axis in ("xaxis", "yaxis")]
    if getattr(node, "type", None) == "dataframe":
        frame = node.value
        found += [str(c) for c in frame.columns]
        found += [str(v) for v in frame.to_numpy().ravel() if isinstance(v, str)]
    for child in getattr(node, "children", {}).values():
        found += _node_texts(child)
    return found


def _problems(at) -> list[str]:
    problems = []
    for text in _node_texts(at._tree):
        if text.startswith("http") or not text.strip():
            continue  # links (resume, join) carry ids by design
        for key, pattern in ENGLISH:
            if pattern.search(text):
                problems.append(f"English ({key}): {text[:120]!r}")
        # a compound id anywhere in a text; a one-word id (ease, persona) only as the whole text
        for word in {*re.findall(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", text), text.strip()}:
            if word in IDS:
                problems.append(f"raw id {word}: {text[:120]!r}")
        if _PID.search(text):
            problems.append(f"participant id: {text[:120]!r}")
        problems += [f"UI key {k}: {text[:120]!r}" for k in _UI_KEY.findall(text) if k in KEYS]
    return problems


FAC = {"role": "facilitator", "lang": "id"}


def _busy_session(store, session) -> None:
    """A session mid-workshop: people joined (one unnamed, not seen for long), sorts and worksheets submitted, feedback
    given, a paper sort, the room timer running on the open worksheet."""
    code, content = session.code, load_content("v1")
    deck = content.card_ids()
    workshop.set_activity_status(store, code, "card_sort", "open")
    people = [workshop.join(store, code, name=n, language="id")[0] for n in ("Ayu", "", "Budi")]
    for i, person in enumerate(people):
        placements = {c: content.card(c).intended_step for c in deck}
        placements["persona"] = ["design", "unsure", "understand"][i]
        workshop.save_sort(store, code, person.id, placements, deck, by=person.id)
        workshop.submit(store, code, person.id, "card_sort")
        workshop.save_feedback(store, code, person.id, "card_sort",
                               {"ease": 4, "relevance": 3, "effectiveness": 5, "confusing": "Nama kartu"}, "id")
    workshop.enter_paper_sort(store, code, "Meja 2", {"persona": "understand"})
    workshop.set_activity_status(store, code, "service_challenge", "open", minutes=12)
    workshop.save_answers(store, code, people[0].id, "service_challenge", {"user_group": "Pelaku UMKM desa"})
    workshop.submit(store, code, people[0].id, "service_challenge")
    workshop.save_feedback(store, code, people[0].id, "service_challenge", {"ease": 5}, "id")
    debrief.set_field(store, code, "service_challenge", "user_group", content.worksheets["service_challenge"].fields)

    def long_gone(doc):
        return {**doc, "last_seen": "2025-08-14T00:00:00.000+00:00"}

    store.update((code, "participants", people[1].id), long_gone)


def _wall(store, code: str):
    return open_page("", params={"view": projector.view_token(store, code), "lang": "id"})


def _unlocked(session):
    return {"facilitator_unlocked": {session.code}, "facilitator_code": session.code}


def _screens(store, session):
    """(name, render) for every screen in the states that matter, in workshop order. Participant
    screens open on their default page in one run: a second run would ask AppTest to replay the
    card sort's radio, whose translated format_func AppTest calls outside the script (in English)."""
    code = session.code
    yield "home", lambda: open_page("", params={"lang": "id"})
    yield "join", lambda: open_page("", params={"code": code, "lang": "id"})
    yield "new_session", lambda: open_page("new_session.py", params=FAC)
    yield "run_sign_in", lambda: open_page("run_session.py", params={**FAC, "s": code})
    yield "run_empty", lambda: open_page("run_session.py", params={**FAC, "s": code}, state=_unlocked(session))
    yield "wall_join", lambda: _wall(store, code)
    _, token = workshop.join(store, code, name="Citra", language="id")
    me = {"s": code, "t": token, "lang": "id"}
    yield "participant_waiting", lambda: open_page("", params=me)
    _busy_session(store, session)
    yield "participant_worksheet_timer", lambda: open_page("", params=me)
    yield "run_busy", lambda: open_page("run_session.py", params={**FAC, "s": code}, state=_unlocked(session))
    yield "paper_sort", lambda: open_page("paper_sort.py", params={**FAC, "s": code}, state=_unlocked(session))
    yield "wall_activity", lambda: _wall(store, code)
    room_timer.pause(store, code, "service_challenge")
    yield "wall_paused", lambda: _wall(store, code)
    workshop.set_activity_status(store, code, "user_characteristics", "open")
    yield "participant_user_characteristics", lambda: open_page("", params=me)
    yield "participant_user_characteristics_last_page", lambda: last_page(open_page("", params=me), "user_characteristics")
    workshop.set_activity_status(store, code, "card_sort", "open")
    yield "participant_card_sort", lambda: open_page("", params=me)
    workshop.set_activity_status(store, code, "card_sort", "closed")
    workshop.set_revealed(store, code, "card_sort", True)
    yield "participant_card_sort_revealed", lambda: open_page("", params=me)
    yield "wall_card_sort_debrief", lambda: _wall(store, code)
    workshop.set_activity_status(store, code, "service_challenge", "closed")
    workshop.set_revealed(store, code, "service_challenge", True)
    workshop.set_revealed(store, code, "card_sort", False)
    yield "participant_worksheet_revealed", lambda: open_page("", params=me)
    yield "wall_worksheet_debrief", lambda: _wall(store, code)
    yield "run_revealed", lambda: open_page("run_session.py", params={**FAC, "s": code}, state=_unlocked(session))
    workshop.set_revealed(store, code, "card_sort", True)
    yield "wall_card_sort_ratings", lambda: _wall(store, code)


# What proves each screen was drawn in the state meant (UI key and its parameters, in Indonesian).
EXPECTED = {
    "home": ("home.participant", {}), "join": ("join.button", {}), "new_session": ("facilitator.create", {}),
    "run_sign_in": ("facilitator.sign_in", {}), "run_empty": ("board.empty", {}),
    "wall_join": ("projector.joined", {"n": 0}), "participant_waiting": ("participant.waiting", {}),
    "participant_worksheet_timer": ("timer.left", {"clock": ""}),
    "run_busy": ("board.inactive", lambda number: {"minutes": 2, "names": f"Peserta {number} (tanpa nama)"}), "paper_sort": ("paper.save", {}),
    "wall_activity": ("projector.progress", {"done": 1, "total": 5}),
    "wall_paused": ("timer.paused", {"clock": ""}),
    "participant_user_characteristics": ("worksheet.page_of", {"n": 1, "count": 3}),
    "participant_user_characteristics_last_page": ("worksheet.submit", {}),
    "participant_card_sort": ("cardsort.submit", {}),
    "participant_card_sort_revealed": ("debrief.note_sorts", {"n": 4}),
    "wall_card_sort_debrief": ("debrief.disagreed", {}),
    "participant_worksheet_revealed": ("debrief.note_worksheets", {"n": 1}),
    "wall_worksheet_debrief": ("debrief.word_line", {"word": "umkm", "count": 1, "n": 1}),
    "run_revealed": ("board.feedback", {}),
    "wall_card_sort_ratings": ("debrief.rating_line", {"question": "Kemudahan penggunaan", "mean": "4.0", "n": 3}),
}


def test_every_screen_in_indonesian_shows_no_english_and_no_raw_ids(data_dir, store, session):
    strings, seen, problems = load_ui_strings(), [], {}
    for name, render in _screens(store, session):
        at = render()
        assert not at.exception, (name, at.exception)
        texts = [text.replace("\\", "") for text in _node_texts(at._tree)]
        key, params = EXPECTED[name]
        if callable(params):  # the board numbers the unnamed by join order; joins in the same millisecond go by id
            people = workshop.list_participants(store, session.code)
            params = params(next(i for i, p in enumerate(people, 1) if not p.name and p.kind == "person"))
        assert any(strings.t(key, "id", **params) in text for text in texts), (name, key, texts)
        seen.append(name)
        found = _problems(at)
        if found:
            problems[name] = sorted(set(found))
    assert seen == list(EXPECTED)
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


class _Text:
    """A stand-in screen holding one text, to test the checker itself."""

    def __init__(self, text: str):
        from streamlit.proto.Markdown_pb2 import Markdown

        self.proto = Markdown(body=text)
        self.children = {}


@pytest.mark.parametrize("text, expected", [
    ("Time left 4:12", "English (timer.left)"),
    ("Langkah: card_sort", "raw id card_sort"),
    ("board.title", "UI key board.title"),
    ("Peserta p-0a1b2c3d4e", "participant id"),
    ("effectiveness", "raw id effectiveness"),
    ("Efektivitas", None),
    ("Sisa waktu 4:12", None),
])
def test_the_checker_catches_english_ids_and_keys(text, expected):
    screen = type("Screen", (), {"_tree": _Text(text)})()
    found = [problem.split(":")[0] for problem in _problems(screen)]
    assert found == ([expected] if expected else [])
