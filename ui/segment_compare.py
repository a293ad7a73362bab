"""Words for booster.analysis.compare on screen: segment names, the verdict sentences, table headers."""

from __future__ import annotations

import math

import pandas as pd

from ui import analysis_names as names
from ui.i18n import lang, t
from ui.text import plain

def dimensions() -> dict:
    """The session columns a segment can be cut by, with their names."""
    return {"country": t("analysis.country"), "language": t("analysis.language"),
            "session_id": t("analysis.col_session"), "mode": t("analysis.mode"),
            "content_version": t("analysis.version")}


def value_namer(by: str, sessions: pd.DataFrame, short: bool = False):
    """value -> its name: a language's name, a mode's name, a session's code with date and country."""
    if by == "language":
        return names.language_name
    if by == "mode":
        modes = names.mode_names()  # looked up now, in the screen's language, not when the widget asks
        return lambda v: modes.get(v, str(v))
    if by == "session_id" and not short:
        info = sessions.set_index("session_id")[["date", "country"]].astype(str).to_dict("index")
        return lambda v: f"{v} · {info[v]['date']} · {info[v]['country']}" if v in info else str(v)
    return str


def number(value: float, digits: int = 2, sign: bool = False) -> str:
    """A number in the screen's language (a decimal comma in Indonesian); '–' when undefined."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
    return text.replace("-", "−").replace(".", ",") if lang() == "id" else text.replace("-", "−")


def p_value(p: float, named: bool = False) -> str:
    """'0.012' or '< 0.001'; named: 'p = 0.012' or 'p < 0.001'."""
    small = not math.isnan(p) and p < 0.001
    text = f"< {number(0.001, 3)}" if small else number(p, 3)
    return f"p {text}" if named and small else f"p = {text}" if named else text


def rating_sentence(row, item: str, segment: str, m: int) -> str:
    """One comparison in words: who rated higher or lower, by how much, and the test's verdict."""
    if row["verdict"] == "too_few":
        return t("compare.too_few", item=plain(item), segment=plain(segment), n_seg=int(row["n_seg"]),
                 n_rest=int(row["n_rest"]))
    return t(f"compare.{row['verdict']}", item=plain(item), segment=plain(segment), seg=number(row["mean_seg"]),
             rest=number(row["mean_rest"]), diff=number(row["diff"], sign=True), lo=number(row["diff_lo"], sign=True),
             hi=number(row["diff_hi"], sign=True), p=p_value(row["p"], named=True), p_adj=p_value(row["p_adj"]), m=m)


def verdict_names() -> dict:
    return {v: t(f"compare.verdict_{v}") for v in ("lower", "higher", "same", "too_few")}


def tested(rows: pd.DataFrame) -> int:
    """How many comparisons Holm's correction covered (those with a p-value)."""
    return int(rows["p"].notna().sum())


def beyond(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["verdict"].isin(["lower", "higher"])]


def rating_columns(segment: str) -> dict:
    return {"item": t("compare.col_item"), "n_seg": t("compare.col_n_seg", segment=segment),
            "mean_seg": segment, "n_rest": t("compare.col_n_rest"), "mean_rest": t("compare.others"),
            "diff": t("compare.diff"), "diff_lo": t("compare.col_diff_lo"), "diff_hi": t("compare.col_diff_hi"),
            "p": t("compare.col_p_welch"), "p_mwu": t("compare.col_p_mwu"), "p_adj": t("compare.col_p_adj"),
            "verdict_name": t("compare.col_verdict")}


def agreement_columns(segment: str) -> dict:
    return {"card": t("analysis.col_card"), "n_seg": t("compare.col_n_seg", segment=segment),
            "share_seg": segment, "n_rest": t("compare.col_n_rest"), "share_rest": t("compare.others"),
            "diff": t("compare.diff"), "p": t("compare.col_p_fisher"), "p_adj": t("compare.col_p_adj"),
            "verdict_name": t("compare.col_verdict")}

