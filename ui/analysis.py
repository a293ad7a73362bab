"""What every analyst screen shares: the store read into tables (changed files only), the filters,
the notice of skipped files, names in the screen's language, and tables with translated headers.

Presentation only: every number comes from the booster package.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from booster import aggregate, bundle, cardsort, charts, export, worksheets
from booster.aggregate import Tables
from ui import resources
from ui.guard import guard, show_problems
from ui.i18n import LANGUAGE_NAMES, lang, t

# Filter widget keys and their "no filter" values. The same keys are drawn on every analyst page.
FILTERS = {"flt_country": [], "flt_language": [], "flt_session": [], "flt_dates": (),
           "flt_version": [], "flt_mode": [], "flt_incomplete": False}
MODES = ("individual", "group")
UPLOAD_RESULTS = "bundle_results"
KEPT = "analysis_filters"


@st.cache_resource(show_spinner=False)
def _table_cache() -> aggregate.TableCache:
    """Parsed documents shared by every analyst's tab (thread-safe); only changed files are re-read."""
    return aggregate.TableCache()


def load() -> Tables:
    """Every session in the store as tidy tables."""
    return aggregate.load_tables(resources.store(), resources.content, _table_cache())


def start(title_key: str) -> Tables | None:
    """Title, skipped-files notice and filters; the filtered tables, or None (with a message) when
    there is nothing to show."""
    st.title(t(title_key))
    everything = load()
    problems(everything)
    if everything.sessions.empty:
        st.info(t("analysis.empty"), icon=":material/inbox:")
        return None
    tables = filters(everything)
    if tables.sessions.empty:
        st.info(t("analysis.no_match"), icon=":material/filter_alt_off:")
        return None
    return tables


# ---- filters -------------------------------------------------------------------------------


def _values(sessions: pd.DataFrame, column: str) -> list:
    return sorted(sessions[column].dropna().astype(str).unique())


def _kept(key: str, options: list | None = None):
    """A filter's value as last chosen on any analyst page (a widget's own state is dropped when
    its page is left), without values the data no longer has."""
    value = st.session_state.setdefault(KEPT, {}).get(key, FILTERS[key])
    return [v for v in value if v in options] if options is not None else value


def _keep(key: str) -> None:
    st.session_state.setdefault(KEPT, {})[key] = st.session_state[key]


def _clear() -> None:
    st.session_state[KEPT] = {}
    for key in FILTERS:
        st.session_state.pop(key, None)


def _session_label(sessions: pd.DataFrame):
    info = sessions.set_index("session_id")[["date", "country"]].astype(str).to_dict("index")
    return lambda code: f"{code} · {info[code]['date']} · {info[code]['country']}" if code in info else code


def mode_names() -> dict:
    return {"individual": t("analysis.mode_individual"), "group": t("analysis.mode_group")}


def language_name(code) -> str:
    return LANGUAGE_NAMES.get(code, str(code))


def _pick(where, label: str, key: str, options: list, **kwargs) -> list:
    return where.multiselect(label, options, default=_kept(key, options), key=key, on_change=_keep, args=(key,),
                             placeholder=t("analysis.all"), **kwargs)


def filters(tables: Tables) -> Tables:
    """The filter widgets (in an expander at the top of the page) and the tables they keep."""
    s = tables.sessions
    with st.expander(t("analysis.filters"), icon=":material/filter_alt:", key="filters_box"):
        left, right = st.columns(2)
        chosen = {
            "flt_country": _pick(left, t("analysis.country"), "flt_country", _values(s, "country")),
            "flt_language": _pick(right, t("analysis.language"), "flt_language", _values(s, "language"),
                                  format_func=language_name),
            "flt_session": _pick(st, t("analysis.sessions"), "flt_session",
                                 list(s.sort_values(["date", "session_id"])["session_id"]),
                                 format_func=_session_label(s))}
        left, right = st.columns(2)
        chosen["flt_dates"] = left.date_input(
            t("analysis.dates"), value=_kept("flt_dates"), key="flt_dates", format="YYYY-MM-DD",
            on_change=_keep, args=("flt_dates",), help=t("analysis.dates_help"))
        chosen["flt_version"] = _pick(right, t("analysis.version"), "flt_version", _values(s, "content_version"))
        chosen["flt_mode"] = _pick(left, t("analysis.mode"), "flt_mode", [m for m in MODES if m in set(s["mode"])],
                                   format_func=mode_names().get)
        chosen["flt_incomplete"] = right.toggle(
            t("analysis.include_incomplete"), value=_kept("flt_incomplete"), key="flt_incomplete",
            on_change=_keep, args=("flt_incomplete",), help=t("analysis.include_incomplete_help"))
        st.button(t("analysis.clear_filters"), key="flt_clear", on_click=_clear, icon=":material/filter_alt_off:")
    filtered = _apply(tables, chosen)
    sorts = filtered.placements[["session_id", "participant_id"]].drop_duplicates()
    st.caption(t("analysis.showing", sessions=len(filtered.sessions), total=len(s),
                 participants=len(filtered.participants), sorts=len(sorts)))
    return filtered


def include_incomplete() -> bool:
    return bool(_kept("flt_incomplete"))


def _apply(tables: Tables, state: dict) -> Tables:
    dates = tuple(state["flt_dates"] or ())
    return aggregate.filter_tables(
        tables, countries=state["flt_country"] or None, sessions=state["flt_session"] or None,
        date_from=dates[0] if dates else None, date_to=dates[1] if len(dates) == 2 else None,
        versions=state["flt_version"] or None, languages=state["flt_language"] or None,
        modes=state["flt_mode"] or None, include_incomplete=bool(state["flt_incomplete"]))


def problems(tables: Tables) -> None:
    show_problems(tables.problems)


# ---- names in the screen's language ---------------------------------------------------------


def _version_key(version: str) -> list:
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", version) if p]


def newest_content():
    """The newest content version: its texts name cards, steps, tools and fields on every screen."""
    return resources.content(max(resources.versions(), key=_version_key))


def _text(lookup, *args, default):
    """A content text, or `default` when the newest content has no text for this id."""
    try:
        return lookup(*args) or default
    except (KeyError, StopIteration):
        return default


def card_names() -> dict:
    content = newest_content()
    return {c: _text(content.card_label, c, lang(), default=c) for c in content.card_ids()}


def card_order(ids) -> list:
    """Cards in the newest deck's order, then any the newest deck lacks."""
    known = newest_content().card_ids()
    ids = set(ids)
    return [c for c in known if c in ids] + sorted(ids - set(known))


def step_ids() -> list:
    return newest_content().step_ids()


def pile_names(placements: pd.DataFrame | None = None) -> dict:
    """Step names, the unsure pile, "own groups", and (given placements) each own group's name."""
    content = newest_content()
    names = {s: _text(content.step_name, s, lang(), default=s) for s in content.step_ids()}
    names |= {"unsure": t("analysis.unsure_pile"), "custom": t("analysis.custom_pile")}
    if placements is not None and not placements.empty:
        own = placements[placements["step_id"].str.startswith(cardsort.CUSTOM)].drop_duplicates("step_id")
        names |= {pile: f"+ {label}" for pile, label in zip(own["step_id"], own["custom_label"].astype(str))}
    return names


def activity_names() -> dict:
    content = newest_content()
    return {a.id: _text(content.activity_name, a.id, lang(), default=a.id) for a in content.activities}


def question_names() -> dict:
    """Short names of the feedback questions (the full questions are long for charts and tables)."""
    content = newest_content()
    names = {q.id: _text(content.feedback_label, q.id, lang(), default=q.id) for q in content.feedback.questions}
    return names | {"ease": t("analysis.q_ease"), "relevance": t("analysis.q_relevance"),
                    "effectiveness": t("analysis.q_effectiveness"), "confusing": t("analysis.q_confusing"),
                    "missing": t("analysis.q_missing"), "suggestions": t("analysis.q_suggestions")}


def field_name(activity: str, field: str) -> str:
    """A worksheet field's label; `<field>_note` (a contrast's note) gets the note's name added."""
    base = field[:-len("_note")] if field.endswith("_note") else field
    label = _text(newest_content().field_label, activity, base, lang(), default=field)
    return f"{label} ({t('analysis.note')})" if base != field else label


def contrast_name(field: str, activity: str = "user_characteristics") -> str:
    """`Rural ↔ Urban` for a contrast field."""
    names = _text(newest_content().contrast_poles, activity, field, lang(), default=None)
    return " ↔ ".join(names) if names else field


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


# ---- display frames ----------------------------------------------------------------------


def sorters(participants: pd.DataFrame, include_incomplete: bool) -> pd.DataFrame:
    """The participants table for display: minutes taken, "cards sorted of total", and whether their
    card sort is in the analysis (complete sorts, or any started sort when incomplete ones are kept)."""
    p = participants
    started = p["cards_sorted"].fillna(0) > 0
    kinds = {"person": t("analysis.kind_person"), "paper": t("analysis.kind_paper")}
    return p.assign(
        minutes=p["elapsed_seconds"].astype(float) / 60, kind=p["kind"].map(lambda k: kinds.get(k, k)),
        cards=p["cards_sorted"].fillna(0).astype(int).astype(str) + " / "
        + p["cards_total"].astype("Int64").astype(str),
        included=p["complete"].astype(bool) | (include_incomplete & started))


def backlog_columns() -> dict:
    """The backlog table's columns and their headers, in reading order."""
    questions = question_names()
    return {
        "rank": "#", "type": t("analysis.col_type"), "item": t("analysis.col_item"),
        "score": t("analysis.col_score"), "reasons": t("analysis.col_reasons"), "n": t("analysis.col_n"),
        "agreement_share": t("analysis.col_share"), "agreement_lo": t("analysis.col_lo"),
        "agreement_hi": t("analysis.col_hi"), "unsure_share": t("analysis.col_unsure_share"),
        "notes_count": t("analysis.col_notes"), "wrong_pile": t("analysis.col_wrong_pile"),
        "confused_with": t("analysis.col_confused_with"),
        "confused_share": t("analysis.col_confused"),
        **{f"feedback_{q}": questions.get(q, q) for q in ("ease", "relevance", "effectiveness")},
        "confusing_count": t("analysis.col_confusing"), "category_agreement": t("analysis.col_agreement"),
        "empty_share": t("analysis.col_empty_share"), "countries": t("analysis.col_countries")}


def distance_columns() -> dict:
    """Headers of booster.cardsort.compare_groups' distances (and of compare_versions' similarity)."""
    return {"group_a": t("analysis.col_group_a"), "group_b": t("analysis.col_group_b"),
            "n_pairs": t("analysis.col_pairs"), "mean_abs_diff": t("analysis.col_mad"),
            "pearson_r": t("analysis.col_r")}


def by_version(stat: str, versions: list, label=str) -> dict:
    """Headers of side-by-side columns `<stat>_<version>` and `n_<version>`."""
    return {**{f"{stat}_{v}": label(v) for v in versions}, **{f"n_{v}": f"n ({label(v)})" for v in versions}}


POSITIONS = ["1", "2", "3", "4", "5"]


def contrast_positions(distribution: pd.DataFrame, not_set: pd.DataFrame | None = None) -> pd.DataFrame:
    """booster.worksheets.contrast_distribution as one row per contrast (named by its poles) and
    one column per position 1-5, then `not_set` (booster.worksheets.contrast_not_set) apart."""
    wide = distribution.pivot_table(index="field_id", columns="position", values="count", aggfunc="sum",
                                    fill_value=0)
    wide.columns = [str(c) for c in wide.columns]
    if not_set is not None and not wide.empty:
        wide["not_set"] = not_set.set_index("field_id")["n_not_set"].reindex(wide.index, fill_value=0)
    wide.insert(0, "contrast", [contrast_name(f) for f in wide.index])
    return wide.reset_index(drop=True)


def contrast_figure(positions: pd.DataFrame) -> go.Figure:
    """Stacked shares of positions 1-5 per contrast (contrast names come from the content); sheets
    that left a contrast not set are not part of its shares."""
    shares = positions.set_index("contrast")[[p for p in POSITIONS if p in positions.columns]]
    shares = shares.div(shares.sum(axis=1).where(lambda v: v > 0), axis=0)
    fig = go.Figure([go.Bar(x=shares[p], y=shares.index, orientation="h", name=p, marker_color=colour,
                            hovertemplate=f"{p}: " + "%{x:.0%}<extra></extra>")
                     for p, colour in zip(shares.columns, charts.SCALE_COLOURS)])
    fig.update_layout(barmode="stack", xaxis={"tickformat": ".0%"}, yaxis={"autorange": "reversed"},
                      height=max(260, 34 * len(shares) + 120),
                      legend={"orientation": "h", "y": -0.15, "traceorder": "normal"})
    return fig


# ---- rendering -------------------------------------------------------------------------------


def table(df: pd.DataFrame, key: str, columns: dict, percent=(), ratios=(), decimals=(), height="auto") -> None:
    """A read-only table showing `columns` (name -> header) in that order: `percent` columns as
    bars, `ratios` as percentages, `decimals` with two decimals."""
    config = {}
    for column, header in columns.items():
        if column in percent:
            config[column] = st.column_config.ProgressColumn(header, format="percent", min_value=0.0,
                                                             max_value=1.0)
        elif column in ratios:
            config[column] = st.column_config.NumberColumn(header, format="percent")
        elif column in decimals:
            config[column] = st.column_config.NumberColumn(header, format="%.2f")
        else:
            config[column] = header
    st.dataframe(df, key=key, hide_index=True, width="stretch", height=height, placeholder="–",
                 column_order=[c for c in columns if c in df.columns], column_config=config)


def chart(fig, key: str, title: str, **layout) -> None:
    """A booster.charts figure, titled in the screen's language above the plot (a title inside the
    plot would be hidden by the tool bar on a phone), as wide as the screen."""
    st.markdown(f"**{title}**")
    fig.update_layout(title=None, margin={"l": 10, "r": 10, "t": 30, "b": 10}, **layout)
    st.plotly_chart(fig, key=key, width="stretch", config={"displaylogo": False})


def search_box(key: str) -> str:
    return st.text_input(t("analysis.search"), key=key, placeholder=t("analysis.search_hint"),
                         icon=":material/search:")


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A CSV a spreadsheet opens safely (no cell is run as a formula)."""
    return export.spreadsheet_safe(df).to_csv(index=False).encode("utf-8")


def contents_for(tables: Tables) -> dict:
    """The content of every version the data uses, resolved now (download callables run on
    another thread, outside the page's run)."""
    found = {}
    for version in tables.sessions["content_version"].dropna().astype(str).unique():
        if version in resources.versions():
            found[version] = resources.content(version)
    return found


def csv_zip(tables: Tables, contents: dict) -> bytes:
    """Every tidy CSV and the codebook, zipped into one download."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = export.export_csvs(tables, contents, Path(tmp))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in paths:
                zf.write(path, path.name)
    return buffer.getvalue()


def fingerprint(df: pd.DataFrame) -> str:
    """A digest of every cell (Streamlit's own hashing samples the rows of large frames)."""
    return hashlib.sha1(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes()).hexdigest()


def answers_wide(answers: pd.DataFrame, activity: str) -> pd.DataFrame:
    """booster.worksheets.answers_wide, remembered for the same answers: it takes seconds on a
    store of 40 sessions, and searching reruns the page at every word."""
    return _answers_wide(fingerprint(answers), activity, answers)


@st.cache_data(show_spinner=False, max_entries=8)
def _answers_wide(digest: str, activity: str, _answers: pd.DataFrame) -> pd.DataFrame:
    return worksheets.answers_wide(_answers, activity)


# ---- session bundles -------------------------------------------------------------------------


def safe_file_name(name: str) -> str:
    """An uploaded file's name reduced to letters, digits, dots and dashes (it is shown on screen)."""
    return re.sub(r"[^A-Za-z0-9.\-]+", "-", name or "bundle").strip("-")[:80] or "bundle"


def import_uploads(files) -> bool:
    """Import each uploaded bundle once and say what happened; True when something new came in.

    An upload stays in the widget across reruns, so outcomes are remembered by the file's id; a
    refused bundle is simply checked again (nothing is written) and its reason shown by guard()."""
    done = st.session_state.setdefault(UPLOAD_RESULTS, {})
    added = False
    for upload in files or []:
        name = safe_file_name(upload.name)
        if upload.file_id not in done:
            with guard():
                result = bundle.import_bundle(resources.store(), upload.getvalue(), name)
                done[upload.file_id] = (name, result.code, result.imported)
                added |= result.imported
        if upload.file_id in done:
            name, code, imported = done[upload.file_id]
            if imported:
                st.success(t("analysis.bundle_imported", name=name, code=code), icon=":material/check_circle:")
            else:
                st.info(t("analysis.bundle_already", name=name, code=code), icon=":material/info:")
    return added


def show_open_tab(tabs: dict, views: list, empty_message: str | None = None, always: tuple = ()) -> None:
    """Draw only the open tab's view (the others are not computed). With `empty_message`, show it
    instead of any view not in `always` (there is no data for it)."""
    for tab, view in zip(tabs.values(), views):
        if tab.open:
            with tab:
                if empty_message and view not in always:
                    st.info(empty_message, icon=":material/info:")
                else:
                    with guard():
                        view()
