"""The card sort's vocabulary, in one place: pile ids, the own-group prefix and group slugs.

A placement maps a card id to a pile: a step id, `UNSURE`, or `CUSTOM_PREFIX + <slug>` for a group a
participant made (hybrid sorts); a card without a placement sits in the `UNSORTED` column. The live
sort, the board widget, the analysis and the demo all speak this vocabulary.
"""

from __future__ import annotations

import re
import unicodedata

UNSORTED = "unsorted"
UNSURE = "unsure"
CUSTOM_PREFIX = "custom:"
OWN_GROUPS = "custom"  # the analysis's one column for every participant-made group
MAX_GROUP_NAME = 40
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}\Z")


def slugify(name: str) -> str:
    """'Riset & Data' -> 'riset-data': ascii, lower case, at most 40 characters ('group' if none left)."""
    ascii_text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:MAX_GROUP_NAME].strip("-")
    return slug or "group"


def free_slug(name: str, taken) -> str:
    """The slug of an own group's name that no group in `taken` has yet ("pitching-2" after "pitching")."""
    base = slugify(name)[:MAX_GROUP_NAME - 3]
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def custom_pile(slug: str) -> str:
    """The pile id of an own group: 'pitching' -> 'custom:pitching'."""
    return CUSTOM_PREFIX + slug


def is_custom(pile) -> bool:
    """True for an own group's pile id (with a slug after the prefix)."""
    return isinstance(pile, str) and pile.startswith(CUSTOM_PREFIX) and len(pile) > len(CUSTOM_PREFIX)


def custom_slug(pile: str) -> str:
    """The slug of an own group's pile id: 'custom:pitching' -> 'pitching'."""
    return pile[len(CUSTOM_PREFIX):]
