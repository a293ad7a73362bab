"""Facilitator: enter a card sort a table did on paper, so it is analysed with the screen sorts."""

import streamlit as st

from booster import piles, workshop
from booster.live import sort_columns
from ui import facilitator, resources
from ui.cardsort_board import pile_header
from ui.guard import guard
from ui.i18n import lang, t

st.title(t("paper.title"))
session = None
with guard():
    session = facilitator.unlocked_session()
if session is None:
    facilitator.sign_in_form()
    st.stop()

content = resources.content(session.content_version)
st.caption(t("paper.help"))
custom_text = st.text_input(t("paper.custom_groups"), key="paper_custom", help=t("paper.custom_groups_help"))
custom = workshop.paper_groups(custom_text)
pile_ids = sort_columns.piles(content.step_ids(), custom)


with st.form("paper_sort"):
    table = st.text_input(t("paper.table_name"), max_chars=60, key="paper_table")
    placements, comments = {}, {}
    for card in content.card_ids():
        cols = st.columns([2, 2])
        pile = cols[0].selectbox(content.card_label(card, lang()), pile_ids,
                                 format_func=lambda pile: pile_header(content, custom, pile),
                                 key=f"paper_{card}")
        comments[card] = cols[1].text_input(t("cardsort.comment"), key=f"paper_comment_{card}", max_chars=500)
        if pile != piles.UNSORTED:
            placements[card] = pile
    if st.form_submit_button(t("paper.save"), type="primary", key="paper_save"):
        with guard():
            pid = workshop.enter_paper_sort(resources.store(), session.code, table, placements, custom,
                                            {c: v for c, v in comments.items() if v.strip()})
            st.success(t("paper.saved", table=table or pid), icon=":material/check_circle:")
