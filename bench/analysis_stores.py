"""File stores of N demo sessions x 25 participants for the analysis and export benches, made once.

`python -m booster demo` writes 40 sessions (a pilot's worth of realistic work); larger stores are
those 40 sessions copied under new join codes, which writes 1,000 sessions in a minute instead of
twenty. The stores are kept under /tmp between runs, named by a digest of the demo generator, so a
changed generator makes new ones. `read_every_file` is the floor the analysis is measured against.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from booster import demo  # noqa: E402
from booster.store import FileStore  # noqa: E402

PARTICIPANTS = 25
BASE_SESSIONS = 40
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _digest() -> str:
    sources = sorted((ROOT / "booster" / "demo").glob("*.py"))
    return hashlib.sha1(b"".join(p.read_bytes() for p in sources)).hexdigest()[:10]


CACHE = Path(os.environ.get("BOOSTER_BENCH_STORES", "/tmp/booster-bench-stores")) / _digest()


def store_path(sessions: int) -> Path:
    """A folder holding `sessions` demo sessions of 25 participants (made on first use)."""
    folder = CACHE / f"s{sessions}"
    if not (folder / ".complete").exists():
        _make(folder, sessions)
    return folder


def _make(folder: Path, sessions: int) -> None:
    """Built beside its place and renamed into it, so a bench running at the same time (another
    worktree's) never reads a half-made store, nor removes one being read."""
    started = time.monotonic()
    building = folder.with_name(f"{folder.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    if sessions == BASE_SESSIONS:
        demo.generate(FileStore(building), sessions=sessions, participants=PARTICIPANTS, seed=7)
    else:
        base = store_path(BASE_SESSIONS)
        codes = sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
        for i in range(sessions):
            _clone(base / codes[i % len(codes)], building, codes[i % len(codes)], _code(i))
    (building / ".complete").write_text(str(sessions))
    if folder.exists() and not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)  # a run stopped half-way, before stores were renamed in
    try:
        building.rename(folder)
    except OSError:  # another run made it first
        shutil.rmtree(building, ignore_errors=True)
    print(f"# made {sessions} sessions in {folder} ({time.monotonic() - started:.0f} s)", file=sys.stderr)


def _code(i: int) -> str:
    digits = []
    for _ in range(6):
        i, d = divmod(i, len(ALPHABET))
        digits.append(ALPHABET[d])
    return "".join(digits)


def _clone(source: Path, dest_root: Path, old: str, new: str) -> None:
    """Copy a session folder under a new code (the code and the session's uid rewritten inside)."""
    uid = json.loads((source / "session.json").read_bytes())["uid"]
    new_uid = hashlib.sha1(new.encode()).hexdigest()[:32]
    for path in source.rglob("*.json"):
        target = dest_root / new / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes().replace(old.encode(), new.encode())
                           .replace(uid.encode(), new_uid.encode()))


def json_files(folder: Path) -> list[str]:
    return [os.path.join(d, f) for d, _, files in os.walk(folder) for f in files if f.endswith(".json")]


def read_every_file(folder: Path) -> int:
    """The floor: list the store and parse every JSON file once (what any cold load must do)."""
    files = json_files(folder)
    for name in files:
        with open(name, "rb") as f:
            json.loads(f.read())
    return len(files)


def best_of(fn, repeats: int) -> float:
    """The fastest of `repeats` runs in seconds (the least disturbed by other work on the machine)."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)
