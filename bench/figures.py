"""One shape for every benchmark figure, so `make bench` can print them together and count targets met.

A bench module that takes part in `make bench` defines `figures(quick: bool) -> list[Figure]`;
`bench/run.py` imports each such module, calls it, prints one table and a last line
`targets met: X/Y`. A figure always carries the floor it was measured against in the same run.
"""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure: its value, the floor from the same run, and the target as a ratio limit.

    `max_ratio` is the target (value / floor must not exceed it); `absolute` is an alternative
    target in the figure's own unit (for example "under 50 ms"), used when a ratio makes no sense.
    A figure with neither is reported for context and not counted as a target.
    """

    name: str
    value: float
    unit: str
    floor: float | None = None
    max_ratio: float | None = None
    absolute: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None

    @property
    def is_target(self) -> bool:
        return self.max_ratio is not None or self.absolute is not None

    @property
    def met(self) -> bool | None:
        if not self.is_target:
            return None
        ratio_ok = self.max_ratio is None or (self.ratio is not None and self.ratio <= self.max_ratio)
        absolute_ok = self.absolute is None or self.value <= self.absolute
        return ratio_ok and absolute_ok

    def target_text(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"<= {self.max_ratio:g}x floor")
        if self.absolute is not None:
            parts.append(f"<= {_number(self.absolute)} {self.unit}")
        return " and ".join(parts) or "-"


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def table(figures: list[Figure], commands: list[str] | None = None) -> str:
    """A Markdown table of the figures; with `commands` (one per figure), a last column naming the
    command that measures each (the form the README's performance section holds)."""
    header, rule = "| figure | value | floor | ratio | target | met |", "|---|---|---|---|---|---|"
    if commands is not None:
        header, rule = header + " measured by |", rule + "---|"
    lines = [header, rule]
    for i, f in enumerate(figures):
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
        met = {True: "yes", False: "NO", None: ""}[f.met]
        floor = f"{_number(f.floor)} {f.unit}" if f.floor is not None else "-"
        row = f"| {f.name} | {_number(f.value)} {f.unit} | {floor} | {ratio} | {f.target_text()} | {met} |"
        lines.append(row + (f" `{commands[i]}` |" if commands is not None else ""))
    return "\n".join(lines)


def summary(figures: list[Figure]) -> str:
    targets = [f for f in figures if f.is_target]
    return f"targets met: {sum(bool(f.met) for f in targets)}/{len(targets)}"


@contextlib.contextmanager
def timed(what: str):
    """Say on stderr how long a part of a bench module took (where `make bench`'s minutes go)."""
    started = time.monotonic()
    try:
        yield
    finally:
        print(f"#   {what}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
