"""Same-day export of one session from the run screen: XLSX and CSV zip for a 60-participant session.

Floor, measured in the same run: reading every file of the session once (json), which any export
must do. Prints seconds and ratios to the floor; asserts nothing. The session sits in a store
beside 20 other sessions, which the export must not read.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from booster import demo  # noqa: E402
from booster.content import load_content  # noqa: E402
from booster.files import session_export  # noqa: E402
from booster.store import FileStore  # noqa: E402

PARTICIPANTS = 60
OTHER_SESSIONS = 20
REPEATS = 3


def _best(fn) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = FileStore(Path(tmp))
        code = demo.generate(store, sessions=1, participants=PARTICIPANTS, seed=9)[0].code
        demo.generate(store, sessions=OTHER_SESSIONS, participants=20, seed=10)
        files = list((Path(tmp) / code).rglob("*.json"))
        load_content("v1")
        floor = _best(lambda: [json.loads(f.read_text()) for f in files])
        xlsx = _best(lambda: session_export.workbook(store, code, load_content))
        csvs = _best(lambda: session_export.csv_zip(store, code, load_content))
        size = len(session_export.workbook(store, code, load_content))
        print(f"session {code}: {PARTICIPANTS} participants, {len(files)} files "
              f"(store holds {OTHER_SESSIONS} more sessions)")
        print(f"floor (read the session's files once): {floor * 1000:.1f} ms")
        print(f"xlsx: {xlsx:.2f} s ({xlsx / floor:.0f}x floor), {size / 1024:.0f} KiB")
        print(f"csv zip: {csvs:.2f} s ({csvs / floor:.0f}x floor)")


if __name__ == "__main__":
    main()
