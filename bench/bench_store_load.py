"""Save latency per store and per number of app servers, with bench_load.py's protocol-level client.

Three set-ups, each at 60 and 150 participants autosaving every 2 s (plus the 3 s room poll):
one server on the file store, one server on PostgreSQL, and two servers on PostgreSQL behind
nginx (deploy/nginx/booster.conf, which sticks each client address to one server: every simulated
participant connects from its own loopback address, 127.0.0.x, as phones on a network would).
Prints p50/p95 save latency, lost saves (participants whose stored answer is not the last text
they sent) and CPU per save of the app servers and of PostgreSQL, with ratios to the file store
at the same size. PostgreSQL and nginx are started here (tests/postgres_server.py, tests/cluster.py).
No assertions: read the figures.

    .venv/bin/python bench/bench_store_load.py [--sizes=60,150]
"""

from __future__ import annotations

import asyncio
import itertools
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import bench_load as load  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from booster import store_postgres  # noqa: E402
from booster.store import open_store  # noqa: E402
from tests import cluster  # noqa: E402
from tests.postgres_server import PostgresServer, free_port  # noqa: E402

_addresses = itertools.count()


class SpreadClient(load.Client):
    """bench_load's client, connecting from its own loopback address (127.0.0.2 onwards)."""

    async def open(self) -> None:
        n = next(_addresses)
        source = f"127.0.{1 + n // 250}.{2 + n % 250}"
        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=None, local_addr=(source, 0))
        self.reader = asyncio.create_task(self._read())


load.Client = SpreadClient  # bench_load.participant builds its clients by this name


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
            total += load.cpu_seconds(int(stat.parent.name))
    return total


async def _level(port: int, servers: list, database, code: str, people: list) -> dict:
    stats = {"times": [], "auto_runs": 0, "timeouts": 0}
    app0 = [load.cpu_seconds(s.pid) for s in servers]
    db0 = _postgres_cpu(database) if database else 0.0
    last = await asyncio.gather(*(load.participant(port, code, token, stats, True) for _, token in people))
    stats["split"] = [load.cpu_seconds(s.pid) - before for s, before in zip(servers, app0)]
    stats["app_cpu"] = sum(stats["split"])
    stats["db_cpu"] = (_postgres_cpu(database) - db0) if database else 0.0
    stats["last"] = last
    return stats


async def _setup(name: str, size: int, folder: Path, database) -> dict:
    """Start the set-up's servers, run one level on a fresh session, stop them; the level's stats."""
    location = str(folder / "files") if database is None else database.create_database(f"bench_{name}_{size}")
    if database is not None:
        store_postgres.upgrade(location)
    store = open_store(location)
    code, people = load.make_session(store, size + 1)
    count = 2 if name == "pg2" else 1
    servers, ports, nginx = [], [], None
    env = {"BOOSTER_STORE": location} if database else {"BOOSTER_DATA_DIR": location}
    try:
        for i in range(count):
            ports.append(free_port())
            servers.append(cluster.start_streamlit(ports[-1], folder / f"{name}-{size}-{i}.log", **env))
            await load.warm_up(ports[-1], code, people[0][1])
        port = ports[0]
        if count > 1:
            nginx, port = cluster.start_nginx(folder / f"nginx-{size}", ports)
        stats = await _level(port, servers, database, code, people[1:])
        stats["lost"] = size - load.landed(store, code, people[1:], stats["last"])
    finally:
        for proc in [p for p in (nginx, *servers) if p]:
            cluster.stop(proc)
        store.close()
    return stats


def _report(results: dict) -> None:
    labels = {"files": "1 server, files", "pg1": "1 server, PostgreSQL", "pg2": "2 servers + nginx, PostgreSQL"}
    print(f"\n{'set-up':<31} {'N':>4} {'saves':>6} {'p50 ms':>7} {'p95 ms':>7} {'p95 x':>6} {'lost':>5} "
          f"{'t/o':>4} {'app ms/save':>11} {'db ms/save':>10}")
    for (name, size), r in results.items():
        p50, p95, _ = load.percentiles(r["times"])
        base95 = load.percentiles(results[("files", size)]["times"])[1]
        saves = max(len(r["times"]), 1)
        print(f"{labels[name]:<31} {size:>4} {len(r['times']):>6} {p50 * 1e3:>7.0f} {p95 * 1e3:>7.0f} "
              f"{p95 / base95:>6.2f} {r['lost']:>5} {r['timeouts']:>4} {1e3 * r['app_cpu'] / saves:>11.1f} "
              f"{1e3 * r['db_cpu'] / saves:>10.1f}")
    for (name, size), r in results.items():
        if len(r["split"]) > 1:
            shares = "/".join(f"{100 * c / max(r['app_cpu'], 1e-9):.0f}%" for c in r["split"])
            print(f"  {labels[name]}, N={size}: app CPU split between the servers {shares}")
    print("\np95 x = ratio to one server on files at the same N, this run. lost = participants whose stored "
          "answer is not the last text they sent. t/o = saves with no answer within 30 s. CPU per save "
          "counts the room-poll reruns too.")


async def main(sizes: list[int]) -> None:
    database = PostgresServer()
    database.start()
    results = {}
    try:
        with tempfile.TemporaryDirectory(prefix="booster-store-load-") as tmp:
            for size in sizes:
                for name in ("files", "pg1", "pg2"):
                    folder = Path(tmp) / f"{name}-{size}"
                    folder.mkdir()
                    (folder / f"nginx-{size}").mkdir()
                    results[(name, size)] = await _setup(name, size, folder, None if name == "files" else database)
                    print(f"{name} N={size}: {len(results[(name, size)]['times'])} saves", flush=True)
    finally:
        database.remove()
    _report(results)


if __name__ == "__main__":
    chosen = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--sizes=")), "60,150")
    asyncio.run(main([int(n) for n in chosen.split(",")]))
