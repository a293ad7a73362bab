"""Live room under load: N phones on Streamlit's own websocket, behaving like the browser, against a floor.

Each simulated tab speaks the browser's protocol (../shared/BRIEF.md, section 5): it connects to
/_stcore/stream, sends BackMsg rerun_script with the query string, page and widget states, and
learns widget ids and fragments from the deltas. Like Streamlit's frontend it runs every
`run_every` fragment on its own clock - a timer that fires every interval whatever else happens
(it does not wait for the last run to end) - and a tab's runs go one after another, so a save
that finds the tab busy with a poll waits behind it; that wait is part of the save's time.

The floor is bench/floor_app.py (a 3 s timer fragment and a text field written durably), served
by one server and driven by the same client with the same N, in the same run. The app runs as the
laptop set-up (deploy/laptop.py: two servers, one per core, on one file store behind nginx; each
phone connects from its own loopback address so nginx spreads them as it spreads phones on Wi-Fi),
and on one server for comparison. The app levels have the facilitator board and the projector
open; the floor levels have two more floor tabs.

Figures (bench/figures.py; `make bench` collects them through `figures(quick)`), targets on the
laptop set-up: save p95 at each N with timers at random phases and in phase (<= 3x floor), lost
saves and timeouts (0), server CPU per rerun (<= 1.5x floor), 100 phones loading at once (<= 2x
floor), every phone's rerun when the facilitator opens an activity at 200 phones (p95 <= 2 s, from
the poll that sees it to the page's end), and server memory (context).

    .venv/bin/python bench/bench_load.py [--quick]
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from figures import Figure, summary, table  # noqa: E402

from deploy import laptop  # noqa: E402

from booster import workshop  # noqa: E402
from booster.live import projector  # noqa: E402
from booster.store import open_store  # noqa: E402

ACTIVITY, FIELD, NEXT_ACTIVITY = "service_challenge", "service_name", "user_characteristics"
APP_FIELD_KEY, FLOOR_FIELD_KEY = f"ws_{ACTIVITY}_{FIELD}_live", "answer"  # ui/worksheet_form._live_key
INTERVAL, JITTER, TIMEOUT = 2.0, 0.3, 30.0
PIN = "1234"
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
        ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass(frozen=True)
class Plan:
    """The levels, (N, phases), each run on the floor and on the laptop set-up (LAPTOP_SERVERS app
    servers behind nginx); `single` the levels also run on one server, for comparison."""

    levels: tuple[tuple[int, str], ...]
    single: tuple[tuple[int, str], ...]
    saves: int
    load_n: int

    @property
    def top(self) -> int:
        return max(n for n, _ in self.levels)

    def saves_at(self, n: int) -> int:
        """Saves per phone at a level of n phones: `saves`, or more at small levels, so every level
        has at least MIN_SAVES saves. A p95 of 5 saves x 50 phones rests on its 12 slowest saves:
        one short stall of the machine (other work on it) decides it, and the floor's p95 is small."""
        return max(self.saves, -(-MIN_SAVES // n))


MIN_SAVES = 500  # per level, on each side (the floor's levels get the same number)


LAPTOP_SERVERS = 2  # deploy/laptop.py: one app server per core of a 2-core laptop
FULL = Plan(levels=((50, "random"), (100, "random"), (150, "random"), (200, "random"),
                    (100, "in phase"), (200, "in phase")),
            single=((100, "random"), (200, "random"), (200, "in phase")), saves=5, load_n=100)
QUICK = Plan(levels=((50, "random"), (100, "random"), (100, "in phase")), single=((100, "random"),),
             saves=4, load_n=100)


# ---- one browser tab ---------------------------------------------------------------------------


class Tab:
    """One browser tab: one websocket; runs go one at a time (the tab's queue, FIFO); timers of
    `run_every` fragments fire on their own clock and are merged while one is already waiting."""

    def __init__(self, address: tuple[int, str | None], query: str, page: str = ""):
        port, self.source = address  # source: the loopback address this tab connects from (or any)
        self.url, self.query, self.page = f"ws://127.0.0.1:{port}/_stcore/stream", query, page
        self.page_hash, self.widgets, self.states = "", {}, WidgetStates()
        self.auto: dict[str, float] = {}          # fragment id -> interval, from auto_rerun messages
        self.finished: asyncio.Future | None = None
        self.lock = asyncio.Lock()
        self.waiting: set[str] = set()            # timer runs queued or running (merged while there)
        self.ticks: list[float] = []              # when each timer run was queued
        self.polls_done: list[float] = []         # when each timer run was answered (or given up)
        self.full_runs: list[float] = []          # when each whole-page run finished
        self.runs = self.timeouts = 0
        self.timers: list[asyncio.Task] = []
        # The browser's ForwardMsg cache: hash -> runs finished when it was last used. Its hashes go
        # with every rerun request; the server then sends a reference instead of an element it has.
        self.cache: dict[str, int] = {}
        self.finished_runs, self.max_age = 0, 2

    async def open(self) -> None:
        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=None, open_timeout=TIMEOUT,
                                local_addr=(self.source, 0) if self.source else None)
        self.reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        for task in self.timers:
            task.cancel()
        self.reader.cancel()
        with contextlib.suppress(Exception):
            await self.ws.close()

    async def _read(self) -> None:
        with contextlib.suppress(Exception):
            async for data in self.ws:
                self._handle(ForwardMsg.FromString(data))

    def _handle(self, msg: ForwardMsg) -> None:
        if msg.HasField("ref_hash"):
            self.cache[msg.ref_hash] = self.finished_runs
            return
        if msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = self.finished_runs
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = msg.new_session.page_script_hash
            self.max_age = msg.new_session.config.max_cached_message_age or self.max_age
        elif kind == "navigation" and msg.navigation.page_script_hash:
            self.page_hash = msg.navigation.page_script_hash  # the page this run showed, as the browser keeps it
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.auto[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            widget = getattr(element, element.WhichOneof("type") or "", None)
            if getattr(widget, "id", "") and (hasattr(widget, "label") or element.HasField("bidi_component")):
                self.widgets[widget.id] = (getattr(widget, "label", ""), msg.delta.fragment_id)
        elif kind == "script_finished" and msg.script_finished in DONE:
            self.finished_runs += 1
            self.cache = {h: used for h, used in self.cache.items() if self.finished_runs - used <= self.max_age}
            if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                self.full_runs.append(time.perf_counter())
            if self.finished and not self.finished.done():
                self.finished.set_result(msg.script_finished)

    async def run(self, fragment_id: str = "", auto: bool = False) -> float | None:
        """Queue one run behind this tab's others; seconds from queueing to its script_finished."""
        queued = time.perf_counter()
        # The browser sends a widget's change (a trigger) once, with the message it caused: the
        # widget states are taken now, not when the tab's earlier runs have finished.
        states = WidgetStates()
        states.CopyFrom(self.states)
        self._clear_triggers()
        async with self.lock:
            back = BackMsg()
            state = back.rerun_script
            state.query_string, state.page_script_hash = self.query, self.page_hash
            state.page_name = "" if self.page_hash else self.page
            state.widget_states.CopyFrom(states)
            state.fragment_id, state.is_auto_rerun = fragment_id, auto
            state.cached_message_hashes.extend(self.cache)
            self.finished = asyncio.get_running_loop().create_future()
            try:
                await self.ws.send(back.SerializeToString())
                await asyncio.wait_for(self.finished, TIMEOUT)
            except (TimeoutError, OSError, ConnectionClosed):  # no answer in time, or the connection dropped
                self.timeouts += 1
                return None
            self.runs += 1
            return time.perf_counter() - queued

    def start_timers(self, start: float) -> None:
        """Fire each run_every fragment at start, start + interval, ... (start: a perf_counter time)."""
        for fragment_id, interval in list(self.auto.items()):
            self.timers.append(asyncio.create_task(self._timer(fragment_id, interval, start)))

    async def _timer(self, fragment_id: str, interval: float, start: float) -> None:
        tick = start
        while True:
            await asyncio.sleep(max(0.0, tick - time.perf_counter()))
            tick += interval
            if fragment_id in self.waiting:
                continue  # the server merges a fragment's rerun with one already queued
            self.waiting.add(fragment_id)
            self.ticks.append(time.perf_counter())
            asyncio.create_task(self._timer_run(fragment_id))

    async def _timer_run(self, fragment_id: str) -> None:
        try:
            await self.run(fragment_id, auto=True)
        finally:
            self.waiting.discard(fragment_id)
            self.polls_done.append(time.perf_counter())

    def find(self, key: str) -> tuple[str, str, str]:
        """(widget id, label, fragment id) of the widget whose key is `key`."""
        wid = next(w for w in self.widgets if w.endswith(f"-{key}"))
        return (wid, *self.widgets[wid])

    def set_text(self, wid: str, text: str) -> None:
        self._state(wid).string_value = text

    def send_event(self, wid: str, event: str, value: dict) -> None:
        """What a `st.components.v2` component's setTriggerValue(event, value) sends."""
        trigger = f"$$STREAMLIT_INTERNAL_KEY_{wid}__events"
        self._state(trigger).json_trigger_value = json.dumps([{"event": event, "value": value}])

    def press(self, wid: str) -> None:
        self._state(wid).trigger_value = True

    def _state(self, wid: str):
        for state in self.states.widgets:
            if state.id == wid:
                return state
        return self.states.widgets.add(id=wid)

    def _clear_triggers(self) -> None:
        kept = [s for s in self.states.widgets if s.WhichOneof("value") not in ("trigger_value", "json_trigger_value")]
        del self.states.widgets[:]
        self.states.widgets.extend(kept)


# ---- servers -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Servers:
    """One or more `streamlit run` processes serving the same script (and the same store)."""

    script: str
    env: dict
    count: int = 1
    log_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="booster-load-log-")))
    procs: list[subprocess.Popen] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    nginx_port: int = 0

    def start(self) -> Servers:
        for _ in range(self.count):
            port = free_port()
            self.procs.append(laptop.start_app(port, self.env, self.log_dir / f"server-{port}.log", self.script))
            self.ports.append(port)
        for port, proc in zip(self.ports, self.procs):
            _wait_healthy(port, proc, self.log_dir)
        if self.count > 1:  # the laptop set-up: nginx in front, as deploy/laptop.py runs it
            self.nginx_port = free_port()
            self.nginx = laptop.start_nginx(self.log_dir, f"127.0.0.1:{self.nginx_port}", self.ports)
            _wait_healthy(self.nginx_port, self.nginx, self.log_dir)
        return self

    def address_for(self, i: int) -> tuple[int, str | None]:
        """(port, source address) of tab i: through nginx each tab comes from its own loopback
        address (127.0.0.2, ...), as phones on a Wi-Fi network do, so nginx spreads them."""
        if self.nginx is None:
            return self.ports[0], None
        return self.nginx_port, f"127.0.{1 + i // 250}.{2 + i % 250}"

    def cpu(self) -> float:
        """CPU seconds of the app servers (and nginx in front of them)."""
        return sum(_cpu_seconds(p.pid) for p in [*self.procs, *([self.nginx] if self.nginx else [])])

    def memory_mb(self, field_name: str = "VmHWM") -> float:
        return sum(_status_kb(p.pid, field_name) for p in self.procs) / 1024

    def stop(self) -> list[str]:
        everything = [*self.procs, *([self.nginx] if self.nginx else [])]
        for proc in everything:
            proc.terminate()
        for proc in everything:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        lines = [line for log in self.log_dir.glob("*.log") for line in log.read_text().splitlines()]
        return [line for line in lines if "Traceback" in line or "ERROR" in line]


def _wait_healthy(port: int, proc: subprocess.Popen, log_dir: Path) -> None:
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.25)
    raise SystemExit(f"server on port {port} did not become healthy; see {log_dir}")


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _status_kb(pid: int, name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


# ---- the room: the app (with its session) or the floor -------------------------------------------


class Room:
    """What one side of the comparison needs: its servers, its phones' queries and field key."""

    def __init__(self, floor: bool, servers: int, location: str | None = None):
        """`location`: the app's store (a postgresql:// URL, or a folder; default a fresh folder)."""
        self.floor = floor
        self.data = location or tempfile.mkdtemp(prefix="booster-load-")
        script = "bench/floor_app.py" if floor else "app.py"
        env = ({"FLOOR_DIR": self.data} if floor else
               {"BOOSTER_STORE": self.data} if self.data.startswith("postgres") else {"BOOSTER_DATA_DIR": self.data})
        self.servers = Servers(script, env, count=servers)
        self.field_key = FLOOR_FIELD_KEY if floor else APP_FIELD_KEY
        self.store = None if floor else open_store(self.data)

    def session(self) -> str:
        """A fresh session with the worksheet open (the app); a name (the floor)."""
        if self.floor:
            return "floor"
        s = workshop.create_session(
            self.store, title="Load bench", country="Indonesia", agency="Bench", date="2025-08-14",
            language="id", content_version="v1", activities=list(workshop.ACTIVITIES), mode="individual",
            sort_mode="closed", pin=PIN)
        workshop.set_activity_status(self.store, s.code, ACTIVITY, "open")
        return s.code

    def join(self, code: str, n: int) -> list[tuple[str, str]]:
        if self.floor:
            return [(f"p{i}", f"floor{code}{i}") for i in range(n)]
        return [(p.id, token) for p, token in (workshop.join(self.store, code, name=f"P{i}") for i in range(n))]

    def phone_query(self, code: str, token: str) -> str:
        return f"t={token}" if self.floor else f"s={code}&t={token}"

    async def watchers(self, code: str) -> list[Tab]:
        """The facilitator board and the projector (the app); two more floor tabs (the floor)."""
        if self.floor:
            tabs = [Tab(self.servers.address_for(0), "t=watch0"), Tab(self.servers.address_for(1), "t=watch1")]
            for tab in tabs:
                await tab.open()
                await tab.run()
            return tabs
        board = Tab(self.servers.address_for(0), f"role=facilitator&s={code}", page="run")
        await board.open()
        # A cold server's first facilitator page imports the board's libraries: on a busy machine
        # that can take longer than one run's timeout, so ask again until the sign-in form is there.
        for _ in range(3):
            await board.run()
            if any(w.endswith("-fac_code") for w in board.widgets):
                break
        board.set_text(board.find("fac_code")[0], code)
        board.set_text(board.find("fac_pin")[0], PIN)
        board.press(board.find("sign_in")[0])
        await board.run()
        view = projector.view_token(self.store, code)
        wall = Tab(self.servers.address_for(1), f"view={view}&lang=id")
        await wall.open()
        await wall.run()
        return [board, wall]

    def type_text(self, tab: Tab, wid: str, text: str, seq: int, shown: str) -> None:
        """Put one save in the tab's widget states: a text input (the floor), ui/text_field's event (the app)."""
        if self.floor:
            tab.set_text(wid, text)
        else:
            tab.send_event(wid, "value", {"text": text, "seq": seq, "shown": shown})

    def landed(self, code: str, people: list[tuple[str, str]], last: list[str]) -> int:
        """How many phones' stored answer is the last text they sent."""
        if self.floor:
            files = [Path(self.data, f"{token}.txt") for _, token in people]
            return sum(f.exists() and f.read_text() == text for f, text in zip(files, last))
        answers = [(workshop.get_response(self.store, code, pid, ACTIVITY) or {}).get("data", {}).get("answers", {})
                   for pid, _ in people]
        return sum(a.get(FIELD) == text for a, text in zip(answers, last))

    def open_next(self, code: str) -> None:
        """What the facilitator's 'open' does to the room (every phone's poll must rerun its page)."""
        if not self.floor:
            workshop.set_activity_status(self.store, code, NEXT_ACTIVITY, "open")


# ---- one level ---------------------------------------------------------------------------------


@dataclass
class Level:
    n: int
    phases: str
    saves: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    opens: list[float] = field(default_factory=list)
    lost: int = 0
    timeouts: int = 0
    runs: int = 0
    cpu: float = 0.0
    wall: float = 0.0
    memory_mb: float = 0.0
    client_cpu: float = 0.0


async def _load(tab: Tab) -> float | None:
    start = time.perf_counter()
    try:
        await tab.open()
    except (TimeoutError, OSError, InvalidHandshake):
        tab.timeouts += 1
        return None
    elapsed = await tab.run()
    return None if elapsed is None else time.perf_counter() - start


async def _phone(room: Room, tab: Tab, token: str, saves: int, start: float, level: Level) -> str:
    wid, _, fragment = tab.find(room.field_key)
    text, due = "", start + random.uniform(0, INTERVAL)
    for i in range(saves):
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        shown, text = text, f"Layanan bench {token[:6]} #{i}"
        room.type_text(tab, wid, text, i + 1, shown)
        elapsed = await tab.run(fragment)
        if elapsed is not None:
            level.saves.append(elapsed)
        due = max(due + INTERVAL + random.uniform(-JITTER, JITTER), time.perf_counter())
    return text


async def run_level(room: Room, n: int, phases: str, saves: int, measure_open: bool) -> Level:
    level = Level(n, phases)
    client0 = time.process_time()
    code = room.session()
    people = room.join(code, n)
    watchers = await room.watchers(code)
    tabs = [Tab(room.servers.address_for(i), room.phone_query(code, token)) for i, (_, token) in enumerate(people)]
    loaded = await asyncio.gather(*(_load(tab) for tab in tabs))
    level.loads = [t for t in loaded if t is not None]
    everyone = tabs + watchers
    # CPU per rerun: the steady room (polls, saves, board, projector), not the page loads above.
    cpu0, wall0, runs0 = room.servers.cpu(), time.perf_counter(), sum(tab.runs for tab in everyone)
    start = time.perf_counter() + 0.5
    for tab in watchers:
        tab.start_timers(start + random.uniform(0, 3))
    for tab in tabs:
        tab.start_timers(start + (0.0 if phases == "in phase" else random.uniform(0, 3)))
    ready = [(tab, token) for tab, (_, token), t in zip(tabs, people, loaded) if t is not None]
    last = await asyncio.gather(*(_phone(room, tab, token, saves, start, level) for tab, token in ready))
    level.cpu, level.wall = room.servers.cpu() - cpu0, time.perf_counter() - wall0
    level.runs = sum(tab.runs for tab in everyone) - runs0
    if measure_open:
        level.opens = await _open_activity(room, code, [tab for tab, _ in ready])
    level.memory_mb = room.servers.memory_mb("VmRSS")
    level.client_cpu = time.process_time() - client0
    for tab in everyone:
        await tab.close()
    level.timeouts = sum(tab.timeouts for tab in everyone) + (n - len(ready))
    sent = [person for person, t in zip(people, loaded) if t is not None]
    level.lost = len(ready) - room.landed(code, sent, last)
    return level


async def _open_activity(room: Room, code: str, tabs: list[Tab]) -> list[float]:
    """Open the next activity; each phone's seconds from its first poll after that to its page rerun.
    A poll already on its way when the facilitator opened (queued before, not answered by then) may
    bring the new page before the phone's next poll: that phone's time counts from the open."""
    opened = time.perf_counter()
    room.open_next(code)
    await asyncio.sleep(3.5)
    deadline = time.perf_counter() + TIMEOUT
    times = []
    for tab in tabs:
        done = next((f for f in tab.full_runs if f > opened), None)
        while done is None and time.perf_counter() < deadline:
            await asyncio.sleep(0.1)
            done = next((f for f in tab.full_runs if f > opened), None)
        if done is None:
            tab.timeouts += 1
            continue
        on_its_way = sum(t <= opened for t in tab.ticks) > sum(t <= opened for t in tab.polls_done)
        answered = next((t for t in tab.polls_done if t > opened), None)  # that poll's answer, if on its way
        tick = next((t for t in tab.ticks if t > opened), None)
        brought_by_it = on_its_way and answered is not None and done <= answered
        times.append(done - (opened if brought_by_it or tick is None or tick > done else tick))
    return times


# ---- figures ----------------------------------------------------------------------------------


def p95(times: list[float]) -> float:
    if len(times) < 2:
        return times[0] if times else float("nan")
    return statistics.quantiles(times, n=20, method="inclusive")[18]


async def measure(plan: Plan) -> tuple[dict[str, dict], dict[str, float]]:
    """Every level on the floor, the laptop set-up and (some) one server, one after the other at
    each level, so all see the same machine. {side: {(n, phases): Level}}, {side: peak RSS MB}."""
    rooms = {"floor": Room(True, 1), "laptop": Room(False, LAPTOP_SERVERS), "single": Room(False, 1)}
    for room in rooms.values():
        room.servers.start()
    results: dict[str, dict] = {side: {} for side in rooms}
    try:
        for room in rooms.values():  # warm up: content, caches, first imports
            await run_level(room, 8, "random", 1, measure_open=False)
        for n, phases in plan.levels:
            for side, room in rooms.items():
                if side == "single" and (n, phases) not in plan.single:
                    continue
                measure_open = side != "floor" and n == plan.top and phases == "random"
                level = await run_level(room, n, phases, plan.saves_at(n), measure_open)
                results[side][(n, phases)] = level
                print(f"# {side:6} N={n:<3} {phases:8}: client cpu {level.client_cpu:4.1f} s, save p95 {p95(level.saves) * 1e3:6.0f} ms, "
                      f"{level.runs} runs, cpu {level.cpu:5.1f} s in {level.wall:4.1f} s, "
                      f"lost {level.lost}, t/o {level.timeouts}, rss {level.memory_mb:.0f} MB"
                      + (f", open p95 {p95(level.opens):.2f} s" if level.opens else ""),
                      file=sys.stderr, flush=True)
    finally:
        peaks = {side: room.servers.memory_mb() for side, room in rooms.items()}
        for side, room in rooms.items():
            errors = room.servers.stop()
            if errors:
                print(f"# {side} server log: {len(errors)} error lines; first: {errors[0]}", file=sys.stderr)
    return results, peaks


def _cpu_per_run(level: Level) -> float:
    return 1e3 * level.cpu / max(level.runs, 1)


def _side_figures(plan: Plan, side: dict, floor: dict, peak: float, floor_peak: float, where: str,
                  targets: bool) -> list[Figure]:
    """The figures of one set-up against the floor; `targets` False: for comparison only."""
    def target(value):
        return value if targets else None

    out = [Figure(f"live: save p95, {n} phones, timers {phases}{where}", p95(side[n, phases].saves) * 1e3, "ms",
                  p95(floor[n, phases].saves) * 1e3, max_ratio=target(3)) for n, phases in side]
    levels = list(side.values())
    out.append(Figure(f"live: saves lost (of {sum(len(lv.saves) for lv in levels)}){where}",
                      sum(lv.lost for lv in levels), "", absolute=target(0)))
    out.append(Figure(f"live: runs timed out (of {sum(lv.runs for lv in levels)}){where}",
                      sum(lv.timeouts for lv in levels), "", absolute=target(0)))
    for n, phases in side:
        if phases == "random" and n in (100, plan.top):
            out.append(Figure(f"live: server CPU per rerun, {n} phones{where}", _cpu_per_run(side[n, phases]), "ms",
                              _cpu_per_run(floor[n, phases]), max_ratio=target(1.5)))
    key = (plan.load_n, "random")
    if key in side:
        out.append(Figure(f"live: {plan.load_n} phones loading at once, p95{where}", p95(side[key].loads), "s",
                          p95(floor[key].loads), max_ratio=target(2)))
    top = (plan.top, "random")
    if top in side:
        out.append(Figure(f"live: facilitator opens an activity, all {plan.top} phones rerun, p95{where}",
                          p95(side[top].opens), "s", absolute=target(2)))
    out.append(Figure(f"live: server memory, peak RSS{where}", peak, "MB", floor_peak))
    return out


def figures(quick: bool) -> list[Figure]:
    """The laptop set-up's figures carry the targets; one server's are printed beside them."""
    plan = QUICK if quick else FULL
    results, peaks = asyncio.run(measure(plan))
    floor = results["floor"]
    return (_side_figures(plan, results["laptop"], floor, peaks["laptop"], peaks["floor"],
                          f" ({LAPTOP_SERVERS} servers)", targets=True)
            + _side_figures(plan, results["single"], floor, peaks["single"], peaks["floor"],
                            " (1 server, comparison)", targets=False))


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out
    found = figures("--quick" in sys.argv)
    print(table(found))
    print(summary(found))
