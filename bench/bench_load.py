"""Live load: N simulated participants autosave a worksheet field over Streamlit's own websocket.

Each client speaks the browser's protocol (see ../shared/BRIEF.md, section 5): it connects to
/_stcore/stream with subprotocol "streamlit", sends a BackMsg rerun_script carrying the query
string, page hash and widget states, learns widget ids (and their fragment) from the ForwardMsg
deltas, and times each save from sending the rerun to its `script_finished`. Like a browser, it
also reruns the fragments the server asks to auto-rerun (the participant's `follow_room`).
Prints p50/p95/max per N with ratios to N=1 from the same run, server CPU per save, and how
many participants' stored answer equals the last text they sent. No assertions.

    .venv/bin/python bench/bench_load.py [--big] [--no-follow]
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from booster import workshop  # noqa: E402
from booster.store import open_store  # noqa: E402

ACTIVITY, FIELD = "service_challenge", "service_name"
WIDGET_KEY = f"ws_{ACTIVITY}_{FIELD}"
SAVES, INTERVAL, JITTER, TIMEOUT = 10, 2.0, 0.3, 30.0
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
        ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


class Client:
    """One browser tab: one websocket, one request in flight at a time (like a tab's run queue)."""

    def __init__(self, port: int, query: str):
        self.url, self.query = f"ws://127.0.0.1:{port}/_stcore/stream", query
        self.page_hash, self.widgets, self.states = "", {}, WidgetStates()
        self.auto: tuple[float, str] | None = None
        self.finished: asyncio.Future | None = None
        self.lock, self.auto_runs, self.timeouts = asyncio.Lock(), 0, 0

    async def open(self) -> None:
        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=None)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for data in self.ws:
            self._handle(ForwardMsg.FromString(data))

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = msg.new_session.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.auto = (msg.auto_rerun.interval, msg.auto_rerun.fragment_id)
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            widget = getattr(element, element.WhichOneof("type") or "", None)
            if getattr(widget, "id", "") and hasattr(widget, "label"):
                self.widgets[widget.id] = (widget.label, msg.delta.fragment_id)
        elif (kind == "script_finished" and msg.script_finished in DONE
              and self.finished and not self.finished.done()):
            self.finished.set_result(msg.script_finished)

    async def rerun(self, fragment_id: str = "", auto: bool = False) -> float | None:
        """Send one rerun (the first names the default page by an empty page_name); seconds to finish."""
        async with self.lock:
            back = BackMsg()
            state = back.rerun_script
            state.query_string, state.page_script_hash, state.page_name = self.query, self.page_hash, ""
            state.widget_states.CopyFrom(self.states)
            state.fragment_id, state.is_auto_rerun = fragment_id, auto
            self.finished = asyncio.get_running_loop().create_future()
            start = time.perf_counter()
            await self.ws.send(back.SerializeToString())
            try:
                await asyncio.wait_for(self.finished, TIMEOUT)
            except TimeoutError:
                self.timeouts += 1
                return None
            return time.perf_counter() - start

    def find(self, key: str) -> tuple[str, str, str]:
        """(widget id, label, fragment id) of the widget whose key is `key`."""
        wid = next(w for w in self.widgets if w.endswith(f"-{key}"))
        return (wid, *self.widgets[wid])

    def set_text(self, wid: str, text: str) -> None:
        for state in self.states.widgets:
            if state.id == wid:
                state.string_value = text
                return
        self.states.widgets.add(id=wid, string_value=text)

    async def follow(self) -> None:
        """The browser's timer for `@st.fragment(run_every=...)`."""
        while self.auto:
            await asyncio.sleep(self.auto[0])
            if await self.rerun(self.auto[1], auto=True) is not None:
                self.auto_runs += 1


# ---- one participant, one load level ---------------------------------------------------------


async def participant(port: int, code: str, token: str, stats: dict, follow: bool) -> str:
    client = Client(port, f"s={code}&t={token}")
    await client.open()
    await client.rerun()
    wid, label, fragment = client.find(WIDGET_KEY)
    stats.setdefault("widget", (wid, label, fragment))
    follower = asyncio.create_task(client.follow()) if follow else None
    text = ""
    await asyncio.sleep(random.uniform(0, INTERVAL))
    for i in range(SAVES):
        text = f"Layanan bench {token[:6]} #{i}"
        client.set_text(wid, text)
        elapsed = await client.rerun(fragment)
        if elapsed is not None:
            stats["times"].append(elapsed)
        await asyncio.sleep(max(0.0, INTERVAL + random.uniform(-JITTER, JITTER) - (elapsed or 0)))
    if follower:
        follower.cancel()
    stats["auto_runs"] += client.auto_runs
    stats["timeouts"] += client.timeouts
    client.reader.cancel()
    await client.ws.close()
    return text


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc (psutil is not installed here)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def level(port: int, server_pid: int, code: str, people: list[tuple[str, str]], follow: bool) -> dict:
    stats = {"times": [], "auto_runs": 0, "timeouts": 0}
    cpu0, wall0 = cpu_seconds(server_pid), time.perf_counter()
    last = await asyncio.gather(*(participant(port, code, token, stats, follow) for _, token in people))
    stats.update(cpu=cpu_seconds(server_pid) - cpu0, wall=time.perf_counter() - wall0, last=last)
    return stats


def landed(store, code: str, people: list[tuple[str, str]], last: list[str]) -> int:
    """How many participants' stored answer is the last text they sent."""
    answers = [(workshop.get_response(store, code, pid, ACTIVITY) or {}).get("data", {}).get("answers", {})
               for pid, _ in people]
    return sum(a.get(FIELD) == text for a, text in zip(answers, last))


# ---- setup: data, server, warm-up -------------------------------------------------------------


def make_session(store, count: int) -> tuple[str, list[tuple[str, str]]]:
    session = workshop.create_session(
        store, title="Load bench", country="Indonesia", agency="Bench", date="2025-08-14", language="id",
        content_version="v1", activities=list(workshop.ACTIVITIES), mode="individual", sort_mode="closed",
        pin="1234")
    workshop.set_activity_status(store, session.code, ACTIVITY, "open")
    joined = [workshop.join(store, session.code, name=f"P{i}") for i in range(count)]
    return session.code, [(person.id, token) for person, token in joined]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, data_dir: str, log_path: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true"]
    env = {**os.environ, "BOOSTER_DATA_DIR": data_dir}
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.25)
    server.kill()
    raise SystemExit(f"server did not become healthy; see {log_path}")


async def warm_up(port: int, code: str, token: str) -> None:
    """Home page once, then one participant screen and one save (loads content and caches)."""
    home = Client(port, "")
    await home.open()
    await home.rerun()
    await home.ws.close()
    await participant(port, code, token, {"times": [], "auto_runs": 0, "timeouts": 0}, follow=False)


def percentiles(times: list[float]) -> tuple[float, float, float]:
    if not times:
        return (float("nan"),) * 3
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    return statistics.median(times), p95, max(times)


def report(results: dict[int, dict], follow: bool) -> None:
    base50, base95, _ = percentiles(results[min(results)]["times"])
    print(f"\n{'N':>4} {'saves':>6} {'auto':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'p50 x':>6} "
          f"{'p95 x':>6} {'cpu s':>6} {'cpu ms/save':>11} {'landed':>7} {'t/o':>4}")
    for n, r in results.items():
        p50, p95, top = percentiles(r["times"])
        saves = len(r["times"])
        print(f"{n:>4} {saves:>6} {r['auto_runs']:>5} {p50 * 1e3:>7.0f} {p95 * 1e3:>7.0f} {top * 1e3:>7.0f} "
              f"{p50 / base50:>6.2f} {p95 / base95:>6.2f} {r['cpu']:>6.1f} {1e3 * r['cpu'] / max(saves, 1):>11.1f} "
              f"{r['landed']:>3}/{n:<3} {r['timeouts']:>4}")
    print(f"\nx = ratio to N={min(results)} in this run. auto = follow_room auto-reruns sent alongside "
          f"({'on' if follow else 'off, --no-follow'}). cpu = server user+sys over the level, auto-reruns "
          "included. landed = stored answer equals the last text sent. t/o = reruns with no "
          f"script_finished within {TIMEOUT:.0f} s.")


async def main(sizes: list[int], follow: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="booster-load-") as data_dir:
        store = open_store(data_dir)
        code, people = make_session(store, 1 + sum(sizes))
        port, log_path = free_port(), Path(data_dir) / "server.log"
        server = start_server(port, data_dir, log_path)
        try:
            await warm_up(port, code, people[0][1])
            results, offset = {}, 1
            for n in sizes:
                group = people[offset:offset + n]
                offset += n
                stats = await level(port, server.pid, code, group, follow)
                stats["landed"] = landed(store, code, group, stats["last"])
                results[n] = stats
                if n == sizes[0]:
                    wid, label, fragment = stats["widget"]
                    print(f"widget {label!r} id={wid}\n  fragment_id={fragment or '(none: full reruns)'}")
                print(f"N={n}: {len(stats['times'])} saves in {stats['wall']:.1f} s", flush=True)
            report(results, follow)
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
            errors = [line for line in log_path.read_text().splitlines() if "Traceback" in line or "ERROR" in line]
            print(f"server log: {len(errors)} error lines" + (f"; first: {errors[0]}" if errors else ""))


if __name__ == "__main__":
    asyncio.run(main([1, 10, 30] + ([60] if "--big" in sys.argv else []), "--no-follow" not in sys.argv))
