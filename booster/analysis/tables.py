"""The whole store as tidy tables: one row per session, participant, placement, answer, rating.

`load_tables(store, contents)` walks every session folder (see docs/DATA.md), skips what cannot
be read and says so in `Tables.problems`, and returns pandas DataFrames for the analysis modules.
A `TableCache` keeps each session's rows with the stamps of the files they came from, so a second
load decides from one store listing what changed: an unchanged store gives back the same tables
without reading a file, and a new or changed session costs its own files only.
`filter_tables` narrows every table to a subset of sessions.
The analysts' saved synonym merges of participants' own groups (booster.analysis.sort_stats.MERGES_KEY) are
applied here, once, so every screen, export and the backlog see the same merged groups.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
from collections.abc import Callable

import numpy as np
import pandas as pd

from .memo import by_identity
from .table_rows import ACTIVITIES, SESSION_COLUMNS, Deck, problem, session_rows
from .sort_stats import MERGES_KEY, apply_merges, merge_problem
from ..errors import BoosterError, CorruptRecord
from ..store import settled as stamp_settled

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


@dataclasses.dataclass(frozen=True)
class _Part:
    """One session's rows, column by column (table -> column -> values), and its problem lines."""

    stamps: dict
    version: str | None
    deck: Deck | None
    columns: dict
    problems: tuple
    # Its files' stamps were settled when it was read (store.settled): a write after the read is sure
    # to change a stamp. A part read within a file time's tick of a write is read again next time.
    settled: bool = False


class TableCache:
    """Each session's rows keyed on the stamps of its files; safe to share between threads.

    A session is re-read when any of its files' stamps (store.stamps: modification times on files,
    a write counter in PostgreSQL and memory) differs from the ones its rows were built from. On
    files a document rewritten within the file system's timestamp granularity could be missed
    until its next change; live boards re-read often enough for that not to matter.
    """

    def __init__(self):
        self._parts: dict[str, _Part] = {}
        self._lock = threading.Lock()
        self._owner: int | None = None
        self.reads = 0  # documents actually read from the store, over this cache's life
        self.last: tuple[object, dict, Tables] | None = None  # the store's changes(), listing, tables

    def bind(self, store) -> None:
        """Forget everything if `store` is not the one the cached rows came from."""
        with self._lock:
            if self._owner != id(store):
                self._parts, self._owner, self.last = {}, id(store), None

    def part(self, code: str, stamps: dict, decks: "_Decks") -> _Part | None:
        """The session's cached rows if none of its files changed (nor its content version's deck)."""
        with self._lock:
            hit = self._parts.get(code)
        if hit is None or hit.stamps != stamps or not hit.settled:
            return None
        return hit if hit.version is None or decks.get(hit.version) == hit.deck else None

    def parts(self) -> list[_Part]:
        with self._lock:
            return list(self._parts.values())

    def keep(self, parts: dict[str, _Part]) -> None:
        with self._lock:
            self._parts = dict(parts)

    def read(self, store, key: tuple):
        """The document, or the CorruptRecord that says why it cannot be used."""
        with self._lock:
            self.reads += 1
        try:
            return store.read(key)
        except CorruptRecord as exc:
            return exc


def load_tables(store, contents: Contents, cache: TableCache | None = None) -> Tables:
    """Read every session in the store into tidy tables; unreadable files go to `problems`."""
    cache = cache or TableCache()
    cache.bind(store)
    changes = _changes(store)
    if cache.last is not None and changes is not None and cache.last[0] == changes:
        return cache.last[2]  # nothing written since the last load: one stat, no listing
    stamps = store.stamps(())  # every key and stamp in one call; documents are read only when changed
    if cache.last is not None and cache.last[1] == stamps and all(p.settled for p in cache.parts()):
        cache.last = (changes, stamps, cache.last[2])
        return cache.last[2]  # nothing changed since the last load: not a file read, not a table rebuilt
    problems: list[str] = []
    decks, parts = _Decks(contents, problems), {}
    for code, keys in _by_session(stamps).items():
        part = cache.part(code, keys, decks) or _read_part(store, code, keys, decks, cache)
        problems += part.problems
        parts[code] = part
    cache.keep(parts)
    merges = _merges(store, stamps, cache, problems)
    tables = _build([p for p in parts.values() if p.columns], merges, problems)
    cache.last = (changes, stamps, tables)
    return tables


def _changes(store):
    """The store's change counter when it keeps one (FileStore, MemoryStore), else None."""
    counter = getattr(store, "changes", None)
    return counter() if callable(counter) else None


_FOLDERS = {"session": 0, "participants": 1, "responses": 2, "feedback": 3}
_DEPTH = {"session": 2, "participants": 3, "responses": 4, "feedback": 4}


def _by_session(stamps: dict) -> dict[str, dict]:
    """Session code -> {key: stamp} of the documents the analysis reads (docs/DATA.md), sessions in
    code order and keys in reading order: the session, participants, responses, feedback."""
    found: dict[str, list] = {}
    for key in stamps:
        if not key[0].startswith("_") and len(key) > 1 and _DEPTH.get(key[1]) == len(key):
            found.setdefault(key[0], []).append(key)
    return {code: {k: stamps[k] for k in sorted(keys, key=lambda k: (_FOLDERS[k[1]], k[2:]))}
            for code, keys in sorted(found.items())}


def _read_part(store, code: str, keys: dict, decks: "_Decks", cache: TableCache) -> _Part:
    settled = all(stamp_settled(store, stamp) for stamp in keys.values())  # judged before reading
    problems, docs = [], {}
    for key in keys:
        doc = cache.read(store, key)
        if isinstance(doc, CorruptRecord):
            problems.append(str(doc))
        else:
            docs[key] = doc
    session = docs.get((code, "session"))
    if session is None:
        problems.append(f"Session {code} was skipped because its session document is unreadable."
                        if (code, "session") in keys else
                        f"Session folder {code} has no session document; it was skipped.")
        return _Part(keys, None, None, {}, tuple(problems), settled)
    version = str(session.get("content_version"))
    rows = {name: [] for name in TABLES}
    session_rows(code, docs, lambda _version: decks.get(version), rows, problems)
    columns = {name: {c: [r[c] for r in rows[name]] for c in COLUMNS[name]} for name in TABLES}
    return _Part(keys, version, decks.get(version), columns if rows["sessions"] else {}, tuple(problems), settled)


def _build(parts: list[_Part], merges: dict, problems: list[str]) -> Tables:
    frames = {}
    for name in TABLES:
        data = {c: list(itertools.chain.from_iterable(p.columns[name][c] for p in parts)) for c in COLUMNS[name]}
        # no rows: object columns, as from records (empty lists would make every column float)
        frames[name] = pd.DataFrame(data if data[COLUMNS[name][0]] else [], columns=COLUMNS[name])
    frames["placements"] = apply_merges(frames["placements"], merges) if merges else frames["placements"]
    return _with_metadata(frames, parts, problems)


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


def _merges(store, stamps: dict, cache: TableCache, problems: list[str]) -> dict:
    """The saved group merges ({} when there are none or they cannot be used, said in problems)."""
    if MERGES_KEY not in stamps:
        return {}
    doc = cache.read(store, MERGES_KEY)
    if isinstance(doc, CorruptRecord):
        problems.append(str(doc))
        return {}
    merges = doc.get("merges") or {}
    if reason := merge_problem(merges):
        problems.append(problem(MERGES_KEY, f"its 'merges' field is unusable: {reason.rstrip('.')}"))
        return {}
    return merges


def _with_metadata(frames: dict, parts: list[_Part], problems: list[str]) -> Tables:
    """Each row gets its session's META columns. Rows are in session order (one sessions row per
    part), so repeating the session rows by each part's row count is the left join on session_id
    without its hashing."""
    meta = frames["sessions"]
    for name in TABLES[1:]:
        counts = [len(p.columns[name]["session_id"]) for p in parts]
        rows = np.repeat(np.arange(len(parts)), counts)
        for column in META:
            frames[name][column] = meta[column].array.take(rows)
    return Tables(**frames, problems=problems)


@by_identity(maxsize=4)
def filter_tables(tables: Tables, countries=None, sessions=None, date_from=None, date_to=None,
                  versions=None, languages=None, modes=None, include_incomplete=False) -> Tables:
    """Keep the sessions matching every given filter; None means no filter on that field. The same
    tables and filters give back the same Tables object (booster.analysis.memo), so what screens
    derive from it can be remembered between reruns."""
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

