"""Moving a whole store: files -> PostgreSQL when a site starts hosting, PostgreSQL -> files to hand
a copy to an offline laptop. `python -m booster migrate --from sessions/ --to postgresql://...`.

Every document is copied under the same key. A document already at the destination with the same
content is left alone, so a second run copies nothing; one with different content is a conflict,
reported and left as it is (nothing is overwritten). Afterwards every source document is read
back from the destination and compared by checksum (sha256 of its canonical JSON).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

from .errors import CorruptRecord, NotFound
from .store import Key, Store, walk


def checksum(doc: dict) -> str:
    """The same for equal documents whatever the store (key order and indentation do not count)."""
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                          .encode("utf-8")).hexdigest()


@dataclasses.dataclass
class Report:
    documents: int = 0          # readable documents in the source
    sessions: int = 0           # session folders among them (not _analysis)
    copied: int = 0             # written to the destination by this run
    already: int = 0            # found identical at the destination
    conflicts: list[str] = dataclasses.field(default_factory=list)   # different there: left alone
    unreadable: list[str] = dataclasses.field(default_factory=list)  # corrupt in the source: skipped
    mismatched: list[str] = dataclasses.field(default_factory=list)  # read back differently
    source_sum: str = ""        # sha256 over every (key, checksum) of the source
    copy_sum: str = ""          # the same over what the destination holds for those keys

    @property
    def ok(self) -> bool:
        return not (self.conflicts or self.mismatched) and self.source_sum == self.copy_sum


def _read(store: Store, key: Key) -> dict | None:
    try:
        return store.read(key)
    except NotFound:
        return None


def copy_store(source: Store, dest: Store) -> Report:
    report, sums = Report(), {}
    for key in walk(source):
        path = "/".join(key)
        try:
            doc = source.read(key)
        except CorruptRecord as exc:
            report.unreadable.append(str(exc))
            continue
        report.documents += 1
        sums[key] = checksum(doc)
        there = _read(dest, key)
        if there is None:
            dest.write(key, doc)
            report.copied += 1
        elif checksum(there) == sums[key]:
            report.already += 1
        else:
            report.conflicts.append(path)
    report.sessions = len({key[0] for key in sums if not key[0].startswith("_")})
    _verify(dest, sums, report)
    return report


def _verify(dest: Store, sums: dict[Key, str], report: Report) -> None:
    source_lines, copy_lines = [], []
    for key, expected in sorted(sums.items()):
        there = _read(dest, key)
        found = checksum(there) if there is not None else "missing"
        if found != expected and "/".join(key) not in report.conflicts:
            report.mismatched.append("/".join(key))
        source_lines.append(f"{'/'.join(key)} {expected}\n")
        copy_lines.append(f"{'/'.join(key)} {found}\n")
    report.source_sum = hashlib.sha256("".join(source_lines).encode()).hexdigest()
    report.copy_sum = hashlib.sha256("".join(copy_lines).encode()).hexdigest()

