"""One session's results for the facilitator's laptop, the same day: the analysts' tidy tables and
their formula-safe XLSX/CSV export (booster.files.export), built from this session's folder only.

The analysis loader reads every session in a store; here it reads a view of the store in which
only this session exists, so the workbook a facilitator opens is exactly what an analyst would get
for the session, and costs one session's files, not the whole store's.
"""

from __future__ import annotations

from ..analysis.tables import Contents, Tables, load_tables
from ..live import sessions as ss
from . import export


class _OneSession:
    """A read-only view of a store in which `code` is the only session (analysis files stay)."""

    def __init__(self, store, code: str):
        self._store, self._code = store, code

    def children(self, prefix: tuple) -> list[str]:
        return [self._code] if prefix == () else self._store.children(prefix)

    def __getattr__(self, name):  # read, exists, documents, mtime: the real store's
        if name in ("write", "update", "delete"):
            raise AttributeError(name)
        return getattr(self._store, name)


def session_tables(store, code: str, contents: Contents) -> Tables:
    code = ss.get_session(store, code)["id"]
    return load_tables(_OneSession(store, code), contents)


def workbook(store, code: str, contents: Contents) -> bytes:
    """The session's XLSX: a sheet per tidy table plus the codebook, formulas neutralised."""
    return export.to_xlsx(session_tables(store, code, contents), contents)


def csv_zip(store, code: str, contents: Contents) -> bytes:
    """The session's tidy CSVs and codebook, zipped, formulas neutralised."""
    return export.csv_zip(session_tables(store, code, contents), contents)
