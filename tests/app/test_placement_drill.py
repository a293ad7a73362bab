"""Why people placed a card where they did, through AppTest: a card and a pile chosen by keyboard
list the sorters in that cell with their comments; comments show the commenter's pile; one
sorter's whole sort and the most common sorts, in both languages."""

from __future__ import annotations


import pytest

from booster import analysis
from booster.analysis import placements as pl
from booster.content import load_content, load_ui_strings

from .conftest import open_page, texts
from .test_indonesian_screens import _problems

ANALYST = {"role": "analyst"}
UI = load_ui_strings()


def _tables(store):
    return analysis.filter_tables(analysis.load_tables(store, load_content))


def _a_commented_cell(tables):
    """A card, the pile its commenter put it in, and the comment (found independently of the screen)."""
    notes = pl.notes_with_piles(tables.card_notes, tables.placements)
    note = notes[(notes["note_type"] == "comment") & notes["step_id"].notna()
                 & ~notes["step_id"].str.startswith("custom:")].iloc[0]
    return note["card_id"], note["step_id"], note["text"], note


def test_choosing_a_card_and_a_pile_lists_those_sorters_and_their_comments(demo_store):
    tables = _tables(demo_store)
    card, pile, comment, note = _a_commented_cell(tables)
    in_cell = tables.placements[(tables.placements["card_id"] == card) & (tables.placements["step_id"] == pile)]
    at = open_page("analysis_cardsort.py", params=ANALYST)
    at.selectbox(key="cs_cell_card").set_value(card).run()
    at.selectbox(key="cs_cell_pile").set_value(pile).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if list(d.value.columns) == ["sorter", "country", "comment",
                                                                             "suggested_name"])
    assert len(table) == len(in_cell)
    row = table[table["comment"] == comment].iloc[0]
    assert row["sorter"].startswith(f"{note['session_id']} · ")
    assert table["comment"].notna().iloc[0], "commenters come first"
    content = load_content("v1")
    said = int((table["comment"].notna() | table["suggested_name"].notna()).sum())
    assert UI.t("drill.cell_count", "en", n=len(in_cell), said=said, card=content.label("card", card, "en"),
                pile=content.label("step", pile, "en")) in texts(at)

def test_comments_show_the_pile_their_writer_chose(demo_store):
    tables = _tables(demo_store)
    card, pile, comment, _ = _a_commented_cell(tables)
    at = open_page("analysis_cardsort.py", params=ANALYST)
    at.session_state["cs_tab"] = UI.t("analysis.tab_unsure", "en")
    at.run()
    notes = next(d.value for d in at.dataframe if "pile" in d.value.columns)
    names = load_content("v1")
    row = notes[(notes["text"] == comment) & (notes["card_id"] == card)].iloc[0]
    assert row["pile"] == names.label("step", pile, "en")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_one_sorters_whole_sort_and_the_common_sorts(demo_store, lang):
    tables = _tables(demo_store)
    at = open_page("analysis_cardsort.py", params=ANALYST, state={"ui_lang": lang})
    at.session_state["cs_tab"] = UI.t("drill.tab_sorts", lang)
    at.run()
    assert not at.exception
    said = texts(at)
    assert UI.t("drill.sorter_title", lang) in said and UI.t("drill.common_title", lang) in said
    first = tables.placements[pl.SORTER].drop_duplicates().sort_values(pl.SORTER).iloc[0]
    mine = tables.placements[(tables.placements["session_id"] == first["session_id"])
                             & (tables.placements["participant_id"] == first["participant_id"])]
    frames = {d.proto.id: d.value for d in at.dataframe}
    assert any(len(frame) == len(mine) for frame in frames.values()), "the first sorter's whole sort"
    common = pl.common_sorts(tables.placements)
    assert len(at.expander) >= len(common)
    if lang == "id":
        assert not _problems(at), _problems(at)


@pytest.mark.parametrize("customdata", [[16, 0], {"0": 16, "1": 0}])
def test_a_clicked_cell_is_read_in_either_shape_the_browser_sends(customdata):
    from ui import placement_drill

    event = {"selection": {"points": [{"curve_number": 2, "customdata": customdata}]}}
    assert placement_drill._clicked(event) == (16, 0)
    assert placement_drill._clicked({"selection": {"points": []}}) is None
