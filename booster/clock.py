"""Where time and random ids come from: the system clock and `secrets`, or a script.

Demo data and tests swap in `ScriptedEnv(seed, start)` with `scripted(...)`: ids then come from a
seeded random source and the time only moves when the caller sets `env.time`, so the same seed
writes the same files. The swap is process-wide: meant for the command line and tests, never for
a running app.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import secrets
from collections.abc import Iterator


class _SystemEnv:
    """The real clock and a cryptographic random source."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def token_hex(self, nbytes: int) -> str:
        return secrets.token_hex(nbytes)

    def choice(self, seq: str) -> str:
        return secrets.choice(seq)


class ScriptedEnv:
    """A seeded random source and a clock that only moves when the caller sets `time`."""

    def __init__(self, seed: int, start: dt.datetime):
        self.rng = random.Random(seed)
        self.time = start

    def now(self) -> dt.datetime:
        return self.time

    def token_hex(self, nbytes: int) -> str:
        return self.rng.randbytes(nbytes).hex()

    def choice(self, seq: str) -> str:
        return self.rng.choice(seq)


_env: _SystemEnv | ScriptedEnv = _SystemEnv()


@contextlib.contextmanager
def scripted(env: ScriptedEnv) -> Iterator[ScriptedEnv]:
    """Use `env` for every id and timestamp inside the block (process-wide: for CLI and tests)."""
    global _env
    previous, _env = _env, env
    try:
        yield env
    finally:
        _env = previous


def now() -> dt.datetime:
    return _env.now()


def iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def parse_iso(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def token_hex(nbytes: int) -> str:
    return _env.token_hex(nbytes)


def choice(seq: str) -> str:
    return _env.choice(seq)
