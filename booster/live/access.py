"""Slowing down guesses: a 4-digit PIN falls to a script in minutes without a limit."""

from __future__ import annotations

import hmac
import math
import threading

from ..errors import AccessDenied, TooManyAttempts

MAX_FAILURES = 5
LOCK_SECONDS = 60


class AttemptLimiter:
    """Per subject (a session code): after MAX_FAILURES wrong tries in a row, refuse for LOCK_SECONDS.

    Kept in memory, shared by every browser session of the server (thread-safe)."""

    def __init__(self, max_failures: int = MAX_FAILURES, lock_seconds: float = LOCK_SECONDS):
        self.max_failures, self.lock_seconds = max_failures, lock_seconds
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def check(self, subject: str, what: str, now: float) -> None:
        with self._lock:
            count, since = self._failures.get(subject, (0, 0.0))
        wait = since + self.lock_seconds - now
        if count >= self.max_failures and wait > 0:
            raise TooManyAttempts(what, math.ceil(wait))

    def attempt(self, subject: str, what: str, now: float, verify) -> None:
        """Run `verify()` (which raises AccessDenied when wrong) unless the subject is locked."""
        self.check(subject, what, now)
        try:
            verify()
        except AccessDenied:
            with self._lock:
                count, _ = self._failures.get(subject, (0, 0.0))
                self._failures[subject] = (count + 1, now)
            raise
        with self._lock:
            self._failures.pop(subject, None)


def check_password(given: str, expected: str) -> None:
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise AccessDenied("analyst password")
