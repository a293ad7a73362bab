"""Session bundles: one zip per session, to carry a pilot's data from a workshop laptop to the analyst.

A bundle holds the session's documents at their key paths (`session.json`,
`participants/<pid>.json`, `responses/<owner>/<activity>.json`, ...) and a `manifest.json` with the
session's id and uid and each file's sha256 and size. Importing checks everything before writing
anything, so a refused bundle leaves the store as it was. The session uid makes imports idempotent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import secrets
import stat
import zipfile
import zlib
from pathlib import Path

from .. import store as storage
from ..analysis.table_rows import session_problem
from ..errors import BundleError, CorruptRecord, NotFound, ValidationError
from ..live.sessions import CODE_ALPHABET, CODE_LENGTH, CODE_PATTERN as CODE
from ..privacy.deletion import find_tombstone
from ..store import SEGMENT, check_key

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
MAX_BUNDLE_BYTES = 50_000_000   # the zip itself, and all files unpacked together
MAX_FILES = 5000
MAX_FILE_BYTES = 2_000_000
MAX_RATIO = 100                 # unpacked / packed size of one file above 64 KB (zip bombs)
_ZIP_DATE = (2025, 1, 1, 0, 0, 0)


@dataclasses.dataclass(frozen=True)
class ImportResult:
    code: str
    imported: bool
    reason: str


def _dump(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _walk(store, prefix: tuple):
    for name in store.documents(prefix):
        yield (*prefix, name)
    for child in store.children(prefix):
        yield from _walk(store, (*prefix, child))


def export_bundle(store, code: str) -> bytes:
    """The zip of one session; unreadable documents are left out and listed as `skipped`."""
    check_key((code,))
    session = store.read((code, "session"))
    files, skipped = {}, []
    for key in _walk(store, (code,)):
        try:
            files["/".join(key[1:]) + ".json"] = _dump(store.read(key))
        except CorruptRecord as exc:
            skipped.append(str(exc))
    manifest = {"schema_version": SCHEMA_VERSION, "session_id": code, "uid": session.get("uid"),
                "content_version": session.get("content_version"),
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "files": [{"path": p, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                          for p, b in sorted(files.items())], "skipped": skipped}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in [(MANIFEST, _dump(manifest)), *sorted(files.items())]:
            zf.writestr(zipfile.ZipInfo(path, _ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def import_bundle(store, data: bytes, name: str, force: bool = False) -> ImportResult:
    """Add a bundle's session to the store, once; raise BundleError (store untouched) if unsafe,
    or if the session was deleted here (its tombstone is kept) unless `force`."""
    files = _unpack(data, name)
    docs = _check(files, name)
    session = docs["session.json"]
    for code in store.children(()):
        if not code.startswith("_") and _uid(store, code) == session["uid"]:
            return ImportResult(code, False, f"session {session['id']} was already imported as {code}")
    if not force and (tomb := find_tombstone(store, session["uid"])):
        raise BundleError(name, f"session {session['id']} was deleted here on {str(tomb.get('deleted_at'))[:10]}; "
                                "nothing was imported. To bring it back on purpose, import it with "
                                "`python -m booster import --force`.")
    code, note = session["id"], ""
    if store.exists((code, "session")) or code in store.children(()):
        code, note = _fresh_code(store), f" (code {session['id']} was taken by another session)"
    writes = [(path, (code, *path[:-len(".json")].split("/")), _recode(doc, session["id"], code))
              for path, doc in sorted(docs.items(), key=lambda item: item[0] == "session.json")]
    _check_stored_sizes(writes, name)
    for _, key, doc in writes:
        store.write(key, doc)
    return ImportResult(code, True, f"session {session['id']} imported as {code}{note}")


def _check_stored_sizes(writes: list, name: str) -> None:
    """Refuse before writing anything if a document, as the store encodes it (indented, so larger
    than in the bundle), would be over the store's size limit: a refusal mid-import leaves files."""
    for path, key, doc in writes:
        try:
            storage.encode(key, doc)
        except ValidationError as exc:
            raise BundleError(name, f"'{path}' would be over the store's limit of {storage.MAX_DOCUMENT_BYTES} "
                                    "bytes once saved; nothing was imported.") from exc


def _uid(store, code: str):
    try:
        return store.read((code, "session")).get("uid")
    except (NotFound, CorruptRecord):
        return None


def _fresh_code(store) -> str:
    taken = set(store.children(()))
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def _recode(doc: dict, old: str, new: str) -> dict:
    if old == new:
        return doc
    doc = dict(doc)
    for field in ("id", "session_id"):
        if doc.get(field) == old:
            doc[field] = new
    return doc


def _unpack(data: bytes, name: str) -> dict[str, bytes]:
    """Every file of the zip, after checking sizes, names and kinds of entry."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError(name, f"it is {len(data)} bytes; the limit is {MAX_BUNDLE_BYTES}.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            _check_entries(infos, name)
            return {i.filename: _read_member(zf, i, name) for i in infos}
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise BundleError(name, f"it is not a readable zip file ({exc}).") from exc


def _check_entries(infos: list, name: str) -> None:
    if len(infos) > MAX_FILES:
        raise BundleError(name, f"it holds {len(infos)} files; the limit is {MAX_FILES}.")
    total = sum(i.file_size for i in infos)
    if total > MAX_BUNDLE_BYTES:
        raise BundleError(name, f"its files unpack to {total} bytes; the limit is {MAX_BUNDLE_BYTES}.")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise BundleError(name, "it names the same file twice.")
    for info in infos:
        _check_entry(info, name)


def _check_entry(info: zipfile.ZipInfo, name: str) -> None:
    path = info.filename
    if stat.S_ISLNK(info.external_attr >> 16):
        raise BundleError(name, f"'{path}' is a symbolic link; bundles hold plain files only.")
    if path != MANIFEST and not _safe_path(path):
        raise BundleError(name, f"'{path}' is not a session document path (segments of letters, "
                                "digits, - and _, ending in .json).")
    if info.flag_bits & 0x1:
        raise BundleError(name, f"'{path}' is encrypted.")
    if info.file_size > MAX_FILE_BYTES:
        raise BundleError(name, f"'{path}' is {info.file_size} bytes; the limit is {MAX_FILE_BYTES}.")
    if info.file_size > 65536 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise BundleError(name, f"'{path}' unpacks to over {MAX_RATIO} times its packed size.")


def _safe_path(path: str) -> bool:
    parts = path.split("/")
    if not path.endswith(".json") or not 1 <= len(parts) <= 4:
        return False
    parts[-1] = parts[-1][:-len(".json")]
    return all(SEGMENT.match(p) for p in parts)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    with zf.open(info) as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise BundleError(name, f"'{info.filename}' unpacks past {MAX_FILE_BYTES} bytes.")
    return data


def _check(files: dict[str, bytes], name: str) -> dict[str, dict]:
    """The parsed documents, once the manifest, checksums, schema versions and session metadata agree."""
    manifest = _parse(files.pop(MANIFEST, None), MANIFEST, name)
    listed = {f.get("path"): f for f in manifest.get("files") or [] if isinstance(f, dict)}
    if set(listed) != set(files):
        extra, missing = sorted(set(files) - set(listed)), sorted(set(listed) - set(files))
        raise BundleError(name, f"its files do not match the manifest (not listed: {extra}, missing: {missing}).")
    for path, raw in files.items():
        if hashlib.sha256(raw).hexdigest() != listed[path].get("sha256") or len(raw) != listed[path].get("size"):
            raise BundleError(name, f"'{path}' does not match its checksum in the manifest; it was changed or damaged.")
    docs = {path: _parse(raw, path, name) for path, raw in files.items()}
    session = docs.get("session.json")
    if session is None:
        raise BundleError(name, "it has no session.json.")
    if not CODE.match(str(session.get("id"))) or not session.get("uid"):
        raise BundleError(name, "its session.json lacks a valid session id or uid.")
    if session["uid"] != manifest.get("uid"):
        raise BundleError(name, "the manifest and session.json name different sessions.")
    if reason := session_problem(session):
        raise BundleError(name, f"in 'session.json', {reason}.")
    check_key((session["id"],))
    return docs


def _parse(raw: bytes | None, path: str, name: str) -> dict:
    if raw is None:
        raise BundleError(name, f"it has no {path}.")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError(name, f"'{path}' is not valid JSON ({exc}).") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("schema_version"), int):
        raise BundleError(name, f"'{path}' is not a document with a schema_version.")
    return doc


def read_bundle_file(path) -> bytes:
    """A bundle's bytes from disk; BundleError (naming the file) when it cannot be read."""
    path = Path(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BundleError(path.name, f"the file cannot be read ({exc.strerror}).") from exc
