"""The analysis as files: CSVs with a codebook, one XLSX workbook, a self-contained HTML report.

Every text cell that a spreadsheet could run as a formula (starting with = + - @, a tab or a
carriage return) is written with a leading single quote, in CSV and XLSX alike.
The exported tables are computed once per (tables, contents) and shared by the three formats
(`analysis_frames` remembers them by identity); the workbook is streamed (xlsx_stream).
`build(kind, ...)` makes one download and reports its steps, for screens that show progress;
`write(kind, ..., target)` makes it into a file (the export worker: no whole workbook in memory).
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

from ..analysis import charts, feedback_stats as fb, sort_stats as cs, worksheet_stats
from ..analysis.memo import by_identity
from ..analysis.tables import Tables
from ..analysis.backlog import EXPORT_COLUMNS as BACKLOG_COLUMNS, build_backlog
from ..content import version_key
from ..errors import BoosterError
from ..piles import OWN_GROUPS, UNSURE
from .codebook import describe
from .xlsx_stream import write_workbook

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not in XML 1.0


def resolve(content_lookup, version: str):
    """The Content of a version from a dict or a function; None when it cannot be had."""
    try:
        return content_lookup(version) if callable(content_lookup) else content_lookup[version]
    except (KeyError, BoosterError):  # a missing version only leaves labels out
        return None


def latest_content(tables: Tables, content_lookup):
    """The newest content version (booster.content.version_key) of the sessions that can be had."""
    versions = sorted(tables.sessions["content_version"].dropna().astype(str).unique(), key=version_key, reverse=True)
    return next((c for c in (resolve(content_lookup, v) for v in versions) if c is not None), None)


def card_labels(tables: Tables, content_lookup) -> dict:
    labels = {}
    for version in sorted(tables.sessions["content_version"].dropna().astype(str).unique(), key=version_key):
        content = resolve(content_lookup, version)
        for card in content.card_ids() if content else []:
            labels[card] = str(content.label("card", card, "en"))
    return labels


def card_agreement(placements: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """Per card: agreement with Wilson interval, unsure share, top wrong pile and confusions."""
    if placements.empty:
        return pd.DataFrame(columns=["card_id", "card_label", "intended_step", "n", "k", "share", "lo", "hi"])
    out = cs.card_summary(placements)
    out.insert(1, "card_label", out["card_id"].map(labels))
    return out


def similarity_long(placements: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of cards: n_both, n_same, similarity."""
    ids = sorted(placements["card_id"].unique())
    same, both = cs.similarity_counts(placements, ids)
    rows = [{"card_a": a, "card_b": b, "n_both": both.loc[a, b], "n_same": same.loc[a, b],
             "similarity": same.loc[a, b] / both.loc[a, b] if both.loc[a, b] else None}
            for i, a in enumerate(ids) for b in ids[i + 1:]]
    return pd.DataFrame(rows, columns=["card_a", "card_b", "n_both", "n_same", "similarity"])


@by_identity(maxsize=4)
def analysis_frames(tables: Tables, content_lookup) -> dict[str, pd.DataFrame]:
    """Every exported table by file name (the same set goes to CSV, XLSX and the report), computed
    once for the same tables and contents. Callers must not change the frames in place."""
    labels, content = card_labels(tables, content_lookup), latest_content(tables, content_lookup)
    pl = tables.placements
    return {
        "sessions.csv": tables.sessions, "participants.csv": tables.participants,
        "placements.csv": pl.assign(card_label=pl["card_id"].map(labels)),
        "card_notes.csv": tables.card_notes,
        "card_agreement.csv": card_agreement(pl, labels),
        "category_agreement.csv": cs.category_agreement(pl),
        "similarity.csv": similarity_long(pl),
        "feedback.csv": tables.feedback, "feedback_summary.csv": fb.score_summary(tables.feedback),
        "worksheet_answers.csv": tables.worksheet_answers,
        "field_gaps.csv": worksheet_stats.field_gaps(tables.worksheet_answers, content, tables.responses)
        if content else pd.DataFrame(columns=["activity", "field_id"]),
        "backlog.csv": build_backlog(tables, content)[BACKLOG_COLUMNS] if content else pd.DataFrame(columns=BACKLOG_COLUMNS),
    }


def codebook(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    rows = [{"file": name, "column": col, "description": describe(name, col) or ""}
            for name, df in frames.items() for col in df.columns]
    rows += [{"file": "codebook.csv", "column": c, "description": describe("codebook.csv", c)}
             for c in ("file", "column", "description")]
    return pd.DataFrame(rows, columns=["file", "column", "description"])


def codebook_markdown(book: pd.DataFrame) -> str:
    parts = ["# Codebook\n\nEvery column of every exported file.\n"]
    for name, rows in book.groupby("file", sort=False):
        parts.append(f"\n## {name}\n\n| column | description |\n|---|---|")
        parts += [f"| `{r.column}` | {r.description.replace('|', '/')} |" for r in rows.itertuples()]
    return "\n".join(parts) + "\n"


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where text a spreadsheet would treat as a formula starts with a single quote."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(DANGEROUS) else v)
    return out


def export_csvs(tables: Tables, content_lookup, out_dir, progress=None) -> list[Path]:
    """Write every table, codebook.csv and codebook.md into out_dir; return the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frames = analysis_frames(tables, content_lookup)
    book = codebook(frames)
    written = []
    for name, df in {**frames, "codebook.csv": book}.items():
        if progress:
            progress(name)
        spreadsheet_safe(df).to_csv(out / name, index=False)
        written.append(out / name)
    (out / "codebook.md").write_text(codebook_markdown(book), encoding="utf-8")
    return [*written, out / "codebook.md"]


def csv_zip(tables: Tables, content_lookup, progress=None) -> bytes:
    """Every tidy CSV and the codebook (export_csvs), zipped into one download."""
    buffer = io.BytesIO()
    _csv_zip_into(buffer, tables, content_lookup, progress)
    return buffer.getvalue()


def _csv_zip_into(target, tables: Tables, content_lookup, progress=None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = export_csvs(tables, content_lookup, Path(tmp), progress)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in paths:
                zf.write(path, path.name)


def to_xlsx(tables: Tables, content_lookup, progress=None) -> bytes:
    """One workbook: a sheet per exported table plus the codebook (streamed: see xlsx_stream)."""
    buffer = io.BytesIO()
    _xlsx_into(buffer, tables, content_lookup, progress)
    return buffer.getvalue()


def _xlsx_into(target, tables: Tables, content_lookup, progress=None) -> None:
    frames = analysis_frames(tables, content_lookup)
    sheets = {name.removesuffix(".csv"): df for name, df in {**frames, "codebook.csv": codebook(frames)}.items()}
    write_workbook(target, sheets, text=xlsx_text, progress=progress)


def xlsx_text(value: str) -> str:
    """Control characters an XLSX cannot hold removed first, then formula text quoted: the other
    way round, a control character then "=HYPERLINK(...)" would pass the guard and become a live formula."""
    value = _ILLEGAL_XLSX.sub("", value)
    return "'" + value if value.startswith(DANGEROUS) else value


def xlsx_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text cell as the workbook writes it (xlsx_text)."""
    return df.map(lambda v: xlsx_text(v) if isinstance(v, str) else v)


def html_report(tables: Tables, content_lookup, title: str = "Booster Workshop: pilot evidence",
                progress=None) -> str:
    """One HTML file that works offline: plotly.js is embedded once; all user text is escaped."""
    frames = analysis_frames(tables, content_lookup)
    if progress:
        progress("charts")
    figures = _figures(tables, frames, content_lookup)
    body = [f"<h1>{html.escape(title)}</h1>", _summary(tables)]
    for i, (heading, fig) in enumerate(figures):
        body.append(f"<h2>{html.escape(heading)}</h2>")
        body.append(fig.to_html(full_html=False, include_plotlyjs=(i == 0), default_height=None))
    for heading, name in (("Backlog", "backlog.csv"), ("Card agreement", "card_agreement.csv"),
                          ("Feedback ratings", "feedback_summary.csv")):
        body.append(f"<h2>{heading}</h2>" + frames[name].to_html(index=False, escape=True, na_rep=""))
    body.append("<h2>Open comments</h2>" + fb.comments(tables.feedback).to_html(index=False, escape=True))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>" + html.escape(title) + "</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:13px}"
            "td,th{border:1px solid #ccc;padding:3px 6px}</style></head><body>" + "\n".join(body) + "</body></html>")


def _summary(tables: Tables) -> str:
    items = [f"{len(tables.sessions)} sessions", f"{len(tables.participants)} participants",
             f"{tables.placements[['session_id', 'participant_id']].drop_duplicates().shape[0]} card sorts",
             "countries: " + ", ".join(sorted(tables.sessions["country"].dropna().astype(str).unique()))]
    problems = "".join(f"<li>{html.escape(p)}</li>" for p in tables.problems)
    return ("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
            + (f"<h3>Files skipped ({len(tables.problems)})</h3><ul>{problems}</ul>" if problems else ""))


def _figures(tables: Tables, frames: dict, content_lookup) -> list:
    pl, figs = tables.placements, []
    if not pl.empty:
        labels, content = card_labels(tables, content_lookup), latest_content(tables, content_lookup)
        ids = sorted(pl["card_id"].unique())
        piles = [*(content.step_ids() if content else []), UNSURE, OWN_GROUPS]
        _, shares = cs.placement_matrix(pl, ids, piles)
        intended = pl.groupby("card_id")["intended_step"].first().to_dict()
        sim = cs.similarity_matrix(pl, ids)
        tree, order, _ = cs.cluster(sim)
        figs += [("Agreement", charts.agreement_bar(frames["card_agreement.csv"], labels)),
                 ("Placements", charts.placement_heatmap(shares, intended, labels)),
                 ("Similarity", charts.similarity_heatmap(sim, order, labels)),
                 ("Clusters", charts.dendrogram(tree, ids, labels))]
    if tables.feedback["score"].notna().any():
        figs += [("Ratings", charts.feedback_distribution(fb.distribution(tables.feedback))),
                 ("Mean ratings", charts.feedback_means(frames["feedback_summary.csv"]))]
    return figs


def write_exports(tables: Tables, content_lookup, out_dir, *, xlsx: bool = False, html: bool = False) -> list[Path]:
    """The CSVs with their codebook in `out_dir`, plus the XLSX workbook and the HTML report if asked."""
    paths = export_csvs(tables, content_lookup, out_dir)
    if xlsx:
        paths.append(Path(out_dir) / "booster_analysis.xlsx")
        paths[-1].write_bytes(to_xlsx(tables, content_lookup))
    if html:
        paths.append(Path(out_dir) / "report.html")
        paths[-1].write_text(html_report(tables, content_lookup), encoding="utf-8")
    return paths


KINDS = ("csv", "xlsx", "html")


def build(kind: str, tables: Tables, content_lookup, progress=None) -> bytes:
    """One download ("csv": the zipped CSVs, "xlsx", "html") as bytes. `progress(step)` is called
    with "tables" while the exported tables are computed, then with each file or sheet's name."""
    buffer = io.BytesIO()
    write(kind, tables, content_lookup, buffer, progress)
    return buffer.getvalue()


def write(kind: str, tables: Tables, content_lookup, target, progress=None) -> None:
    """build(), into `target` (a path or a binary file): the export worker writes its file straight
    to disk, never holding a 1,000-session workbook (~65 MB) in memory as well."""
    if kind not in KINDS:
        raise ValueError(f"unknown export kind {kind!r}; expected one of {', '.join(KINDS)}")
    if progress:
        progress("tables")
    analysis_frames(tables, content_lookup)
    if kind == "csv":
        _csv_zip_into(target, tables, content_lookup, progress)
    elif kind == "xlsx":
        _xlsx_into(target, tables, content_lookup, progress)
    else:
        data = html_report(tables, content_lookup, progress=progress).encode("utf-8")
        with open(target, "wb") if isinstance(target, (str, Path)) else contextlib.nullcontext(target) as out:
            out.write(data)
