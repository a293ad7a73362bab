"""Ids shown as names in the screen's language: cards, steps and piles, activities, feedback
questions, worksheet fields and contrasts, backlog items, languages and modes. The newest content
version names everything (booster.content.newest_version); an id it lacks is shown as itself."""

from __future__ import annotations

import pandas as pd

from booster import piles
from booster.analysis import card_kinds as kinds
from ui import resources
from ui.i18n import LANGUAGE_NAMES, lang, t


def newest_content():
    """The newest released content version (a proposed one is not adopted yet): its texts name cards,
    steps, tools and fields on every screen."""
    return resources.content(resources.default_version())


def card_names() -> dict:
    """Every version's cards (a card a revision cut or added keeps a name); the newest released
    version's names win, then the newest proposed one's."""
    names = {}
    released = newest_content().version
    for version in [v for v in resources.versions() if v != released] + [released]:
        content = resources.content(version)
        names |= {c: content.label("card", c, lang()) for c in content.card_ids()}
    return names


def card_order(ids) -> list:
    """Cards in the newest deck's order, then any the newest deck lacks."""
    known = newest_content().card_ids()
    ids = set(ids)
    return [c for c in known if c in ids] + sorted(ids - set(known))


def card_kinds() -> dict:
    """card id -> tool, sub_step or app, over every installed content version (the newest wins)."""
    return kinds.kinds_of(resources.content(v) for v in resources.versions())


def card_kind_names() -> dict:
    """What the backlog's type column says of a card of each kind."""
    return {kind: t(f"card_kinds.{kind}_one") for kind in ("tool", "sub_step", "app")}


def feedback_tool_names() -> dict:
    """What feedback rates, by its stored tool id: each Booster tool with an activity, and the structure."""
    content = newest_content()
    tools = [a.tool for a in content.activities if a.tool]
    return {"structure": t("analysis.structure"), **{x: content.label("tool", x, lang()) for x in tools}}


def step_ids() -> list:
    return newest_content().step_ids()


def pile_names(placements: pd.DataFrame | None = None) -> dict:
    """Step names, the unsure pile, "own groups", and (given placements) each own group's name."""
    content = newest_content()
    names = {s: content.label("step", s, lang()) for s in content.step_ids()}
    names |= {piles.UNSURE: t("analysis.unsure_pile"), piles.OWN_GROUPS: t("analysis.custom_pile")}
    if placements is not None and not placements.empty:
        own = placements[placements["step_id"].str.startswith(piles.CUSTOM_PREFIX)].drop_duplicates("step_id")
        names |= {pile: f"+ {label}" for pile, label in zip(own["step_id"], own["custom_label"].astype(str))}
    return names


def activity_names() -> dict:
    content = newest_content()
    return {a.id: content.label("activity", a.id, lang()) for a in content.activities}


def question_names() -> dict:
    """Short names of the feedback questions (the full questions are long for charts and tables)."""
    content = newest_content()
    names = {q.id: content.label("feedback", q.id, lang()) for q in content.feedback.questions}
    return names | {"ease": t("analysis.q_ease"), "relevance": t("analysis.q_relevance"),
                    "effectiveness": t("analysis.q_effectiveness"), "confusing": t("analysis.q_confusing"),
                    "missing": t("analysis.q_missing"), "suggestions": t("analysis.q_suggestions")}


def field_name(activity: str, field: str) -> str:
    """A worksheet field's label; `<field>_note` (a contrast's note) gets the note's name added."""
    base = field[:-len("_note")] if field.endswith("_note") else field
    label = newest_content().label("field", f"{activity}.{base}", lang(), default=field)
    return f"{label} ({t('analysis.note')})" if base != field else label


def contrast_name(field: str, activity: str = "user_characteristics") -> str:
    """`Rural ↔ Urban` for a contrast field."""
    content = newest_content()
    poles = content.pole_ids(activity, field)
    return " ↔ ".join(content.label("pole", pole, lang()) for pole in poles) if poles else field


def named(df: pd.DataFrame, **columns) -> pd.DataFrame:
    """Add display columns: named(df, card=("card_id", names)) maps ids to names, keeping unknown ids."""
    return df.assign(**{new: df[source].map(lambda v, m=mapping: m.get(v, v)) for new, (source, mapping)
                        in columns.items()})


def item_names(placements: pd.DataFrame | None = None) -> dict:
    """The display name of each backlog item id, per item type (piles include own groups)."""
    fields = {f"{a}.{f.id}": field_name(a, f.id) for a, sheet in newest_content().worksheets.items()
              for f in sheet.fields}
    return {"card": card_names(), "step": pile_names(placements), "field": fields,
            "tool": activity_names(), "structure": {"card_sort": t("analysis.structure")}}


def item_types() -> dict:
    return {"card": t("analysis.type_card"), "step": t("analysis.type_step"), "tool": t("analysis.type_tool"),
            "structure": t("analysis.type_structure"), "field": t("analysis.type_field")}


def note_types() -> dict:
    return {"comment": t("analysis.note_comment"), "suggested_name": t("analysis.note_suggested_name"),
            "answer": t("analysis.note_answer"), **question_names()}


def mode_names() -> dict:
    return {"individual": t("analysis.mode_individual"), "group": t("analysis.mode_group")}


def language_name(code) -> str:
    return LANGUAGE_NAMES.get(code, str(code))


def distance_columns() -> dict:
    """Headers of booster.analysis.compare_groups' distances (and of compare_versions' similarity)."""
    return {"group_a": t("analysis.col_group_a"), "group_b": t("analysis.col_group_b"),
            "n_pairs": t("analysis.col_pairs"), "mean_abs_diff": t("analysis.col_mad"),
            "pearson_r": t("analysis.col_r")}


def by_version(stat: str, versions: list, label=str) -> dict:
    """Headers of side-by-side columns `<stat>_<version>` and `n_<version>`."""
    return {**{f"{stat}_{v}": label(v) for v in versions}, **{f"n_{v}": f"n ({label(v)})" for v in versions}}
