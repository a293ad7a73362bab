"""The refinement loop: analysts mark backlog items, and the marks become the next content version.

A mark says what to do with one backlog item (rename, move, clarify, split or cut) and why (the
analyst's note), with what the change needs (new names and descriptions in every language, a new
step, the parts of a split) and a snapshot of the backlog figures the analyst saw (its evidence).
Marks live in the store at MARKS_KEY, one entry per item, written with `store.update` so two
analysts marking at the same time keep both marks.

`propose(base_dir, marks, version)` copies a content version's YAML (every key, whatever it holds),
applies the marks and returns the files of the next version: structure.yaml, one <lang>.yaml per
language, changes.yaml (the applied marks, machine-readable) and CHANGELOG.md (each change with its
evidence and note). `validate` loads them with booster.content.load_content, so a proposal that the
app could not run is refused before anyone downloads it.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import yaml

from .. import clock
from ..content import CONTENT_ROOT, REFERENCE_LANGUAGE, available_languages, load_content, version_key
from ..errors import ValidationError

MARKS_KEY = ("_analysis", "refinement_marks")
ACTIONS = ("rename", "move", "clarify", "split", "cut")
ACTIONS_FOR = {"card": ACTIONS, "tool": ("rename", "move", "clarify"), "step": ("rename", "clarify"),
               "field": ("rename", "clarify")}
CHANGES_FILE, CHANGELOG_FILE = "changes.yaml", "CHANGELOG.md"
PROPOSED = "proposed"
# The backlog figures kept with a mark as its evidence (booster.analysis.backlog.COLUMNS).
EVIDENCE = ("rank", "score", "reasons", "n", "agreement_share", "agreement_lo", "agreement_hi", "unsure_share",
            "notes_count", "wrong_pile", "wrong_share", "confused_with", "confused_share", "feedback_ease",
            "feedback_relevance", "feedback_effectiveness", "feedback_n", "confusing_count",
            "category_agreement", "empty_share")
# Where each kind of item keeps its name and its explaining text in a <lang>.yaml.
TEXT_KEYS = {"card": ("label", "description"), "tool": ("name", "description"), "step": ("name", "question"),
             "field": ("label", "help")}


# ---- marks ---------------------------------------------------------------------------------------


def mark_key(item_type: str, item_id: str) -> str:
    return f"{item_type}:{item_id}"


def _texts(value, what: str, key: str) -> dict[str, str]:
    """{lang: text} with blank entries dropped; a plain string counts as English."""
    if value is None:
        return {}
    if isinstance(value, str):
        value = {REFERENCE_LANGUAGE: value}
    if not isinstance(value, dict):
        raise ValidationError(what, f"'{key}' must map languages to texts, e.g. {{en: ..., id: ...}}.")
    return {str(lang): str(text).strip() for lang, text in value.items() if text is not None and str(text).strip()}


def check_mark(raw: dict) -> dict:
    """A mark with its fields checked and tidied; ValidationError naming the item and the problem."""
    item_type, item_id = str(raw.get("item_type", "")), str(raw.get("item_id", ""))
    what = f"mark on {item_type} '{item_id}'"
    if item_type not in ACTIONS_FOR or not item_id:
        raise ValidationError(what, f"item_type must be one of {', '.join(ACTIONS_FOR)} and item_id set.")
    action = raw.get("action")
    if action not in ACTIONS_FOR[item_type]:
        raise ValidationError(what, f"'{action}' is not an action for a {item_type}; "
                                    f"use one of {', '.join(ACTIONS_FOR[item_type])}.")
    mark = {"item_type": item_type, "item_id": item_id, "action": action,
            "note": str(raw.get("note") or "").strip(), "by": str(raw.get("by") or "").strip(),
            "at": str(raw.get("at") or ""), "evidence": dict(raw.get("evidence") or {})}
    if action == "rename":
        mark["new_name"] = _need_english(_texts(raw.get("new_name"), what, "new_name"), what, "new_name")
    if action == "clarify":
        mark["new_description"] = _need_english(_texts(raw.get("new_description"), what, "new_description"),
                                                what, "new_description")
    if action == "move":
        if not raw.get("new_step"):
            raise ValidationError(what, "a move needs new_step: the step it should belong to.")
        mark["new_step"] = str(raw["new_step"])
    if action == "split":
        mark["parts"] = [_part(p, what) for p in raw.get("parts") or []]
        if len(mark["parts"]) < 2:
            raise ValidationError(what, "a split needs at least two parts, each with a name in every language.",
                                  rule="mark_parts")
    return mark


def _need_english(texts: dict, what: str, key: str) -> dict:
    if REFERENCE_LANGUAGE not in texts:
        raise ValidationError(what, f"'{key}' needs at least the English text.", rule="mark_english")
    return texts


def _part(raw, what: str) -> dict:
    if not isinstance(raw, dict):
        raise ValidationError(what, "each part of a split must be a mapping with a name.")
    part = {"name": _need_english(_texts(raw.get("name"), what, "parts.name"), what, "parts.name"),
            "description": _texts(raw.get("description"), what, "parts.description")}
    missing = [lang for lang in available_languages() if lang not in part["name"]]
    if missing:  # a new card has no old name to keep in a language
        name = part["name"][REFERENCE_LANGUAGE]
        raise ValidationError(what, f"part '{name}' needs a name in {', '.join(missing)} too: a new card has no "
                                    "old name to keep.", rule="mark_part_name", part=name, missing=", ".join(missing))
    if raw.get("step"):
        part["step"] = str(raw["step"])
    return part


def load_marks(store) -> dict[str, dict]:
    """Every saved mark by mark_key, in the order they were made."""
    if not store.exists(MARKS_KEY):
        return {}
    return dict(store.read(MARKS_KEY).get("marks") or {})


def save_mark(store, raw: dict) -> dict:
    """Check and save one mark (replacing an earlier mark on the same item); other items' marks,
    also those saved a moment ago by another analyst, are kept (one locked read-modify-write)."""
    mark = check_mark(raw) | {"at": clock.iso(clock.now())}
    key = mark_key(mark["item_type"], mark["item_id"])

    def add(doc):
        marks = dict((doc or {}).get("marks") or {})
        marks[key] = mark
        return {"schema_version": 1, "marks": marks}

    store.update(MARKS_KEY, add)
    return mark


def remove_mark(store, item_type: str, item_id: str) -> None:
    key = mark_key(item_type, item_id)

    def drop(doc):
        marks = dict((doc or {}).get("marks") or {})
        marks.pop(key, None)
        return {"schema_version": 1, "marks": marks}

    store.update(MARKS_KEY, drop)


def read_marks_file(path: str | Path) -> list[dict]:
    """Marks from a YAML file: a list under `marks:` in the same shape as saved marks."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationError("marks file", f"{path} cannot be read as YAML ({exc}).") from exc
    marks = raw.get("marks") if isinstance(raw, dict) else None
    if not isinstance(marks, list) or not marks:
        raise ValidationError("marks file", f"{path} has no list under 'marks:'; see booster/demo/v2_marks.yaml.")
    return [check_mark(m) for m in marks]


def evidence_of(row) -> dict:
    """The figures of one backlog row (a dict or a pandas row) worth keeping with a mark."""
    row = dict(row) if not isinstance(row, dict) else row
    out = {}
    for key in EVIDENCE:
        value = row.get(key)
        if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
            continue
        out[key] = value.item() if hasattr(value, "item") else value
    return out


def with_evidence(marks: list[dict], backlog: pd.DataFrame) -> list[dict]:
    """Marks with the figures of their backlog row (from the data given) where they had none."""
    rows = {mark_key(r["item_type"], r["item_id"]): r for r in backlog.to_dict("records")} if len(backlog) else {}
    return [m if m.get("evidence") or mark_key(m["item_type"], m["item_id"]) not in rows
            else m | {"evidence": evidence_of(rows[mark_key(m["item_type"], m["item_id"])])} for m in marks]


# ---- the proposed version --------------------------------------------------------------------------


@dataclasses.dataclass
class Proposal:
    version: str
    based_on: str
    files: dict[str, str]                 # file name inside the version folder -> text
    changes: list[dict]                   # the marks applied, with what each changed
    skipped: list[str]                    # marks on items the base version lacks (with skip_missing)
    needs_translation: list[str]          # "<lang>: <item>" kept in the old wording

    def write(self, root: str | Path) -> Path:
        folder = Path(root) / self.version
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in self.files.items():
            (folder / name).write_text(text, encoding="utf-8")
        return folder

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, text in self.files.items():
                zf.writestr(f"{self.version}/{name}", text)
        return buffer.getvalue()


def next_version(versions) -> str:
    """v<N+1> after the highest numbered version (v1 -> v2; v9, v10 -> v11)."""
    numbers = [int(m.group(1)) for v in versions if (m := re.fullmatch(r"v(\d+)", str(v)))]
    return f"v{max(numbers, default=0) + 1}"


class _Draft:
    """The base version's YAML as plain data, changed one mark at a time."""

    def __init__(self, base_dir: Path, languages: list[str]):
        self.structure = yaml.safe_load((base_dir / "structure.yaml").read_text(encoding="utf-8"))
        self.texts = {lang: yaml.safe_load((base_dir / f"{lang}.yaml").read_text(encoding="utf-8"))
                      for lang in languages}
        self.needs_translation: list[str] = []

    # -- finding things (anywhere in the structure, so new sections or decks need no change here) --

    def card(self, card_id: str) -> tuple[list, int] | None:
        """(the list holding the card, its index): any mapping with this id and an intended_step."""
        def walk(node):
            if isinstance(node, list):
                for i, item in enumerate(node):
                    if isinstance(item, dict) and item.get("id") == card_id and "intended_step" in item:
                        return node, i
                    if (found := walk(item)) is not None:
                        return found
            elif isinstance(node, dict):
                for value in node.values():
                    if (found := walk(value)) is not None:
                        return found
            return None
        return walk(self.structure)

    def item(self, section: str, ident: str) -> dict | None:
        return next((x for x in self.structure.get(section) or [] if isinstance(x, dict) and x.get("id") == ident),
                    None)

    def text_path(self, item_type: str, item_id: str) -> tuple[str, ...]:
        if item_type != "field":
            return ({"card": "cards", "tool": "tools", "step": "steps"}[item_type], item_id)
        activity, _, field = item_id.partition(".")
        found = self.item("activities", activity)
        worksheet = (found or {}).get("worksheet") or activity
        return ("worksheets", worksheet, "fields", *field.replace(".", ".fields.").split("."))

    def node(self, lang: str, path: tuple[str, ...]) -> dict | None:
        node = self.texts[lang]
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node if isinstance(node, dict) else None

    def exists(self, mark: dict) -> bool:
        kind, ident = mark["item_type"], mark["item_id"]
        if kind == "card":
            return self.card(ident) is not None
        if kind in ("tool", "step"):
            return self.item(kind + "s", ident) is not None
        return self.node(REFERENCE_LANGUAGE, self.text_path(kind, ident)) is not None

    def set_text(self, mark: dict, key: str, new: dict[str, str]) -> dict:
        """Write new[lang] into every language; a language without a new text keeps its old one and is
        listed as needing translation. Returns {lang: (old, new)}."""
        path, done = self.text_path(mark["item_type"], mark["item_id"]), {}
        for lang in self.texts:
            node = self.node(lang, path)
            old = node.get(key) if node else None
            if lang in new and node is not None:
                node[key] = new[lang]
            elif node is not None:
                self.needs_translation.append(f"{lang}: {mark['item_type']} '{mark['item_id']}' ({key})")
            done[lang] = [old, node.get(key) if node else None]
        return done


def _rename(draft: _Draft, mark: dict) -> dict:
    return {"texts": draft.set_text(mark, TEXT_KEYS[mark["item_type"]][0], mark["new_name"])}


def _clarify(draft: _Draft, mark: dict) -> dict:
    return {"texts": draft.set_text(mark, TEXT_KEYS[mark["item_type"]][1], mark["new_description"])}


def _move(draft: _Draft, mark: dict) -> dict:
    steps = [s.get("id") for s in draft.structure.get("steps") or []]
    if mark["new_step"] not in steps:
        raise ValidationError(f"mark on {mark['item_type']} '{mark['item_id']}'",
                              f"new_step '{mark['new_step']}' is not a step; use one of {', '.join(steps)}.")
    if mark["item_type"] == "card":
        holder, i = draft.card(mark["item_id"])
        old, holder[i]["intended_step"] = holder[i]["intended_step"], mark["new_step"]
        return {"from": old, "to": mark["new_step"]}
    tool = draft.item("tools", mark["item_id"])
    old, tool["step"] = tool["step"], mark["new_step"]
    if (card := draft.card(mark["item_id"])) is not None:  # a tool's own card follows its tool
        card[0][card[1]]["intended_step"] = mark["new_step"]
    return {"from": old, "to": mark["new_step"]}


def _cut(draft: _Draft, mark: dict) -> dict:
    holder, i = draft.card(mark["item_id"])
    holder.pop(i)
    for texts in draft.texts.values():
        (texts.get("cards") or {}).pop(mark["item_id"], None)
    return {}


def _part_id(base: str, name: str, taken: set) -> str:
    stem = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:40].strip("_") or f"{base}_part"
    ident, n = stem, 2
    while ident in taken:
        ident, n = f"{stem}_{n}", n + 1
    taken.add(ident)
    return ident


def _split(draft: _Draft, mark: dict) -> dict:
    what = f"mark on card '{mark['item_id']}'"
    holder, i = draft.card(mark["item_id"])
    original = holder.pop(i)
    taken = set(draft.texts[REFERENCE_LANGUAGE].get("cards") or {}) | {mark["item_id"]}
    made = []
    for offset, part in enumerate(mark["parts"]):
        missing = [lang for lang in draft.texts if lang not in part["name"]]
        if missing:
            raise ValidationError(what, f"part '{part['name'][REFERENCE_LANGUAGE]}' needs a name in "
                                        f"{', '.join(missing)} too: a new card has no old name to keep.")
        ident = _part_id(mark["item_id"], part["name"][REFERENCE_LANGUAGE], taken)
        holder.insert(i + offset, copy.deepcopy(original) | {"id": ident,
                                                              "intended_step": part.get("step",
                                                                                        original["intended_step"])})
        for lang, texts in draft.texts.items():
            cards = texts.setdefault("cards", {})
            old = copy.deepcopy(cards.get(mark["item_id"]) or {})
            description = part["description"].get(lang) or old.get("description")
            if lang not in part["description"] and part["description"]:
                draft.needs_translation.append(f"{lang}: card '{ident}' (description)")
            cards[ident] = old | {"label": part["name"][lang], "description": description}
        made.append(ident)
    for texts in draft.texts.values():
        (texts.get("cards") or {}).pop(mark["item_id"], None)
    return {"parts": made}


APPLY = {"rename": _rename, "clarify": _clarify, "move": _move, "cut": _cut, "split": _split}


def propose(base_dir: str | Path, marks: list[dict], version: str, *, status: str = PROPOSED,
            skip_missing: bool = False, languages: list[str] | None = None) -> Proposal:
    """The next version: the base folder's YAML with the marks applied (in the order given)."""
    base_dir = Path(base_dir)
    languages = languages or available_languages(base_dir.parent)
    draft, changes, skipped = _Draft(base_dir, languages), [], []
    based_on = str(draft.structure.get("version") or base_dir.name)
    for raw in marks:
        mark = check_mark(raw)
        if not draft.exists(mark):
            where = f"{mark['item_type']} '{mark['item_id']}'"
            if not skip_missing:
                raise ValidationError(f"mark on {where}", f"{based_on} has no {where}; remove the mark "
                                                          "or pass --skip-missing.")
            skipped.append(where)
            continue
        changes.append(mark | {"result": APPLY[mark["action"]](draft, mark)})
    draft.structure = {"version": version, "status": status,
                       **{k: v for k, v in draft.structure.items() if k not in ("version", "status")}}
    files = {"structure.yaml": _dump(draft.structure, f"version {version}: the structure, proposed from "
                                                      f"{based_on} (see {CHANGELOG_FILE})")}
    for lang, texts in draft.texts.items():
        files[f"{lang}.yaml"] = _dump(texts, f"version {version}: texts in '{lang}', proposed from {based_on}")
    proposal = Proposal(version, based_on, files, changes, skipped, sorted(set(draft.needs_translation)))
    files[CHANGES_FILE] = _dump({"version": version, "based_on": based_on, "changes": changes,
                                 "skipped": skipped, "needs_translation": proposal.needs_translation},
                                f"version {version}: the applied marks (read by the before/after comparison)")
    files[CHANGELOG_FILE] = changelog(proposal)
    return proposal


def _dump(data, title: str) -> str:
    return f"# Booster Workshop content, {title}.\n" + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)


def validate(proposal: Proposal, root: str | Path = CONTENT_ROOT):
    """Load the proposal as the app would (booster.content.load_content); ContentError if it cannot."""
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copytree(Path(root) / "ui", Path(scratch) / "ui")
        proposal.write(scratch)
        return load_content(proposal.version, root=scratch)


def load_changes(version: str, root: str | Path = CONTENT_ROOT) -> dict:
    """A version's changes.yaml ({} for a version not made by `propose`)."""
    path = Path(root) / version / CHANGES_FILE
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}


# ---- the changelog -----------------------------------------------------------------------------------


def _percent(value) -> str:
    return f"{float(value):.0%}"


def evidence_line(evidence: dict) -> str:
    """The figures behind a mark in one sentence."""
    e, parts = evidence, []
    if "rank" in e and "score" in e:
        parts.append(f"backlog rank #{int(e['rank'])}, score {float(e['score']):.2f}")
    if "agreement_share" in e:
        interval = (f" (95% Wilson {_percent(e['agreement_lo'])}-{_percent(e['agreement_hi'])})"
                    if "agreement_lo" in e and "agreement_hi" in e else "")
        parts.append(f"agreement with its intended step {_percent(e['agreement_share'])}{interval}"
                     + (f", n = {int(e['n'])}" if "n" in e else ""))
    if "unsure_share" in e:
        parts.append(f"unsure {_percent(e['unsure_share'])}")
    if "wrong_pile" in e and "wrong_share" in e:
        parts.append(f"put in '{e['wrong_pile']}' by {_percent(e['wrong_share'])}")
    feedback = [f"{q} {float(e[f'feedback_{q}']):.1f}" for q in ("ease", "relevance", "effectiveness")
                if f"feedback_{q}" in e]
    if feedback:
        parts.append("feedback means " + ", ".join(feedback) + " of 5")
    if "category_agreement" in e:
        parts.append(f"pile agreement {_percent(e['category_agreement'])}")
    if "empty_share" in e:
        parts.append(f"left empty in {_percent(e['empty_share'])}")
    if e.get("reasons"):
        parts.append(f"why flagged: {e['reasons']}")
    return "; ".join(parts) if parts else "no figures recorded (the mark was made without data)"


def _what(change: dict) -> str:
    result, action = change.get("result") or {}, change["action"]
    if action in ("rename", "clarify"):
        texts = result.get("texts") or {}
        return "; ".join(f"{lang}: \"{old}\" -> \"{new}\"" + (" (unchanged: needs translation)" if old == new else "")
                         for lang, (old, new) in texts.items())
    if action == "move":
        return f"intended step {result.get('from')} -> {result.get('to')}"
    if action == "split":
        return "into " + ", ".join(f"`{p}`" for p in result.get("parts", []))
    return "removed from the deck"


def _who(change: dict) -> str:
    said = ", ".join(x for x in (change.get("by"), change.get("at")) if x)
    return f" ({said})" if said else ""


def changelog(proposal: Proposal) -> str:
    lines = [f"# Content {proposal.version} (proposed from {proposal.based_on})", "",
             f"{len(proposal.changes)} change(s) from analysts' marks on the refinement backlog. Each links to its "
             "evidence: the backlog item, the figures the analyst saw and their note.", "",
             "| # | action | item | change |", "|---|---|---|---|"]
    for i, c in enumerate(proposal.changes, 1):
        lines.append(f"| {i} | {c['action']} | {c['item_type']} `{c['item_id']}` | "
                     + _what(c).replace("|", "\\|") + " |")
    for i, c in enumerate(proposal.changes, 1):
        lines += ["", f"## {i}. {c['action'].capitalize()} {c['item_type']} `{c['item_id']}`", "",
                  f"- Change: {_what(c)}",
                  f"- Evidence (backlog item {c['item_type']}:{c['item_id']}): {evidence_line(c.get('evidence') or {})}",
                  f"- Analyst note: {c.get('note') or '(none)'}" + _who(c)]
    if proposal.needs_translation:
        lines += ["", "## Needs translation", "",
                  "These texts keep their earlier wording in the language named until a translator updates them:",
                  ""] + [f"- {item}" for item in proposal.needs_translation]
    if proposal.skipped:
        lines += ["", "## Marks not applied", "", f"{proposal.based_on} no longer has these items:", ""]
        lines += [f"- {item}" for item in proposal.skipped]
    return "\n".join(lines) + "\n"


def proposed_versions(root: str | Path = CONTENT_ROOT) -> list[str]:
    from ..content import available_versions

    return sorted((v for v in available_versions(root) if (Path(root) / v / CHANGES_FILE).exists()), key=version_key)
