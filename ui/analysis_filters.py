"""What every analyst screen starts with: the store read into tables (changed files only), the
notice of skipped files, and the filters (kept while the analyst moves between pages)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from booster import analysis, workshop
from booster.analysis import Tables, card_kinds
from ui import analysis_names, resources
from ui.guard import show_problems
from ui.i18n import t

# Filter widget keys and their "no filter" values. The same keys are drawn on every analyst page.
FILTERS = {"flt_country": [], "flt_language": [], "flt_session": [], "flt_dates": (),
           "flt_version": [], "flt_mode": [], "flt_incomplete": False, "flt_cards": "all", "flt_tools": []}
KEPT = "analysis_filters"


@st.cache_resource(show_spinner=False)
def _table_cache() -> analysis.TableCache:
    """Parsed documents shared by every analyst's tab (thread-safe); only changed files are re-read."""
    return analysis.TableCache()


def load() -> Tables:
    """Every session in the store as tidy tables."""
    return analysis.load_tables(resources.store(), resources.content, _table_cache())


def start(title_key: str) -> Tables | None:
    """Title, skipped-files notice and filters; the filtered tables, or None (with a message) when
    there is nothing to show."""
    st.title(t(title_key))
    everything = load_with_tools(load())
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
                                  format_func=analysis_names.language_name),
            "flt_session": _pick(st, t("analysis.sessions"), "flt_session",
                                 list(s.sort_values(["date", "session_id"])["session_id"]),
                                 format_func=_session_label(s))}
        left, right = st.columns(2)
        chosen["flt_dates"] = left.date_input(
            t("analysis.dates"), value=_kept("flt_dates"), key="flt_dates", format="YYYY-MM-DD",
            on_change=_keep, args=("flt_dates",), help=t("analysis.dates_help"))
        chosen["flt_version"] = _pick(right, t("analysis.version"), "flt_version", _values(s, "content_version"))
        modes = [m for m in workshop.MODES if m in set(s["mode"])]
        chosen["flt_mode"] = _pick(left, t("analysis.mode"), "flt_mode", modes,
                                   format_func=analysis_names.mode_names().get)
        chosen["flt_incomplete"] = right.toggle(
            t("analysis.include_incomplete"), value=_kept("flt_incomplete"), key="flt_incomplete",
            on_change=_keep, args=("flt_incomplete",), help=t("analysis.include_incomplete_help"))
        left, right = st.columns(2)
        card_choices = {kind: t(f"card_kinds.{kind}") for kind in card_kinds.CHOICES}
        chosen["flt_cards"] = left.radio(
            t("card_kinds.filter"), card_kinds.CHOICES, index=card_kinds.CHOICES.index(_kept("flt_cards")),
            key="flt_cards", on_change=_keep, args=("flt_cards",), horizontal=True,
            format_func=card_choices.get, help=t("card_kinds.filter_help"))
        tools = analysis_names.feedback_tool_names()
        chosen["flt_tools"] = _pick(right, t("card_kinds.feedback_tools"), "flt_tools",
                                    [x for x in tools if x in set(tables.feedback["tool"].dropna())],
                                    format_func=tools.get, help=t("card_kinds.feedback_tools_help"))
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
    kept = analysis.filter_tables(
        tables, countries=state["flt_country"] or None, sessions=state["flt_session"] or None,
        date_from=dates[0] if dates else None, date_to=dates[1] if len(dates) == 2 else None,
        versions=state["flt_version"] or None, languages=state["flt_language"] or None,
        modes=state["flt_mode"] or None, include_incomplete=bool(state["flt_incomplete"]))
    return card_kinds.narrow(kept, _contents(), state["flt_cards"], state["flt_tools"])


def kind_filters() -> tuple[str, tuple]:
    """(cards, tools) as last chosen: what an export made elsewhere narrows its rows by (card_kinds.narrow)."""
    return _kept("flt_cards") or "all", tuple(_kept("flt_tools") or ())


def _contents() -> list:
    return [resources.content(v) for v in resources.versions()]


def load_with_tools(tables: Tables) -> Tables:
    """Every feedback row names the tool it rates (older rows stored without one get it from the content)."""
    return card_kinds.with_feedback_tools(tables, analysis_names.newest_content())


def problems(tables: Tables) -> None:
    show_problems(tables.problems)
