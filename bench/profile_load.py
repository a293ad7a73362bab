"""Where the app server's CPU goes under the browser-like load of bench_load.py (py-spy, sampling).

Starts the app, samples it with py-spy while N phones poll and save (with the board and the
projector open), and writes under artifacts/issue11/: a flame graph (profile.svg), the collapsed
stacks (profile.txt) and a summary (profile-summary.txt): the functions holding the most samples,
inclusive and self, and the share of samples inside each fragment / page of the app.

    .venv/bin/python bench/profile_load.py [N] [--servers=2]      (py-spy: requirements-dev.txt)
"""

from __future__ import annotations

import asyncio
import collections
import shutil
import subprocess
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]
import bench_load as load  # noqa: E402

OUT = load.ROOT / "artifacts" / "issue11"
SECONDS = 25
OWN = ("booster/", "ui/", "pages/", "app.py")


def _frames(stack: str) -> list[str]:
    return stack.split(";")


# Where a sample belongs, first match wins: the parts of the live room, then Streamlit's own work.
PARTS = (("room poll (ui/participant.py follow)", ("participant.py", "_follow")),
         ("worksheet save (ui/worksheet_form.py)", ("worksheet_form.py",)),
         ("facilitator board", ("board_view.py", "run_session.py")),
         ("projector", ("projector.py",)),
         ("page loads (whole-page runs)", ("app.py",)),
         ("Streamlit script runner (per-rerun overhead)", ("script_runner.py",)),
         ("web server and event loop", ("starlette", "uvicorn", "asyncio")))


def _part(stack: str) -> str:
    if "follow_room" in stack or "participant.py:_follow" in stack or "_follow (ui/participant.py" in stack:
        return PARTS[0][0]
    return next((name for name, marks in PARTS[1:] if any(m in stack for m in marks)), "other")


# Leaf frames where a thread waits rather than works (py-spy does not always see them as idle):
# left out of the shares, which are then shares of the server's work.
WAITING = ("polling_path_watcher.py", "EpollSelector.select", "Condition.wait", "Event.wait",
           "_worker (concurrent/futures/thread.py", "Thread.join", "time.sleep")


def summary(collapsed: Path, top: int = 10) -> str:
    inclusive, own, samples, parts = collections.Counter(), collections.Counter(), 0, collections.Counter()
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n, frames = int(count), _frames(stack)
        if any(mark in frames[-1] for mark in WAITING):
            continue
        samples += n
        parts[_part(stack)] += n
        own[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
    ours = collections.Counter({f: n for f, n in inclusive.items() if any(o in f for o in OWN)})

    def rows(counter: collections.Counter) -> list[str]:
        return [f"  {100 * n / samples:5.1f}%  {frame}" for frame, n in counter.most_common(top)]

    return "\n".join([f"{samples} samples of the app server's threads at work (waits left out)",
                      "share of samples by part of the room:", *rows(parts),
                      f"top {top} functions by share of samples, inclusive (anything):", *rows(inclusive),
                      f"top {top} functions of this app (booster/, ui/, pages/), inclusive:", *rows(ours),
                      f"top {top} functions by self samples:", *rows(own)])


def main(n: int, servers: int) -> None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    OUT.mkdir(parents=True, exist_ok=True)
    room = load.Room(False, servers)
    room.servers.start()
    try:
        # Warm up first (imports, content, the board's libraries): the profile is of the room at work.
        asyncio.run(load.run_level(room, 8, "random", 1, measure_open=False))
        pid = room.servers.procs[0].pid
        common = [spy, "record", "--pid", str(pid), "--rate", "100", "--duration", str(SECONDS + 20), "--nonblocking"]
        spies = [subprocess.Popen([*common, "--format", "raw", "-o", str(OUT / "profile.txt")]),
                 subprocess.Popen([*common, "--format", "flamegraph", "-o", str(OUT / "profile.svg")])]
        level = asyncio.run(load.run_level(room, n, "random", int(SECONDS / load.INTERVAL), measure_open=False))
        for spy_proc in spies:
            spy_proc.wait()
    finally:
        room.servers.stop()
    text = summary(OUT / "profile.txt")
    (OUT / "profile-summary.txt").write_text(f"N={n}, save p95 {load.p95(level.saves) * 1e3:.0f} ms\n{text}\n")
    print(text)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--servers=")), 1)
    main(int(args[0]) if args else 100, count)
