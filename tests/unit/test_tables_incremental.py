"""booster.analysis.tables reloads: whatever happened between two loads (sessions added, changed,
deleted, made unreadable, merges saved), a reload through the cache gives exactly the tables a cold
load of the same store gives, on every store kind and by either way of finding what changed (the
store's change log, or its stamps); and a new session costs its own documents only."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from analysis_fixtures import PA, PB, PC, contents, feedback, fill, participant, response, session, sort_data
from booster.analysis import tables as tb
from booster.analysis.sort_stats import MERGES_KEY
from booster.analysis.tables import TableCache, load_tables
from booster import store as store_module
from booster.store import FileStore, MemoryStore

CODES = ["CCCCCC", "DDDDDD", "EEEEEE", "AAAAAA", "BBBBBB", "ZZZZZZ"]


def write_session(store, code: str, custom: bool, group: bool, odd: bool, version: str = "v1") -> None:
    """A session of two sorters: with or without participants' own groups (a column of no values
    when without), in group mode or not, and `odd`: numbers where text is expected and the reverse
    (what hand-edited files hold), so the columns' types differ between sessions."""
    store.write((code, "session"), session(code, mode="group" if group else "individual", version=version,
                                          country="Kenya" if odd else "Indonesia"))
    piles = {"c1": "scope", "c2": "custom:research" if custom else "engage", "c3": "understand", "c4": "unsure"}
    for pid, name in ((PA, "Ayu"), (PB, "Budi")):
        store.write((code, "participants", pid), participant(pid, name, group_id="g-1" if group else None))
        owner = "g-1" if group else pid
        data = sort_data(piles, elapsed_seconds="slow" if odd else 200.0, comments={"c1": f"{code} {pid}"})
        store.write((code, "responses", owner, "card_sort"), response(code, owner, "card_sort", data)
                    | ({"revision": "three", "status": 7} if odd else {}))
        store.write((code, "feedback", pid, "card_sort"),
                    feedback(code, pid, "card_sort", {"ease": 4, "confusing": 12 if odd else "the steps"}))


def change_feedback(store, code: str) -> None:
    for key in [k for k in store.stamps((code,)) if k[1] == "feedback"][:1]:
        store.write(key, store.read(key) | {"answers": {"ease": 1, "missing": "examples"}})


def break_a_document(store, code: str) -> None:
    for key in [k for k in store.stamps((code,)) if k[1] == "responses"][:1]:
        store.write(key, {"data": {}})  # no schema_version: a problem line instead of rows


OPERATIONS = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(CODES), st.booleans(), st.booleans(), st.booleans()),
    st.tuples(st.just("unknown_version"), st.sampled_from(CODES)),
    st.tuples(st.just("change"), st.sampled_from(CODES)),
    st.tuples(st.just("break"), st.sampled_from(CODES)),
    st.tuples(st.just("delete"), st.sampled_from(CODES)),
    st.tuples(st.just("merges"), st.sampled_from([{}, {"research": "User research"}, {"Research": 3}])),
    st.tuples(st.just("outside"), st.just("_analysis")),
)


def apply(store, operation: tuple) -> None:
    kind, *args = operation
    if kind == "add":
        write_session(store, *args)
    elif kind == "unknown_version":
        write_session(store, args[0], custom=False, group=False, odd=False, version="v9")
    elif kind == "change":
        change_feedback(store, args[0])
    elif kind == "break":
        break_a_document(store, args[0])
    elif kind == "delete":
        store.delete_tree((args[0],))
    elif kind == "merges":
        store.write(MERGES_KEY, {"schema_version": 1, "merges": args[0]})
    else:
        store.write(("_analysis", "refinement_marks"), {"schema_version": 1, "marks": {}})


def assert_same_tables(warm, cold) -> None:
    for name in tb.TABLES:
        pd.testing.assert_frame_equal(getattr(warm, name), getattr(cold, name), check_exact=True, obj=name)
    assert warm.problems == cold.problems


class WithoutLog:
    """A store without a change log (as PostgreSQL): reloads compare every file's stamp."""

    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):
        if name in ("changes", "changed_since"):
            raise AttributeError(name)
        return getattr(self.inner, name)


EQUIVALENCE = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("log", [True, False], ids=["change log", "stamps"])
@EQUIVALENCE
@given(operations=st.lists(OPERATIONS, min_size=1, max_size=6))
def test_a_reload_after_any_changes_gives_the_tables_of_a_cold_load(operations, log, monkeypatch):
    monkeypatch.setattr(tb, "CHUNK", 2)  # new rows in several pieces, so their types must be reconciled
    inner = fill(MemoryStore())
    store, cache = (inner if log else WithoutLog(inner)), TableCache()
    load_tables(store, contents(), cache)
    for operation in operations:
        apply(inner, operation)
        assert_same_tables(load_tables(store, contents(), cache), load_tables(store, contents(), TableCache()))


def test_every_store_kind_reloads_as_it_loads(any_store, monkeypatch):
    """The same on files (change log, mtimes), in memory and on PostgreSQL (stamps, no log)."""
    monkeypatch.setattr(tb, "CHUNK", 1)
    store, cache = fill(any_store), TableCache()
    load_tables(store, contents(), cache)
    for operation in [("add", "CCCCCC", True, False, False), ("add", "DDDDDD", False, True, True),
                      ("change", "AAAAAA"), ("merges", {"research": "User research"}), ("break", "CCCCCC"),
                      ("delete", "BBBBBB"), ("unknown_version", "EEEEEE"), ("outside", "_analysis")]:
        apply(store, operation)
        assert_same_tables(load_tables(store, contents(), cache), load_tables(store, contents(), TableCache()))


class Counting:
    """Counts the documents a load reads and the whole-store listings it asks for."""

    def __init__(self, inner):
        self.inner, self.read_documents, self.listings = inner, 0, 0

    def read_tree(self, prefix, layout):
        found = self.inner.read_tree(prefix, layout)
        self.read_documents += len(found)
        return found

    def stamps(self, prefix):
        self.listings += prefix == ()
        return self.inner.stamps(prefix)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_new_session_costs_its_own_documents_and_no_listing(tmp_path):
    store = Counting(fill(FileStore(tmp_path)))
    cache = TableCache()
    first = load_tables(store, contents(), cache)
    write_session(store.inner, "CCCCCC", custom=True, group=False, odd=False)
    before = store.read_documents
    second = load_tables(store, contents(), cache)
    assert store.read_documents - before == len(store.inner.stamps(("CCCCCC",))) == 7
    assert store.listings == 0, "the change log named the session: the store was not listed"
    assert second.sessions["session_id"].tolist() == ["AAAAAA", "BBBBBB", "CCCCCC"]
    assert second.placements.iloc[:len(first.placements)].equals(first.placements)
    assert load_tables(store, contents(), cache) is second, "nothing written since: the same tables"


def test_a_write_that_changes_no_table_gives_back_the_same_tables(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "SETTLE_NS", 0)  # as if every file was written a while ago
    store, cache = fill(FileStore(tmp_path)), TableCache()
    first = load_tables(store, contents(), cache)
    store.write(("_analysis", "refinement_marks"), {"schema_version": 1, "marks": {}})
    store.write(("AAAAAA", "feedback_drafts", PC, "card_sort"), {"schema_version": 1, "answers": {}})
    assert load_tables(store, contents(), cache) is first


def test_an_unreadable_change_log_falls_back_to_comparing_stamps(tmp_path):
    """A line this version did not write (an older version's byte, a hand edit) says nothing about
    where the change was: the store is listed and compared, and the change is still seen."""
    store, cache = Counting(fill(FileStore(tmp_path))), TableCache()
    load_tables(store, contents(), cache)
    change_feedback(store.inner, "AAAAAA")
    with open(tmp_path / ".changes", "ab") as log:
        log.write(b".")
    warm = load_tables(store, contents(), cache)
    assert store.listings == 1
    assert_same_tables(warm, load_tables(store.inner, contents(), TableCache()))
    assert warm.feedback["text"].eq("examples").any()


@pytest.mark.parametrize("tail, expected", [
    (b"AAAAAA\n_analysis\nAAAAAA\n", {"AAAAAA", "_analysis"}),
    (b"", set()),
    (b"AAAAAA\nBBB", None),  # a line still being written: not yet known where
    (b"..AAAAAA\n", None),  # an older version's one byte per write
    (b"AAAAAA\nnot a key\n", None),
])
def test_the_change_log_names_the_sessions_written_since_a_mark(tmp_path, tail, expected):
    store = FileStore(tmp_path)
    store.write(("QQQQQQ", "session"), {"n": 1})
    mark = store.changes()
    with open(tmp_path / ".changes", "ab") as log:
        log.write(tail)
    assert store.changed_since(mark) == expected
    assert store.changed_since(None) is None


def test_a_change_log_that_shrank_names_nothing(tmp_path):
    store = FileStore(tmp_path)
    store.write(("QQQQQQ", "session"), {"n": 1})
    store.write(("QQQQQQ", "session"), {"n": 2})
    mark = store.changes()
    (tmp_path / ".changes").write_bytes(b"QQQQQQ\n")
    assert store.changed_since(mark) is None
    assert MemoryStore().changed_since(5) is None


def test_text_columns_keep_their_type_when_a_new_session_has_no_value_in_them(monkeypatch):
    """A session without participants' own groups has no custom label at all: spliced in after
    sessions that have some, the column stays text (as one load of all of them types it)."""
    monkeypatch.setattr(tb, "CHUNK", 1)
    store, cache = fill(MemoryStore()), TableCache()
    assert load_tables(store, contents(), cache).placements["custom_label"].dtype == "str"
    write_session(store, "CCCCCC", custom=False, group=False, odd=False)
    warm = load_tables(store, contents(), cache)
    assert warm.placements["custom_label"].dtype == "str"
    assert warm.placements.query("session_id == 'CCCCCC'")["custom_label"].isna().all()
    assert_same_tables(warm, load_tables(store, contents(), TableCache()))


@pytest.mark.parametrize("log", [True, False], ids=["change log", "stamps"])
def test_the_sessions_of_a_content_version_whose_deck_changed_are_read_again(log):
    from analysis_fixtures import FakeContent

    inner = fill(MemoryStore())
    store, cache = (inner if log else WithoutLog(inner)), TableCache()
    load_tables(store, contents(), cache)
    inner.write(("_analysis", "refinement_marks"), {"schema_version": 1, "marks": {}})  # any write
    fewer = {"v1": FakeContent({"c1": "scope", "c2": "engage", "c3": "understand"})}
    warm = load_tables(store, fewer, cache)
    assert_same_tables(warm, load_tables(store, fewer, TableCache()))
    assert "c4" not in set(warm.placements["card_id"]) and PC in set(warm.placements["participant_id"])


@pytest.mark.parametrize("big", [10**20, -(2**63) - 1])
def test_a_whole_number_beyond_int64_keeps_its_column_as_object_instead_of_failing_the_load(big):
    """A hand-edited revision number too big for int64 is analysed like any odd value: the load
    goes on, the number is kept as it was written, and a reload agrees with a cold load."""
    store, cache = fill(MemoryStore()), TableCache()
    load_tables(store, contents(), cache)
    write_session(store, "CCCCCC", custom=False, group=False, odd=False)
    key = next(k for k in store.stamps(("CCCCCC",)) if k[1] == "responses")
    store.write(key, store.read(key) | {"revision": big})
    warm = load_tables(store, contents(), cache)
    assert warm.responses["revision"].dtype == object
    assert big in warm.responses["revision"].tolist()
    assert_same_tables(warm, load_tables(store, contents(), TableCache()))
