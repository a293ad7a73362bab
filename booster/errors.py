"""Every failure Booster Workshop reports, as one tree.

    BoosterError                 base: str(error) is a sentence fit to show a user
    +-- ContentError             a content YAML file is malformed (file, path, problem)
    +-- NotFound                 a session, participant or document does not exist
    +-- AccessDenied             a wrong facilitator PIN, resume token or analyst password
    |   +-- TooManyAttempts      too many wrong PINs in a row: wait before trying again
    +-- ValidationError          input breaks a rule (field, problem)
    +-- ActivityClosed           an activity is not open for answers
    +-- StoreError               the data store cannot read or write (path, problem)
    |   +-- CorruptRecord        one stored file does not parse or fit its schema
    +-- BundleError              a session bundle is refused (reason)

Each exception builds its message from structured fields so callers never format text.
"""

from __future__ import annotations


class BoosterError(Exception):
    """Base of every error this package raises on purpose."""


class ContentError(BoosterError):
    def __init__(self, file: str, path: str, problem: str):
        self.file, self.path, self.problem = str(file), path, problem
        where = f" at {path}" if path else ""
        super().__init__(f"Content file {self.file}{where}: {problem}")


class NotFound(BoosterError):
    def __init__(self, kind: str, ident: str, hint: str = ""):
        self.kind, self.ident = kind, ident
        super().__init__(f"No {kind} '{ident}' was found.{(' ' + hint) if hint else ''}")


class AccessDenied(BoosterError):
    def __init__(self, what: str):
        self.what = what
        super().__init__(f"The {what} is not correct.")


class TooManyAttempts(AccessDenied):
    def __init__(self, what: str, wait_seconds: int):
        self.what, self.wait_seconds = what, wait_seconds
        BoosterError.__init__(self, f"Too many wrong tries of the {what}; wait {wait_seconds} s and try again.")


class ValidationError(BoosterError):
    def __init__(self, field: str, problem: str):
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}")


class ActivityClosed(BoosterError):
    def __init__(self, activity: str):
        self.activity = activity
        super().__init__(f"The activity '{activity}' is not open, so answers cannot be changed.")


class StoreError(BoosterError):
    def __init__(self, path: str, problem: str):
        self.path, self.problem = str(path), problem
        super().__init__(f"Store file {self.path}: {problem}")


class CorruptRecord(StoreError):
    """One stored document does not parse or fit its schema; the rest of the store is fine."""


class BundleError(BoosterError):
    def __init__(self, bundle: str, reason: str):
        self.bundle, self.reason = str(bundle), reason
        super().__init__(f"Bundle {self.bundle} was refused: {reason}")
