"""What the worksheets say, gathered across sessions (the `worksheet_answers` table).

Answers are tidy rows (field_id, item_index for group items, subfield for contrast/group parts);
`answers_wide` turns one activity back into one row per response for reading and searching.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KEYS = ["session_id", "owner_id"]
SHEET = [*KEYS, "activity"]
META = ["country", "language", "date", "content_version"]


def worksheet_fields(content) -> pd.DataFrame:
    """activity, field_id, type, label of every worksheet field in a content version."""
    sheets = getattr(content, "worksheets", None) or {}
    pairs = sheets.items() if isinstance(sheets, dict) else (
        (getattr(s, "activity", None) or s.id, s) for s in sheets)
    rows = [{"activity": activity, "field_id": f.id, "type": getattr(f, "type", "text"),
             "label": _label(content, activity, f)}
            for activity, sheet in pairs for f in getattr(sheet, "fields", [])]
    return pd.DataFrame(rows, columns=["activity", "field_id", "type", "label"])


def _label(content, activity: str, field) -> str:
    """The field's English label from the content, else its id."""
    return content.label("field", f"{activity}.{field.id}", "en", default=field.id)


def _filled(values: pd.Series) -> pd.Series:
    """Whether each value holds text (not missing, not only spaces). One stripped copy of the
    values, not three: a 1,000-session export's peak memory was made of such copies."""
    if not pd.api.types.is_string_dtype(values) or not len(values):  # object (mixed) values: as text first
        return values.fillna("").astype(str).str.strip() != ""
    return values.notna() & (values.str.strip() != "")


def answers_wide(worksheet_answers: pd.DataFrame, activity: str) -> pd.DataFrame:
    """One row per response to `activity`; a contrast gives `<field>` and `<field>_note`, a group
    its items as "a / b; a / b"."""
    df = worksheet_answers[worksheet_answers["activity"] == activity]
    if df.empty:
        return pd.DataFrame(columns=[*KEYS, *META])
    df = df.assign(column=df["field_id"].where(df["subfield"].isna() | (df["subfield"] == "value")
                                               | df["item_index"].notna(),
                                               df["field_id"] + "_" + df["subfield"].astype(str)))
    wide = _joined(df).unstack("column")
    meta = df.drop_duplicates(KEYS).set_index(KEYS)[[c for c in META if c in df.columns]]
    return meta.join(wide).reset_index()


def _joined(df: pd.DataFrame) -> pd.Series:
    """Each (response, column) as one text: plain values joined by spaces, group items as
    "a / b; a / b". Vectorised per level: a per-group Python function took seconds on 1,000 sheets."""
    keys = [*KEYS, "column"]
    df = df.assign(value=df["value"].fillna("").astype(str))
    filled = df[df["value"] != ""]
    plain = filled[filled["item_index"].isna()].groupby(keys, sort=False)["value"].agg(" ".join)
    items = filled[filled["item_index"].notna()]
    per_item = items.groupby([*keys, "item_index"], sort=True)["value"].agg(" / ".join)
    grouped = per_item.groupby(level=keys, sort=False).agg("; ".join)
    every = df.drop_duplicates(keys).set_index(keys).index
    return pd.concat([plain, grouped]).reindex(every, fill_value="")


def challenge_table(worksheet_answers: pd.DataFrame) -> pd.DataFrame:
    """The Service Challenge sheets: service, user group, challenge statement ... per response."""
    return answers_wide(worksheet_answers, "service_challenge")


def search(df: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows where any text column contains `text` (case-insensitive, literal)."""
    if not text or not text.strip():
        return df
    hit = pd.Series(False, index=df.index)
    for column in df.columns:
        values = df[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            hit |= values.astype(str).str.contains(text.strip(), case=False, regex=False, na=False)
    return df[hit]


def user_group_counts(worksheet_answers: pd.DataFrame, fields=("user_group",)) -> pd.DataFrame:
    """How often each user group is named (case and spacing ignored), with the countries."""
    df = worksheet_answers[worksheet_answers["field_id"].isin(fields) & _filled(worksheet_answers["value"])]
    df = df.assign(norm=df["value"].str.strip().str.casefold().str.replace(r"\s+", " ", regex=True))
    g = df.groupby("norm")
    out = pd.DataFrame({"user_group": g["value"].agg(lambda v: v.str.strip().mode().iloc[0]),
                        "n": g.size(), "countries": g["country"].agg(lambda v: ", ".join(sorted(set(v.dropna()))))})
    return out.sort_values(["n", "user_group"], ascending=[False, True]).reset_index(drop=True)


def contrast_distribution(worksheet_answers: pd.DataFrame) -> pd.DataFrame:
    """Positions chosen on each contrast (1-5 between its two poles): field_id, position, count.
    A contrast left not set (value None, stored as an empty value) is not a position: it is
    counted apart by `contrast_not_set`, never as a middle answer."""
    df = worksheet_answers[(worksheet_answers["subfield"] == "value") & worksheet_answers["item_index"].isna()]
    pos = pd.to_numeric(df["value"], errors="coerce")
    df = df.assign(position=pos).dropna(subset=["position"])
    counts = df.groupby(["field_id", "position"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[1.0, 2.0, 3.0, 4.0, 5.0], fill_value=0)
    long = counts.stack().rename("count").reset_index()
    long["position"] = long["position"].astype(int)
    return long


def contrast_not_set(worksheet_answers: pd.DataFrame, contrast_fields,
                     activity: str = "user_characteristics") -> pd.DataFrame:
    """Per contrast field: n_set (sheets that chose a position) and n_not_set (sheets of the activity
    that left it unanswered, or wrote only a note)."""
    df = worksheet_answers[worksheet_answers["activity"] == activity]
    n_sheets = len(df[KEYS].drop_duplicates())
    values = df[(df["subfield"] == "value") & df["item_index"].isna() & df["field_id"].isin(list(contrast_fields))]
    chosen = values[pd.to_numeric(values["value"], errors="coerce").notna()]
    n_set = chosen.drop_duplicates([*KEYS, "field_id"]).groupby("field_id").size()
    n_set = n_set.reindex(list(contrast_fields), fill_value=0)
    return pd.DataFrame({"field_id": list(contrast_fields), "n_set": n_set.to_numpy(),
                         "n_not_set": n_sheets - n_set.to_numpy()})


def contrast_positions(distribution: pd.DataFrame, not_set: pd.DataFrame | None = None) -> pd.DataFrame:
    """contrast_distribution as one row per contrast (`field_id`) and one column of counts per
    position ("1" .. "5"), then `not_set` (from contrast_not_set) apart, when given."""
    wide = distribution.pivot_table(index="field_id", columns="position", values="count", aggfunc="sum",
                                    fill_value=0)
    wide.columns = [str(c) for c in wide.columns]
    if not_set is not None and not wide.empty:
        wide["not_set"] = not_set.set_index("field_id")["n_not_set"].reindex(wide.index, fill_value=0)
    return wide.reset_index()


def priority_profiles(worksheet_answers: pd.DataFrame, field: str = "priority_profiles") -> pd.DataFrame:
    """One row per chosen profile: session, owner, item_index and its sub-fields as columns."""
    df = worksheet_answers[worksheet_answers["field_id"] == field]
    if df.empty:
        return pd.DataFrame(columns=[*KEYS, "item_index"])
    wide = df.pivot_table(index=[*KEYS, "item_index"], columns="subfield", values="value",
                          aggfunc="first").reset_index()
    wide.columns.name = None
    return wide.merge(df.drop_duplicates(KEYS)[[*KEYS, *[c for c in META if c in df.columns]]], on=KEYS)


def field_gaps(worksheet_answers: pd.DataFrame, content, responses: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per worksheet field: n_responses, n_empty, empty_share and mean_revisions, over submitted sheets.

    A response is one owner's sheet for the activity. Given `responses`, only submitted sheets count
    (sheets still in progress or abandoned would read as fields left empty); without it, every owner
    with an answer counts. A field is empty when none of its parts holds text."""
    fields = worksheet_fields(content)
    sheets = responses[responses["status"] == "submitted"] if responses is not None else worksheet_answers
    sheets = sheets[SHEET].drop_duplicates()
    counted = _counted(worksheet_answers, sheets)
    rows = []
    for activity, group in fields.groupby("activity", sort=False):
        n = int((sheets["activity"] == activity).sum())
        for field in group.itertuples():
            with_text, revisions = counted.get((activity, field.field_id), (0, 0))
            rows.append({"activity": activity, "field_id": field.field_id, "label": field.label,
                         "n_responses": n, "n_empty": n - with_text,
                         "empty_share": (n - with_text) / n if n else float("nan"),
                         "mean_revisions": revisions / n if n else float("nan")})
    return pd.DataFrame(rows, columns=["activity", "field_id", "label", "n_responses", "n_empty",
                                       "empty_share", "mean_revisions"])


def _counted(answers: pd.DataFrame, sheets: pd.DataFrame) -> dict:
    """(activity, field_id) -> (submitted sheets with text in the field, the sum of their
    revisions of it: each sheet's first row of the field). Worked out on row numbers, not on copies
    of the answers' text columns: those copies were the largest memory a 1,000-session export took."""
    if answers.empty or sheets.empty:
        return {}
    submitted = pd.MultiIndex.from_frame(answers[SHEET]).isin(pd.MultiIndex.from_frame(sheets))
    by_field = answers.groupby(["activity", "field_id"], sort=False, dropna=False)
    field = by_field.ngroup().to_numpy()
    names = list(by_field.size().index)
    sheet = answers.groupby(["activity", "field_id", *KEYS], sort=False, dropna=False).ngroup().to_numpy()
    first = np.zeros(len(answers), dtype=bool)
    first[np.unique(sheet, return_index=True)[1]] = True  # a sheet's first row of the field
    has_text = np.zeros(sheet.max() + 1, dtype=bool)
    has_text[sheet[submitted & _filled(answers["value"]).to_numpy(dtype=bool)]] = True
    field_of = np.empty(sheet.max() + 1, dtype=np.int64)
    field_of[sheet] = field
    with_text = np.bincount(field_of[has_text], minlength=len(names))
    counted = first & submitted
    revisions = answers["revisions"][counted].groupby(field[counted]).sum()
    return {name: (int(with_text[i]), revisions.get(i, 0)) for i, name in enumerate(names)}
