"""Every failure Booster Workshop reports, as one tree.

    BoosterError                 base: str(error) is a sentence fit to show a user
    +-- ContentError             a content YAML file is malformed (file, path, problem)
    +-- NotFound                 a session, participant or document does not exist
    +-- AccessDenied             a wrong facilitator PIN, resume token or analyst password
    |   +-- TooManyAttempts      too many wrong PINs in a row: wait before trying again
    +-- ValidationError          input breaks a rule (field, problem, optional rule id)
    +-- ActivityClosed           an activity is not open for answers
    +-- StoreError               the data store cannot read or write (path, problem, rule id)
    |   +-- CorruptRecord        one stored file does not parse or fit its schema
    +-- BundleError              a session bundle is refused (reason)
    +-- ExportFailed             an analyst export's worker failed (kind, reason)

Each exception builds its message from structured fields so callers never format text. str(error)
is English (logs, tests, the command line); for screens in other languages every error also
carries `ui_key` and `params`: the UI string `errors.<ui_key>` formatted with `params` says the
same in the screen's language. When that key is missing, `errors.<ui_fallback>` (one per class,
always present) is used. Parameters named `field` and `activity` hold ids that the screen turns
into names (`errors.fields.<slug(field)>`, `errors.activities.<activity>`).
"""

from __future__ import annotations

import re


def slug(text: object) -> str:
    """'facilitator PIN' -> 'facilitator_pin': an id usable as one segment of a UI string key."""
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_") or "unknown"


class BoosterError(Exception):
    """Base of every error this package raises on purpose."""

    ui_fallback = "generic"

    def __init__(self, *args, ui_key: str | None = None, params: dict | None = None):
        super().__init__(*args)
        self.ui_key = ui_key or self.ui_fallback
        self.params = dict(params or {})


class ContentError(BoosterError):
    ui_fallback = "content"

    def __init__(self, file: str, path: str, problem: str):
        self.file, self.path, self.problem = str(file), path, problem
        where = f" at {path}" if path else ""
        super().__init__(f"Content file {self.file}{where}: {problem}", params={"file": self.file})


class NotFound(BoosterError):
    ui_fallback = "not_found.generic"

    def __init__(self, kind: str, ident: str, hint: str = ""):
        self.kind, self.ident = kind, ident
        super().__init__(f"No {kind} '{ident}' was found.{(' ' + hint) if hint else ''}",
                         ui_key=f"not_found.{slug(kind)}", params={"kind": kind, "ident": ident})


class AccessDenied(BoosterError):
    ui_fallback = "access_denied.generic"

    def __init__(self, what: str):
        self.what = what
        super().__init__(f"The {what} is not correct.", ui_key=f"access_denied.{slug(what)}",
                         params={"what": what})


class TooManyAttempts(AccessDenied):
    ui_fallback = "too_many_attempts.generic"

    def __init__(self, what: str, wait_seconds: int):
        self.what, self.wait_seconds = what, wait_seconds
        BoosterError.__init__(self, f"Too many wrong tries of the {what}; wait {wait_seconds} s and try again.",
                              ui_key=f"too_many_attempts.{slug(what)}",
                              params={"what": what, "wait_seconds": wait_seconds})


class ValidationError(BoosterError):
    """`rule` names the broken rule for the screens (`errors.invalid.<rule>`); `params` fill it in.
    Without a rule (a programming error, not something a person typed) screens say a generic sentence."""

    ui_fallback = "invalid.generic"

    def __init__(self, field: str, problem: str, *, rule: str | None = None, **params):
        self.field, self.problem, self.rule = field, problem, rule
        super().__init__(f"{field}: {problem}", ui_key=f"invalid.{rule}" if rule else None,
                         params={"field": field, **params})


class ActivityClosed(BoosterError):
    ui_fallback = "activity_closed"

    def __init__(self, activity: str):
        self.activity = activity
        super().__init__(f"The activity '{activity}' is not open, so answers cannot be changed.",
                         params={"activity": activity})


class StoreError(BoosterError):
    """`rule`: 'busy' (locked by another save), 'unsaved' (a write failed), 'disk_full', 'read_only',
    'unreadable'; on PostgreSQL also 'offline' / 'offline_unsaved' (the database cannot be reached
    for a read / a save), 'unreachable' (at upgrade) and 'schema' (the schema is older than the app)."""

    ui_fallback = "store.generic"

    def __init__(self, path: str, problem: str, *, rule: str | None = None):
        self.path, self.problem, self.rule = str(path), problem, rule
        super().__init__(f"Store file {self.path}: {problem}", ui_key=f"store.{rule}" if rule else None)


class CorruptRecord(StoreError):
    """One stored document does not parse or fit its schema; the rest of the store is fine."""

    ui_fallback = "store.corrupt"


class BundleError(BoosterError):
    ui_fallback = "bundle"

    def __init__(self, bundle: str, reason: str):
        self.bundle, self.reason = str(bundle), reason
        super().__init__(f"Bundle {self.bundle} was refused: {reason}",
                         params={"bundle": self.bundle, "reason": reason})


class ExportFailed(BoosterError):
    ui_fallback = "export_failed"

    def __init__(self, kind: str, reason: str):
        self.kind, self.reason = kind, reason
        super().__init__(f"The {kind} export could not be made ({reason}); try again, or export from the command "
                         "line (python -m booster export).", params={"kind": kind})
