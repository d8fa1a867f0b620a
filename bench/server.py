"""A production-like site on 127.0.0.1 for the benchmark and the load test.

Production settings (DJANGO_DEBUG=0, manifest static files, the file cache or Redis), a
throw-away SQLite database (or DATABASE_URL) filled by migrate + seed_content, collectstatic
into a temporary folder, and gunicorn with sync workers and no keep-alive.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Site:
    port: int
    workdir: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None
    log: Path = field(init=False)

    def __post_init__(self):
        self.log = self.workdir / "gunicorn.log"

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True)

    def start(self, workers: int = 2) -> None:
        command = [
            str(VENV_BIN / "gunicorn"),
            "cramps_site.wsgi",
            "--config=gunicorn.conf.py",
            f"--bind={HOST}:{self.port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--keep-alive=0",
            "--log-level=warning",
            f"--error-logfile={self.log}",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        self.wait_ready()

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()}")
            with contextlib.suppress(OSError):
                if self.get("/robots.txt")[0] == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {timeout} s:\n{self.log.read_text()}")

    def reload(self) -> None:
        """HUP: gunicorn starts fresh workers (WhiteNoise rescans the static folder)."""
        if self.process is None:
            raise RuntimeError("gunicorn is not running")
        self.process.send_signal(signal.SIGHUP)
        time.sleep(2)
        self.wait_ready()

    def worker_cpu_seconds(self) -> float:
        """User + system CPU time used so far by gunicorn's workers (Linux /proc)."""
        if self.process is None:
            return 0.0
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:  # ppid: a worker of this master
                total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / ticks

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def get(
        self, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, headers=headers)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            connection.close()


def production_env(workdir: Path, database_url: str | None, redis_url: str | None) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; TLS is the proxy's job
            "DJANGO_STATIC_ROOT": str(workdir / "static"),
            "DJANGO_CACHE_DIR": str(workdir / "cache"),
            "DJANGO_CACHE_PREFIX": f"bench-{os.getpid()}",
            "DATABASE_URL": database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


@contextlib.contextmanager
def running_site(
    database_url: str | None = None,
    redis_url: str | None = None,
    workers: int = 2,
    scale: int = 1,
) -> Iterator[Site]:
    """Set up a fresh production-like site, start gunicorn, and clean everything up after."""
    workdir = Path(tempfile.mkdtemp(prefix="cramps-bench-"))
    site = Site(
        port=free_port(), workdir=workdir, env=production_env(workdir, database_url, redis_url)
    )
    try:
        site.manage("migrate", "--noinput", "--verbosity=0")
        site.manage("seed_content", "--verbosity=0")
        if scale > 1:
            site.manage(*generate_command(scale))
        site.manage("collectstatic", "--noinput", "--verbosity=0")
        site.start(workers=workers)
        yield site
    finally:
        site.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        if redis_url:
            forget_redis_keys(redis_url, site.env["DJANGO_CACHE_PREFIX"])


def generate_command(scale: int) -> list[str]:
    """``scale`` times the shipped content's size: 10 gives 100 nutrients, 1,000 foods and 100
    questions (core/management/commands/generate_bench_content.py)."""
    return [
        "generate_bench_content",
        f"--nutrients={10 * scale}",
        f"--foods={100 * scale}",
        f"--questions={10 * scale}",
        "--verbosity=0",
    ]


def forget_redis_keys(redis_url: str, prefix: str) -> None:
    """Delete this run's cache keys (its own prefix) so no run leaves anything behind."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
