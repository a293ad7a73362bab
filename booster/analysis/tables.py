"""The whole store as tidy tables: one row per session, participant, placement, answer, rating.

`load_tables(store, contents)` walks every session folder (see docs/DATA.md), skips what cannot
be read and says so in `Tables.problems`, and returns pandas DataFrames for the analysis modules.
A `TableCache` keeps each parsed document with the file's modification time, so a second load only
re-reads files that changed. `filter_tables` narrows every table to a subset of sessions.
The analysts' saved synonym merges of participants' own groups (booster.analysis.sort_stats.MERGES_KEY) are
applied here, once, so every screen, export and the backlog see the same merged groups.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable

import pandas as pd

from .table_rows import ACTIVITIES, SESSION_COLUMNS, Deck, problem, session_rows
from .sort_stats import MERGES_KEY, apply_merges, merge_problem
from ..errors import BoosterError, CorruptRecord
from ..store import Listing

META = ["country", "language", "date", "content_version", "mode"]
COLUMNS = {
    "sessions": SESSION_COLUMNS,
    "participants": ["session_id", "participant_id", "kind", "group_id", "name", "owner_id",
                     *(f"status_{a}" for a in ACTIVITIES),
                     "elapsed_seconds", "cards_sorted", "cards_total", "complete"],
    "responses": ["session_id", "owner_id", "activity", "status", "revision", "updated_at",
                  "n_conflicts"],
    "placements": ["session_id", "participant_id", "card_id", "step_id", "custom_label",
                   "custom_label_raw", "intended_step", "is_intended", "complete", "source"],
    "card_notes": ["session_id", "participant_id", "card_id", "note_type", "text"],
    "worksheet_answers": ["session_id", "owner_id", "activity", "field_id", "item_index",
                          "subfield", "value", "revisions"],
    "feedback": ["session_id", "participant_id", "activity", "tool", "question", "score", "text",
                 "answer_language"],
}
TABLES = list(COLUMNS)
Contents = dict | Callable[[str], object]


@dataclasses.dataclass
class Tables:
    sessions: pd.DataFrame
    participants: pd.DataFrame
    responses: pd.DataFrame
    placements: pd.DataFrame
    card_notes: pd.DataFrame
    worksheet_answers: pd.DataFrame
    feedback: pd.DataFrame
    problems: list[str] = dataclasses.field(default_factory=list)

    def replace(self, **changes) -> "Tables":
        return dataclasses.replace(self, **changes)


class TableCache:
    """Parsed documents keyed on (store key, the store's change stamp); safe to share between threads.

    On files the stamp is the modification time: a file rewritten within the file system's
    timestamp granularity could be missed until its next change; live boards re-read often
    enough for that not to matter. PostgreSQL and memory stamps count every write.
    """

    def __init__(self):
        self._docs: dict[tuple, tuple[int, object]] = {}
        self._lock = threading.Lock()
        self._owner: int | None = None
        self.reads = 0  # documents actually read from the store, over this cache's life
        self.last: tuple[frozenset, Tables] | None = None  # the keys and tables of the last load

    def bind(self, store) -> None:
        """Forget everything if `store` is not the one the cached documents came from."""
        with self._lock:
            if self._owner != id(store):
                self._docs, self._owner, self.last = {}, id(store), None

    def get(self, store, key: tuple):
        stamp = store.stamp(key)
        with self._lock:
            hit = self._docs.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        try:
            doc = store.read(key)
        except CorruptRecord as exc:
            doc = exc
        with self._lock:
            self._docs[key] = (stamp, doc)
            self.reads += 1
        return doc

    def forget_except(self, keys: set) -> None:
        with self._lock:
            for key in set(self._docs) - keys:
                del self._docs[key]


def load_tables(store, contents: Contents, cache: TableCache | None = None) -> Tables:
    """Read every session in the store into tidy tables; unreadable files go to `problems`."""
    cache = cache or TableCache()
    cache.bind(store)
    store = Listing(store)  # every key and stamp in one call; documents are read only when changed
    reads_before, problems, seen = cache.reads, [], set()
    sessions = [(code, _read_session(store, code, cache, problems, seen))
                for code in store.children(()) if not code.startswith("_")]
    merges = _merges(store, cache, problems, seen)
    cache.forget_except(seen)
    if cache.last is not None and cache.reads == reads_before and cache.last[0] == frozenset(seen):
        return cache.last[1]  # nothing changed since the last load: skip rebuilding every table
    rows = {name: [] for name in TABLES}
    decks = _Decks(contents, problems)
    for code, docs in sessions:
        if docs is not None:
            session_rows(code, docs, decks.get, rows, problems)
    frames = {name: pd.DataFrame(rows[name], columns=COLUMNS[name]) for name in TABLES}
    frames["placements"] = apply_merges(frames["placements"], merges) if merges else frames["placements"]
    tables = _with_metadata(frames, problems)
    cache.last = (frozenset(seen), tables)
    return tables


class _Decks:
    """Content versions resolved once per load; a missing version is one problem, not many."""

    def __init__(self, contents: Contents, problems: list[str]):
        self._contents, self._problems, self._seen = contents, problems, {}

    def get(self, version: str):
        if version not in self._seen:
            self._seen[version] = self._resolve(version)
        return self._seen[version]

    def _resolve(self, version: str):
        try:
            content = (self._contents(version) if callable(self._contents)
                       else self._contents[version])
            return Deck.of(content)
        except (KeyError, BoosterError) as exc:
            self._problems.append(f"Content version '{version}' could not be loaded ({exc}); "
                                  "card sorts of its sessions were skipped.")
            return None


def _read_session(store, code: str, cache: TableCache, problems: list[str], seen: set):
    docs = {}
    for key in _session_keys(store, code):
        seen.add(key)
        doc = cache.get(store, key)
        if isinstance(doc, CorruptRecord):
            problems.append(str(doc))
        else:
            docs[key] = doc
    if (code, "session") not in docs:
        if store.exists((code, "session")):
            problems.append(f"Session {code} was skipped because its session document is unreadable.")
        else:
            problems.append(f"Session folder {code} has no session document; it was skipped.")
        return None
    return docs


def _merges(store, cache: TableCache, problems: list[str], seen: set) -> dict:
    """The saved group merges ({} when there are none or they cannot be used, said in problems)."""
    if not store.exists(MERGES_KEY):
        return {}
    seen.add(MERGES_KEY)
    doc = cache.get(store, MERGES_KEY)
    if isinstance(doc, CorruptRecord):
        problems.append(str(doc))
        return {}
    merges = doc.get("merges") or {}
    if reason := merge_problem(merges):
        problems.append(problem(MERGES_KEY, f"its 'merges' field is unusable: {reason.rstrip('.')}"))
        return {}
    return merges


def _session_keys(store, code: str) -> Iterable[tuple]:
    if store.exists((code, "session")):
        yield (code, "session")
    for pid in store.documents((code, "participants")):
        yield (code, "participants", pid)
    for folder in ("responses", "feedback"):
        for owner in store.children((code, folder)):
            for activity in store.documents((code, folder, owner)):
                yield (code, folder, owner, activity)


def _with_metadata(frames: dict, problems: list[str]) -> Tables:
    meta = frames["sessions"][["session_id", *META]]
    for name in TABLES[1:]:
        frames[name] = frames[name].merge(meta, on="session_id", how="left")
    return Tables(**frames, problems=problems)


def filter_tables(tables: Tables, countries=None, sessions=None, date_from=None, date_to=None,
                  versions=None, languages=None, modes=None, include_incomplete=False) -> Tables:
    """Keep the sessions matching every given filter; None means no filter on that field."""
    s = tables.sessions
    keep = pd.Series(True, index=s.index)
    for column, wanted in (("country", countries), ("session_id", sessions),
                           ("content_version", versions), ("language", languages),
                           ("mode", modes)):
        if wanted is not None:
            keep &= s[column].isin(list(wanted))
    dates = s["date"].astype("str")
    if date_from is not None:
        keep &= dates >= str(date_from)
    if date_to is not None:
        keep &= dates <= str(date_to)
    ids = set(s.loc[keep, "session_id"])
    frames = {name: _only(getattr(tables, name), ids) for name in TABLES}
    p = frames["placements"]  # every placement belongs to a started sort
    frames["placements"] = p[sort_counts(p["complete"].astype(bool), True, include_incomplete)].reset_index(drop=True)
    return Tables(**frames, problems=list(tables.problems))


def sort_counts(complete, started, include_incomplete: bool):
    """The one rule for which card sorts the analysis counts (scalars or boolean Series): complete
    sorts always; started, unfinished ones only when unfinished sorts are kept."""
    return complete | (include_incomplete & started)


def counted_sorts(participants: pd.DataFrame, include_incomplete: bool) -> pd.Series:
    """Per row of the participants table: whether that sorter's card sort is in the analysis."""
    started = participants["cards_sorted"].fillna(0) > 0
    return sort_counts(participants["complete"].astype(bool), started, include_incomplete)


def _only(df: pd.DataFrame, ids: set) -> pd.DataFrame:
    return df[df["session_id"].isin(ids)].reset_index(drop=True)

