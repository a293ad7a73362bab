"""The toolkit content: versioned YAML in booster_content/, loaded into validated models.

    booster_content/ui/<lang>.yaml        every UI string (English is the reference)
    booster_content/<version>/structure.yaml   steps, tools, cards, activities, worksheets, feedback
    booster_content/<version>/<lang>.yaml      the texts for every id in the structure

Adding a language is adding files. Every problem is a ContentError naming the file (relative to
the content root), the dotted path inside it and what is wrong. Callers cache what this returns.
"""

from __future__ import annotations

import functools
import re
import string
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError as PydanticError

from .content_models import Card, Structure
from .errors import ContentError
from .piles import UNSURE as UNSURE_PILE

CONTENT_ROOT = Path(__file__).resolve().parents[1] / "booster_content"
REFERENCE_LANGUAGE = "en"


# ---- reading files ---------------------------------------------------------------------------


def _read_yaml(root: Path, relative: str) -> Any:
    path = root / relative
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(relative, "", "the file is missing.") from None
    except UnicodeDecodeError as exc:
        raise ContentError(relative, "", f"is not UTF-8 text ({exc.reason} at byte {exc.start}).") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark else ""
        raise ContentError(relative, line, f"is not valid YAML ({getattr(exc, 'problem', exc)}).") from exc


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _parse_structure(root: Path, version: str) -> Structure:
    relative = f"{version}/structure.yaml"
    raw = _read_yaml(root, relative)
    if not isinstance(raw, dict):
        raise ContentError(relative, "", "must be a mapping with steps, tools, cards, activities, worksheets.")
    try:
        structure = Structure.model_validate(raw)
    except PydanticError as exc:
        first = exc.errors()[0]
        raise ContentError(relative, _dotted(first["loc"]), first["msg"].rstrip(".") + ".") from exc
    _check_references(relative, structure)
    return structure


def _unique(relative: str, section: str, ids: list[str]) -> None:
    seen = set()
    for index, ident in enumerate(ids):
        if ident in seen:
            raise ContentError(relative, f"{section}[{index}].id", f"duplicate id '{ident}'.")
        seen.add(ident)


def _check_references(relative: str, s: Structure) -> None:
    for section in ("steps", "tools", "decks", "cards", "activities"):
        _unique(relative, section, [item.id for item in getattr(s, section)])
    steps, tools = {st.id for st in s.steps}, {tool.id for tool in s.tools}

    def known(value: str, allowed: set, path: str, what: str) -> None:
        if value not in allowed:
            raise ContentError(relative, path, f"unknown {what} '{value}'; known: {', '.join(sorted(allowed))}.")

    for i, tool in enumerate(s.tools):
        known(tool.step, steps, f"tools[{i}].step", "step")
        for j, needed in enumerate(tool.inputs):
            known(needed, tools, f"tools[{i}].inputs[{j}]", "tool")
    decks = {deck.id for deck in s.decks}
    if not any(deck.default for deck in s.decks):
        raise ContentError(relative, "decks", "no deck is marked `default: true`; new sessions would get no cards.")
    for i, card in enumerate(s.cards):
        known(card.intended_step, steps, f"cards[{i}].intended_step", "step")
        for j, deck in enumerate(card.decks):
            known(deck, decks, f"cards[{i}].decks[{j}]", "deck")
    for i, activity in enumerate(s.activities):
        if activity.tool is not None:
            known(activity.tool, tools, f"activities[{i}].tool", "tool")
        if activity.worksheet is not None:
            known(activity.worksheet, set(s.worksheets), f"activities[{i}].worksheet", "worksheet")
    for ws_id, sheet in s.worksheets.items():
        _unique(relative, f"worksheets.{ws_id}.fields", [f.id for f in sheet.fields])
        for j, field in enumerate(sheet.fields):
            if not field.source:
                raise ContentError(relative, f"worksheets.{ws_id}.fields[{j}].source",
                                   "missing: say where the field comes from (`guidebook: <section>` or `app: <why>`).")
        groups = {f.id for f in sheet.fields if f.type == "group"}
        for j, group in enumerate(sheet.fields):
            _unique(relative, f"worksheets.{ws_id}.fields[{j}].fields", [sub.id for sub in group.fields])
            for k, sub in enumerate(group.fields):
                if sub.type == "choice":
                    known(sub.choices_from, groups, f"worksheets.{ws_id}.fields[{j}].fields[{k}].choices_from",
                          "group field")


# ---- texts ---------------------------------------------------------------------------------


def _required_texts(s: Structure) -> list[tuple[str, ...]]:
    """Every text path a language file must hold for this structure."""
    paths: list[tuple[str, ...]] = []
    paths += [("steps", st.id, k) for st in s.steps for k in ("name", "question", "why")]
    paths += [("tools", tool.id, k) for tool in s.tools for k in ("name", "description")]
    paths += [("cards", card.id, k) for card in s.cards for k in ("label", "description")]
    paths += [("decks", deck.id, k) for deck in s.decks for k in ("name", "description")]
    paths += [("activities", a.id, k) for a in s.activities for k in ("name", "intro", "feedback_subject")]
    paths += [("feedback", q.id, k) for q in s.feedback.questions for k in ("label", "question", "help")]
    paths += [("piles", UNSURE_PILE, k) for k in ("label", "description")]
    for ws_id, sheet in s.worksheets.items():
        paths += [("worksheets", ws_id, k) for k in ("title", "intro")]
        for f in sheet.fields:
            base = ("worksheets", ws_id, "fields", f.id)
            paths += [base + (k,) for k in ("label", "help")]
            paths += [base + ("fields", sub.id, k) for sub in f.fields for k in ("label", "help")]
            paths += [("poles", pole) for pole in f.poles]
    return paths


def _lookup(texts: Any, path: tuple[str, ...]) -> Any:
    node = texts
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _check_texts(relative: str, texts: Any, s: Structure) -> None:
    if not isinstance(texts, dict):
        raise ContentError(relative, "", "must be a mapping of sections (steps, tools, cards, ...).")
    for path in _required_texts(s):
        value = _lookup(texts, path)
        if not isinstance(value, str) or not value.strip():
            problem = "missing translation" if value is None else "must be a non-empty text"
            raise ContentError(relative, ".".join(path), f"{problem}.")
    known = {"steps": s.steps, "tools": s.tools, "decks": s.decks, "cards": s.cards, "activities": s.activities,
             "feedback": s.feedback.questions}
    for section, items in known.items():
        extra = set(texts.get(section) or {}) - {item.id for item in items}
        if extra:
            raise ContentError(relative, f"{section}.{sorted(extra)[0]}",
                               "is not an id in structure.yaml; remove it or add it to the structure.")
    labels: dict[str, str] = {}
    for card in s.cards:
        label = texts["cards"][card.id]["label"].strip().casefold()
        if label in labels:
            raise ContentError(relative, f"cards.{card.id}.label",
                               f"duplicate card label (also used by '{labels[label]}'); labels must be unique.")
        labels[label] = card.id


# ---- UI strings ----------------------------------------------------------------------------


def _flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(node, dict):
        return {prefix: node}
    flat: dict[str, Any] = {}
    for key, value in node.items():
        flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class UiStrings:
    """Every UI string in every language; t() falls back to the key so a gap is visible, not fatal."""

    def __init__(self, strings: dict[str, dict[str, str]]):
        self.strings = strings
        self.languages = list(strings)

    def t(self, key: str, lang: str, **kwargs: Any) -> str:
        text = self.strings.get(lang, {}).get(key) or self.strings[REFERENCE_LANGUAGE].get(key) or key
        try:
            return text.format(**kwargs) if kwargs else text
        except (KeyError, IndexError, ValueError):
            return text


def available_languages(root: Path = CONTENT_ROOT) -> list[str]:
    found = sorted(p.stem for p in (Path(root) / "ui").glob("*.yaml"))
    return sorted(found, key=lambda code: code != REFERENCE_LANGUAGE)


def version_key(version: str) -> list:
    """Natural order of version names: v2 before v10 (text parts compare as text, numbers as numbers)."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", str(version)) if p]


def newest_version(versions) -> str | None:
    """The newest of some version names (v10 is newer than v9); None when there are none."""
    return max(versions, key=version_key, default=None)


RELEASED = "released"  # a version's `status` (structure.yaml); the refinement loop writes `proposed` ones


def default_version(root: Path = CONTENT_ROOT) -> str | None:
    """The version new sessions start with: the newest released one (a proposed version is picked on
    purpose at set-up), else the newest of all; None without any version."""
    versions = available_versions(root)
    load = cached_content if Path(root) == CONTENT_ROOT else functools.partial(load_content, root=root)
    released = [v for v in versions if load(v).structure.status == RELEASED]
    return (released or versions or [None])[-1]


def available_versions(root: Path = CONTENT_ROOT) -> list[str]:
    """The content versions in booster_content/, oldest first (natural order: the last is the newest)."""
    return sorted((p.parent.name for p in Path(root).glob("*/structure.yaml")), key=version_key)


def load_ui_strings(root: Path = CONTENT_ROOT) -> UiStrings:
    root = Path(root)
    languages = available_languages(root)
    if REFERENCE_LANGUAGE not in languages:
        raise ContentError(f"ui/{REFERENCE_LANGUAGE}.yaml", "", "the file is missing.")
    flat = {lang: _flatten(_read_yaml(root, f"ui/{lang}.yaml") or {}) for lang in languages}
    reference = flat[REFERENCE_LANGUAGE]
    for lang, strings in flat.items():
        relative = f"ui/{lang}.yaml"
        for key, value in strings.items():
            if key not in reference:
                raise ContentError(relative, key, "is not a key of ui/en.yaml; remove it or add it there.")
            if not isinstance(value, str) or not value.strip():
                raise ContentError(relative, key, "must be a non-empty text.")
            try:
                found = _placeholders(value)
            except ValueError as exc:  # a stray { or } would otherwise escape as a bare ValueError
                raise ContentError(relative, key, f"has an unmatched brace ({exc}).") from exc
            if found != _placeholders(reference[key]):
                raise ContentError(relative, key, f"has placeholders {sorted(found)}, but "
                                   f"ui/en.yaml has {sorted(_placeholders(reference[key]))}.")
        for key in reference:
            if key not in strings:
                raise ContentError(relative, key, "missing translation.")
    return UiStrings(flat)


# ---- the content of one version ----------------------------------------------------------


LABEL_PATHS = {  # kind of label -> (section of the texts, key of the name inside an item)
    "card": ("cards", "label"), "step": ("steps", "name"), "tool": ("tools", "name"),
    "activity": ("activities", "name"), "feedback": ("feedback", "label"), "pile": ("piles", "label"),
    "pole": ("poles", None), "deck": ("decks", "name"),
}


class Content:
    """One content version: the structure plus its texts in every language."""

    def __init__(self, structure: Structure, texts: dict[str, dict]):
        self.structure, self.texts = structure, texts
        self.version, self.languages = structure.version, list(texts)
        self.steps, self.tools, self.cards = structure.steps, structure.tools, structure.cards
        self.activities, self.worksheets, self.feedback = (structure.activities, structure.worksheets,
                                                           structure.feedback)
        self._cards = {card.id: card for card in self.cards}

    def text(self, lang: str, *path: str) -> str:
        return _lookup(self.texts.get(lang) or self.texts[REFERENCE_LANGUAGE], path)

    def step_ids(self) -> list[str]:
        return [s.id for s in self.steps]

    def card_ids(self) -> list[str]:
        return [c.id for c in self.cards]

    def card(self, card_id: str) -> Card:
        return self._cards[card_id]

    def card_kind(self, card_id: str) -> str | None:
        """tool, sub_step or app; None for a card this version does not know."""
        card = self._cards.get(card_id)
        return card.kind if card else None

    def card_kinds(self) -> dict[str, str]:
        return {card.id: card.kind for card in self.cards}

    def deck_ids(self) -> list[str]:
        return [deck.id for deck in self.structure.decks]

    def default_decks(self) -> list[str]:
        """The decks a new session sorts unless the facilitator adds others."""
        return [deck.id for deck in self.structure.decks if deck.default]

    def deck_card_ids(self, decks=None) -> list[str]:
        """The cards a session deals: those in any of `decks`, in content order. `None` (a session
        made before decks existed) deals every card of the version, as such sessions did."""
        if decks is None:
            return self.card_ids()
        chosen = set(decks)
        return [card.id for card in self.cards if chosen & set(card.decks)]

    def step_name(self, step_id: str, lang: str) -> str:
        return self.text(lang, "steps", step_id, "name")

    def step_question(self, step_id: str, lang: str) -> str:
        return self.text(lang, "steps", step_id, "question")

    def card_label(self, card_id: str, lang: str) -> str:
        return self.text(lang, "cards", card_id, "label")

    def card_description(self, card_id: str, lang: str) -> str:
        return self.text(lang, "cards", card_id, "description")

    def tool_name(self, tool_id: str, lang: str) -> str:
        return self.text(lang, "tools", tool_id, "name")

    def activity_name(self, activity_id: str, lang: str) -> str:
        return self.text(lang, "activities", activity_id, "name")

    def activity_intro(self, activity_id: str, lang: str) -> str:
        return self.text(lang, "activities", activity_id, "intro")

    def worksheet_intro(self, worksheet_id: str, lang: str) -> str:
        return self.text(lang, "worksheets", worksheet_id, "intro")

    def _field_path(self, worksheet_id: str, field_path: str) -> tuple[str, ...]:
        parts = field_path.split(".")
        path = ("worksheets", worksheet_id, "fields", parts[0])
        return path + (("fields", parts[1]) if len(parts) > 1 else ())

    def field_label(self, worksheet_id: str, field_path: str, lang: str) -> str:
        """field_path is a field id, or `group.subfield` for a field inside a repeatable group."""
        return self.text(lang, *self._field_path(worksheet_id, field_path), "label")

    def field_help(self, worksheet_id: str, field_path: str, lang: str) -> str:
        return self.text(lang, *self._field_path(worksheet_id, field_path), "help")

    def pole_ids(self, worksheet_id: str, field_id: str) -> tuple[str, str] | None:
        """The two pole ids of a contrast field; None for an unknown worksheet or field, or not a contrast."""
        sheet = self.worksheets.get(worksheet_id)
        field = next((f for f in sheet.fields if f.id == field_id), None) if sheet else None
        return tuple(field.poles) if field is not None and field.poles else None

    def contrast_poles(self, worksheet_id: str, field_id: str, lang: str) -> tuple[str, str]:
        field = next(f for f in self.worksheets[worksheet_id].fields if f.id == field_id)
        left, right = field.poles
        return self.text(lang, "poles", left), self.text(lang, "poles", right)

    def feedback_label(self, question_id: str, lang: str) -> str:
        """The question's short name, as analysts see it ("Ease of use")."""
        return self.text(lang, "feedback", question_id, "label")

    def feedback_tool(self, activity_id: str) -> str:
        """What an activity's feedback rates: its Booster tool, or `structure` (the toolkit's steps and
        tools, rated after the card sort). Stored with each feedback so analysts can group by tool."""
        activity = next(a for a in self.activities if a.id == activity_id)
        return activity.tool or "structure"

    def feedback_question(self, question_id: str, activity_id: str, lang: str) -> str:
        """The question as a participant reads it, naming what it rates ("How easy was the Service
        Challenge tool to follow?")."""
        subject = self.text(lang, "activities", activity_id, "feedback_subject")
        return self.text(lang, "feedback", question_id, "question").replace("{subject}", subject)

    def feedback_help(self, question_id: str, lang: str) -> str:
        return self.text(lang, "feedback", question_id, "help")

    def pile_label(self, pile: str, lang: str) -> str:
        return self.text(lang, "piles", pile, "label")

    def label(self, kind: str, item_id: str, lang: str, default: str | None = None) -> str:
        """The name of a card, step, tool, activity, feedback question, pile or worksheet field
        (item id `<worksheet>.<field>` or `<worksheet>.<group>.<subfield>`) in `lang` (English when
        the language is unknown), or a contrast's pole. Never raises for an id: without a text it
        returns `default`, or the id itself when no default is given. An unknown `kind` is a
        programming error (ValueError)."""
        if kind == "field":
            worksheet, _, field_path = str(item_id).partition(".")
            path = (*self._field_path(worksheet, field_path), "label")
        elif kind in LABEL_PATHS:
            section, leaf = LABEL_PATHS[kind]
            path = (section, str(item_id), *([leaf] if leaf else []))
        else:
            raise ValueError(f"{kind!r} is not a kind of label; use one of field, {', '.join(LABEL_PATHS)}.")
        found = _lookup(self.texts.get(lang) or self.texts.get(REFERENCE_LANGUAGE), path)
        if isinstance(found, str) and found:
            return found
        return str(item_id) if default is None else default


@functools.lru_cache(maxsize=16)
def cached_content(version: str) -> Content:
    """The installed content version, parsed once per process (its files do not change while the
    app runs): for rules the server checks on every save, such as a field's length limit."""
    return load_content(version)


def load_content(version: str, root: Path = CONTENT_ROOT) -> Content:
    root = Path(root)
    if version not in available_versions(root):
        raise ContentError(f"{version}/structure.yaml", "",
                           f"there is no content version '{version}'; known: {', '.join(available_versions(root))}.")
    structure = _parse_structure(root, version)
    if structure.version != version:
        raise ContentError(f"{version}/structure.yaml", "version",
                           f"says '{structure.version}' but the folder is '{version}'.")
    texts = {}
    for lang in available_languages(root) or [REFERENCE_LANGUAGE]:
        relative = f"{version}/{lang}.yaml"
        texts[lang] = _read_yaml(root, relative)
        _check_texts(relative, texts[lang], structure)
    return Content(structure, texts)
