"""One ranked list of what the toolkit's authors should look at, with the evidence behind it.

Items: each card (placement evidence), each tool and the toolkit structure (feedback), each step
(Spencer agreement of its pile) and each worksheet field (left empty). A rule fires when its
threshold is crossed (RULES); a fired rule adds weight * (0.5 + 0.5 * severity), where severity
0..1 says how far the value is from the threshold towards the worst possible value. Items are
ranked by the sum; items with no fired rule stay in the list with score 0.

Each fired rule is kept as a reason code ({"rule": ..., its numbers and the ids it names}); the
sentences are made from the templates `backlog_reasons.<rule>` of booster_content/ui/<lang>.yaml
with the ids replaced by names (reason_sentences), so each screen language reads its own. The
`reasons` column holds them in English, with the content's English names.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

import pandas as pd

from ..content import load_ui_strings
from . import feedback_stats as fb, sort_stats, worksheet_stats
from .tables import Tables


@dataclasses.dataclass(frozen=True)
class Rule:
    threshold: float
    worst: float
    weight: float

    def fires(self, value) -> bool:
        if value is None or pd.isna(value):
            return False
        return value < self.threshold if self.worst < self.threshold else value >= self.threshold

    def points(self, value) -> float:
        severity = min(1.0, abs(value - self.threshold) / abs(self.worst - self.threshold))
        return self.weight * (0.5 + 0.5 * severity)


RULES = {
    "low_agreement": Rule(0.6, 0.0, 3),      # share of sorters putting a card in its intended step
    "unsure": Rule(0.15, 1.0, 2),            # share of sorters putting a card on `unsure`
    "notes": Rule(0.10, 1.0, 1),             # comments + suggested names per sorter of the card (>= 3 notes)
    "confusion": Rule(0.30, 1.0, 2),         # share grouping a card with one meant for another step
    "low_feedback": Rule(3.0, 1.0, 2),       # lowest mean rating of a tool (1-5)
    "confusing_answers": Rule(0.10, 1.0, 1),  # "what was confusing" answers per respondent (>= 3 answers)
    "low_category_agreement": Rule(0.5, 0.0, 2),  # Spencer agreement of a step's pile
    "empty_field": Rule(0.30, 1.0, 1),       # share of submitted sheets leaving a field empty
}
MIN_NOTES = 3  # fewer notes (or confusing answers) than this never fire a rule, whatever their share
QUESTIONS = ["ease", "relevance", "effectiveness"]
COLUMNS = ["rank", "item_type", "item_id", "label", "score", "reasons", "n", "agreement_share",
           "agreement_lo", "agreement_hi", "unsure_share", "notes_count", "wrong_pile", "wrong_share",
           "confused_with", "confused_share", "feedback_ease", "feedback_relevance",
           "feedback_effectiveness", "feedback_n", "confusing_count", "category_agreement",
           "empty_share", "mean_revisions", "countries", "card_kind", "reason_codes"]
EXPORT_COLUMNS = COLUMNS[:-1]  # reason_codes are for screens; `reasons` says them in words
NAMED = {"step": "step", "card": "card", "question": "feedback"}  # reason parameters that hold an id
SHARES, DECIMALS = ("share", "lo", "hi"), ("mean",)


@functools.lru_cache(maxsize=1)
def _ui():
    return load_ui_strings()


def _number(value: float, lang: str, percent: bool) -> str:
    text = f"{value:.0%}" if percent else f"{value:.1f}"
    return text.replace(".", ",") if lang == "id" else text  # Indonesian writes a decimal comma


def reason_sentence(code: dict, lang: str, name: Callable[[str, str], str]) -> str:
    """One fired rule as a sentence in `lang`; `name(kind, id)` names the steps, cards and
    questions it mentions (kind: step, card or feedback)."""
    values = {}
    for key, value in code.items():
        if key in NAMED:
            values[key] = name(NAMED[key], value)
        elif key in SHARES or key in DECIMALS:
            values[key] = _number(value, lang, key in SHARES)
        else:
            values[key] = value
    template = code["rule"] + ("_one" if code["rule"] == "empty_field" and code.get("n") == 1 else "")
    return _ui().t(f"backlog_reasons.{template}", lang, **values)


def reason_sentences(codes, lang: str, name: Callable[[str, str], str]) -> str:
    return "; ".join(reason_sentence(code, lang, name) for code in codes or [])


def _content_names(content, lang: str) -> Callable[[str, str], str]:
    return lambda kind, item_id: str(content.label(kind, item_id, lang))


def _score(row: dict, checks: list[tuple[str, float, dict]]) -> dict:
    """checks: (rule, value, the numbers and ids its sentence names); adds score and reason codes."""
    fired = [(RULES[r].points(v), {"rule": r, **params}) for r, v, params in checks if RULES[r].fires(v)]
    return row | {"score": round(sum(p for p, _ in fired), 3), "reason_codes": [code for _, code in fired]}


def _countries(df: pd.DataFrame, key: str) -> pd.Series:
    return df.groupby(key)["country"].agg(lambda v: ", ".join(sorted(set(v.dropna()))))


def _rate(count: int, n) -> float | None:
    """count / n for a share rule; None (the rule cannot fire) below MIN_NOTES or without anyone asked."""
    return count / n if count >= MIN_NOTES and n else None


def card_rows(tables: Tables, content) -> list[dict]:
    pl = tables.placements
    if pl.empty:
        return []
    notes = _sorter_notes(tables.card_notes, pl)
    countries = _countries(pl, "card_id")
    return [_card_row(card, a, int(notes.get(card, 0)), countries[card], content)
            for card, a in sort_stats.card_summary(pl).set_index("card_id").iterrows()]


def _sorter_notes(notes: pd.DataFrame, placements: pd.DataFrame) -> pd.Series:
    """Notes per card written by the sorters counted for it (those in `placements` who placed it)."""
    keys = ["session_id", "participant_id", "card_id"]
    return notes[keys].merge(placements[keys].drop_duplicates(), on=keys).groupby("card_id").size()


def _card_row(card, a, n_notes, countries, content) -> dict:
    """`a`: the card's row of sort_stats.card_summary."""
    n, unsure_share = int(a["n"]), a["unsure_share"]
    row = {"item_type": "card", "item_id": card, "label": content.label("card", card, "en"),
           "card_kind": content.card_kind(card), "n": n, "agreement_share": a["share"], "agreement_lo": a["lo"], "agreement_hi": a["hi"],
           "unsure_share": unsure_share, "notes_count": n_notes, "wrong_pile": a["wrong_pile"],
           "wrong_share": a["wrong_share"], "confused_with": a["confused_card"],
           "confused_share": a["confused_share"], "countries": countries}
    return _score(row, [
        ("low_agreement", a["share"], {"share": a["share"], "n": n, "step": a["intended_step"],
                                       "lo": a["lo"], "hi": a["hi"]}),
        ("unsure", unsure_share, {"share": unsure_share}),
        ("notes", _rate(n_notes, n), {"count": n_notes, "n": n, "share": n_notes / n if n else 0.0}),
        ("confusion", a["confused_share"], {"share": a["confused_share"], "card": a["confused_card"]})])


def tool_rows(tables: Tables, content=None) -> list[dict]:
    f = tables.feedback
    if f.empty:
        return []
    summary = fb.score_summary(f).pivot_table(index="activity", columns="question", values="mean")
    n = f[f["score"].notna()].groupby("activity")["participant_id"].nunique()
    asked = f.drop_duplicates(["session_id", "participant_id", "activity"]).groupby("activity").size()
    confusing = f[(f["question"] == "confusing") & f["text"].notna()].groupby("activity").size()
    counts = {"n": n, "asked": asked, "confusing": confusing, "countries": _countries(f, "activity")}
    return [_tool_row(activity, summary, counts, content) for activity in sorted(f["activity"].unique())]


def _tool_row(activity, summary, counts: dict, content) -> dict:
    """counts: per activity, n (who rated), asked (who answered anything), confusing answers, countries."""
    means = {q: summary.loc[activity, q] if activity in summary.index and q in summary.columns else float("nan")
             for q in QUESTIONS}
    lowest = min(QUESTIONS, key=lambda q: means[q] if pd.notna(means[q]) else 9)
    respondents, n_confusing = int(counts["n"].get(activity, 0)), int(counts["confusing"].get(activity, 0))
    asked = int(counts["asked"].get(activity, 0))
    structure = activity == "card_sort"
    row = {"item_type": "structure" if structure else "tool", "item_id": activity,
           "label": _ui().t("analysis.structure", "en") if structure else content.label(
               "activity", activity, "en", default=activity.replace("_", " ").title()),
           "n": respondents, **{f"feedback_{q}": means[q] for q in QUESTIONS}, "feedback_n": respondents,
           "confusing_count": n_confusing, "countries": counts["countries"].get(activity, "")}
    return _score(row, [
        ("low_feedback", means[lowest], {"question": lowest, "mean": means[lowest]}),
        ("confusing_answers", _rate(n_confusing, asked), {"count": n_confusing, "n": asked})])


def step_rows(tables: Tables, content) -> list[dict]:
    cat = sort_stats.category_agreement(tables.placements).set_index("step_id") if len(tables.placements) else None
    rows = []
    for step in content.step_ids():
        if cat is None or step not in cat.index:
            continue
        value = cat.loc[step, "agreement"]
        row = {"item_type": "step", "item_id": step, "label": content.label("step", step, "en"),
               "n": int(cat.loc[step, "n_sorters"]), "category_agreement": value,
               "countries": _countries(tables.placements, "step_id").get(step, "")}
        rows.append(_score(row, [("low_category_agreement", value,
                                  {"share": value, "cards": int(cat.loc[step, "n_cards"])})]))
    return rows


def field_rows(tables: Tables, content) -> list[dict]:
    gaps = worksheet_stats.field_gaps(tables.worksheet_answers, content, tables.responses)
    countries = _countries(tables.responses, "activity")
    return [_score({"item_type": "field", "item_id": f"{g.activity}.{g.field_id}", "label": g.label,
                    "n": g.n_responses, "empty_share": g.empty_share, "mean_revisions": g.mean_revisions,
                    "countries": countries.get(g.activity, "")},
                   [("empty_field", g.empty_share, {"share": g.empty_share, "n": int(g.n_responses)})])
            for g in gaps.itertuples() if g.n_responses]


def build_backlog(tables: Tables, content, flagged_only: bool = False) -> pd.DataFrame:
    """Every toolkit item with evidence, highest score first (rank 1)."""
    rows = [*card_rows(tables, content), *tool_rows(tables, content), *step_rows(tables, content),
            *field_rows(tables, content)]
    df = pd.DataFrame(rows).reindex(columns=COLUMNS)
    df["reason_codes"] = [codes if isinstance(codes, list) else [] for codes in df["reason_codes"]]
    df["reasons"] = [reason_sentences(codes, "en", _content_names(content, "en")) for codes in df["reason_codes"]]
    if flagged_only:
        df = df[df["score"] > 0]
    df = df.sort_values(["score", "item_type", "item_id"], ascending=[False, True, True], ignore_index=True)
    df["rank"] = range(1, len(df) + 1)
    return df


MARKDOWN_HEADERS = ("#", "type", "item", "score", "why")


def backlog_markdown(df: pd.DataFrame, top: int = 30, headers: tuple[str, ...] = MARKDOWN_HEADERS,
                     nothing: str = "nothing crossed a threshold") -> str:
    """The ranked list as a Markdown table (flagged items only, at most `top`).

    A `type` column, when the screen has put the type in words, is used instead of the raw item type; `headers`
    and `nothing` come in the screen's language.
    """
    lines = ["| " + " | ".join(headers) + " |", "|---|---|---|---|---|"]
    for r in df[df["score"] > 0].head(top).itertuples():
        kind = getattr(r, "type", None)
        if not isinstance(kind, str):
            kind = r.item_type + (f" ({r.card_kind})" if isinstance(r.card_kind, str) else "")
        cells = [str(r.rank), kind, f"{r.label} (`{r.item_id}`)", f"{r.score:.2f}", r.reasons or ""]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    if len(lines) == 2:
        lines.append(f"| | | {nothing} | | |")
    return "\n".join(lines) + "\n"


EVIDENCE_COLUMNS = ["session_id", "participant_id", "country", "language", "kind", "item", "text"]


def evidence_comments(tables: Tables, item_type: str, item_id: str) -> pd.DataFrame:
    """The participants' own words behind one backlog row."""
    notes = tables.card_notes.rename(columns={"note_type": "kind", "card_id": "item"})
    if item_type == "card":
        out = notes[notes["item"] == item_id]
    elif item_type == "step":
        cards = set(tables.placements.loc[tables.placements["intended_step"] == item_id, "card_id"])
        out = notes[notes["item"].isin(cards)]
    elif item_type in ("tool", "structure"):
        f = tables.feedback
        out = f[(f["activity"] == item_id) & f["text"].notna()].rename(columns={"question": "kind", "activity": "item"})
    elif item_type == "field":
        activity, _, field = item_id.partition(".")
        w = tables.worksheet_answers
        w = w[(w["activity"] == activity) & (w["field_id"] == field) & (w["value"].str.strip() != "")]
        out = w.rename(columns={"owner_id": "participant_id", "value": "text", "field_id": "item"}).assign(kind="answer")
    else:
        out = notes.iloc[0:0]
    return out.reindex(columns=EVIDENCE_COLUMNS).reset_index(drop=True)


@dataclasses.dataclass
class VersionComparison:
    cards: pd.DataFrame       # card_id, share_<version>, n_<version> ...
    similarity: pd.DataFrame  # per pair of versions: n_pairs, mean_abs_diff, pearson_r
    feedback: pd.DataFrame    # activity, question, mean_<version>, n_<version> ...


def compare_versions(tables: Tables) -> VersionComparison:
    """The same card agreement and feedback means side by side for each content version."""
    cards, similarity = sort_stats.compare_groups(tables.placements, by="content_version")
    s = fb.score_summary(tables.feedback, by=["content_version"])
    wide = s.pivot_table(index=["activity", "question"], columns="content_version", values=["mean", "n"])
    wide.columns = [f"{stat}_{version}" for stat, version in wide.columns]
    return VersionComparison(cards, similarity, wide.reset_index())
