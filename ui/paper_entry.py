"""Entering a table's paper sort pile by pile: one searchable card list per pile (label or card code).

Saving, correcting and deleting go through callbacks, so the outcome is known before the screen is
drawn again; a second sort for a table that already has one waits for the facilitator's yes.
"""

from __future__ import annotations

import streamlit as st

from booster import piles as pile_ids
from booster import workshop
from booster.live import paper_sorts
from booster.live.card_sort import MAX_GROUPS
from ui import resources
from ui.cardsort_board import pile_header
from ui.guard import guard
from ui.i18n import lang, t
from ui.text import plain

NEW = "new"
PICK, TABLE, GROUPS, CONFIRM, DONE = "paper_pick", "paper_table", "paper_custom", "paper_confirm", "paper_done"


def group_names(text: str) -> list[str]:
    return [name.strip() for name in str(text or "").split(",") if name.strip()]


def _pile_key(pile: str) -> str:
    return "paper_pile_" + (("custom_" + pile_ids.slugify(pile[len(pile_ids.CUSTOM_PREFIX):]))
                            if pile.startswith(pile_ids.CUSTOM_PREFIX) else pile)


def piles(content, groups: list[str]) -> list[str]:
    """The placemat's piles: the seven steps, Unsure, then the table's own groups (by name)."""
    return [*content.step_ids(), pile_ids.UNSURE, *(pile_ids.CUSTOM_PREFIX + name for name in groups)]


def _clear(content) -> None:
    for key in list(st.session_state):
        if str(key).startswith("paper_pile_"):
            del st.session_state[key]
    st.session_state.pop(CONFIRM, None)


def _load(code: str, content) -> None:
    """Fill the form with the chosen paper sort (or empty it for a new one)."""
    _clear(content)
    pid = st.session_state[PICK]
    saved = {"table": "", "piles": {}, "groups": []}
    if pid != NEW:
        with guard():
            saved = paper_sorts.load(resources.store(), code, pid)
    st.session_state[TABLE], st.session_state[GROUPS] = saved["table"], ", ".join(saved["groups"])
    for pile, cards in saved["piles"].items():
        st.session_state[_pile_key(pile)] = cards


def _save(code: str, content, force: bool = False) -> None:
    state = st.session_state
    pid = None if state.get(PICK, NEW) == NEW else state[PICK]
    table, groups = state.get(TABLE, ""), group_names(state.get(GROUPS, ""))
    if pid is None and not force and paper_sorts.same_table(resources.store(), code, table):
        state[CONFIRM] = True
        return
    state.pop(CONFIRM, None)
    chosen = {pile: list(state.get(_pile_key(pile)) or []) for pile in piles(content, groups)}
    with guard():
        saved = paper_sorts.save(resources.store(), code, table, chosen, groups, deck_ids=workshop.get_session(resources.store(), code).deck(content), pid=pid)
        state[DONE] = t("paper.updated" if pid else "paper.saved", table=plain(table or saved))
        state[PICK] = saved  # open what was saved, so a slip can be corrected at once


def _delete(code: str, content) -> None:
    with guard():
        pid = st.session_state[PICK]
        table = paper_sorts.load(resources.store(), code, pid)["table"]
        paper_sorts.delete(resources.store(), code, pid)
        st.session_state[PICK] = NEW
        _load(code, content)
        st.session_state[DONE] = t("paper.deleted", table=plain(table))


def chooser(session: workshop.Session, content) -> None:
    saved = {p["id"]: p["name"] for p in paper_sorts.listed(resources.store(), session.code)}
    if st.session_state.get(PICK, NEW) not in (NEW, *saved):
        st.session_state[PICK] = NEW
    st.selectbox(t("paper.pick"), [NEW, *saved], key=PICK, on_change=_load, args=(session.code, content),
                 format_func=lambda p: t("paper.new") if p == NEW else saved[p] or p)


def form(session: workshop.Session, content) -> None:
    code, codes = session.code, paper_sorts.card_codes(session.deck(content))
    if session.sort_mode == "hybrid":
        st.text_input(t("paper.custom_groups"), key=GROUPS, help=t("paper.custom_groups_help", max=MAX_GROUPS))
    else:
        st.caption(t("paper.groups_off"))
    groups = group_names(st.session_state.get(GROUPS, "")) if session.sort_mode == "hybrid" else []
    by_code = sorted(codes, key=codes.get)
    custom = {pile_ids.slugify(n): n for n in groups}
    with st.form("paper_sort"):
        st.text_input(t("paper.table_name"), max_chars=60, key=TABLE)
        for pile in piles(content, groups):
            header = (pile[len(pile_ids.CUSTOM_PREFIX):] if pile.startswith(pile_ids.CUSTOM_PREFIX)
                      else pile_header(content, custom, pile))
            st.multiselect(header, by_code, key=_pile_key(pile), placeholder=t("paper.pick_cards"),
                           format_func=lambda c: f"{codes[c]} · {content.card_label(c, lang())}")
        st.form_submit_button(t("paper.save"), type="primary", key="paper_save", on_click=_save, args=(code, content))


def outcome(session: workshop.Session, content) -> None:
    """What the last save did, the question before a table's second sort, and delete."""
    if done := st.session_state.pop(DONE, None):
        st.success(done, icon=":material/check_circle:")  # the table's name in it is escaped
    if st.session_state.get(CONFIRM):
        with st.container(key="paper_same_table"):
            st.warning(t("paper.same_table", table=plain(st.session_state.get(TABLE, ""))), icon=":material/content_copy:")
            st.button(t("paper.save_again"), key="paper_save_again", on_click=_save,
                      args=(session.code, content, True))
    if st.session_state.get(PICK, NEW) != NEW:
        with st.expander(t("paper.delete"), icon=":material/delete:"):
            sure = st.checkbox(t("paper.delete_sure"), key="paper_delete_sure")
            st.button(t("paper.delete"), key="paper_delete", disabled=not sure, on_click=_delete,
                      args=(session.code, content))
