"""Every setting the app reads from the environment, in one place (README's configuration table
lists each of them; a test keeps the two in step).

Values are read when asked for, not at import, so a test or a command can set one first.
"""

from __future__ import annotations

import dataclasses
import os

from .errors import ValidationError


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
FONT_DIR = Setting("BOOSTER_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
RETENTION_DAYS = Setting("BOOSTER_RETENTION_DAYS", "")
PRIVACY_NOTICE = Setting("BOOSTER_PRIVACY_NOTICE", "")
SETTINGS = (DATA_DIR, PUBLIC_URL, ANALYST_PASSWORD, FONT_DIR, RETENTION_DAYS, PRIVACY_NOTICE)


def data_dir() -> str:
    """Where the file store keeps sessions."""
    return DATA_DIR.value()


def public_url() -> str:
    """The base of join links and QR codes, without a trailing slash; '' means the browser's address."""
    return PUBLIC_URL.value().rstrip("/")


def analyst_password() -> str:
    """The analyst screens' password; '' leaves them open."""
    return ANALYST_PASSWORD.value()


def font_dir() -> str:
    """Where the printable kit finds DejaVuSans.ttf and DejaVuSans-Bold.ttf (Debian's fonts-dejavu-core)."""
    return FONT_DIR.value()


def retention_days() -> int | None:
    """Days after a session's date before it is due for deletion; None (keep) when unset."""
    raw = RETENTION_DAYS.value().strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ValidationError(RETENTION_DAYS.name, f"{raw!r} is not a whole number of days (1 or more).",
                              rule="retention_days", value=raw)
    return int(raw)


def privacy_notice() -> str:
    """The path of the organisation's own privacy notice ('{lang}' picks a language); '' for the built-in one."""
    return PRIVACY_NOTICE.value().strip()


def pause_point() -> tuple[str, str]:
    """Not a setting, a test hook: BOOSTER_TEST_PAUSE names a point of a deletion (booster.store) where
    the process writes the file BOOSTER_TEST_PAUSE_FILE and waits, so a test can kill it exactly there."""
    return os.environ.get("BOOSTER_TEST_PAUSE", ""), os.environ.get("BOOSTER_TEST_PAUSE_FILE", "")
