"""A big room on one laptop: one app server per core on the file store, behind nginx on one address.

One Streamlit process runs Python on one core; a 2-core laptop serves 200 phones with two
processes. They share the session folder (every save takes the file's lock, across processes),
and nginx (Debian's, running deploy/nginx/booster.conf rendered here) gives the phones one
address and keeps each phone on one server (a Streamlit session lives in one process; phones on
the room's Wi-Fi each have their own address, so they spread over the servers).

    make room                                  (= .venv/bin/python deploy/laptop.py)
    .venv/bin/python deploy/laptop.py --servers 2 --port 8501

The facilitator opens http://<laptop's Wi-Fi address>:<port>/ (not localhost: the join QR code
names the address the facilitator's browser used, or BOOSTER_PUBLIC_URL when set). Ctrl-C stops
nginx and the servers. bench/bench_load.py measures this set-up (its "2 servers" figures).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "deploy" / "nginx" / "booster.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ASSET_CACHE = "/var/lib/nginx/booster_assets"  # booster.conf's cache of our components' files; here in `folder`


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render_nginx(folder: Path, listen: str, upstreams: list[int], log_upstreams: bool = False) -> Path:
    """deploy/nginx/booster.conf for these app ports, listening on `listen` (host:port), inside a
    main config that keeps every file nginx writes in `folder` (no root needed for a port > 1023).
    `log_upstreams`: access.log says which server answered each request (... upstream=<addr>)."""
    servers = "".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in upstreams)
    site, found = re.subn(r"(?m)^    server 127\.0\.0\.1:\d+ .*;\n", "", SITE.read_text())
    if not found:
        raise SystemExit(f"{SITE} lists no upstream server lines")
    site, found = re.subn(r"(?m)^(    hash .*;\n)", lambda m: m.group(1) + servers, site, count=1)
    if not found:
        raise SystemExit(f"{SITE} has no `hash` line in its upstream to put the servers after")
    site = site.replace("listen 80;", f"listen {listen};", 1).replace(ASSET_CACHE, str(folder / "assets"), 1)
    (folder / "site.conf").write_text(site)
    access = (f"log_format upstream '$remote_addr \"$request\" $status upstream=$upstream_addr';\n"
              f"    access_log {folder}/access.log upstream;") if log_upstreams else "access_log off;"
    # Started by root (a container, CI), nginx's workers would run as `nobody`, who may not enter
    # `folder` (or the private folders above it) where nginx keeps its cache of our components'
    # files and the temp files of large downloads: they run as the user who started nginx. On a
    # laptop, start `make room` as yourself, not root (README).
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(f"""daemon off;
{user}pid {folder}/nginx.pid;
error_log {folder}/error.log notice;
worker_processes 1;
events {{ worker_connections 4096; }}
http {{
    {access}
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
""")
    return main


def start_app(port: int, env: dict, log: Path, script: str = "app.py") -> subprocess.Popen:
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true"]
    with open(log, "w") as out:
        return subprocess.Popen(cmd, cwd=REPO, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)


def start_nginx(folder: Path, listen: str, upstreams: list[int]) -> subprocess.Popen:
    conf = render_nginx(folder, listen, upstreams)
    with open(folder / "nginx.out", "w") as out:
        return subprocess.Popen([NGINX, "-c", str(conf), "-p", str(folder)], stdout=out, stderr=subprocess.STDOUT)


def wait_healthy(port: int, proc: subprocess.Popen, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise SystemExit(f"{what} on port {port} did not answer its health check")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=os.cpu_count() or 2, help="app servers (one per core)")
    parser.add_argument("--port", type=int, default=8501, help="the one port phones open (nginx)")
    args = parser.parse_args(argv)
    if not shutil.which("nginx") and not Path(NGINX).exists():
        raise SystemExit("nginx is not installed: sudo apt-get install nginx (or use `make run`: one server)")
    folder = Path(tempfile.mkdtemp(prefix="booster-room-"))
    env = {"PYTHONUNBUFFERED": "1"}
    ports = [free_port() for _ in range(args.servers)]
    procs = [start_app(port, env, folder / f"app-{port}.log") for port in ports]
    for port, proc in zip(ports, procs):
        wait_healthy(port, proc, "app server")
    procs.append(start_nginx(folder, f"0.0.0.0:{args.port}", ports))
    wait_healthy(args.port, procs[-1], "nginx")
    print(f"{args.servers} app servers behind http://0.0.0.0:{args.port}/ (logs in {folder}); Ctrl-C stops them")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main(sys.argv[1:])
