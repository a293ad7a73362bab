"""`make bench`: run every bench module that defines `figures(quick)`, print one table and `targets met: X/Y`.

    .venv/bin/python bench/run.py [--quick] [--markdown] [module ...]      (default: all of MODULES)

--markdown prints the table as README.md's "Performance" section holds it: the date, the machine
and its load, each module's time, and the command that measures each figure.
"""

from __future__ import annotations

import datetime
import importlib
import os
import platform
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
    quick, markdown = "--quick" in argv, "--markdown" in argv
    names = [a for a in argv if not a.startswith("--")] or MODULES
    collected: list[Figure] = []
    commands: list[str] = []
    took: dict[str, float] = {}
    load_before = os.getloadavg()[0]
    for name in names:
        started = time.monotonic()
        print(f"# {name} ...", file=sys.stderr, flush=True)
        found = importlib.import_module(name).figures(quick)
        took[name] = time.monotonic() - started
        print(f"# {name} took {took[name]:.0f} s", file=sys.stderr, flush=True)
        collected += found
        commands += [f".venv/bin/python bench/run.py{' --quick' if quick else ''} {name}"] * len(found)
    if markdown:
        command = "make bench" if names == MODULES else f".venv/bin/python bench/run.py {' '.join(names)}"
        print(heading(command, quick, took, load_before, os.getloadavg()[0]) + "\n")
        print(table(collected, commands) + "\n")
    else:
        print(table(collected))
    print(summary(collected))
    return 0


def heading(command: str, quick: bool, took: dict[str, float], load_before: float, load_after: float) -> str:
    """When, where and how long: absolute times move with the machine's other work; ratios are taken
    against floors measured in the same run."""
    each = ", ".join(f"{name} {seconds / 60:.1f}" for name, seconds in took.items())
    quick_flag = (" QUICK=1" if command == "make bench" else " --quick") if quick else ""
    return (f"`{command}{quick_flag}`, {datetime.datetime.now(datetime.UTC):%d %B %Y %H:%M} UTC, "
            f"{os.cpu_count()} cores ({_cpu_model()}), load average {load_before:.1f} at the start and "
            f"{load_after:.1f} at the end; {sum(took.values()) / 60:.1f} minutes ({each}).")


def _cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return platform.machine()
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), platform.machine())


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
