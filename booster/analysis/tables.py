"""The whole store as tidy tables: one row per session, participant, placement, answer, rating.

`load_tables(store, contents)` walks every session folder (see docs/DATA.md), skips what cannot
be read and says so in `Tables.problems`, and returns pandas DataFrames for the analysis modules.
Each session is read in one go (store.read_tree) and its rows become frames a few sessions at a
time, so a load holds little more than the finished tables. A `TableCache` keeps the last load:
the next one asks the store's change log (or, without one, its stamps) which sessions changed, reads
only those, and splices their rows into the last load's frames.
`filter_tables` narrows every table to a subset of sessions.
The analysts' saved synonym merges of participants' own groups (booster.analysis.sort_stats.MERGES_KEY) are
applied here, once, so every screen, export and the backlog see the same merged groups.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import itertools
import threading
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa

from .memo import by_identity
from .table_rows import COLUMNS, Deck, problem, session_rows
from .sort_stats import MERGES_KEY, apply_merges, merge_problem
from ..errors import BoosterError, CorruptRecord, NotFound
from ..store import in_layout, settled as stamp_settled

# pyarrow's default pool (mimalloc) keeps freed buffers for reuse, and the tables' text is pyarrow's:
# a 1,000-session export held ~90 MB it no longer used. The C library's allocator gives large freed
# buffers back, and loads no slower (bench/bench_analysis.py).
pa.set_memory_pool(pa.system_memory_pool())

META = ["country", "language", "date", "content_version", "mode"]
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


# What the analysis reads of a session (docs/DATA.md): the segment after the code -> the key's
# length after it (see booster.store.in_layout); rows follow this folder order within a session.
LAYOUT = {"session": 1, "participants": 2, "responses": 3, "feedback": 3}
_FOLDERS = {name: i for i, name in enumerate(LAYOUT)}
CHUNK = 64  # new sessions whose rows become frames at a time: bounds the Python objects held at once


@dataclasses.dataclass(frozen=True)
class _Part:
    """What is remembered of one session: its files' stamps, its deck, how many rows it gave each
    table (its rows are a contiguous slice of _Loaded.frames) and its problem lines."""

    stamps: bytes  # _digest of its files' {key: stamp} (a dict per session was a tenth of a big load's memory)
    version: str | None
    deck: Deck | None
    counts: tuple  # rows per table, in TABLES order (all 0: the session gave no rows)
    kinds: tuple  # per table and column, the Python types of its values (see _dtype)
    problems: tuple
    # Its files' stamps were settled when it was read (store.settled): a write after the read is sure
    # to change a stamp. A part read within a file time's tick of a write is read again next time
    # the store is compared by its stamps.
    settled: bool = False


@dataclasses.dataclass(frozen=True)
class _Loaded:
    """One load's result and what the next load builds on."""

    mark: object  # the store's changes() taken before reading, or None
    parts: dict  # session code -> _Part, in code order
    frames: dict  # table -> every part's rows in code order, META joined, group merges not yet applied
    merges: tuple  # (the saved group merges, the lines saying why they cannot be used)
    tables: Tables


class TableCache:
    """The last load of a store (each session's row counts and stamps, and the tables); safe to share
    between threads. A load builds on it: an unchanged store gives back the same tables, and a new,
    changed or deleted session costs its own files and a splice of the tables.

    Which sessions changed: the store's change log (changed_since) where it keeps one, else every
    file's stamp (store.stamps: modification times on files, a write counter in PostgreSQL). On files
    compared by stamps, a document rewritten within the file system's timestamp granularity could be
    missed until its next change; live boards re-read often enough for that not to matter.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._owner: int | None = None
        self._last: _Loaded | None = None
        self.reads = 0  # documents read from the store, over this cache's life

    def bind(self, store) -> _Loaded | None:
        """The last load of `store`; everything is forgotten if the cache held another store's."""
        with self._lock:
            if self._owner != id(store):
                self._owner, self._last = id(store), None
            return self._last

    def keep(self, loaded: _Loaded) -> None:
        with self._lock:
            self._last = loaded

    def count(self, documents: int) -> None:
        with self._lock:
            self.reads += documents


def load_tables(store, contents: Contents, cache: TableCache | None = None) -> Tables:
    """Read every session in the store into tidy tables; unreadable files go to `problems`."""
    cache = cache or TableCache()
    last = cache.bind(store)
    mark = _changes(store)  # before reading: a write during the load is seen by the next one
    if last is not None and mark is not None and last.mark == mark:
        return last.tables  # nothing written since the last load: one stat, no listing
    decks = _Decks(contents)
    todo, gone = _to_read(store, last, decks)
    merges = _merges(store, cache)
    if last is not None and not todo and not gone and merges == last.merges:
        loaded = dataclasses.replace(last, mark=mark)  # written, but nothing the tables show
    else:
        with _collector_pause.held():
            loaded = _load(store, last, mark, decks, todo, gone, merges, cache)
    cache.keep(loaded)
    return loaded.tables


class _CollectorPause:
    """Python's cyclic collector off while loads build their rows: on again when the last load
    running is done, if it was on before the first. A load keeps most of what it parses, so each
    collection found nothing to free and walked the growing heap again (8-15% of a cold load at 200
    and 1,000 sessions). The collector is the process's: in the app server, phones' runs go without
    it for the load's second or so too (refcounts still free what holds no cycle)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.loads = 0
        self.was_enabled = False

    @contextlib.contextmanager
    def held(self):
        with self.lock:
            if self.loads == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.loads += 1
        try:
            yield
        finally:
            with self.lock:
                self.loads -= 1
                if self.loads == 0 and self.was_enabled:
                    gc.enable()


_collector_pause = _CollectorPause()


def _changes(store):
    """The store's change counter when it keeps one (FileStore, MemoryStore), else None."""
    counter = getattr(store, "changes", None)
    return counter() if callable(counter) else None


def _to_read(store, last: _Loaded | None, decks: "_Decks") -> tuple[set, set]:
    """(sessions to read, sessions gone): all of them on a first load; then, of the sessions the
    store's change log names (or else of all), those whose analysed files' stamps changed (a draft
    saved changes none); and those whose deck changed."""
    if last is None:
        return {c for c in store.children(()) if not c.startswith("_")}, set()
    since = getattr(store, "changed_since", None)
    named = since(last.mark) if callable(since) and last.mark is not None else None
    if named is not None:  # each named session's own listing says whether what the analysis reads changed
        todo, gone = {c for c in named if not c.startswith("_") and not _unchanged(
            last.parts.get(c), _by_session(store.stamps((c,))).get(c, {}))}, set()
    else:
        listed = _by_session(store.stamps(()))
        todo = {c for c, keys in listed.items() if not _unchanged(last.parts.get(c), keys)}
        gone = set(last.parts) - set(listed)
    todo |= {c for c, p in last.parts.items() if p.version is not None and decks.get(p.version) != p.deck}
    return todo, gone


def _unchanged(part: _Part | None, stamps: dict) -> bool:
    return part is not None and part.settled and part.stamps == _digest(stamps)


def _digest(stamps: dict) -> bytes:
    """What a session's files are now, in 16 bytes: their keys and stamps, in key order."""
    text = "\n".join(f"{'/'.join(key)} {stamp}" for key, stamp in sorted(stamps.items()))
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _by_session(stamps: dict) -> dict[str, dict]:
    """Session code -> {key: stamp} of the documents the analysis reads (LAYOUT)."""
    found: dict[str, dict] = {}
    for key, stamp in stamps.items():
        if not key[0].startswith("_") and in_layout(key[1:], LAYOUT):
            found.setdefault(key[0], {})[key] = stamp
    return found


def _load(store, last: _Loaded | None, mark, decks: "_Decks", todo: set, gone: set, merges: tuple,
          cache: TableCache) -> _Loaded:
    """Read the `todo` sessions and splice their rows in among the last load's other sessions."""
    old = last.parts if last is not None else {}
    pieces = _Pieces(last)
    parts: dict[str, _Part] = {}
    for code in sorted((set(old) - gone) | todo):
        if code not in todo:
            parts[code] = old[code]
            pieces.keep(code)
            continue
        started = time.time_ns()  # stamps are judged settled against a time before the read
        tree = store.read_tree((code,), LAYOUT)
        cache.count(len(tree))
        if tree:
            parts[code], rows = _read_part(store, code, tree, decks, started)
            pieces.add(parts[code], rows)
    frames = pieces.frames(parts)
    tables = _tables(frames, merges[0], _problems(parts, decks) + list(merges[1]))
    return _Loaded(mark, parts, frames, merges, tables)


def _read_part(store, code: str, tree: dict, decks: "_Decks", started: int) -> tuple[_Part, dict]:
    """One session's part and its columns (table -> one tuple of values per column) from its
    documents (store.read_tree)."""
    keys = sorted(tree, key=lambda k: (_FOLDERS[k[1]], k[2:]))
    stamps = {key: tree[key][0] for key in keys}
    settled = all(stamp_settled(store, stamp, started) for stamp in stamps.values())
    problems, docs = [], {}
    for key in keys:
        doc = tree[key][1]
        if isinstance(doc, CorruptRecord):
            problems.append(str(doc))
        else:
            docs[key] = doc
    rows = {name: [] for name in TABLES}
    session = docs.get((code, "session"))
    version = None if session is None else str(session.get("content_version"))
    if session is None:
        problems.append(f"Session {code} was skipped because its session document is unreadable."
                        if (code, "session") in tree else
                        f"Session folder {code} has no session document; it was skipped.")
    else:
        session_rows(code, docs, lambda _version: decks.get(version), rows, problems)
    if not rows["sessions"]:
        rows = {name: [] for name in TABLES}
    columns = {name: list(zip(*rows[name])) or [()] * len(COLUMNS[name]) for name in TABLES}
    kinds = tuple(tuple(_kinds(values) for values in columns[name]) for name in TABLES)
    counts = tuple(len(rows[name]) for name in TABLES)
    deck = decks.get(version) if version is not None else None
    return _Part(_digest(stamps), version, deck, counts, kinds, tuple(problems), settled), columns


_SEEN_KINDS: dict = {}
_INT = frozenset({int})


class _BigInt:
    """A whole number beyond int64 (a hand-edited or imported document): its column stays object,
    as pandas would leave it, instead of failing the whole load."""


def _kinds(values) -> frozenset:
    """The Python types among a column's values (one shared set per combination)."""
    kinds = frozenset(map(type, values))
    if int in kinds and (not -2**63 <= min(values) <= max(values) < 2**63 if kinds == _INT else
                         any(type(v) is int and not -2**63 <= v < 2**63 for v in values)):
        kinds |= {_BigInt}
    return _SEEN_KINDS.setdefault(kinds, kinds)


_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' type for text ("str")
_NONE, _NUMBERS = type(None), {int, float, type(None)}


def _dtype(kinds: frozenset):
    """The type pandas infers for a column holding values of these Python types (and which this
    module gives it however its rows were gathered): text, whole numbers, numbers with gaps as
    float, true/false; anything else (no value at all, mixtures from malformed documents) object."""
    if kinds and kinds <= {str, _NONE} and str in kinds:
        return _STR
    if kinds == {int}:
        return np.dtype("int64")
    if kinds == {bool}:
        return np.dtype("bool")
    if kinds and kinds <= _NUMBERS and kinds != {_NONE}:
        return np.dtype("float64")
    return np.dtype("object")


class _Pieces:
    """The tables of one load, gathered in session order: runs of unchanged sessions as slices of the
    last load's frames, new rows as frames of up to CHUNK sessions; joined by frames()."""

    def __init__(self, last: _Loaded | None):
        self._old = last.frames if last is not None else {}
        self._starts = _starts(last.parts) if last is not None else {}
        self._run: list | None = None  # [first, end) row positions per table of the unchanged run
        self._new: list[tuple[_Part, dict]] = []
        self._pieces: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}

    def keep(self, code: str) -> None:
        self._flush_new()
        start, end = self._starts[code]
        if self._run is not None and self._run[1] == start:
            self._run[1] = end
        else:
            self._flush_run()
            self._run = [start, end]

    def add(self, part: _Part, columns: dict) -> None:
        self._flush_run()
        if any(part.counts):
            self._new.append((part, columns))
        if len(self._new) >= CHUNK:
            self._flush_new()

    def frames(self, parts: dict) -> dict[str, pd.DataFrame]:
        """Every table, each column of the type its values across all `parts` call for (_dtype)."""
        self._flush_run()
        self._flush_new()
        kinds = _all_kinds(parts)
        frames = {"sessions": _joined(self._pieces["sessions"], COLUMNS["sessions"], kinds[0])}
        for i, name in enumerate(TABLES[1:], start=1):
            frames[name] = _joined(self._pieces[name], COLUMNS[name], kinds[i], frames["sessions"])
        return frames

    def _flush_run(self) -> None:
        if self._run is not None:
            (first, end), self._run = self._run, None
            for i, name in enumerate(TABLES):
                if end[i] > first[i]:
                    self._pieces[name].append(self._old[name].iloc[first[i]:end[i]])

    def _flush_new(self) -> None:
        if self._new:
            for name, frame in _frames(self._new).items():
                self._pieces[name].append(frame)
            self._new = []


def _starts(parts: dict) -> dict[str, tuple]:
    """Session code -> (first row, end row) per table of its rows in the frames (parts in order)."""
    starts, at = {}, (0,) * len(TABLES)
    for code, part in parts.items():
        end = tuple(a + n for a, n in zip(at, part.counts))
        starts[code], at = (at, end), end
    return starts


def _all_kinds(parts: dict) -> list[list[frozenset]]:
    """Per table and column: the Python types of its values in all parts."""
    return [[frozenset().union(*(p.kinds[i][at] for p in parts.values())) for at in range(len(COLUMNS[name]))]
            for i, name in enumerate(TABLES)]


def _frames(batch: list[tuple[_Part, dict]]) -> dict[str, pd.DataFrame]:
    """The rows of a few sessions as frames, each row with its session's META columns. Rows are in
    session order (one sessions row per part), so repeating the session rows by each part's row
    count is the left join on session_id without its hashing."""
    frames = {}
    for i, name in enumerate(TABLES):
        data = {}
        for at, column in enumerate(COLUMNS[name]):
            values = list(itertools.chain.from_iterable(columns[name][at] for _, columns in batch))
            data[column] = _array(values, _dtype(frozenset().union(*(part.kinds[i][at] for part, _ in batch))))
        if i:  # each row's session's META, given with the columns (a column set afterwards copies the frame's blocks)
            take = np.repeat(np.arange(len(batch)), [part.counts[i] for part, _ in batch])
            data |= {column: frames["sessions"][column].array.take(take) for column in META}
        frames[name] = pd.DataFrame(data, columns=[*COLUMNS[name], *META] if i else COLUMNS[name])
    return frames


def _array(values: list, dtype):
    """Values of known Python types as an array of `dtype`; text through pyarrow (three times quicker
    than pandas' inference)."""
    if dtype == _STR:
        return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()), dtype=_STR)
    return pd.array(values, dtype=dtype)


def _joined(pieces: list[pd.DataFrame], columns: list[str], kinds: list, sessions: pd.DataFrame | None = None):
    """The pieces one under another, each column of the type its values call for (_dtype): a slice of
    the last load may carry a type its remaining values no longer need (float for whole numbers once
    the session with a gap is gone), a new piece one its few sessions' values gave."""
    pieces = [p for p in pieces if len(p)]
    if not pieces:  # no rows: object columns, as from no records; META typed as the sessions' columns
        frame = pd.DataFrame([], columns=columns)
        for column in META if sessions is not None else ():
            frame[column] = sessions[column].array.take(np.empty(0, dtype=np.int64))
        return frame
    for column, column_kinds in zip(columns, kinds):  # piece by piece: joined first, text would pass through objects
        wanted = _dtype(column_kinds)
        pieces = [p if p[column].dtype == wanted else p.assign(**{column: _as(p[column], wanted)}) for p in pieces]
    return pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0].reset_index(drop=True)


def _as(values: pd.Series, dtype) -> pd.Series:
    if dtype == np.dtype("object"):  # missing values as None, as in the documents
        return pd.Series(_array(values.to_numpy(dtype=object, na_value=None).tolist(), dtype), index=values.index)
    return values.astype(dtype)


def _problems(parts: dict, decks: "_Decks") -> list[str]:
    """Each session's problem lines in code order, a content version's before the first session of it."""
    problems, said = [], set()
    for part in parts.values():
        if part.version is not None and part.version not in said:
            said.add(part.version)
            problems += decks.problem(part.version)
        problems += part.problems
    return problems


def _tables(frames: dict, merges: dict, problems: list[str]) -> Tables:
    placements = apply_merges(frames["placements"], merges) if merges else frames["placements"]
    return Tables(**(frames | {"placements": placements}), problems=problems)


class _Decks:
    """Content versions resolved once per load; a missing version is one problem, not many."""

    def __init__(self, contents: Contents):
        self._contents, self._seen, self._problems = contents, {}, {}

    def get(self, version: str):
        if version not in self._seen:
            self._seen[version] = self._resolve(version)
        return self._seen[version]

    def problem(self, version: str) -> list[str]:
        """The line saying why `version` could not be loaded, if it could not."""
        self.get(version)
        return [self._problems[version]] if version in self._problems else []

    def _resolve(self, version: str):
        try:
            content = (self._contents(version) if callable(self._contents)
                       else self._contents[version])
            return Deck.of(content)
        except (KeyError, BoosterError) as exc:
            self._problems[version] = (f"Content version '{version}' could not be loaded ({exc}); "
                                       "card sorts of its sessions were skipped.")
            return None


def _merges(store, cache: TableCache) -> tuple[dict, tuple]:
    """The saved group merges and the lines saying why they cannot be used ({} when there are none)."""
    if not store.stamp(MERGES_KEY):
        return {}, ()
    cache.count(1)
    try:
        doc = store.read(MERGES_KEY)
    except NotFound:  # removed since its stamp was taken
        return {}, ()
    except CorruptRecord as exc:
        return {}, (str(exc),)
    merges = doc.get("merges") or {}
    if reason := merge_problem(merges):
        return {}, (problem(MERGES_KEY, f"its 'merges' field is unusable: {reason.rstrip('.')}"),)
    return merges, ()


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
    ids = None if keep.all() else set(s.loc[keep, "session_id"])  # every session: no copies (a big export)
    frames = {name: _only(getattr(tables, name), ids) for name in TABLES}
    p = frames["placements"]  # every placement belongs to a started sort
    frames["placements"] = _only(p, None, sort_counts(p["complete"].astype(bool), True, include_incomplete))
    return Tables(**frames, problems=list(tables.problems))


def sort_counts(complete, started, include_incomplete: bool):
    """The one rule for which card sorts the analysis counts (scalars or boolean Series): complete
    sorts always; started, unfinished ones only when unfinished sorts are kept."""
    return complete | (include_incomplete & started)


def counted_sorts(participants: pd.DataFrame, include_incomplete: bool) -> pd.Series:
    """Per row of the participants table: whether that sorter's card sort is in the analysis."""
    started = participants["cards_sorted"].fillna(0) > 0
    return sort_counts(participants["complete"].astype(bool), started, include_incomplete)


def _only(df: pd.DataFrame, ids: set | None, rows: pd.Series | None = None) -> pd.DataFrame:
    """The rows of the sessions `ids` (None: all of them) or the `rows` marked; the frame itself when
    that is every row."""
    keep = df["session_id"].isin(ids) if ids is not None else rows
    return df if keep is None or keep.all() else df[keep].reset_index(drop=True)

