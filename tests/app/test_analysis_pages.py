"""The analyst's screens, through AppTest, on a small demo store (4 sessions of 8 people)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from booster.analysis import sort_stats as cardsort
from booster.files import bundle
from booster.content import load_ui_strings
from booster.store import FileStore

from .conftest import open_page, texts

ANALYST = {"role": "analyst"}
PAGES = {"analysis_cardsort.py": ("analysis.title_cardsort", "cs_tab"),
         "analysis_worksheets.py": ("analysis.title_worksheets", "ws_tab"),
         "analysis_feedback.py": ("analysis.title_feedback", "fb_tab"),
         "analysis_backlog.py": ("analysis.title_backlog", "bl_tab"),
         "analysis_data.py": ("analysis.title_data", None),
         "analysis_compare.py": ("compare.title", "cmp_tab")}
UI = load_ui_strings()


def say(key: str, lang: str = "en", **kw) -> str:
    return UI.t(key, lang, **kw)


def _showing(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Showing"))


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("page", PAGES)
def test_every_view_renders_in_both_languages(demo_store, page, lang):
    title, tab_key = PAGES[page]
    at = open_page(page, params=ANALYST, state={"ui_lang": lang})
    assert not at.exception
    assert at.title[0].value == say(title, lang)
    labels = [tab.label for tab in at.tabs] if tab_key else []
    for label in labels:
        at.session_state[tab_key] = label
        at.run()
        assert not at.exception, f"{page} / {label}: {at.exception}"
        assert not at.error, f"{page} / {label}: {at.error[0].value}"
        assert "analysis." not in texts(at), "every text has a translation"


def test_a_tab_shows_its_own_view(demo_store):
    at = open_page("analysis_cardsort.py", params=ANALYST)
    assert not at.metric, "the similarity view is not computed while another tab is open"
    at.session_state["cs_tab"] = say("analysis.tab_similarity")
    at.run()
    assert at.metric[0].label == say("analysis.cophenetic")
    assert 0 < float(at.metric[0].value) <= 1


def test_filtering_to_one_country_changes_the_figures_on_every_page(demo_store):
    at = open_page("analysis_cardsort.py", params=ANALYST)
    assert _showing(at).startswith("Showing 4 of 4 sessions")
    at.segmented_control(key="cs_matrix_view").set_value("counts").run()
    matrix = lambda: next(d.value for d in at.dataframe if "scope" in d.value.columns)  # noqa: E731 - the pile columns
    before = matrix()
    at.multiselect(key="flt_country").set_value(["Indonesia"]).run()
    assert not at.exception
    assert _showing(at).startswith("Showing 2 of 4 sessions")
    after = matrix()
    piles = [c for c in after.columns if c in ("scope", "engage", "understand", "unsure")]
    assert after[piles].to_numpy().sum() < before[piles].to_numpy().sum()
    at.switch_page("pages/analysis_feedback.py").run()
    assert _showing(at).startswith("Showing 2 of 4 sessions"), "the filter follows the analyst"
    assert at.multiselect(key="flt_country").value == ["Indonesia"]
    at.button(key="flt_clear").click().run()
    assert _showing(at).startswith("Showing 4 of 4 sessions")


def test_including_unfinished_sorts_adds_them(demo_store):
    at = open_page("analysis_cardsort.py", params=ANALYST)
    complete = int(_showing(at).split(" · ")[-1].split()[0])
    at.toggle(key="flt_incomplete").set_value(True).run()
    assert int(_showing(at).split(" · ")[-1].split()[0]) > complete


def test_a_filter_that_matches_nothing_says_so(demo_store):
    at = open_page("analysis_backlog.py", params=ANALYST)
    at.multiselect(key="flt_country").set_value(["Indonesia"])
    at.multiselect(key="flt_language").set_value(["en"]).run()
    assert not at.exception
    assert at.info[0].value == say("analysis.no_match")


@pytest.mark.parametrize("page", PAGES)
def test_an_empty_store_gets_a_friendly_message(data_dir, page):
    at = open_page(page, params=ANALYST)
    assert not at.exception
    assert at.info[0].value == say("analysis.empty")


def test_the_data_page_of_an_empty_store_still_takes_bundles(data_dir):
    at = open_page("analysis_data.py", params=ANALYST)
    assert at.get("file_uploader"), "bundles can be imported into an empty store"


def test_a_corrupt_file_is_skipped_and_reported(demo_store, data_dir):
    code = sorted(demo_store.children(()))[0]
    pid = demo_store.documents((code, "participants"))[0]
    (data_dir / code / "participants" / f"{pid}.json").write_text("{not json", encoding="utf-8")
    at = open_page("analysis_feedback.py", params=ANALYST)
    assert not at.exception
    assert at.warning[0].value == say("analysis.problems", n=1)
    assert pid in "\n".join(t.value for t in at.text), "the notice names the file"


def test_merging_custom_groups_is_saved_and_applied(demo_store):
    at = open_page("analysis_cardsort.py", params=ANALYST)
    at.session_state["cs_tab"] = say("analysis.tab_groups")
    at.run()
    raw = at.multiselect(key="merge_raw").options
    assert len(raw) >= 2, "the demo's hybrid sorts made their own groups"
    at.multiselect(key="merge_raw").set_value(raw[:2])
    at.text_input(key="merge_name").input("Research")
    at.button(key="merge_save").click().run()
    assert not at.exception
    assert cardsort.load_merges(demo_store) == {raw[0]: "Research", raw[1]: "Research"}
    assert "Research" in list(at.dataframe[0].value["label"])


def test_saving_a_merge_without_groups_asks_for_them(demo_store):
    at = open_page("analysis_cardsort.py", params=ANALYST)
    at.session_state["cs_tab"] = say("analysis.tab_groups")
    at.run()
    at.button(key="merge_save").click().run()
    assert at.warning[0].value == say("analysis.merge_pick")
    assert cardsort.load_merges(demo_store) == {}


def test_backlog_shows_the_words_behind_the_chosen_item(demo_store):
    at = open_page("analysis_backlog.py", params=ANALYST)
    assert not at.exception
    ranked = at.dataframe[0].value
    assert list(ranked["rank"][:3]) == [1, 2, 3]
    assert {"bl_csv", "bl_md"} <= {b.key for b in at.get("download_button")}
    card = next(f"card:{i}" for i, kind in zip(ranked["item_id"], ranked["item_type"]) if kind == "card")
    at.selectbox(key="bl_item").set_value(card).run()
    assert not at.exception
    words = at.dataframe[-1].value
    assert len(words) and set(words["item"]) == {card.split(":")[1]}
    at.multiselect(key="flt_country").set_value(["Chile"]).run()
    assert not at.exception, "a chosen item that the new filter drops falls back to the first"


def test_backlog_names_the_card_each_card_is_confused_with(demo_store):
    from booster.analysis import backlog
    from booster.analysis.tables import filter_tables, load_tables
    from booster.content import load_content

    at = open_page("analysis_backlog.py", params=ANALYST, state={"ui_lang": "id", "bl_flagged": False})
    assert not at.exception
    shown = at.dataframe[0]
    assert "confused_with" in shown.proto.column_order
    content = load_content("v1")
    ranked = backlog.build_backlog(filter_tables(load_tables(demo_store, load_content)), content)
    expected = {r.item_id: content.card_label(r.confused_with, "id") for r in ranked.itertuples()
                if r.item_type == "card" and isinstance(r.confused_with, str)}
    assert expected, "the demo has confusions to show"
    cards = shown.value[shown.value["item_type"] == "card"].set_index("item_id")["confused_with"]
    assert cards[list(expected)].to_dict() == expected


class Upload:
    """What st.file_uploader returns, as far as the import needs it."""

    def __init__(self, data: bytes, name: str, file_id: str = "upload-1"):
        self.data, self.name, self.file_id = data, name, file_id

    def getvalue(self) -> bytes:
        return self.data


def test_a_corrupt_bundle_is_refused_with_its_reason(data_dir):
    at = AppTest.from_function(_run_import, default_timeout=30, args=(b"this is not a zip", "broken [x].zip"))
    at.run()
    assert not at.exception
    shown = re.sub(r"\\(.)", r"\1", at.error[0].value)  # as rendered: Markdown escapes removed
    assert "refused" in shown and "not a readable zip" in shown
    assert "broken-x-.zip" in shown, "the file's name is shown, stripped of markup"
    assert FileStore(data_dir).children(()) == []


def test_a_bundle_is_imported_once(data_dir, demo_dir):
    source = FileStore(demo_dir)
    code = sorted(source.children(()))[0]
    data = bundle.export_bundle(source, code)
    at = AppTest.from_function(_run_import, default_timeout=30, args=(data, f"booster-session-{code}.zip"))
    at.run()
    assert at.success[0].value == say("analysis.bundle_imported", name=f"booster-session-{code}.zip", code=code)
    at.run()
    assert at.success, "the outcome stays on screen while the file is in the uploader"
    again = AppTest.from_function(_run_import, default_timeout=30, args=(data, "again.zip", "upload-2"))
    again.run()
    assert again.info[0].value == say("analysis.bundle_already", name="again.zip", code=code)
    assert FileStore(data_dir).children(()) == [code]


def _run_import(data: bytes, name: str, file_id: str = "upload-1") -> None:
    from tests.app.test_analysis_pages import Upload
    from ui import bundle_import

    bundle_import.import_uploads([Upload(data, name, file_id)])


def test_csv_zip_holds_only_the_filtered_sessions(demo_store):
    from booster.analysis import tables as aggregate
    from booster.content import load_content
    from booster.files import export

    tables = aggregate.filter_tables(aggregate.load_tables(demo_store, load_content), countries=["Indonesia"])
    with zipfile.ZipFile(io.BytesIO(export.csv_zip(tables, {"v1": load_content("v1")}))) as zf:
        names = set(zf.namelist())
        placements = zf.read("placements.csv").decode("utf-8")
    assert {"placements.csv", "codebook.csv", "codebook.md", "backlog.csv"} <= names
    rows = placements.splitlines()[1:]
    assert rows and all(",Indonesia," in row for row in rows)


def test_the_agreement_on_screen_is_the_one_in_the_export(demo_store, data_dir):
    from booster.files import export
    from booster.analysis.tables import filter_tables, load_tables
    from booster.content import load_content

    at = open_page("analysis_cardsort.py", params=ANALYST)
    at.session_state["cs_tab"] = say("analysis.tab_agreement")
    at.run()
    shown = next(df.value for df in at.dataframe if {"card_id", "n", "k"} <= set(df.value.columns))
    exported = export.analysis_frames(filter_tables(load_tables(demo_store, load_content)),
                                      {"v1": load_content("v1")})["card_agreement.csv"]
    screen = shown.set_index("card_id")[["n", "k", "share"]]
    csv = exported.set_index("card_id")[["n", "k", "share"]]
    assert len(screen) == len(csv) >= 16  # the demo deals the 16 tools
    for card, row in csv.iterrows():
        assert tuple(screen.loc[card]) == pytest.approx(tuple(row)), card


def test_analyst_screens_ask_for_the_password_when_one_is_set(demo_store, monkeypatch):
    monkeypatch.setenv("BOOSTER_ANALYST_PASSWORD", "s3cret")
    at = open_page("analysis_cardsort.py", params=ANALYST)
    assert not at.exception and not at.dataframe, "no data before the password"
    at.text_input(key="analyst_password").input("guess")
    at.button(key="analyst_sign_in").click().run()
    assert "analyst password is not correct" in at.error[0].value.replace("\\", "")
    at.text_input(key="analyst_password").input("s3cret")
    at.button(key="analyst_sign_in").click().run()
    assert not at.exception
    assert at.title[0].value == say("analysis.title_cardsort")


def _merge_form(data_dir: str, labels: list, merges: dict) -> None:
    from booster.store import FileStore
    from ui import group_merges

    group_merges.show(FileStore(data_dir), labels, merges)


def test_the_merge_form_undoes_a_merge_and_refuses_a_blank_name(tmp_path):
    store = FileStore(tmp_path)
    cardsort.save_merges(store, {"Riset": "Research", "Data": "Data pengguna"})
    at = AppTest.from_function(_merge_form, default_timeout=30,
                               args=(str(tmp_path), ["Riset", "Data", "Survei"], cardsort.load_merges(store)))
    at.run()
    assert sorted(at.dataframe[0].value["raw"]) == ["Data", "Riset"]
    at.multiselect(key="merge_undo").set_value(["Riset"]).run()
    at.button(key="merge_remove").click().run()
    assert not at.exception and cardsort.load_merges(store) == {"Data": "Data pengguna"}
    at.multiselect(key="merge_raw").set_value(["Survei"])
    at.text_input(key="merge_name").input("   ")
    at.button(key="merge_save").click().run()
    assert at.error, "a blank name is refused with a message"
    assert cardsort.load_merges(store) == {"Data": "Data pengguna"}
