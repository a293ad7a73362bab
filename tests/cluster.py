"""Several app servers behind one address, on loopback: `streamlit run` processes and Debian's nginx
running the shipped deploy/nginx/booster.conf (rendered with free ports into a temporary folder,
in the foreground). Used by tests/browser/test_cluster.py and bench/bench_store_load.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from deploy import laptop
from tests.postgres_server import free_port

REPO = Path(__file__).resolve().parents[1]
NGINX = laptop.NGINX


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Poll /_stcore/health until it answers 200; RuntimeError with the log if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    proc.kill()
    proc.wait(timeout=10)
    raise RuntimeError(f"{url} did not become healthy; its log:\n{log.read_text()}")


def start_streamlit(port: int, log: Path, **env: str) -> subprocess.Popen:
    """`streamlit run app.py` on 127.0.0.1:port with extra environment (e.g. BOOSTER_STORE)."""
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
                                stdout=out, stderr=subprocess.STDOUT)
    wait_healthy(f"http://127.0.0.1:{port}", proc, log)
    return proc


def render_nginx(folder: Path, listen: int, upstreams: list[int]) -> Path:
    """The laptop set-up's nginx config (deploy/laptop.py) on loopback, logging which server answered
    each request (access.log: ... upstream=<addr>)."""
    return laptop.render_nginx(folder, f"127.0.0.1:{listen}", upstreams, log_upstreams=True)


def start_nginx(folder: Path, upstreams: list[int]) -> tuple[subprocess.Popen, int]:
    """nginx in the foreground on a free port in front of `upstreams`; (process, port)."""
    listen = free_port()
    conf = render_nginx(folder, listen, upstreams)
    log = folder / "nginx.out"
    with open(log, "w") as out:
        proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(folder)], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_healthy(f"http://127.0.0.1:{listen}", proc, log, timeout=20)
    except RuntimeError as exc:
        errors = (folder / "error.log").read_text() if (folder / "error.log").exists() else ""
        raise RuntimeError(f"{exc}\n{errors}") from None
    return proc, listen


def upstream_of(folder: Path, path_start: str) -> int | None:
    """The app server port that answered the latest request whose path starts with `path_start`."""
    lines = (folder / "access.log").read_text().splitlines() if (folder / "access.log").exists() else []
    for line in reversed(lines):
        found = re.search(r'"GET (\S+) [^"]*" \d+ upstream=(?:[\d.]+:\d+, )*127\.0\.0\.1:(\d+)$', line)
        if found and found.group(1).startswith(path_start):
            return int(found.group(2))
    return None


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
