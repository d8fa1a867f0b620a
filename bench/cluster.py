"""`make cluster`: the production layout on one machine, on 127.0.0.1.

PostgreSQL and Redis (the machine's services, started if they are down), a fresh PostgreSQL
database and a Redis key prefix of this run's own, two gunicorn app servers on two ports with
production settings, and nginx (Debian's package, config from deploy/nginx.conf) in front as
the load balancer: it serves the static files itself and keeps pages in its proxy_cache, kept
fresh by the site's shared-cache hook (the generation symlink, see deploy/nginx.conf).

Everything lives in one run folder; on exit (Ctrl-C, or after --seconds) it stops what it
started, by process id, drops the database and deletes its Redis keys.

    .venv/bin/python bench/cluster.py [--instances 2] [--workers 2] [--scale 10] [--seconds N]
    .venv/bin/python bench/cluster.py render --upstream 10.0.0.2:8000 --upstream ... \
        --run /var/lib/cramps-nginx --static-root /srv/cramps/static \
        --generation-link /var/lib/cramps-nginx/generation      # a real server's nginx.conf

bench/loadtest.py --cluster and bench/bench.py --nginx use `running_cluster` from here.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import (  # noqa: E402
    HOST,
    ROOT,
    Site,
    forget_redis_keys,
    free_port,
    generate_command,
    production_env,
)

TEMPLATE = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = "/etc/nginx/mime.types"
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"
# The shared-cache hook the app servers use: move nginx's generation symlink after each edit.
PURGE_HOOK = "core.shared_cache.NginxGenerationLink"
# nginx workers run as this user when the runner is root (nginx's own default would be "nobody"
# too, but then it refuses to write its pid and logs; so the whole of nginx runs as it).
UNPRIVILEGED = "nobody"


# --- nginx's configuration --------------------------------------------------------------------


def render_nginx_conf(template: str, values: dict[str, str]) -> str:
    """Fill in the placeholders of deploy/nginx.conf (comments are left as they are).

    A placeholder without a value is an error, and so is a value nothing uses.
    """
    lines, used = [], set()
    for line in template.splitlines():
        if not line.lstrip().startswith("#"):
            for name in re.findall(r"@([A-Z_]+)@", line):
                if name not in values:
                    raise ValueError(f"deploy/nginx.conf: no value for @{name}@")
                used.add(name)
                line = line.replace(f"@{name}@", values[name])
        lines.append(line)
    if unused := set(values) - used:
        raise ValueError(f"deploy/nginx.conf has no @{'@, @'.join(sorted(unused))}@")
    return "\n".join(lines) + "\n"


def upstream_lines(ports: list[int]) -> str:
    return "\n".join(f"        server {HOST}:{port} max_fails=1 fail_timeout=2s;" for port in ports)


# --- Services ------------------------------------------------------------------------------------


def postgres_ready() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", HOST, "-p", "5432"]).returncode == 0


def redis_ready() -> bool:
    result = subprocess.run(
        ["redis-cli", "-h", HOST, "-p", "6379", "ping"], capture_output=True, text=True
    )
    return result.stdout.strip() == "PONG"


def wait_for(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not start in {seconds:g} s")
        time.sleep(0.5)


def ensure_services() -> list[tuple[str, int]]:
    """Start PostgreSQL and Redis if they are down (as .ci/run does); return what was started."""
    started: list[tuple[str, int]] = []
    if not postgres_ready():
        version = sorted(
            os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")]
        )
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version[-1], "main", "start"], check=True
        )
        wait_for(postgres_ready, "PostgreSQL")
        started.append(("PostgreSQL", postgres_pid()))
    if not redis_ready():
        Path("/var/lib/redis").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "redis-server", "--daemonize", "yes", "--bind", HOST, "--port", "6379",
                "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
            ],
            check=True,
        )  # fmt: skip
        wait_for(redis_ready, "Redis")
        info = subprocess.run(
            ["redis-cli", "-h", HOST, "info", "server"], capture_output=True, text=True
        ).stdout
        started.append(("Redis", int(re.search(r"process_id:(\d+)", info).group(1))))
    return started


def postgres_pid() -> int:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL) as connection:
        data_directory = connection.execute("SHOW data_directory").fetchone()[0]
    return int(Path(data_directory, "postmaster.pid").read_text().split()[0])


def create_database(name: str) -> str:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Processes -----------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """Direct children of a process (gunicorn's workers, nginx's workers), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def stop_process(process: subprocess.Popen, sig: int = signal.SIGTERM, wait: float = 15) -> None:
    if process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class Nginx:
    run: Path
    port: int
    conf: Path
    process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        command = [NGINX, "-p", str(self.run), "-c", str(self.conf), "-g", "daemon off;"]
        if os.geteuid() == 0:
            # Not as root: the whole of nginx runs as an unprivileged user (port > 1024).
            return ["setpriv", f"--reuid={UNPRIVILEGED}", f"--regid={self.gid()}",
                    "--clear-groups", "--", *command]  # fmt: skip
        return command

    @staticmethod
    def gid() -> int:
        return pwd.getpwnam(UNPRIVILEGED).pw_gid

    def start(self) -> None:
        test = subprocess.run([*self.command()[:-2], "-t", "-q", "-g", "daemon off;"],
                              capture_output=True, text=True)  # fmt: skip
        if test.returncode:
            raise SystemExit(f"nginx -t failed:\n{test.stderr}")
        log = (self.run / "nginx.stderr").open("w")
        self.process = subprocess.Popen(self.command(), stderr=log, stdout=log)
        endpoint = Site(port=self.port, workdir=self.run, env={})
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"nginx exited:\n{(self.run / 'error.log').read_text()}")
            with contextlib.suppress(OSError):
                endpoint.get("/robots.txt")
                return
            time.sleep(0.1)
        raise SystemExit("nginx did not answer in 15 s")

    def stop(self) -> None:
        if self.process:
            stop_process(self.process, signal.SIGQUIT)  # graceful: finish what is in flight

    def errors(self) -> str:
        log = self.run / "error.log"
        return log.read_text() if log.exists() else ""


@dataclass
class Cluster:
    run: Path
    env: dict[str, str]
    apps: list[Site]
    nginx: Nginx
    database: str
    services_started: list[tuple[str, int]] = field(default_factory=list)

    @property
    def lb(self) -> Site:
        """nginx, as an endpoint to send requests to."""
        return Site(port=self.nginx.port, workdir=self.run, env=self.env)

    @property
    def static_root(self) -> Path:
        return Path(self.env["DJANGO_STATIC_ROOT"])

    def query(self, sql: str, *params) -> list[tuple]:
        """Read from this run's database (the load test looks up what it edits)."""
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            return connection.execute(sql, params).fetchall()

    def kill_worker(self, app: Site) -> int:
        """SIGKILL one gunicorn worker of an app server (its master starts a new one)."""
        pid = children(app.process.pid)[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill_instance(self, app: Site) -> list[int]:
        """SIGKILL an app server's master and all its workers at once: a machine lost."""
        pids = [app.process.pid, *children(app.process.pid)]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        app.process.wait()
        return pids

    def restart(self, app: Site, workers: int) -> None:
        app.start(workers=workers)

    def describe(self) -> str:
        lines = [f"nginx     http://{HOST}:{self.nginx.port}/   pid {self.nginx.process.pid}"]
        for name, app in zip("AB" * 10, self.apps, strict=False):
            workers = ", ".join(map(str, children(app.process.pid)))
            lines.append(
                f"app {name}     http://{HOST}:{app.port}/   pid {app.process.pid} "
                f"(workers {workers})"
            )
        lines += [
            f"database  {self.database} (PostgreSQL); cache: Redis, prefix "
            f"{self.env['DJANGO_CACHE_PREFIX']}",
            f"run folder {self.run}",
        ]
        return "\n".join(lines)


def cluster_env(run: Path, database_url: str, link: Path, purge: bool = True) -> dict[str, str]:
    env = production_env(run, database_url, REDIS_URL)
    env.update(
        {
            "DJANGO_CACHE_PREFIX": f"cluster-{os.getpid()}",
            "DJANGO_TRUSTED_PROXY_COUNT": "1",  # nginx appends the reader's address
            "DJANGO_SHARED_CACHE_PURGE": PURGE_HOOK if purge else "",
            "DJANGO_SHARED_CACHE_PURGE_OPTIONS": json.dumps({"link": str(link)}),
        }
    )
    return env


def prepare_content(env: dict[str, str], scale: int) -> None:
    def manage(*args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)

    manage("migrate", "--noinput", "--verbosity=0")
    manage("seed_content", "--verbosity=0")
    if scale > 1:
        manage(*generate_command(scale))
    manage("collectstatic", "--noinput", "--verbosity=0")


@contextlib.contextmanager
def running_cluster(
    instances: int = 2,
    workers: int = 2,
    scale: int = 1,
    nginx_workers: str = "1",
    purge: bool = True,
) -> Iterator[Cluster]:
    run = Path(tempfile.mkdtemp(prefix="cramps-cluster-"))
    run.chmod(0o755)  # nginx runs unprivileged and reads the static files and the link
    services = ensure_services()
    database = f"cramps_cluster_{os.getpid()}"
    database_url = create_database(database)
    nginx_run = run / "nginx"
    link = nginx_run / "generation"
    env = cluster_env(run, database_url, link, purge)
    apps: list[Site] = []
    nginx = Nginx(run=nginx_run, port=free_port(), conf=nginx_run / "nginx.conf")
    try:
        for folder in ("temp", "cache", "generations"):
            (nginx_run / folder).mkdir(parents=True)
        # The link must exist before nginx's first request; the site moves it on after edits.
        first = nginx_run / "generations" / "0"
        first.mkdir()
        link.symlink_to(first.relative_to(link.parent))
        prepare_content(env, scale)
        for letter in "abcdefghij"[:instances]:
            folder = run / f"app-{letter}"
            folder.mkdir()
            app = Site(port=free_port(), workdir=folder, env=env)
            app.start(workers=workers)
            apps.append(app)
        nginx.conf.write_text(
            render_nginx_conf(
                TEMPLATE.read_text(),
                {
                    "RUN": str(nginx_run),
                    "LISTEN": f"{HOST}:{nginx.port}",
                    "UPSTREAMS": upstream_lines([app.port for app in apps]),
                    "STATIC_ROOT": env["DJANGO_STATIC_ROOT"],
                    "GENERATION_LINK": str(link),
                    "CSRF_COOKIE": "csrftoken",
                    "WORKERS": nginx_workers,
                    "MIME_TYPES": MIME_TYPES,
                },
            )
        )
        if os.geteuid() == 0:
            for path in [nginx_run, *nginx_run.rglob("*")]:
                if not path.is_symlink():
                    os.chown(path, pwd.getpwnam(UNPRIVILEGED).pw_uid, Nginx.gid())
        nginx.start()
        yield Cluster(run, env, apps, nginx, database, services)
    finally:
        nginx.stop()
        for app in apps:
            app.stop()
        with contextlib.suppress(Exception):
            drop_database(database)
        with contextlib.suppress(Exception):
            forget_redis_keys(REDIS_URL, env["DJANGO_CACHE_PREFIX"])
        shutil.rmtree(run, ignore_errors=True)


def stop_services(started: list[tuple[str, int]]) -> None:
    for name, pid in started:
        print(f"stopping {name} (pid {pid}), which this run started")
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)


def render_main(argv: list[str]) -> int:
    """`cluster.py render ...`: print deploy/nginx.conf filled in for a real server."""
    parser = argparse.ArgumentParser(prog="cluster.py render", description=render_main.__doc__)
    parser.add_argument("--listen", default="80", help="e.g. 80, or 10.0.0.1:80")
    parser.add_argument("--upstream", action="append", required=True, help="host:port, repeat")
    parser.add_argument("--run", required=True, help="nginx's folder: cache, temp files, logs")
    parser.add_argument("--static-root", required=True, help="Django's STATIC_ROOT")
    parser.add_argument("--generation-link", required=True, help="the purge hook's symlink")
    parser.add_argument("--workers", default="auto")
    args = parser.parse_args(argv)
    upstreams = "\n".join(f"        server {u} max_fails=1 fail_timeout=2s;" for u in args.upstream)
    print(
        render_nginx_conf(
            TEMPLATE.read_text(),
            {
                "RUN": args.run,
                "LISTEN": args.listen,
                "UPSTREAMS": upstreams,
                "STATIC_ROOT": args.static_root,
                "GENERATION_LINK": args.generation_link,
                "CSRF_COOKIE": "csrftoken",
                "WORKERS": args.workers,
                "MIME_TYPES": MIME_TYPES,
            },
        ),
        end="",
    )
    return 0


def main() -> int:
    if sys.argv[1:2] == ["render"]:
        return render_main(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", type=int, default=2, help="gunicorn app servers")
    parser.add_argument("--workers", type=int, default=2, help="sync workers per app server")
    parser.add_argument("--scale", type=int, default=1, help="10: ten times the content")
    parser.add_argument("--seconds", type=float, help="stop after this long (default: Ctrl-C)")
    parser.add_argument(
        "--keep-services",
        action="store_true",
        help="leave PostgreSQL/Redis running even if this run started them",
    )
    args = parser.parse_args()
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1) or sys.exit(0))
    services: list[tuple[str, int]] = []
    try:
        with running_cluster(args.instances, args.workers, args.scale) as cluster:
            services = cluster.services_started
            print(cluster.describe())
            print("Ctrl-C stops everything above." if args.seconds is None else "")
            deadline = time.monotonic() + (args.seconds or float("inf"))
            while time.monotonic() < deadline:
                time.sleep(min(1, max(0, deadline - time.monotonic())))
    except KeyboardInterrupt:
        pass
    finally:
        if not args.keep_services:
            stop_services(services)
    print("cluster stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
