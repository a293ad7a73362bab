"""Debrief results on screen (projector and phones): text and bars that fit a 360 px phone.

No tables: a phone would scroll them sideways. Results are cached for a few seconds per session, so
a room of revealed phones costs one read of the session's files, not one per phone.
"""

from __future__ import annotations

import streamlit as st

from booster import workshop
from booster.live import debrief
from booster.live.facilitator_board import intended_steps
from ui import resources
from ui.guard import guard, show_problems
from ui.i18n import lang, t
from ui.text import plain

CACHE_SECONDS = 5


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=64)
def _card_sort(code: str, version: str, deck: tuple[str, ...]) -> dict:
    return debrief.card_sort(resources.store(), code, intended_steps(list(deck), version))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=64)
def _worksheet(code: str, activity: str, field: str) -> dict:
    return debrief.worksheet(resources.store(), code, activity, field)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=64)
def _feedback(code: str, activity: str) -> dict:
    return debrief.feedback(resources.store(), code, activity)


def _pct(share: float) -> int:
    return round(100 * share)


def show(session: workshop.Session, activity: str, content, *, wide: bool = False) -> None:
    """The activity's results and its feedback ratings; `wide` (the projector) puts the results
    beside the disagreed cards and ratings, so the whole debrief fits one screen."""
    with st.container(key=f"debrief_{activity}"):
        main, side = st.columns([3, 1]) if wide else (st.container(), st.container())
        if activity == "card_sort":
            _card_sort_results(_card_sort(session.code, session.content_version, tuple(session.deck(content))), content, main, side,
                               per_row=4 if wide else 1)
        else:
            with main:
                _worksheet_results(session, activity, content)
        with side:
            _ratings(_feedback(session.code, activity))


def _pile_name(pile: str, content) -> str:
    if pile == "unsure":
        return content.pile_label(pile, lang())
    if pile in content.step_ids():
        return f"{content.step_ids().index(pile) + 1}. {content.step_name(pile, lang())}"
    return t("analysis.custom_pile")


def _card_sort_results(result: dict, content, main, side, per_row: int) -> None:
    with main:
        show_problems(result["problems"])
        st.caption(t("debrief.note_sorts", n=result["n"]))
        if not result["n"]:
            return
        piles = [*content.step_ids(), "unsure"]
        for start in range(0, len(piles), per_row):
            for pile, col in zip(piles[start:start + per_row], st.columns(per_row)):
                _pile_box(pile, result, content, col)
    lines = [t("debrief.disagreed_line", card=plain(content.card_label(row["id"], lang())), pct=_pct(row["agreement"]),
               pile=plain(_pile_name(row["top_pile"], content)), n=row["n"]) for row in result["disagreed"]]
    with side.container(key="debrief_disagreed"):
        st.markdown("\n\n".join([f"**{t('debrief.disagreed')}**", *lines]))
        if not lines:
            st.caption(t("debrief.all_agree"))


def _pile_box(pile: str, result: dict, content, column) -> None:
    """One markdown per pile (lines joined by hard breaks): far less height than one element a card."""
    rows = result["unsure"][:3] if pile == "unsure" else result["steps"][pile]
    lines = [t("debrief.card_line", card=plain(content.card_label(row["id"], lang())), count=row["count"],
               n=result["n"]) for row in rows] or [f"*{t('debrief.no_cards')}*"]
    with column.container(border=True, key=f"debrief_pile_{pile}"):
        st.markdown("  \n".join([f"**{plain(_pile_name(pile, content))}**", *lines]))


def _worksheet_results(session: workshop.Session, activity: str, content) -> None:
    field = debrief.chosen_field(session, activity, content.worksheets[activity].fields)
    result = _worksheet(session.code, activity, field)
    show_problems(result["problems"])
    st.caption(t("debrief.note_worksheets", n=result["n"]))
    st.markdown(f"**{t('debrief.common_words', field=plain(content.field_label(activity, field, lang())))}**")
    for word in result["words"]:
        st.progress(word["count"] / max(result["answered"], 1),
                    text=t("debrief.word_line", word=plain(word["id"]), count=word["count"], n=result["answered"]))
    if not result["words"]:
        st.caption(t("debrief.no_words"))


def _ratings(ratings: dict) -> None:
    if not ratings:
        return
    with st.container(key="debrief_ratings"):
        st.markdown(f"**{t('debrief.ratings')}**")
        for question, stat in ratings.items():
            st.progress(stat["mean"] / 5, text=t("debrief.rating_line", question=t(f"analysis.q_{question}"),
                                                 mean=f"{stat['mean']:.1f}", n=stat["n"]))


def field_choice(session: workshop.Session, activity: str, content, column) -> None:
    """The facilitator picks which worksheet field's common words the debrief shows."""
    fields = debrief.text_fields(content.worksheets[activity].fields)
    key, language = f"debrief_field_{activity}", lang()  # fixed for the run (AppTest formats outside it)
    column.selectbox(t("debrief.choose_field"), fields, key=key,
                     index=fields.index(debrief.chosen_field(session, activity, content.worksheets[activity].fields)),
                     format_func=lambda f: content.field_label(activity, f, language),
                     on_change=_save_field, args=(session.code, activity, content))


def _save_field(code: str, activity: str, content) -> None:
    with guard():
        debrief.set_field(resources.store(), code, activity, st.session_state[f"debrief_field_{activity}"],
                          content.worksheets[activity].fields)
