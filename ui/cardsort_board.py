"""The participant's card sort: one board for the whole deck, made for phones and keyboards.

The board is a `st.components.v2` component of our own (its HTML, CSS and JS in
booster_components/sort_board/, no build step; the JS and CSS are served by URL). Tap a card then
a step, drag it (mouse, or a finger on its handle), or use Tab, Enter and the arrow keys; each card
shows its description on demand, and a comment or a better name can be given to any card from the
board. Every move and note arrives as an event that is saved at once through `workshop.save_sort` /
`set_card_note`; see booster/sort_columns.py for how resent events are applied once.
"""

from __future__ import annotations

import streamlit as st

import booster_components
from booster import piles, workshop
from booster.errors import BoosterError, StoreError, ValidationError
from booster.live import card_sort, sort_columns
from ui import component_state, resources, text_field
from ui.guard import guard
from ui.i18n import lang, t

BOARD_KEY = "sort_board"
_BOARD = component_state.component("sort_board", html=booster_components.html("sort_board", "board.html"),
                                   css="board.css", js="board.js")
# The board's own words, handed over as data: each a UI string, some with {n}/{max} filled in by the board.
BOARD_TEXTS = {"how_touch": "cardsort.how_touch", "how_mouse": "cardsort.how_mouse", "how_keys": "cardsort.how_keys",
               "unsorted": "cardsort.unsorted", "all_sorted": "cardsort.all_sorted",
               "what_it_means": "cardsort.what_it_means", "drag_handle": "cardsort.drag_handle",
               "place_prompt": "cardsort.place_prompt", "back_to_deck": "cardsort.back_to_deck",
               "cancel": "cardsort.cancel", "note_open": "cardsort.note_open", "comment": "cardsort.comment",
               "better_name": "cardsort.suggest_name", "save_note": "cardsort.save_note",
               "note_saved": "common.saved", "counter": "cardsort.counter", "too_long": "cardsort.too_long"}


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

    def __init__(self, session: workshop.Session, owner: str, content, response: dict, participant_id: str = ""):
        self.session, self.owner, self.content, self.lang = session, owner, content, lang()
        self.participant_id = participant_id
        self.response = response
        self.data = self.response.get("data", {})
        self.placements: dict = dict(self.data.get("placements", {}))
        self.custom: dict = dict(self.data.get("custom_groups", {}))
        self.order = self.data.get("card_order") or sort_columns.shuffled(session.deck(content), owner)
        self.piles = sort_columns.piles(content.step_ids(), self.custom)
        self.label_of = {c: content.card_label(c, self.lang) for c in content.card_ids()}

    def header(self, pile: str) -> str:
        return pile_header(self.content, self.custom, pile)

    def unsorted(self) -> list[str]:
        return [c for c in self.order if not self.placements.get(c)]

    def component_data(self) -> dict:
        """Everything the board draws; user text (notes, own group names) travels only as data."""
        return {
            "cards": [{"id": c, "label": self.label_of[c],
                       "description": self.content.card_description(c, self.lang)} for c in self.order],
            "piles": [{"id": p, "label": self.header(p)} for p in self.piles[1:]],
            "placements": self.placements,
            "comments": self.data.get("comments", {}), "names": self.data.get("suggested_names", {}),
            "ack": st.session_state.get(_applied_key(self.owner), {}),
            "limits": {"comment": card_sort.MAX_COMMENT, "name": card_sort.MAX_SUGGESTED_NAME},
            "draft_prefix": text_field.draft_key(self.session.code, self.participant_id, self.owner, "sort_note", ""),
            "text": {name: t(key) for name, key in BOARD_TEXTS.items()},
        }


def _applied_key(owner: str) -> str:
    return f"sort_board_applied_{owner}"


def show(session: workshop.Session, participant: workshop.Participant, owner: str, content, read_only: bool,
         response: dict) -> None:
    """`response` is the saved card sort the page has just read (or {}): read once per run."""
    board = Board(session, owner, content, response, participant.id)
    if read_only:
        _read_only(board)
    else:
        _BOARD(key=BOARD_KEY, data=board.component_data(), on_events_change=lambda: _on_events(board, participant))
        if session.sort_mode == "hybrid":
            _add_group(board)
    done, total = len(board.order) - len(board.unsorted()), len(board.order)
    st.progress(done / total, text=t("cardsort.progress", done=done, total=total))
    if not read_only:
        _submit(board, done, total)


def _on_events(board: Board, participant: workshop.Participant) -> None:
    """A callback, so each move is saved before the screen is drawn again."""
    events = (st.session_state.get(BOARD_KEY) or {}).get("events")
    save_events(board, participant, events, st.session_state.setdefault(_applied_key(board.owner), {}))


def save_events(board: Board, participant: workshop.Participant, events, applied: dict) -> None:
    """Save each event the board sent that is not saved yet; `applied` is what the board is told."""
    with guard():
        marks = dict(applied)  # an event is marked applied only once saved (or refused for good)
        try:
            fresh = sort_columns.fresh_events(events, marks)
        except ValidationError:  # a malformed batch: never sent again
            applied.update(marks)
            raise
        refused = None
        for event in fresh:
            try:
                _apply_event(board, participant, event)
            except StoreError:
                raise  # not marked: the board sends it again until the store takes it
            except BoosterError as exc:  # refused for good (too long, activity closed): not sent again
                refused = exc
            applied[event["client"]] = max(applied.get(event["client"], 0), event["seq"])
        if refused:
            raise refused
        if fresh:
            st.toast(t("common.saved"), icon=":material/cloud_done:")


def _apply_event(board: Board, participant: workshop.Participant, event: dict) -> None:
    store, code, by, deck = resources.store(), board.session.code, participant.id, board.session.deck(board.content)
    if event["kind"] == sort_columns.MOVE:
        workshop.save_sort(store, code, board.owner, {event["card"]: sort_columns.pile_of(event)}, deck, by=by)
    else:
        workshop.set_card_note(store, code, board.owner, event["card"], comment=event.get("comment"),
                               suggested_name=event.get("name"), by=by, deck_ids=deck)


def _add_group(board: Board) -> None:
    """An own group (hybrid sort). No max_chars: a long paste stays, with the limit's message."""
    name = st.text_input(t("cardsort.new_group"), key="new_group_name")
    too_long = text_field.limit_notice(name, piles.MAX_GROUP_NAME)
    st.button(t("cardsort.add_group"), key="add_group_button", disabled=too_long, on_click=_do_add_group,
              args=(board,))


def _do_add_group(board: Board) -> None:
    name = st.session_state.get("new_group_name") or ""
    if not name.strip():
        return
    with guard():
        workshop.add_custom_group(resources.store(), board.session.code, board.owner, name)
        st.session_state["new_group_name"] = ""  # added: the box is ready for the next one


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
