"""Booster tools and other cards apart on the analyst's screens: a session sorted with the first
30-card deck (before decks existed) still analyses; its cards that are not tools say so in the
backlog and leave it when the analyst keeps the tools only."""

from __future__ import annotations

from booster import workshop
from booster.content import load_content, load_ui_strings

from .conftest import open_page

ANALYST = {"role": "analyst"}
UI = load_ui_strings()
CONTENT = load_content("v1")


def _legacy_session(store) -> str:
    """Six sorters of the old 30-card deck: every tool in its step, 'Grouping findings into themes' on Scope."""
    session = workshop.create_session(store, title="Pilot 2025", country="Indonesia", agency="", date="2025-08-14",
                                      language="en", content_version="v1", activities=["card_sort"],
                                      mode="individual", sort_mode="closed", pin="2468")
    store.update((session.code, "session"), lambda doc: {k: v for k, v in doc.items() if k != "decks"})
    code = session.code
    deck = workshop.get_session(store, code).deck(CONTENT)
    workshop.set_activity_status(store, code, "card_sort", "open")
    for name in ("Ayu", "Budi", "Citra", "Dewi", "Eka", "Fajar"):
        pid = workshop.join(store, code, name=name)[0].id
        placements = {c: CONTENT.card(c).intended_step for c in deck} | {"theme_clustering": "scope"}
        workshop.save_sort(store, code, pid, placements, deck, by=pid)
        workshop.submit(store, code, pid, "card_sort")
    return code


def _rows(at) -> dict:
    """The backlog table (flagged items only, the default): item -> type."""
    if not at.dataframe:  # nothing flagged
        return {}
    table = at.dataframe[0].value
    return dict(zip(table["item"], table["type"]))


def test_a_non_tool_card_is_named_as_such_in_the_backlog_and_leaves_it_with_the_tools_filter(store):
    _legacy_session(store)
    at = open_page("analysis_backlog.py", params=ANALYST)
    assert not at.exception
    rows = _rows(at)
    theme = CONTENT.card_label("theme_clustering", "en")
    assert rows[theme] == UI.t("card_kinds.app_one", "en"), "the old card is flagged and says it is the app's own"
    not_tools = sum(kind in (UI.t("card_kinds.app_one", "en"), UI.t("card_kinds.sub_step_one", "en"))
                    for kind in rows.values())
    assert not_tools >= 1 and UI.t("card_kinds.backlog_others", "en", n=not_tools) in [i.value for i in at.info]
    at.radio(key="flt_cards").set_value("tool").run()
    assert not at.exception
    assert theme not in _rows(at) and not [i for i in at.info if "Booster tools" in i.value]
    at.radio(key="flt_cards").set_value("other").run()
    others = _rows(at)
    assert theme in others and set(others.values()) <= {UI.t(f"card_kinds.{k}_one", "en") for k in ("sub_step", "app")} | {
        UI.t(f"analysis.type_{k}", "en") for k in ("step", "tool", "structure", "field")}
