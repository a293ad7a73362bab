"""The Store interface on PostgreSQL: one row per document, shared by any number of app servers.

Selected by `BOOSTER_STORE=postgresql://...` (see store.open_store). Each document is a row of
`booster_documents`: its key path (`K7PQ2M/responses/g-1/service_challenge`), the path of its
parent, its last segment, its depth, the document as `jsonb`, and a stamp from one sequence that
grows on every write (the analysis cache's change marker, like a file's mtime). `update` is a
read-modify-write in one transaction holding the row's lock (SELECT ... FOR UPDATE), so group
worksheets merge exactly as on files. The schema is versioned in `booster_schema` and created or
migrated by `python -m booster db upgrade` (upgrade() below); a store refuses to work on an older
schema rather than guess.
"""

from __future__ import annotations

import atexit
import contextlib
import copy

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from .errors import CorruptRecord, NotFound, StoreError
from .store import Key, Updater, or_corrupt, check_key, encode, in_layout

# Each entry moves the schema from version i to i + 1; never edit one that has shipped, append.
MIGRATIONS = [
    """
    CREATE TABLE booster_documents (
        path       text COLLATE "C" PRIMARY KEY,
        parent     text COLLATE "C" NOT NULL,
        name       text COLLATE "C" NOT NULL,
        depth      int NOT NULL,
        doc        jsonb NOT NULL,
        stamp      bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX booster_documents_parent ON booster_documents (parent, name);
    CREATE SEQUENCE booster_stamp;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
_UPGRADE_LOCK = 0x626F6F73  # an advisory lock id ("boos"): two servers upgrading wait for each other
POOL_TIMEOUT = 5.0  # seconds a call waits for a connection before saying the database is unreachable
RECONNECT_TIMEOUT = 5.0  # seconds the pool keeps retrying one lost connection before starting afresh
PROBE_TIMEOUT = 2  # seconds to connect, when checking whether an unreachable database is back
LOCK_TIMEOUT = 10.0  # seconds an update waits for another save's row lock (as the file store's lock)


def _path(key: Key) -> str:
    return "/".join(check_key(key))


def _prefix_range(prefix: Key) -> tuple[str, str]:
    """Paths under `prefix` sort between 'prefix/' and 'prefix0' ('0' follows '/' in byte order)."""
    base = _path(prefix) if prefix else ""
    return (base + "/", base + "0") if base else ("", "\U0010ffff")


def schema_version(conn: psycopg.Connection) -> int:
    exists = conn.execute("SELECT to_regclass('booster_schema') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM booster_schema").fetchone()[0]


def upgrade(url: str) -> tuple[int, int]:
    """Bring the database at `url` to SCHEMA_VERSION; (version before, version after). Safe to rerun."""
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_UPGRADE_LOCK,))
                conn.execute("CREATE TABLE IF NOT EXISTS booster_schema "
                             "(version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
                before = schema_version(conn)
                for version in range(before + 1, SCHEMA_VERSION + 1):
                    conn.execute(MIGRATIONS[version - 1])
                    conn.execute("INSERT INTO booster_schema (version) VALUES (%s)", (version,))
            return before, max(before, SCHEMA_VERSION)
    except psycopg.OperationalError as exc:
        raise StoreError(where(url), f"cannot be reached ({_reason(exc)}).", rule="unreachable") from exc


def where(url: str) -> str:
    """The database named without its password, for messages and logs."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "PostgreSQL"
    host = info.get("host") or "localhost"
    return f"PostgreSQL {host}:{info.get('port') or 5432}/{info.get('dbname') or ''}"


def _reason(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class PostgresStore:
    """Documents as jsonb rows; a connection pool shared by the threads of one server process."""

    STAMPS_COUNT_WRITES = True  # one sequence for every write (booster.store.StampCache)

    def __init__(self, url: str, *, max_connections: int = 10, pool_timeout: float = POOL_TIMEOUT,
                 lock_timeout: float = LOCK_TIMEOUT):
        self.url, self.where, self.lock_timeout = url, where(url), lock_timeout
        self._unreachable = False  # the last call could not reach the database (see _connection)
        # Every connection is checked before use: after a database restart the pool's old ones are
        # dead. A short reconnect_timeout ends the pool's backoff soon, so a database that is back
        # gets a fresh connection attempt at the next call instead of after minutes.
        self.pool = ConnectionPool(url, min_size=1, max_size=max_connections, timeout=pool_timeout,
                                   check=ConnectionPool.check_connection, open=True, name="booster",
                                   reconnect_timeout=RECONNECT_TIMEOUT,
                                   kwargs={"autocommit": True,
                                           "options": f"-c lock_timeout={int(lock_timeout * 1000)}"})
        atexit.register(self.close)  # command-line runs end without a close(); stop the pool's threads
        try:
            self._check_schema()
        except BaseException:
            self.close()  # a server retries opening the store on its next rerun: no pool left behind
            raise

    def close(self) -> None:
        self.pool.close()
        atexit.unregister(self.close)

    def _check_schema(self) -> None:
        with self._connection() as conn:
            found = schema_version(conn)
        if found != SCHEMA_VERSION:
            todo = ("Run `python -m booster db upgrade` first." if found < SCHEMA_VERSION
                    else "It was upgraded by a newer version of the app; run that version.")
            raise StoreError(self.where, f"has schema version {found}; this app needs {SCHEMA_VERSION}. {todo}",
                             rule="schema")

    @contextlib.contextmanager
    def _connection(self, saving: bool = False):
        """A pooled connection; a database that is down or drops the call becomes a StoreError.

        While the database is known to be away, each call first tries one direct connection (refused
        at once by a stopped server) instead of queueing for the pool's timeout: a screen polling
        every few seconds then fails fast and keeps its text, and notices at once when it is back."""
        try:
            if self._unreachable:
                psycopg.connect(self.url, connect_timeout=PROBE_TIMEOUT).close()
                self._unreachable = False
            with self.pool.connection() as conn:
                yield conn
        except psycopg.errors.LockNotAvailable as exc:
            raise StoreError(self.where, f"is busy: another save held it for {self.lock_timeout:g} s. "
                                         "Nothing was changed; try again.", rule="busy") from exc
        except (psycopg.OperationalError, PoolTimeout) as exc:
            self._unreachable = True
            problem = "could not be saved" if saving else "could not be read"
            raise StoreError(self.where, f"{problem}: the database is unreachable ({_reason(exc)}). "
                                         "Nothing was changed.",
                             rule="offline_unsaved" if saving else "offline") from exc

    def read(self, key: Key) -> dict:
        path = _path(key)
        with self._connection() as conn:
            row = conn.execute("SELECT doc FROM booster_documents WHERE path = %s", (path,)).fetchone()
        if row is None:
            raise NotFound("document", path)
        return self._checked(path, row[0])

    def _checked(self, path: str, doc) -> dict:
        if not isinstance(doc, dict):
            raise CorruptRecord(f"{self.where} {path}", "does not hold a JSON object; it was skipped.",
                                rule="corrupt")
        return doc

    def write(self, key: Key, doc: dict) -> None:
        data = encode(check_key(key), doc)
        with self._connection(saving=True) as conn:
            self._put(conn, key, data)

    @staticmethod
    def _put(conn: psycopg.Connection, key: Key, data: bytes) -> None:
        conn.execute(
            "INSERT INTO booster_documents (path, parent, name, depth, doc, stamp) "
            "VALUES (%s, %s, %s, %s, %s::jsonb, nextval('booster_stamp')) "
            "ON CONFLICT (path) DO UPDATE SET doc = EXCLUDED.doc, stamp = EXCLUDED.stamp, updated_at = now()",
            ("/".join(key), "/".join(key[:-1]), key[-1], len(key), data.decode("utf-8")))

    def update(self, key: Key, fn: Updater) -> dict:
        path = _path(key)
        with self._connection(saving=True) as conn, conn.transaction():
            current = self._locked(conn, key, path)
            new = fn(copy.deepcopy(current))
            self._put(conn, key, encode(key, new))
            return new

    def _locked(self, conn: psycopg.Connection, key: Key, path: str) -> dict | None:
        """The document with its row locked until the transaction ends; None if there is none yet.

        A missing document gets a placeholder row first (rolled back if the update fails), so two
        first saves of the same key queue on one row lock instead of both seeing None."""
        select = "SELECT doc FROM booster_documents WHERE path = %s FOR UPDATE"
        row = conn.execute(select, (path,)).fetchone()
        if row is not None:
            return self._checked(path, row[0])
        if len(key) > 2 and conn.execute(
                "SELECT 1 FROM booster_documents WHERE path >= %s AND path < %s LIMIT 1",
                _prefix_range(key[:1])).fetchone() is None:
            raise NotFound("document", path)  # its session was deleted: a late save must not revive part of it
        inserted = conn.execute(
            "INSERT INTO booster_documents (path, parent, name, depth, doc, stamp) "
            "VALUES (%s, %s, %s, %s, 'null'::jsonb, 0) ON CONFLICT (path) DO NOTHING RETURNING 1",
            (path, "/".join(key[:-1]), key[-1], len(key))).fetchone()
        if inserted is not None:
            return None
        return self._checked(path, conn.execute(select, (path,)).fetchone()[0])

    def delete(self, key: Key) -> None:
        """Remove one document; nothing happens if it is not there."""
        with self._connection(saving=True) as conn:
            conn.execute("DELETE FROM booster_documents WHERE path = %s", (_path(key),))

    def delete_tree(self, prefix: Key) -> None:
        """Remove every document under `prefix` in one statement: readers see all or none of them."""
        low, high = _prefix_range(check_key(prefix))
        with self._connection(saving=True) as conn:
            conn.execute("DELETE FROM booster_documents WHERE path >= %s AND path < %s", (low, high))

    def exists(self, key: Key) -> bool:
        with self._connection() as conn:
            return conn.execute("SELECT 1 FROM booster_documents WHERE path = %s",
                                (_path(key),)).fetchone() is not None

    def children(self, prefix: Key) -> list[str]:
        low, high = _prefix_range(prefix)
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT DISTINCT split_part(path, '/', %s) FROM booster_documents "
                "WHERE path >= %s AND path < %s AND depth > %s ORDER BY 1",
                (len(prefix) + 1, low, high, len(prefix) + 1)).fetchall()
        return [r[0] for r in rows]

    def documents(self, prefix: Key) -> list[str]:
        parent = _path(prefix) if prefix else ""
        with self._connection() as conn:
            rows = conn.execute("SELECT name FROM booster_documents WHERE parent = %s ORDER BY name",
                                (parent,)).fetchall()
        return [r[0] for r in rows]

    def stamp(self, key: Key) -> int:
        with self._connection() as conn:
            row = conn.execute("SELECT stamp FROM booster_documents WHERE path = %s", (_path(key),)).fetchone()
        return row[0] if row else 0

    def stamps(self, prefix: Key) -> dict[Key, int]:
        low, high = _prefix_range(prefix)
        with self._connection() as conn:
            rows = conn.execute("SELECT path, stamp FROM booster_documents WHERE path >= %s AND path < %s",
                                (low, high)).fetchall()
        return {tuple(path.split("/")): stamp for path, stamp in rows}

    def read_tree(self, prefix: Key, layout: dict[str, int]) -> dict[Key, tuple[int, dict | CorruptRecord]]:
        """One query for every document under `prefix` with its stamp (see Store.read_tree)."""
        low, high = _prefix_range(check_key(prefix))
        with self._connection() as conn:
            rows = conn.execute("SELECT path, stamp, doc FROM booster_documents WHERE path >= %s AND path < %s",
                                (low, high)).fetchall()
        found = {}
        for path, stamp, doc in rows:
            key = tuple(path.split("/"))
            if in_layout(key[len(prefix):], layout):
                found[key] = (stamp, or_corrupt(self._checked, path, doc))
        return found

    def all_documents(self) -> list[tuple[Key, dict]]:
        """Every document with its key, in key order (for migrate and checks)."""
        with self._connection() as conn:
            rows = conn.execute("SELECT path, doc FROM booster_documents ORDER BY path").fetchall()
        return [(tuple(path.split("/")), doc) for path, doc in rows]
