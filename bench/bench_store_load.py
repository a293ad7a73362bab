"""Save latency per store and per number of app servers, with bench_load.py's browser-like client.

Three set-ups, each at 60 and 150 phones saving every ~2 s (with the room poll, the board and the
projector, as in bench_load.py): one server on the file store, one server on PostgreSQL, and two
servers on PostgreSQL behind nginx (deploy/nginx/booster.conf; every simulated phone connects from
its own loopback address, as phones on a network do). Prints p50/p95 save latency with the ratio
to the file store at the same N, lost saves, timeouts, and CPU per rerun of the app servers and of
PostgreSQL. PostgreSQL is started here (tests/postgres_server.py). No assertions: read the figures.

    .venv/bin/python bench/bench_store_load.py [--sizes=60,150]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import bench_load as load  # noqa: E402

from booster import store_postgres  # noqa: E402
from tests.postgres_server import PostgresServer  # noqa: E402

SAVES = 6
SETUPS = {"files": ("1 server, files", 1), "pg1": ("1 server, PostgreSQL", 1),
          "pg2": ("2 servers + nginx, PostgreSQL", 2)}


def _postgres_cpu(database: PostgresServer) -> float:
    """CPU seconds of the postmaster and its backends so far (from /proc)."""
    main = int((database.data / "postmaster.pid").read_text().split()[0])
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == main or int(fields[1]) == main:
            total += load._cpu_seconds(int(stat.parent.name))
    return total


async def _setup(name: str, size: int, database: PostgresServer) -> tuple[load.Level, float]:
    """Start the set-up's servers, warm them, run one level; (the level, PostgreSQL CPU seconds)."""
    location = None
    if name != "files":
        location = database.create_database(f"bench_{name}_{size}")
        store_postgres.upgrade(location)
    room = load.Room(False, SETUPS[name][1], location)
    room.servers.start()
    try:
        await load.run_level(room, 8, "random", 1, measure_open=False)
        db0 = _postgres_cpu(database) if location else 0.0
        level = await load.run_level(room, size, "random", SAVES, measure_open=False)
        return level, (_postgres_cpu(database) - db0) if location else 0.0
    finally:
        room.servers.stop()
        if room.store is not None:
            room.store.close()


def _report(results: dict) -> None:
    print(f"\n{'set-up':<31} {'N':>4} {'saves':>6} {'p50 ms':>7} {'p95 ms':>7} {'p95 x':>6} {'lost':>5} "
          f"{'t/o':>4} {'app ms/run':>10} {'db ms/run':>9}")
    for (name, size), (level, db_cpu) in results.items():
        p50 = statistics.median(level.saves) if level.saves else float("nan")
        p95, base95 = load.p95(level.saves), load.p95(results[("files", size)][0].saves)
        runs = max(level.runs, 1)
        print(f"{SETUPS[name][0]:<31} {size:>4} {len(level.saves):>6} {p50 * 1e3:>7.0f} {p95 * 1e3:>7.0f} "
              f"{p95 / base95:>6.2f} {level.lost:>5} {level.timeouts:>4} {1e3 * level.cpu / runs:>10.1f} "
              f"{1e3 * db_cpu / runs:>9.1f}")
    print("\np95 x = ratio to one server on files at the same N, this run. lost = phones whose stored answer "
          "is not the last text they sent. t/o = runs with no answer within 30 s. CPU per rerun counts every "
          "run of the level (saves, room polls, board, projector).")


async def main(sizes: list[int]) -> None:
    database = PostgresServer()
    database.start()
    results = {}
    try:
        for size in sizes:
            for name in SETUPS:
                results[(name, size)] = await _setup(name, size, database)
                print(f"{name} N={size}: {len(results[(name, size)][0].saves)} saves", flush=True)
    finally:
        database.remove()
    _report(results)


if __name__ == "__main__":
    chosen = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--sizes=")), "60,150")
    asyncio.run(main([int(n) for n in chosen.split(",")]))
