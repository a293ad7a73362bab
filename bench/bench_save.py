"""One worksheet save, and one page load, measured alone: server CPU per run against the floor.

bench_load.py measures the room (polls, saves, board and projector together); this measures the
two runs a phone causes, one at a time on an idle server, so a change to what one save reruns
shows in the figure without the noise of a loaded room. One phone (bench_load's browser-like
client) saves its worksheet field SAVES times, one save after another, on the app and on the floor
(bench/floor_app.py), each on its own server; then LOADS fresh tabs load the page, one by one.

    .venv/bin/python bench/bench_save.py [--quick]
"""

from __future__ import annotations

import asyncio
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]
import bench_load as load  # noqa: E402
from figures import Figure, summary, table  # noqa: E402

SAVES, LOADS, ROUNDS = 60, 20, 3


async def _saves(room: load.Room, tab: load.Tab, token: str, count: int) -> tuple[float, float]:
    """(server CPU ms per save, median ms per save round trip) over `count` saves in a row."""
    wid, _, fragment = tab.find(room.field_key)
    text, times = "", []
    cpu0 = room.servers.cpu()
    for i in range(count):
        shown, text = text, f"Layanan bench {token[:6]} #{i}"
        room.type_text(tab, wid, text, i + 1, shown)
        elapsed = await tab.run(fragment)
        times.append(elapsed)
    return 1e3 * (room.servers.cpu() - cpu0) / count, 1e3 * statistics.median(times)


async def _loads(room: load.Room, code: str, people: list[tuple[str, str]]) -> float:
    """Server CPU ms per page load (a new tab for each)."""
    cpu0 = room.servers.cpu()
    for i, (_, token) in enumerate(people):
        tab = load.Tab(room.servers.address_for(i), room.phone_query(code, token))
        await tab.open()
        await tab.run()
        await tab.close()
    return 1e3 * (room.servers.cpu() - cpu0) / len(people)


async def measure(saves: int, loads: int, rounds: int) -> dict[str, dict[str, float]]:
    """{side: {"save": cpu ms, "save_ms": median ms, "load": cpu ms}}, the lowest of `rounds` rounds
    (the least disturbed by whatever else the machine is doing)."""
    rooms = {"floor": load.Room(True, 1), "app": load.Room(False, 1)}
    for room in rooms.values():
        room.servers.start()
    found: dict[str, dict[str, float]] = {side: {} for side in rooms}
    try:
        for round_ in range(rounds + 1):  # round 0 warms up (content, caches, first imports)
            for side, room in rooms.items():
                code = room.session()
                people = room.join(code, loads + 1)
                tab = load.Tab(room.servers.address_for(0), room.phone_query(code, people[0][1]))
                await tab.open()
                await tab.run()
                cpu, wall = await _saves(room, tab, people[0][1], saves if round_ else 5)
                # The saving tab stays open: with no session left, Streamlit forgets the compiled page.
                per_load = await _loads(room, code, people[1:] if round_ else people[1:3])
                await tab.close()
                if round_:
                    print(f"# {side:5} round {round_}: save {cpu:5.2f} ms CPU ({wall:5.1f} ms), "
                          f"load {per_load:5.2f} ms CPU", file=sys.stderr, flush=True)
                    mine = found[side]
                    for name, value in (("save", cpu), ("save_ms", wall), ("load", per_load)):
                        mine[name] = min(mine.get(name, float("inf")), value)
    finally:
        for room in rooms.values():
            room.servers.stop()
    return found


def figures(quick: bool) -> list[Figure]:
    found = asyncio.run(measure(SAVES // 2 if quick else SAVES, LOADS // 2 if quick else LOADS,
                                1 if quick else ROUNDS))
    app, floor = found["app"], found["floor"]
    return [Figure("one save alone: server CPU", app["save"], "ms", floor["save"]),
            Figure("one save alone: round trip, median", app["save_ms"], "ms", floor["save_ms"]),
            Figure("one page load alone: server CPU", app["load"], "ms", floor["load"])]


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    result = figures("--quick" in sys.argv)
    print(table(result))
    print(summary(result))
