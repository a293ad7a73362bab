"""The bench's table: the plain form `make bench` prints and the README form `--markdown` prints."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from figures import Figure, summary, table  # noqa: E402
from run import heading  # noqa: E402

FOUND = [Figure("save p95", 12.0, "ms", floor=6.0, max_ratio=1.5), Figure("saves lost", 0, "", absolute=0)]


def test_the_readme_form_names_the_command_that_measures_each_figure():
    lines = table(FOUND, [".venv/bin/python bench/run.py bench_exports", "make bench"]).splitlines()
    assert lines[0].endswith("| measured by |") and lines[1].count("---") == 7
    assert lines[2] == ("| save p95 | 12 ms | 6 ms | 2.00x | <= 1.5x floor | NO "
                        "| `.venv/bin/python bench/run.py bench_exports` |")
    assert lines[3].endswith("| yes | `make bench` |")
    assert "measured by" not in table(FOUND) and summary(FOUND) == "targets met: 1/2"


def test_the_heading_says_the_command_the_load_and_each_module_s_minutes():
    said = heading("make bench", True, {"bench_load": 120.0, "bench_exports": 60.0}, 3.25, 4.5)
    assert said.startswith("`make bench QUICK=1`, ")
    assert "load average 3.2 at the start and 4.5 at the end; 3.0 minutes (bench_load 2.0, bench_exports 1.0)" in said
    assert heading(".venv/bin/python bench/run.py bench_load", True, {}, 0, 0).startswith(
        "`.venv/bin/python bench/run.py bench_load --quick`")
