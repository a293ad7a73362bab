"""booster.analysis.backlog: rules, scores and ranking on the hand-made example."""

from __future__ import annotations

import pytest

from analysis_fixtures import PA, PC, SORTS, FakeContent, contents, fill, participant, response, session, sort_data
from booster.analysis import backlog as bl
from booster.analysis.tables import filter_tables, load_tables
from booster.store import MemoryStore


@pytest.fixture
def tables():
    return filter_tables(load_tables(fill(MemoryStore()), contents()))


@pytest.fixture
def backlog(tables):
    return bl.build_backlog(tables, FakeContent())


def test_rule_points():
    low = bl.RULES["low_agreement"]
    assert low.fires(0.59) and not low.fires(0.6) and not low.fires(float("nan"))
    assert low.points(0.6 - 1e-12) == pytest.approx(1.5) and low.points(0.0) == 3.0
    assert bl.RULES["unsure"].fires(0.15) and not bl.RULES["unsure"].fires(0.149)


def test_card_c4_has_every_card_reason(backlog):
    top = backlog.iloc[0]
    assert (top["rank"], top["item_type"], top["item_id"], top["label"]) == (1, "card", "c4", "Card c4")
    # 3*(.5+.5*(.6-1/3)/.6) + 2*(.5+.5*(1/3-.15)/.85) + 1*(.5+.5*1)  (3 notes from 3 sorters: 100%)
    expected = 3 * (0.5 + 0.5 * (0.6 - 1 / 3) / 0.6) + 2 * (0.5 + 0.5 * (1 / 3 - 0.15) / 0.85) + 1.0
    assert top["score"] == pytest.approx(expected, abs=1e-3)
    assert top["reasons"] == ("only 33% of 3 sorters put it in 'Understand' (95% CI 6%-79%); "
                              "33% put it on the unsure pile; 3 comments or suggested names from 3 sorters (100%)")
    assert (top["n"], top["notes_count"], top["countries"]) == (3, 3, "Indonesia")


def test_confusion_rule_and_ranking(backlog):
    b = backlog.set_index("item_id")
    assert b.loc["c3", "confused_with"] == "c2" and b.loc["c3", "confused_share"] == pytest.approx(1 / 3)
    assert b.loc["c3", "reasons"] == "33% grouped it with 'Card c2', a card of another step"
    assert b.loc["c3", "score"] == pytest.approx(2 * (0.5 + 0.5 * (1 / 3 - 0.3) / 0.7), abs=1e-3)
    assert b.loc["service_challenge.context", "score"] == 1.0
    assert b.loc["service_challenge.context", "reasons"] == "left empty in 100% of 1 submitted sheet"
    assert backlog["score"].is_monotonic_decreasing
    assert backlog["rank"].tolist() == list(range(1, len(backlog) + 1))


def test_tools_structure_and_steps(backlog):
    b = backlog.set_index("item_id")
    s = b.loc["card_sort"]
    assert (s["item_type"], s["feedback_ease"], s["feedback_relevance"], s["feedback_n"]) == ("structure", 3.0, 4.5, 3)
    assert s["confusing_count"] == 1 and s["reasons"] == ""  # 1 of 3 is a third, but under MIN_NOTES
    assert b.loc["service_challenge", "item_type"] == "tool" and b.loc["service_challenge", "score"] == 0
    assert b.loc["engage", "category_agreement"] == 0.75 and b.loc["engage", "score"] == 0


def test_notes_rule_uses_the_real_share_of_sorters():
    """40 complete sorters, all in the intended steps: c1 has 3 notes (7.5%), c2 has 6 (15%)."""
    store = MemoryStore()
    store.write(("AAAAAA", "session"), session("AAAAAA"))
    for i in range(40):
        pid = f"p-{i:010x}"
        notes = {"comments": {"c1": "why?"} if i < 3 else {}, "suggested_names": {"c2": "Map"} if i < 6 else {}}
        store.write(("AAAAAA", "participants", pid), participant(pid, f"P{i}"))
        store.write(("AAAAAA", "responses", pid, "card_sort"),
                    response("AAAAAA", pid, "card_sort", sort_data(SORTS[PA], **notes)))
    b = bl.build_backlog(filter_tables(load_tables(store, contents())), FakeContent()).set_index("item_id")
    assert (b.loc["c1", "notes_count"], b.loc["c1", "score"], b.loc["c1", "reasons"]) == (3, 0, "")
    assert b.loc["c2", "notes_count"] == 6
    assert b.loc["c2", "score"] == pytest.approx(0.5 + 0.5 * (0.15 - 0.10) / 0.90, abs=1e-3)  # 0.528
    assert b.loc["c2", "reasons"] == "6 comments or suggested names from 40 sorters (15%)"


def test_notes_rule_needs_a_minimum_count():
    store = fill(MemoryStore())
    for pid in (PA, PC):  # 2 of the 3 sorters comment on c1: 67%, but fewer than MIN_NOTES notes
        doc = store.read(("AAAAAA", "responses", pid, "card_sort"))
        doc["data"]["comments"] = {"c1": "Scope of what?"}
        store.write(("AAAAAA", "responses", pid, "card_sort"), doc)
    b = bl.build_backlog(filter_tables(load_tables(store, contents())), FakeContent()).set_index("item_id")
    assert b.loc["c1", "notes_count"] == 2 and "comments" not in b.loc["c1", "reasons"]


def test_low_feedback_fires():
    store = fill(MemoryStore())
    for i, pid in enumerate(["p-0000000001", "p-0000000002"]):
        store.write(("AAAAAA", "feedback", pid, "user_characteristics"),
                    {"schema_version": 1, "answers": {"ease": 2, "relevance": 1 + i, "effectiveness": 4}})
    b = bl.build_backlog(load_tables(store, contents()), FakeContent()).set_index("item_id")
    assert b.loc["user_characteristics", "reasons"] == "relevance rated 1.5 of 5 on average"


def test_flagged_only_and_markdown(backlog):
    tables = filter_tables(load_tables(fill(MemoryStore()), contents()))
    flagged = bl.build_backlog(tables, FakeContent(), flagged_only=True)
    assert (flagged["score"] > 0).all() and len(flagged) < len(backlog)
    md = bl.backlog_markdown(backlog)
    assert md.splitlines()[2].startswith("| 1 | card (tool) | Card c4 (`c4`) | 4.38 |")
    assert bl.backlog_markdown(backlog.iloc[0:0]).count("nothing crossed a threshold") == 1


def test_markdown_in_the_screens_words(backlog):
    """The screen passes its headers and types in words: no English header or raw type is left in the file."""
    worded = backlog.assign(type=["Alat Booster" if t == "card" else "Langkah" for t in backlog["item_type"]])
    md = bl.backlog_markdown(worded, headers=("#", "Jenis", "Butir", "Skor", "Alasan"), nothing="Tidak ada")
    header, _, first = md.splitlines()[:3]
    assert header == "| # | Jenis | Butir | Skor | Alasan |"
    assert first.startswith("| 1 | Alat Booster | Card c4 (`c4`) |")
    assert "card (tool)" not in md
    assert "| | | Tidak ada | | |" in bl.backlog_markdown(worded.iloc[0:0], nothing="Tidak ada")


def test_evidence_comments(tables):
    card = bl.evidence_comments(tables, "card", "c4")
    assert sorted(card["kind"]) == ["comment", "comment", "suggested_name"]
    assert bl.evidence_comments(tables, "step", "understand")["item"].eq("c4").all()
    structure = bl.evidence_comments(tables, "structure", "card_sort")
    assert sorted(structure["kind"]) == ["confusing", "suggestions"]
    field = bl.evidence_comments(tables, "field", "service_challenge.service_name")
    assert sorted(field["text"]) == ["Building permits", "Passport renewal"]
    assert bl.evidence_comments(tables, "nothing", "x").empty


def test_compare_versions():
    store = fill(MemoryStore())
    store.write(("CCCCCC", "session"), session("CCCCCC", version="v2"))
    for key in store.documents(("AAAAAA", "responses", "p-00000000aa")):
        doc = store.read(("AAAAAA", "responses", "p-00000000aa", key))
        store.write(("CCCCCC", "responses", "p-00000000aa", key), doc)
    store.write(("CCCCCC", "feedback", "p-00000000aa", "card_sort"), {"schema_version": 1, "answers": {"ease": 1}})
    t = filter_tables(load_tables(store, contents() | {"v2": FakeContent()}))
    v = bl.compare_versions(t)
    cards = v.cards.set_index("card_id")
    assert cards.loc["c4", "share_v1"] == pytest.approx(1 / 3) and cards.loc["c4", "share_v2"] == 1.0
    fbk = v.feedback.set_index(["activity", "question"])
    assert fbk.loc[("card_sort", "ease"), ["mean_v1", "mean_v2"]].tolist() == [3.0, 1.0]
    assert v.similarity[["group_a", "group_b", "n_pairs"]].iloc[0].tolist() == ["v1", "v2", 6]


def test_reasons_read_in_the_screens_language_with_names_not_ids():
    codes = [{"rule": "low_agreement", "share": 0.333, "n": 3, "step": "understand", "lo": 0.06, "hi": 0.79},
             {"rule": "low_feedback", "question": "ease", "mean": 2.75},
             {"rule": "confusion", "share": 0.5, "card": "persona"},
             {"rule": "empty_field", "share": 1.0, "n": 1}]
    names = {("step", "understand"): "Pahami", ("feedback", "ease"): "Kemudahan penggunaan",
             ("card", "persona"): "Persona"}
    said = bl.reason_sentences(codes, "id", lambda kind, item: names[(kind, item)])
    assert said == ("hanya 33% dari 3 pemilah menaruhnya di 'Pahami' (selang kepercayaan 95%: 6%-79%); "
                    "Kemudahan penggunaan rata-rata dinilai 2,8 dari 5; "
                    "50% mengelompokkannya dengan 'Persona', kartu dari langkah lain; "
                    "dibiarkan kosong pada 100% dari 1 lembar kerja yang dikirim")
    english = bl.reason_sentences(codes[1:2], "en", lambda kind, item: "Ease of use")
    assert english == "Ease of use rated 2.8 of 5 on average"


def test_every_rule_has_a_reason_template_in_every_language():
    from booster.content import load_ui_strings

    ui = load_ui_strings()
    for lang in ui.languages:
        missing = [rule for rule in bl.RULES if f"backlog_reasons.{rule}" not in ui.strings[lang]]
        assert not missing, lang


def test_the_backlog_says_which_cards_are_booster_tools(tables):
    b = bl.build_backlog(tables, FakeContent())
    cards = b[b["item_type"] == "card"]
    assert set(cards["card_kind"]) == {"tool"} and b.loc[b["item_type"] != "card", "card_kind"].isna().all()
