"""Every setting the app reads from the environment, in one place (README's configuration table
lists each of them; a test keeps the two in step).

Values are read when asked for, not at import, so a test or a command can set one first.
"""

from __future__ import annotations

import dataclasses
import os


@dataclasses.dataclass(frozen=True)
class Setting:
    name: str
    default: str

    def value(self) -> str:
        """The environment's value; the default when unset or empty."""
        return os.environ.get(self.name) or self.default


DATA_DIR = Setting("BOOSTER_DATA_DIR", "sessions")
PUBLIC_URL = Setting("BOOSTER_PUBLIC_URL", "")
ANALYST_PASSWORD = Setting("BOOSTER_ANALYST_PASSWORD", "")
SETTINGS = (DATA_DIR, PUBLIC_URL, ANALYST_PASSWORD)


def data_dir() -> str:
    """Where the file store keeps sessions."""
    return DATA_DIR.value()


def public_url() -> str:
    """The base of join links and QR codes, without a trailing slash; '' means the browser's address."""
    return PUBLIC_URL.value().rstrip("/")


def analyst_password() -> str:
    """The analyst screens' password; '' leaves them open."""
    return ANALYST_PASSWORD.value()
