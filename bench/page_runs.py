"""Server CPU of one phone's runs, back to back on a quiet server: the whole participant page with
each worksheet open (the first run after the activity opens, and again), the room poll, and a save
(CPU from /proc, so other work on the machine hardly moves it). A diagnostic beside bench_load.py's figures, not part of `make bench`.

    .venv/bin/python bench/page_runs.py [RUNS]
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]
import bench_load as load  # noqa: E402

from booster import workshop  # noqa: E402


async def main(runs: int) -> None:
    room = load.Room(False, 1)
    room.servers.start()
    try:
        code = room.session()
        (_, token), = room.join(code, 1)
        tab = load.Tab(room.servers.address_for(0), room.phone_query(code, token))
        await tab.open()
        await tab.run()
        def only(activity: str) -> None:
            for other in workshop.ACTIVITIES:
                workshop.set_activity_status(room.store, code, other, "open" if other == activity else "closed")

        for activity in ("service_challenge", "user_characteristics"):
            other = next(a for a in ("service_challenge", "user_characteristics") if a != activity)
            first_runs: list[float] = []

            async def first_run_after_open() -> None:  # what each phone does when the facilitator opens it
                only(other)
                await tab.run()
                only(activity)
                before = room.servers.cpu()
                await tab.run()
                first_runs.append(room.servers.cpu() - before)
            for _ in range(runs):
                await first_run_after_open()
            print(f"{activity}: first whole-page run after it opens {1e3 * sum(first_runs) / runs:.1f} ms", flush=True)
            only(activity)
            for _ in range(3):  # the poll sees the change; the page is drawn again
                await tab.run()
            print(f"{activity}: whole page {await _cpu_ms(room, runs, tab.run):.1f} ms", flush=True)
            poll = next(iter(tab.auto))
            print(f"{activity}: room poll {await _cpu_ms(room, runs, lambda: tab.run(poll, auto=True)):.1f} ms")
            wid, _, fragment = next((w, *tab.widgets[w]) for w in tab.widgets if f"ws_{activity}_" in w
                                    and w.endswith("_live"))
            sent = iter(range(1, runs + 1))

            def save():
                i = next(sent)
                room.type_text(tab, wid, f"bench {i}", i, f"bench {i - 1}" if i > 1 else "")
                return tab.run(fragment)
            print(f"{activity}: save {await _cpu_ms(room, runs, save):.1f} ms")
    finally:
        room.servers.stop()


async def _cpu_ms(room: load.Room, runs: int, run) -> float:
    before = room.servers.cpu()
    for _ in range(runs):
        await run()
    return 1e3 * (room.servers.cpu() - before) / runs


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 40))
