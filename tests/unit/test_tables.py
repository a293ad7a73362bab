"""booster.analysis.tables: the store as tidy tables, problems reported, cache, filters."""

from __future__ import annotations

import gc
import os
import threading

import pytest

from analysis_fixtures import PA, PB, PC, PD, FakeContent, contents, fill, session
from booster.analysis.tables import TableCache, filter_tables, load_tables
from booster import store as store_module
from booster.store import FileStore, MemoryStore


@pytest.fixture
def tables():
    return load_tables(fill(MemoryStore()), contents())


def test_sessions_and_participants(tables):
    assert list(tables.sessions["session_id"]) == ["AAAAAA", "BBBBBB"]
    assert tables.sessions.set_index("session_id").loc["BBBBBB", "country"] == "Portugal"
    p = tables.participants.set_index("participant_id")
    assert p.loc[PA, "status_card_sort"] == "submitted"
    assert p.loc[PB, "status_service_challenge"] == "in_progress"
    assert p.loc[PC, "status_service_challenge"] == "not_started"
    assert (p.loc[PA, "cards_sorted"], p.loc[PA, "cards_total"], p.loc[PA, "complete"]) == (4, 4, True)
    # group mode: the participant's work is the group's
    assert (p.loc[PD, "owner_id"], p.loc[PD, "cards_sorted"], p.loc[PD, "complete"]) == ("g-1", 1, False)
    assert p.loc[PD, "country"] == "Portugal"


def test_placements_rows(tables):
    pl = tables.placements
    assert len(pl) == 13
    assert pl["is_intended"].sum() == 8
    c = pl[(pl.participant_id == PC) & (pl.card_id == "c3")].iloc[0]
    assert (c.step_id, c.custom_label, c.intended_step, bool(c.complete)) == (
        "custom:research", "Research", "understand", True)
    g = pl[pl.session_id == "BBBBBB"].iloc[0]
    assert (g.participant_id, bool(g.complete), g.language, g["mode"]) == ("g-1", False, "pt", "group")
    assert set(pl.columns) >= {"country", "language", "date", "content_version", "mode", "source"}


def test_notes_answers_feedback(tables):
    notes = tables.card_notes
    assert sorted(zip(notes.participant_id, notes.card_id, notes.note_type)) == [
        (PA, "c4", "comment"), (PA, "c4", "suggested_name"), (PB, "c4", "comment")]
    wa = tables.worksheet_answers
    prof = wa[wa.field_id == "priority_profiles"]
    assert sorted(zip(prof.item_index, prof.subfield, prof.value)) == [
        (0, "name", "Older farmer"), (0, "reason", "far from office"), (1, "name", "Young farmer"), (1, "reason", "")]
    contrast = wa[wa.field_id == "contrast_digital_literacy"].set_index("subfield")["value"]
    assert contrast.to_dict() == {"value": "2", "note": "low"}
    assert wa[(wa.owner_id == PA) & (wa.field_id == "service_name")]["revisions"].item() == 2
    fb = tables.feedback
    assert sorted(fb[(fb.activity == "card_sort") & (fb.question == "ease")]["score"]) == [2.0, 3.0, 4.0]
    texts = fb[fb.text.notna()]
    assert set(texts.question) == {"confusing", "suggestions"}  # the empty "missing" is not an answer
    assert tables.problems == []


def test_problems_are_reported_not_dropped(tmp_path):
    store = fill(FileStore(tmp_path))
    (tmp_path / "AAAAAA" / "feedback" / PC / "service_challenge.json").write_text("{not json")
    doc = store.read(("AAAAAA", "responses", PB, "card_sort"))
    doc["data"]["placements"]["c9"] = "scope"
    store.write(("AAAAAA", "responses", PB, "card_sort"), doc)
    store.write(("CCCCCC", "participants", PA), {"schema_version": 1, "id": PA})
    store.write(("DDDDDD", "session"), session("DDDDDD", version="v9"))
    store.write(("DDDDDD", "responses", PA, "card_sort"), {"data": {}})
    t = load_tables(store, contents())
    text = "\n".join(t.problems)
    assert len(t.problems) == 5, text
    assert "service_challenge.json: is not valid JSON" in text
    assert "placement 'c9' -> 'scope' is not in the deck" in text
    assert "Session folder CCCCCC has no session document; it was skipped." in text
    assert "Content version 'v9' could not be loaded" in text
    assert "DDDDDD/responses/p-00000000aa/card_sort.json: field 'schema_version' is missing" in text
    assert len(t.placements) == 13 and len(t.feedback) == 9  # only the bad placement is left out


def test_wrong_typed_metadata_is_a_problem_not_a_crash():
    from booster.analysis.backlog import build_backlog
    from booster.files.export import analysis_frames

    store = fill(MemoryStore())
    store.write(("CCCCCC", "session"), session("CCCCCC") | {"country": ["Indonesia", "x"]})
    store.write(("CCCCCC", "participants", PA), {"schema_version": 1, "id": PA, "name": "Ayu"})
    store.write(("DDDDDD", "session"), session("DDDDDD") | {"activities": ["card_sort", {"x": 1}]})
    store.write(("AAAAAA", "participants", "p-0000000099"), {"schema_version": 1, "group_id": ["g-1"]})
    t = filter_tables(load_tables(store, contents()))
    assert t.problems == [
        "Store file AAAAAA/participants/p-0000000099.json: field 'group_id' must be text, not a list [\"g-1\"]; "
        "it was skipped.",
        "Store file CCCCCC/session.json: field 'country' must be text, not a list [\"Indonesia\", \"x\"]; "
        "session CCCCCC was skipped.",
        "Store file DDDDDD/session.json: field 'activities' must be a list of card_sort, service_challenge, "
        "user_characteristics, not a list [\"card_sort\", {\"x\": 1}]; session DDDDDD was skipped."]
    assert list(t.sessions["session_id"]) == ["AAAAAA", "BBBBBB"] and len(t.participants) == 4
    assert not build_backlog(t, FakeContent()).empty and "backlog.csv" in analysis_frames(t, contents())


class CountingStore:
    def __init__(self, inner):
        self.inner, self.reads = inner, 0

    def read(self, key):
        self.reads += 1
        return self.inner.read(key)

    def read_tree(self, prefix, layout):
        found = self.inner.read_tree(prefix, layout)
        self.reads += len(found)
        return found

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_cache_rereads_only_the_changed_session(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "SETTLE_NS", 0)  # as if every file was written a while ago
    inner = fill(FileStore(tmp_path))
    store, cache = CountingStore(inner), TableCache()
    cold = load_tables(store, contents(), cache)
    n_files = store.reads
    assert n_files == 17
    warm = load_tables(store, contents(), cache)
    assert store.reads == n_files
    assert warm.placements.equals(cold.placements)
    key = ("AAAAAA", "feedback", PC, "service_challenge")
    inner.write(key, inner.read(key) | {"answers": {"ease": 1}})
    os.utime(inner.path(key), (1, 1))
    third = load_tables(store, contents(), cache)
    session_files = [k for k in inner.stamps(()) if k[0] == "AAAAAA"]
    assert 0 < len(session_files) < n_files
    assert store.reads == n_files + len(session_files)  # BBBBBB's rows came from the cache
    assert third.feedback.query("activity == 'service_challenge'")["score"].item() == 1.0


def test_a_session_read_within_a_file_time_tick_of_a_write_is_read_again(tmp_path):
    """Two writes can share a file time: rows read between them must not be kept as current."""
    inner = fill(FileStore(tmp_path))
    store, cache = CountingStore(inner), TableCache()
    key = ("AAAAAA", "feedback", PC, "service_challenge")
    first = load_tables(store, contents(), cache)  # files written just now: not settled
    assert first.feedback.query("activity == 'service_challenge'")["score"].item() != 1.0
    stamp = inner.stamp(key)
    inner.write(key, inner.read(key) | {"answers": {"ease": 1}})
    os.utime(inner.path(key), ns=(stamp, stamp))  # the second write landed in the same tick
    again = load_tables(store, contents(), cache)
    assert again.feedback.query("activity == 'service_challenge'")["score"].item() == 1.0


def test_contents_may_be_a_function(tmp_path):
    t = load_tables(fill(MemoryStore()), lambda version: FakeContent())
    assert len(t.placements) == 13


def test_filters(tables):
    assert filter_tables(tables, countries=["Portugal"]).sessions.session_id.tolist() == ["BBBBBB"]
    assert filter_tables(tables, countries=["Portugal"]).placements.empty  # incomplete sort dropped
    with_incomplete = filter_tables(tables, countries=["Portugal"], include_incomplete=True)
    assert len(with_incomplete.placements) == 1 and len(with_incomplete.participants) == 1
    assert filter_tables(tables, date_from="2025-08-20").sessions.session_id.tolist() == ["BBBBBB"]
    assert filter_tables(tables, date_to="2025-08-20").sessions.session_id.tolist() == ["AAAAAA"]
    assert filter_tables(tables, modes=["group"], languages=["id"]).sessions.empty
    assert len(filter_tables(tables, versions=["v1"]).placements) == 12
    assert len(filter_tables(tables, sessions=["AAAAAA"]).feedback) == len(tables.feedback)


def test_demo_sessions_load_without_problems():
    from booster import demo

    store = MemoryStore()
    made = demo.generate(store, sessions=3, participants=6, seed=2, spec=demo.Spec.from_content(FakeContent()))
    t = load_tables(store, contents())
    assert t.problems == []
    assert sorted(t.sessions["session_id"]) == sorted(s.code for s in made)
    assert set(t.sessions["mode"]) == {"individual", "group"}
    assert set(t.placements["source"]) == {"screen", "paper"}
    sorters = t.placements[["session_id", "participant_id"]].drop_duplicates()
    assert len(sorters) == len(t.responses.query("activity == 'card_sort'"))
    assert set(t.feedback["activity"]) == {"card_sort", "service_challenge", "user_characteristics"}
    assert t.worksheet_answers["field_id"].isin(["service_name", "contrast_digital_literacy"]).any()


def test_an_unchanged_store_gives_back_the_same_tables_without_rebuilding(tmp_path):
    inner = fill(FileStore(tmp_path))
    cache = TableCache()
    first = load_tables(inner, contents(), cache)
    assert load_tables(inner, contents(), cache) is first
    key = ("AAAAAA", "feedback", PC, "service_challenge")
    inner.write(key, inner.read(key) | {"answers": {"ease": 2}})
    os.utime(inner.path(key), (2, 2))
    changed = load_tables(inner, contents(), cache)
    assert changed is not first
    assert changed.feedback.query("activity == 'service_challenge'")["score"].item() == 2.0


def test_one_rule_says_which_sorts_count():
    from booster.analysis.tables import counted_sorts

    t = load_tables(fill(MemoryStore()), contents())
    complete = t.participants["complete"].astype(bool)
    started = t.participants["cards_sorted"].fillna(0) > 0
    assert complete.any() and (started & ~complete).any(), "the fixture has both kinds"
    assert counted_sorts(t.participants, False).tolist() == complete.tolist()
    assert counted_sorts(t.participants, True).tolist() == (complete | started).tolist()
    kept = filter_tables(t, include_incomplete=False).placements
    assert set(zip(kept["session_id"], kept["participant_id"])) == set(
        zip(*t.participants.loc[counted_sorts(t.participants, False), ["session_id", "participant_id"]].T.values))


def test_the_same_tables_and_filters_give_back_the_same_filtered_tables(tmp_path):
    tables = load_tables(fill(FileStore(tmp_path)), contents())
    first = filter_tables(tables, countries=["Indonesia"])
    assert filter_tables(tables, countries=["Indonesia"]) is first  # a rerun: what screens derive is kept
    assert filter_tables(tables, countries=["Portugal"]) is not first
    assert filter_tables(tables.replace(), countries=["Indonesia"]) is not first  # other tables, other result


class _CollectorWatch(MemoryStore):
    """Notes whether Python's cyclic collector was on while each session was read; `during` runs
    inside the first read (another thread's load, say)."""

    def __init__(self, during=None):
        super().__init__()
        self.seen, self.during = [], during

    def read_tree(self, prefix, layout):
        self.seen.append(gc.isenabled())
        if self.during:
            during, self.during = self.during, None
            during()
        return super().read_tree(prefix, layout)


def test_a_load_pauses_the_collector_and_leaves_it_as_it_found_it():
    assert gc.isenabled()
    watched = fill(_CollectorWatch())
    load_tables(watched, contents())
    assert watched.seen and not any(watched.seen)
    assert gc.isenabled()
    gc.disable()
    try:
        load_tables(fill(MemoryStore()), contents())
        assert not gc.isenabled()  # off before: still off
    finally:
        gc.enable()


def test_the_collector_is_on_again_only_when_the_last_of_two_loads_is_done():
    inner = []
    other = threading.Thread(target=lambda: inner.append(load_tables(fill(_CollectorWatch()), contents())))
    # The second load starts and ends while the first is reading: the first still reads with it off.
    watched = fill(_CollectorWatch(during=lambda: (other.start(), other.join())))
    load_tables(watched, contents())
    assert inner and len(watched.seen) > 1 and not any(watched.seen)
    assert gc.isenabled()
