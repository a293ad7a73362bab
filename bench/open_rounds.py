"""The facilitator's open, round after round: N phones on the laptop set-up (two servers behind
nginx) join, save and poll as in bench_load.py, then the next activity opens; per round, the open's
p50 / p90 / p95 / slowest and each server's CPU in the 3.5 s after it. A diagnostic beside
bench_load.py's single figure (which is one such round), not part of `make bench`.

    .venv/bin/python bench/open_rounds.py [N] [ROUNDS]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]
import bench_load as load  # noqa: E402

_measured_open = load._open_activity


async def _open_with_cpu(room: load.Room, code: str, tabs: list[load.Tab]) -> list[float]:
    before, start = [load._cpu_seconds(p.pid) for p in room.servers.procs], time.perf_counter()
    times = await _measured_open(room, code, tabs)  # sleeps 3.5 s after the open, then collects
    after = [load._cpu_seconds(p.pid) for p in room.servers.procs]
    print(f"  servers' CPU in the {time.perf_counter() - start:.1f} s after the open: "
          + ", ".join(f"{b - a:.2f} s" for a, b in zip(before, after)), flush=True)
    return times


async def main(n: int, rounds: int) -> None:
    load._open_activity = _open_with_cpu
    room = load.Room(False, load.LAPTOP_SERVERS)
    room.servers.start()
    try:
        await load.run_level(room, 8, "random", 1, measure_open=False)  # warm up
        for number in range(1, rounds + 1):
            level = await load.run_level(room, n, "random", 2, measure_open=True)
            opens = sorted(level.opens)
            if len(opens) < 2:
                print(f"round {number}: {len(opens)} phones saw the open, timed out {level.timeouts}", flush=True)
                continue
            p50, p90 = statistics.quantiles(opens, n=10, method="inclusive")[4::4]
            print(f"round {number}: {n} phones, open p50 {p50:.2f} s, p90 {p90:.2f} s, p95 {load.p95(opens):.2f} s, "
                  f"slowest {opens[-1]:.2f} s, timed out {level.timeouts}", flush=True)
    finally:
        room.servers.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, int(sys.argv[2]) if len(sys.argv) > 2 else 4))
