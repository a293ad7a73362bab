"""Where documents live: a small key -> JSON document interface, on files or in memory.

Pages and domain code never open files; they ask a Store. A key is a tuple of id segments
(see docs/DATA.md); the file store maps it to `<root>/<seg>/.../<last>.json`. Segments are
validated so no input can name a path outside the data directory.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import fcntl
import json
import os
import re
import shutil
import stat
import tempfile
import threading
import time
import weakref
from pathlib import Path
from typing import Protocol
from collections.abc import Callable, Iterator

from filelock import Timeout as LockTimeout

from . import settings
from .errors import CorruptRecord, NotFound, StoreError, ValidationError

Key = tuple[str, ...]
Updater = Callable[[dict | None], dict]
SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}\Z")
MAX_DOCUMENT_BYTES = 2_000_000


def check_key(key: Key) -> Key:
    if not key or not all(isinstance(s, str) and SEGMENT.match(s) for s in key):
        raise ValidationError("key", f"{key!r} is not a valid store key (letters, digits, - and _ only).")
    return tuple(key)


class Store(Protocol):
    """What every store offers (FileStore, MemoryStore, and any other back end).

    read / write / update / exists: one document. `update(key, fn)` runs fn(current or None) and
    writes its result under a lock, so concurrent read-modify-writes never lose each other's change.
    children / documents: the sub-prefixes and the document names directly under a prefix.
    delete(key): remove one document; nothing happens if it is not there.
    delete_tree(prefix): remove every document under a prefix (a whole session) as one step:
    a reader sees all of them or none, also when the process dies half-way (see docs/DATA.md).

    Optional (FileStore and MemoryStore; callers look them up with getattr): `changes()`, a number
    that grows with every write and deletion, and `changed_since(mark)`, the top-level names (session
    codes, "_analysis") changed since `changes()` was `mark`. The analysis decides its reloads from
    them; a store without them (PostgreSQL) is compared by its stamps instead.
    """

    def read(self, key: Key) -> dict: ...
    def write(self, key: Key, doc: dict) -> None: ...
    def update(self, key: Key, fn: Updater) -> dict: ...
    def exists(self, key: Key) -> bool: ...
    def children(self, prefix: Key) -> list[str]: ...
    def documents(self, prefix: Key) -> list[str]: ...
    def stamp(self, key: Key) -> int:
        """A number that changes whenever the document at `key` is written (0 when it is missing):
        what caches compare to notice a change, on any store and across app servers."""
    def stamps(self, prefix: Key) -> dict[Key, int]:
        """Every document key under `prefix` with its stamp, in one call (see Listing)."""
    def read_tree(self, prefix: Key, layout: dict[str, int]) -> dict[Key, tuple[int, dict | CorruptRecord]]:
        """The documents under `prefix` that fit `layout`, each with the stamp of the version read,
        in one go (a whole session for the analysis). `layout` maps the segment after the prefix
        to how many segments follow the prefix (see in_layout); a document that cannot be used
        comes as its CorruptRecord. Missing or nothing found: {}."""
    def delete(self, key: Key) -> None: ...
    def delete_tree(self, prefix: Key) -> None: ...
    def close(self) -> None:
        """Let go of connections (PostgreSQL); nothing to do for files or memory."""


# A NUL character, escaped by json.dumps as \u0000 after an even number of backslashes.
_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def encode(key: Key, doc: dict) -> bytes:
    """The bytes every store writes for `doc`; ValidationError when over MAX_DOCUMENT_BYTES, or
    when a text holds a NUL character (PostgreSQL's jsonb cannot keep one, so no store takes it)."""
    data = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError("/".join(key), f"document is {len(data)} bytes; the limit is {MAX_DOCUMENT_BYTES}.",
                              rule="too_large", size=len(data), limit=MAX_DOCUMENT_BYTES)
    if _NUL.search(data):
        raise ValidationError("/".join(key), "a text holds a NUL character (\\0), which cannot be stored.",
                              rule="nul_character")
    return data


TRASH_PREFIX = ".trash-"
LOCKS = ".locks"  # lock files, apart from the data (see FileStore.lock_path)
CHANGES = ".changes"  # FileStore.changes(): a line naming the session (top-level name) of each write or deletion
CHANGES_TAIL_LIMIT = 1 << 20  # changed_since reads at most this much; past it, listing every file is as cheap
# Where a test can stop a deletion to kill the process (settings.pause_point).
PAUSE_POINTS = ("delete_tree:before_rename", "delete_tree:removing")


def _unsaved(p: Path, exc: OSError) -> StoreError:
    """A failed write as a StoreError whose rule says why: a full disk, a read-only folder, other."""
    rule = {errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EROFS: "read_only",
            errno.EACCES: "read_only", errno.EPERM: "read_only"}.get(exc.errno, "unsaved")
    return StoreError(p, f"could not be saved ({exc.strerror or exc}); nothing was changed.", rule=rule)


def _parsed(p: str, raw: bytes) -> dict:
    """A file's bytes as its document; CorruptRecord (naming the file) when they are not a JSON object."""
    try:
        doc = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptRecord(Path(p), f"is not valid JSON ({exc}); it was skipped.", rule="corrupt") from exc
    if not isinstance(doc, dict):
        raise CorruptRecord(Path(p), "does not hold a JSON object; it was skipped.", rule="corrupt")
    return doc


def in_layout(rest: Key, layout: dict[str, int]) -> bool:
    """Whether a key's segments after a prefix fit a read_tree layout: `rest[0]` is one of its names
    and `rest` has as many segments as the layout gives it ({"session": 1, "responses": 3} takes
    `session` and `responses/<owner>/<activity>`)."""
    return bool(rest) and layout.get(rest[0]) == len(rest)


class FileLock:
    """An exclusive lock on a file, across threads and processes: the flock that filelock's
    FileLock takes on the same file (so either holds it against the other), at a small part of
    its cost (~4 us against ~120 us of Python; every save takes one). Missing folders of the lock
    file are made, as filelock makes them; LockTimeout after `timeout` seconds."""

    def __init__(self, path: str, timeout: float):
        self.path, self.timeout, self._fd = path, timeout, -1

    def __enter__(self) -> FileLock:
        deadline, pause = time.monotonic() + self.timeout, 0.001
        while True:
            fd = self._open()
            try:
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            raise LockTimeout(self.path) from None
                        time.sleep(pause)
                        pause = min(pause * 2, 0.05)
            except BaseException:
                os.close(fd)
                raise
            if os.fstat(fd).st_nlink:
                self._fd = fd
                return self
            os.close(fd)  # the lock file was deleted while we waited (a session deleted): take the new one

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)

    def __exit__(self, *exc) -> None:
        fd, self._fd = self._fd, -1
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


class FileStore:
    """JSON files under a root folder; atomic writes; a lock around every read-modify-write."""

    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self._uncounted = False  # a write of this process missed the change counter (changes())
        self._sweep_trash()

    def path(self, key: Key) -> Path:
        return Path(self._inside(key))

    def _inside(self, key: Key) -> str:
        """The key's file path, refused when a symbolic link under the root leads outside it.
        Validated segments cannot contain "." or "/", so only a link can lead out: each level below
        the root is checked with one lstat, and only a path that has a link is fully resolved (the
        analysis reads every file through here; resolving each whole path doubled its cost)."""
        check_key(key)
        p = os.path.join(self.root, *key[:-1], key[-1] + ".json")
        if self._has_link(key) and self.root not in Path(p).resolve().parents:
            raise ValidationError("key", f"{key!r} points outside the data directory.")
        return p

    def _has_link(self, key: Key) -> bool:
        level = str(self.root)
        last = len(key) - 1
        for i, segment in enumerate(key):
            level += os.sep + (segment if i < last else segment + ".json")  # segments hold no separator
            try:
                if stat.S_ISLNK(os.lstat(level).st_mode):
                    return True
            except FileNotFoundError:
                return False  # nothing below a missing level exists yet, so no link either
        return False

    def read(self, key: Key) -> dict:
        return self._read_file(self._inside(key), key)

    @staticmethod
    def _read_file(p: str, key: Key) -> dict:
        try:
            with open(p, "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            raise NotFound("document", "/".join(key)) from None
        except OSError as exc:
            raise StoreError(Path(p), f"cannot be read ({exc.strerror}).", rule="unreadable") from exc
        return _parsed(p, raw)

    def write(self, key: Key, doc: dict) -> None:
        p = self.path(key)
        data = encode(key, doc)
        try:
            self._replace(p, data)
        except OSError as exc:
            raise _unsaved(p, exc) from exc
        self._changed(key)

    def changes(self) -> int | None:
        """A number that grows with every write and deletion made through any FileStore on this
        folder (the size of an append-only log): a reader that saw the same number has nothing new
        to read, without listing every file (the analysis decides its reloads from it). None once
        this process could not count one of its own writes (the file is another user's, the disk
        full): then nothing may be decided from it."""
        if self._uncounted:
            return None
        try:
            return os.stat(os.path.join(self.root, CHANGES)).st_size
        except FileNotFoundError:
            return 0

    def changed_since(self, mark: int | None) -> set[str] | None:
        """The top-level names (session codes, "_analysis") written or deleted since changes() was
        `mark`, read from the log's tail; None when that cannot be told (no mark, the counter off, a
        log that shrank or is half-written, or a line naming no key: a write of an older version)."""
        if mark is None or self._uncounted:
            return None
        try:
            with open(os.path.join(self.root, CHANGES), "rb") as f:
                if os.fstat(f.fileno()).st_size < mark:
                    return None  # the log was replaced
                f.seek(mark)
                tail = f.read(CHANGES_TAIL_LIMIT + 1)
        except FileNotFoundError:
            return None if mark else set()
        except OSError:
            return None
        if len(tail) > CHANGES_TAIL_LIMIT or not tail.endswith(b"\n") and tail:
            return None
        names = set(tail.decode("ascii", "replace").split("\n")[:-1])
        return names if all(SEGMENT.match(name) for name in names) else None

    def _changed(self, key: Key) -> None:
        # One line naming the key's first segment, appended (O_APPEND: whole lines, in order, across
        # processes) after the change is visible, so a reader that sees the line sees the change. A
        # failure loses no data, but the counter can no longer be trusted by this process.
        try:
            fd = os.open(os.path.join(self.root, CHANGES), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            try:
                os.write(fd, key[0].encode("ascii") + b"\n")
            finally:
                os.close(fd)
        except OSError:
            self._uncounted = True

    @staticmethod
    def _replace(p: Path, data: bytes, make_parents: bool = True) -> None:
        # Write a temp file in the same folder, fsync, then rename: a crash leaves old or new, never half.
        if make_parents:
            p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, p)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def update(self, key: Key, fn: Updater) -> dict:
        p = self.path(key)
        try:
            with FileLock(self.lock_path(key), timeout=10):
                self._make_parent(key, p)
                try:  # the path is checked above: no second walk for links
                    current = self._read_file(str(p), key)
                except NotFound:
                    current = None
                new = fn(copy.deepcopy(current))
                self._replace(p, encode(key, new), make_parents=False)
                self._changed(key)
                return new
        except LockTimeout as exc:
            raise StoreError(p, "is busy: another save held it for 10 s. Nothing was changed; try again.",
                             rule="busy") from exc
        except OSError as exc:  # the folder cannot be made or written (read-only, disk full, deleted meanwhile)
            self._check_tree(key)
            raise _unsaved(p, exc) from exc

    def lock_path(self, key: Key) -> str:
        """Locks live apart, under .locks/, so that taking one never makes a folder inside the data:
        filelock creates a lock's missing parent folders, which would bring a deleted session's
        folder back."""
        return os.path.join(self.root, LOCKS, *key[:-1], key[-1] + ".lock")

    def _check_tree(self, key: Key) -> None:
        """A document below a session (len > 2) is saved only while its session's folder exists: a late
        save must not bring part of a deleted session back."""
        if len(key) > 2 and not (self.root / key[0]).is_dir():
            raise NotFound("document", "/".join(key))

    def _make_parent(self, key: Key, p: Path) -> None:
        # Below a session, folders are made one by one under the existing session folder (never with
        # parents=True from the root), so a delete_tree racing this save cannot be undone by it.
        self._check_tree(key)
        if len(key) <= 2:
            p.parent.mkdir(parents=True, exist_ok=True)
            return
        folder = self.root / key[0]
        for segment in key[1:-1]:
            folder = folder / segment
            folder.mkdir(exist_ok=True)

    def exists(self, key: Key) -> bool:
        return self.path(key).is_file()

    def children(self, prefix: Key) -> list[str]:
        """Sub-folder names under a prefix (e.g. session codes under ())."""
        folder = self.root.joinpath(*check_key(prefix)) if prefix else self.root
        if not folder.is_dir():
            return []
        return sorted(d.name for d in folder.iterdir() if d.is_dir() and SEGMENT.match(d.name))

    def documents(self, prefix: Key) -> list[str]:
        """Document names (without .json) directly under a prefix."""
        folder = self.root.joinpath(*check_key(prefix)) if prefix else self.root
        if not folder.is_dir():
            return []
        names = (f.name[:-5] for f in folder.iterdir() if f.name.endswith(".json") and f.is_file())
        return sorted(n for n in names if SEGMENT.match(n))

    def delete(self, key: Key) -> None:
        p = self.path(key)
        try:
            p.unlink(missing_ok=True)  # its lock file stays: another writer may hold it right now
        except OSError as exc:
            raise StoreError(p, f"could not be deleted ({exc.strerror or exc}).", rule="undeleted") from exc
        self._changed(key)

    def delete_tree(self, prefix: Key) -> None:
        """Rename the folder to a hidden trash name in one os.rename (the moment it is gone for every
        reader: children() lists no hidden names), then remove the trash. A crash after the rename
        leaves only trash, which the next FileStore opened on this folder sweeps away."""
        folder = self.root.joinpath(*check_key(prefix))
        trash = self.root / f"{TRASH_PREFIX}{'-'.join(prefix)}-{os.urandom(4).hex()}"
        _pause_here("delete_tree:before_rename")
        try:
            os.rename(folder, trash)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(folder, f"could not be deleted ({exc.strerror or exc}); nothing was removed.",
                             rule="undeleted") from exc
        _fsync_dir(self.root)
        self._changed(prefix)
        _remove_tree(trash, pause=True)
        # Its locks go too (their names hold participant ids); a late writer fails on the missing folder.
        shutil.rmtree(self.root.joinpath(LOCKS, *prefix), ignore_errors=True)

    def _sweep_trash(self) -> None:
        """Finish deletions a crash interrupted (their folders were already invisible)."""
        for leftover in self.root.glob(TRASH_PREFIX + "*"):
            _remove_tree(leftover)

    def close(self) -> None:
        pass

    def stamp(self, key: Key) -> int:
        """The file's modification time in ns. Called for every file on every analysis load:
        validated segments cannot contain "." or "/", so the path is joined without the (costly)
        resolve() that path() does."""
        check_key(key)
        try:
            return os.stat(os.path.join(self.root, *key[:-1], key[-1] + ".json")).st_mtime_ns
        except FileNotFoundError:
            return 0

    def stamps(self, prefix: Key) -> dict[Key, int]:
        found = {}
        top = os.path.join(self.root, *check_key(prefix)) if prefix else str(self.root)
        for folder, dirs, files in os.walk(top):
            rel = os.path.relpath(folder, self.root)
            parts = () if rel == "." else tuple(rel.split(os.sep))
            dirs[:] = [d for d in dirs if SEGMENT.match(d)]
            for name in files:
                if name.endswith(".json") and SEGMENT.match(name[:-5]):
                    with contextlib.suppress(FileNotFoundError):  # removed while walking
                        found[(*parts, name[:-5])] = os.stat(os.path.join(folder, name)).st_mtime_ns
        return found

    def read_tree(self, prefix: Key, layout: dict[str, int]) -> dict[Key, tuple[int, dict | CorruptRecord]]:
        """One walk of the prefix's folder (os.scandir: no stat per entry), each file opened once for
        its time and bytes (see Store.read_tree); the analysis reads every session through here, at
        about the cost of reading the files. What stamps() would not list is skipped here too: hidden
        names, linked folders, a prefix that is a link; a linked file is read through read(), which
        refuses one that leads outside the data directory."""
        found: dict = {}
        top = os.path.join(self.root, *check_key(prefix)) if prefix else str(self.root)
        if os.path.islink(top):
            return found
        todo: list[tuple[str, tuple]] = [(top, ())]
        while todo:
            folder, rest = todo.pop()
            try:
                entries = os.scandir(folder)
            except (FileNotFoundError, NotADirectoryError):
                continue
            with entries:
                for entry in entries:
                    name = entry.name
                    if entry.is_dir(follow_symlinks=False):
                        if layout.get(rest[0] if rest else name, 0) > len(rest) + 1 and SEGMENT.match(name):
                            todo.append((entry.path, (*rest, name)))
                    elif name.endswith(".json") and in_layout((*rest, name[:-5]), layout) and SEGMENT.match(name[:-5]):
                        key = (*prefix, *rest, name[:-5])
                        if entry.is_file(follow_symlinks=False):
                            if (read := _read_file(entry.path)) is not None:
                                found[key] = read
                        elif entry.is_symlink() and entry.is_file():
                            found[key] = (self.stamp(key), or_corrupt(self.read, key))
        return found


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (a power cut after it must not bring the old name back)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read_file(path: str) -> tuple[int, dict | CorruptRecord] | None:
    """(modification time, document) of one file, the time of exactly the version read: a store write
    replaces a file, never changes one in place. None when it was removed since it was listed."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            info = os.fstat(fd)
            raw = os.read(fd, info.st_size + 1)
            while len(raw) > info.st_size and (more := os.read(fd, 1 << 16)):  # grown since: not a store write
                raw += more
        finally:
            os.close(fd)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(Path(path), f"cannot be read ({exc.strerror}).", rule="unreadable") from exc
    return info.st_mtime_ns, or_corrupt(_parsed, path, raw)


def or_corrupt(fn, *args):
    """fn(*args), or the CorruptRecord it raised (read_tree gives unusable documents as values)."""
    try:
        return fn(*args)
    except CorruptRecord as exc:
        return exc


def _remove_tree(folder: Path, pause: bool = False) -> None:
    if pause and settings.pause_point()[0] == "delete_tree:removing":
        for first in list(folder.rglob("*.json"))[:1]:  # some files removed, not all
            first.unlink()
        _pause_here("delete_tree:removing")
    shutil.rmtree(folder, ignore_errors=True)  # a concurrent sweep may remove the same files


def _pause_here(point: str) -> None:
    assert point in PAUSE_POINTS, point
    wanted, flag = settings.pause_point()
    if wanted != point:
        return
    Path(flag).write_text(point)
    while True:  # until the test kills this process
        threading.Event().wait(60)


class MemoryStore:
    """The same interface in a dict: for tests and for trying things without a disk."""

    STAMPS_COUNT_WRITES = True  # see StampCache

    def __init__(self):
        self._docs: dict[Key, dict] = {}
        self._stamps: dict[Key, int] = {}
        self._lock = threading.RLock()
        self._clock = 0
        self._log: list[str] = []  # the top-level name of each change: changed_since(mark) = _log[mark:]

    def _tick(self, key: Key) -> int:
        self._clock += 1
        self._log.append(key[0])
        return self._clock

    def read(self, key: Key) -> dict:
        with self._lock:
            if check_key(key) not in self._docs:
                raise NotFound("document", "/".join(key))
            return copy.deepcopy(self._docs[key])

    def write(self, key: Key, doc: dict) -> None:
        encode(check_key(key), doc)
        with self._lock:
            self._docs[key] = copy.deepcopy(doc)
            self._stamps[key] = self._tick(key)

    def update(self, key: Key, fn: Updater) -> dict:
        with self._lock:
            if len(check_key(key)) > 2 and not any(k[0] == key[0] for k in self._docs):
                # As FileStore: a late save to a deleted session must not bring part of it back.
                raise NotFound("document", "/".join(key))
            current = copy.deepcopy(self._docs.get(key))
            new = fn(current)
            self.write(key, new)
            return copy.deepcopy(new)

    def exists(self, key: Key) -> bool:
        return check_key(key) in self._docs

    def _under(self, prefix: Key) -> Iterator[Key]:
        n = len(prefix)
        return (k for k in list(self._docs) if k[:n] == tuple(prefix))

    def children(self, prefix: Key) -> list[str]:
        n = len(prefix)
        with self._lock:  # another thread's write must not change the dict while it is listed
            return sorted({k[n] for k in self._under(prefix) if len(k) > n + 1})

    def documents(self, prefix: Key) -> list[str]:
        n = len(prefix)
        with self._lock:
            return sorted(k[n] for k in self._under(prefix) if len(k) == n + 1)

    def delete(self, key: Key) -> None:
        with self._lock:
            self._docs.pop(check_key(key), None)
            self._stamps.pop(key, None)
            self._tick(key)

    def delete_tree(self, prefix: Key) -> None:
        with self._lock:
            for key in list(self._under(check_key(prefix))):
                del self._docs[key]
                self._stamps.pop(key, None)
            self._tick(prefix)

    def changes(self) -> int:
        """Grows with every write and deletion (FileStore.changes)."""
        with self._lock:
            return self._clock

    def changed_since(self, mark: int | None) -> set[str] | None:
        """The top-level names changed since changes() was `mark` (FileStore.changed_since)."""
        with self._lock:
            return set(self._log[mark:]) if mark is not None and mark <= self._clock else None

    def close(self) -> None:
        pass

    def stamp(self, key: Key) -> int:
        with self._lock:
            return self._stamps.get(check_key(key), 0)

    def stamps(self, prefix: Key) -> dict[Key, int]:
        with self._lock:
            return {k: self._stamps[k] for k in self._under(prefix)}

    def read_tree(self, prefix: Key, layout: dict[str, int]) -> dict[Key, tuple[int, dict]]:
        n = len(check_key(prefix)) if prefix else 0
        with self._lock:
            return {k: (self._stamps[k], copy.deepcopy(self._docs[k]))
                    for k in self._under(prefix) if in_layout(k[n:], layout)}


class Listing:
    """A store seen through one `stamps(())` call: exists, children, documents and stamp answer from
    that listing, read goes to the store. A load that visits every document (the analysis) then
    asks a database once for the keys instead of once per folder and document."""

    def __init__(self, store: Store):
        self.store = store
        self._stamps = store.stamps(())
        self._documents: dict[Key, list[str]] = {}
        self._children: dict[Key, set[str]] = {}
        for key in self._stamps:
            self._documents.setdefault(key[:-1], []).append(key[-1])
            for depth in range(len(key) - 1):
                self._children.setdefault(key[:depth], set()).add(key[depth])

    def read(self, key: Key) -> dict:
        return self.store.read(key)

    def exists(self, key: Key) -> bool:
        return check_key(key) in self._stamps

    def stamp(self, key: Key) -> int:
        return self._stamps.get(check_key(key), 0)

    def children(self, prefix: Key) -> list[str]:
        return sorted(self._children.get(tuple(prefix), ()))

    def documents(self, prefix: Key) -> list[str]:
        return sorted(self._documents.get(tuple(prefix), ()))


# A file's stamp is its mtime, which the kernel advances in coarse steps: two writes within one
# step can share a stamp. So a file changed less than this long ago is read afresh every time.
SETTLE_NS = 2_000_000_000


class StampCache:
    """Documents kept parsed with the stamp they were read at: while a document's stamp is the
    same, `get` costs one stat (one indexed query on PostgreSQL) instead of a read and a parse.

    For the polls every open screen runs every few seconds (the participant's room follow): they
    ask "did this change?" far more often than anything changes. `parse` turns the stored dict
    into an immutable value, which callers on many threads share."""

    def __init__(self, parse: Callable[[dict], object], size: int = 256):
        self._parse, self._size = parse, size
        # Per store object (a store that is gone takes its entries with it; ids are reused).
        self._stores: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, store: Store, key: Key, stamp: int | None = None):
        """The document parsed; `stamp`: its stamp as a listing (`store.stamps`) just gave it."""
        stamp = stamp or store.stamp(key)
        if not stamp:
            raise NotFound("document", "/".join(key))
        with self._lock:
            entries = self._stores.setdefault(store, {})
            hit = entries.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        # Read after the stamp: the value is as new as the stamp or newer, never older. Settled is
        # judged at a time before the read: a write in the stamp's tick may come while it reads.
        before = time.time_ns()
        value = self._parse(store.read(key))
        if settled(store, stamp, before):
            with self._lock:
                if len(entries) >= self._size:
                    entries.pop(next(iter(entries)))
                entries[key] = (stamp, value)
        return value


def settled(store: Store, stamp: int, now: int | None = None) -> bool:
    """Whether a stamp is sure to change with the next write: a counter that every write advances
    (a store that says STAMPS_COUNT_WRITES), or a file time older than SETTLE_NS at `now` (a time
    taken before the document was read; by default the present)."""
    return getattr(store, "STAMPS_COUNT_WRITES", False) or (now or time.time_ns()) - stamp > SETTLE_NS


def walk(store: Store, prefix: Key = ()) -> Iterator[Key]:
    """Every document key under `prefix`, depth first, in name order."""
    for name in store.documents(prefix):
        yield (*prefix, name)
    for child in store.children(prefix):
        yield from walk(store, (*prefix, child))


def is_database_url(location: str | Path | None) -> bool:
    return str(location or "").startswith(("postgresql://", "postgres://"))


def store_location(location: str | Path | None = None) -> str:
    """Where the store lives: `location` if given, else BOOSTER_STORE (a postgresql:// URL), else
    BOOSTER_DATA_DIR, else ./sessions (booster.settings)."""
    return str(location or settings.store_url() or settings.data_dir())


def open_store(location: str | Path | None = None) -> Store:
    """A folder (the file store) or a postgresql:// URL (booster.store_postgres); see store_location."""
    where = store_location(location)
    if is_database_url(where):
        from .store_postgres import PostgresStore  # psycopg loads only when a database is used

        return PostgresStore(where)
    return FileStore(where)
