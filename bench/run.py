"""`make bench`: run every bench module that defines `figures(quick)`, print one table and `targets met: X/Y`.

    .venv/bin/python bench/run.py [--quick] [module ...]      (default: all of MODULES)
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

from figures import Figure, summary, table  # noqa: E402

# Each module's figures(quick) returns list[Figure]; the order is the order of the printed table.
MODULES: list[str] = ["bench_load"]
MODULES += ["bench_analysis", "bench_exports"]  # analysis and exports (issue 11, targets 2-4)
MODULES += ["bench_phone_text"]  # typed text on the server after a pause (issue 8)


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    names = [a for a in argv if not a.startswith("--")] or MODULES
    collected: list[Figure] = []
    for name in names:
        started = time.monotonic()
        print(f"# {name} ...", file=sys.stderr, flush=True)
        collected += importlib.import_module(name).figures(quick)
        print(f"# {name} took {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    print(table(collected))
    print(summary(collected))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
