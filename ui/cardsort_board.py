"""The participant's card sort: drag between step columns, or place each card by choosing its step."""

from __future__ import annotations

import hashlib

import streamlit as st
from streamlit_sortables import sort_items

from booster import piles, workshop
from booster.live import sort_columns
from ui import resources
from ui.guard import guard
from ui.i18n import lang, t
from ui.text import plain

# The unsorted pile spans the top and scrolls inside itself; the steps tile below it (two columns
# on a 360 px phone), so a card and every step it can go to are on screen together.
BOARD_STYLE = """
.sortable-component.vertical { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
  gap: 0.4rem; }
.sortable-component.vertical .sortable-container { margin: 0; min-width: 0; padding: 0.3rem;
  border: 1px solid #c9d3e0; border-radius: 0.5rem; }
.sortable-component.vertical .sortable-container:first-of-type { grid-column: 1 / -1; }
.sortable-container:first-of-type .sortable-container-body { display: flex; flex-wrap: wrap;
  max-height: 11rem; overflow-y: auto; }
.sortable-component.vertical .sortable-container:first-of-type .sortable-item { display: inline-block; }
.sortable-container-header { font-weight: 600; font-size: 0.9rem; padding: 0 0.2rem 0.2rem; }
.sortable-container-body { min-height: 2.6rem; padding: 0.2rem; }
.sortable-component .sortable-item { white-space: normal; font-size: 0.85rem; padding: 0.2rem 0.45rem;
  margin: 0.15rem; border-radius: 0.35rem; }
"""


def pile_header(content, custom: dict[str, str], pile: str) -> str:
    """A column's name: the unsorted pile, a numbered step, Unsure, or "+ own group"."""
    if pile == piles.UNSORTED:
        return t("cardsort.unsorted")
    if pile == piles.UNSURE:
        return t("cardsort.unsure")
    if pile.startswith(piles.CUSTOM_PREFIX):
        return "+ " + custom.get(pile[len(piles.CUSTOM_PREFIX):], pile)
    step = next(s for s in content.steps if s.id == pile)
    return f"{step.number}. {content.step_name(pile, lang())}"


class Board:
    """What one screen of the sort needs: ids, display strings and the saved response."""

    def __init__(self, session: workshop.Session, owner: str, content, response: dict):
        self.session, self.owner, self.content, self.lang = session, owner, content, lang()
        self.response = response
        data = self.response.get("data", {})
        self.placements: dict = dict(data.get("placements", {}))
        self.custom: dict = dict(data.get("custom_groups", {}))
        self.order = data.get("card_order") or sort_columns.shuffled(content.card_ids(), owner)
        self.piles = sort_columns.piles(content.step_ids(), self.custom)
        self.label_of = {c: content.card_label(c, self.lang) for c in content.card_ids()}

    def header(self, pile: str) -> str:
        return pile_header(self.content, self.custom, pile)

    def unsorted(self) -> list[str]:
        return [c for c in self.order if not self.placements.get(c)]


def _widget_key(owner: str) -> str:
    # The drag widget keeps its own state from its first items, so it is remounted (new key)
    # whenever the board changes by any other route than a drag.
    return f"sort_board_{owner}_{st.session_state.get('board_generation', 0)}"


def _remount() -> None:
    st.session_state["board_generation"] = st.session_state.get("board_generation", 0) + 1


def show(session: workshop.Session, participant: workshop.Participant, owner: str, content, read_only: bool,
         response: dict) -> None:
    """`response` is the saved card sort the page has just read (or {}): read once per run."""
    board = Board(session, owner, content, response)
    progress = st.empty()
    if read_only:
        _read_only(board)
    else:
        st.caption(t("cardsort.instructions"))
        drag_tab, choose_tab = st.tabs([t("cardsort.tab_drag"), t("cardsort.tab_choose")])
        with drag_tab:
            _drag(board, participant)
        with choose_tab:
            _choose(board, participant)
        if session.sort_mode == "hybrid":
            _add_group(board)
        _descriptions(board)
    # Drawn last so it counts the move this run just saved.
    done, total = len(board.order) - len(board.unsorted()), len(board.order)
    progress.progress(done / total, text=t("cardsort.progress", done=done, total=total))
    if not read_only:
        _submit(board, done, total)


def _drag(board: Board, participant: workshop.Participant) -> None:
    key = _widget_key(board.owner)
    # What this widget showed when mounted: moves are measured against it, not against the store,
    # so a table member's stale board never undoes the cards someone else moved meanwhile.
    mounted = st.session_state.setdefault(key + "_mounted", dict(board.placements))
    containers = sort_columns.to_containers(mounted, board.order, board.piles, board.header, board.label_of.get)
    result = sort_items(containers, multi_containers=True, direction="vertical",
                        custom_style=BOARD_STYLE, key=key)
    after = sort_columns.from_containers(result, board.piles, board.header,
                                      {v: k for k, v in board.label_of.items()})
    moved = sort_columns.changed(mounted, after)
    if moved:
        with guard():
            workshop.save_sort(resources.store(), board.session.code, board.owner, moved,
                               board.content.card_ids(), by=participant.id)
            mounted.update(moved)
            board.placements.update(moved)
            st.toast(t("common.saved"), icon=":material/cloud_done:")


def _choose(board: Board, participant: workshop.Participant) -> None:
    """The keyboard and screen-reader route: pick a card, pick its step, add a note."""
    cards = board.unsorted() + [c for c in board.order if c not in board.unsorted()]
    card = st.selectbox(t("cardsort.choose_card"), cards, key="choose_card",
                        format_func=lambda c: board.label_of[c] + ("" if board.placements.get(c) else " •"))
    st.info(board.content.card_description(card, board.lang), icon=":material/info:")
    notes = board.response.get("data", {})
    current = board.placements.get(card) or piles.UNSORTED
    comment_now = notes.get("comments", {}).get(card, "")
    name_now = notes.get("suggested_names", {}).get(card, "")
    # Keyed by what is stored, so a table member's newer move or note shows up instead of this
    # screen's first values (Streamlit keeps a keyed widget's value across reruns).
    version = hashlib.sha1(repr((current, comment_now, name_now)).encode()).hexdigest()[:8]
    with st.form(f"place_{card}_{version}"):
        st.radio(t("cardsort.choose_step"), board.piles, index=board.piles.index(current),
                 format_func=lambda p: plain(board.header(p)), key=f"pile_{card}_{version}")
        st.text_area(t("cardsort.comment"), value=comment_now, max_chars=500,
                     key=f"comment_{card}_{version}")
        st.text_input(t("cardsort.suggest_name"), value=name_now, max_chars=120,
                      key=f"rename_{card}_{version}")
        # A callback, so the click is never lost to the room-follow timer's run (see board_view).
        st.form_submit_button(t("cardsort.place"), type="primary", key="place_card", on_click=_place_from_form,
                              args=(board, participant, card, version, current, comment_now, name_now))


def _place_from_form(board: Board, participant: workshop.Participant, card: str, version: str, current: str,
                     comment_now: str, name_now: str) -> None:
    state = st.session_state
    with guard():
        _place(board, participant, card, state[f"pile_{card}_{version}"], current,
               (state[f"comment_{card}_{version}"], comment_now), (state[f"rename_{card}_{version}"], name_now))
        _remount()


def _place(board: Board, participant: workshop.Participant, card: str, pile: str, current: str, comment: tuple,
           better: tuple) -> None:
    """Send only what this person changed: the pile, and the note (given as (new, stored))."""
    store, code, by = resources.store(), board.session.code, participant.id
    if pile != current:
        new_pile = None if pile == piles.UNSORTED else pile
        workshop.save_sort(store, code, board.owner, {card: new_pile}, board.content.card_ids(), by=by)
    changed = [new if new != stored else None for new, stored in (comment, better)]
    if changed != [None, None]:
        workshop.set_card_note(store, code, board.owner, card, comment=changed[0], suggested_name=changed[1], by=by)


def _add_group(board: Board) -> None:
    with st.form("add_group", clear_on_submit=True):
        name = st.text_input(t("cardsort.new_group"), max_chars=40, key="new_group_name")
        if st.form_submit_button(t("cardsort.add_group"), key="add_group_button") and name.strip():
            with guard():
                workshop.add_custom_group(resources.store(), board.session.code, board.owner, name)
                _remount()
                st.rerun()


def _descriptions(board: Board) -> None:
    with st.expander(t("cardsort.descriptions"), icon=":material/menu_book:"):
        for card in board.order:
            st.markdown(f"**{board.label_of[card]}**")
            st.caption(board.content.card_description(card, board.lang))


def _submit(board: Board, done: int, total: int) -> None:
    # Callbacks, so a click is never lost to the room-follow timer's run (see board_view).
    st.button(t("cardsort.submit"), type="primary", key="submit_sort", on_click=_ask_submit,
              args=(board, done < total))
    if st.session_state.get("confirm_submit_sort"):
        st.warning(t("cardsort.confirm_unsorted", n=total - done), icon=":material/warning:")
        st.button(t("cardsort.confirm_submit"), key="confirm_submit_sort_button", on_click=_do_submit,
                  args=(board,))


def _ask_submit(board: Board, unsorted_left: bool) -> None:
    if unsorted_left:
        st.session_state["confirm_submit_sort"] = True
    else:
        _do_submit(board)


def _do_submit(board: Board) -> None:
    with guard():
        workshop.submit(resources.store(), board.session.code, board.owner, "card_sort")
        st.session_state.pop("confirm_submit_sort", None)


def _read_only(board: Board) -> None:
    for pile in board.piles[1:]:
        cards = [board.label_of[c] for c in board.order if board.placements.get(c) == pile]
        if cards:
            st.text(board.header(pile) + "\n  " + "\n  ".join(cards))
