"""`make loadtest-cluster`: readers through nginx while an editor saves through app server A.

The cluster of bench/cluster.py (nginx, two gunicorn app servers, PostgreSQL, Redis). wrk sends
readers' traffic through nginx (cached pages, an htmx partial, uncached renders, a hashed static
file, the checker's result POST) while an editor logs in to app server A and saves an article in
admin once a second. After each save this script asks nginx and app server B for the article:
the edit must be there on the very next request. Mid-run it SIGKILLs one gunicorn worker of A,
then the whole of app server B (master and workers), and later starts B again.

It passes, and exits 0, only if wrk saw no failed request (non-2xx, or a connect, read, write or
timeout error), every save succeeded, every edit was visible through nginx and through B (while
B was up) on the next request, no app server logged a traceback, and afterwards every edit is in
the database and on its page.

    .venv/bin/python bench/loadtest.py --cluster [--duration 30]
"""

from __future__ import annotations

import gzip
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_client import Editor  # noqa: E402
from checker_client import result_post  # noqa: E402
from cluster import Cluster, children, running_cluster  # noqa: E402
from server import ROOT, Site  # noqa: E402

EDITED = ["magnesium", "calcium", "potassium", "vitamin-d"]
READERS = [
    ("GET", "/", {}),
    ("GET", "/nutrients/", {}),
    ("GET", "/nutrients/magnesium/", {}),
    ("GET", "/nutrients/calcium/", {}),
    ("GET", "/nutrients/b-vitamins/", {}),
    ("GET", "/compare/", {}),
    ("GET", "/compare/?kind=mineral&food=leafy-greens", {}),
    ("GET", "/compare/?kind=vitamin", {"HX-Request": "true"}),
    ("GET", "/foods/", {}),
    ("GET", "/foods/leafy-greens/", {}),
    ("GET", "/other-causes-and-relief/", {}),
    ("GET", "/about/", {}),
    ("GET", "/sitemap.xml", {}),
    ("GET", "/nutrients/magnesium/", {"Cookie": "loadtest=uncached"}),
    ("GET", "/compare/", {"Cookie": "loadtest=uncached"}),
]
LUA = """
local entries = {%s}
local prepared = {}
local counter = 0
init = function(args)
  for i, e in ipairs(entries) do
    prepared[i] = wrk.format(e[1], e[2], e[3], e[4])
  end
end
request = function()
  counter = counter + 1
  return prepared[(counter %% #prepared) + 1]
end
"""


def quote(text: str) -> str:
    return "[==[" + text + "]==]"


def reader_script(folder: Path, entries: list[tuple[str, str, dict, str]]) -> Path:
    rows = []
    for method, path, headers, body in entries:
        header_table = ", ".join(
            f"[{quote(k)}] = {quote(v)}" for k, v in {"Accept-Encoding": "gzip", **headers}.items()
        )
        rows.append(f"{{{quote(method)}, {quote(path)}, {{{header_table}}}, {quote(body)}}}")
    script = folder / "readers.lua"
    script.write_text(LUA % ", ".join(rows))
    return script


def run_wrk(lb: Site, seconds: int, script: Path, result: dict) -> None:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout=10s", "-s", str(script), lb.base]
    result["output"] = subprocess.run(command, capture_output=True, text=True, check=True).stdout


def body_text(headers: dict, body: bytes) -> bytes:
    return gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body


def alive(site: Site) -> bool:
    return site.process is not None and site.process.poll() is None


# Without the purge hook, nginx may answer from its copy for s-maxage (1 s, which nginx's
# whole-second clock makes up to 2 s), plus a render already under way when the edit committed.
BOUND_WITHOUT_PURGE = 2.5


def main(duration: int = 30, purge: bool = True) -> int:
    problems: list[str] = []
    with running_cluster(instances=2, workers=2, purge=purge) as cluster:
        return run(cluster, duration, problems, purge)


def run(cluster: Cluster, duration: int, problems: list[str], purge: bool = True) -> int:
    app_a, app_b = cluster.apps
    lb = cluster.lb
    password = secrets.token_urlsafe(16)
    subprocess.run(
        [sys.executable, "manage.py", "create_editor", "loadtest-editor", "--password", password],
        cwd=ROOT, env=cluster.env, check=True, capture_output=True,
    )  # fmt: skip
    editor = Editor(app_a)
    editor.login("loadtest-editor", password)
    pks = dict(
        cluster.query("SELECT slug, id FROM nutrients_nutrient WHERE slug = ANY(%s)", EDITED)
    )
    _, _, home = lb.get("/")
    static = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1).decode()
    entries = [(m, p, h, "") for m, p, h in READERS] + [("GET", static, {}, "")]
    checker = result_post(lb)
    if checker:
        path, body, headers = checker
        entries.append(("POST" if body else "GET", path, headers, body))

    folder = Path(tempfile.mkdtemp(prefix="cramps-cluster-load-"))
    readers: dict[str, str] = {}
    thread = threading.Thread(
        target=run_wrk, args=(lb, duration, reader_script(folder, entries), readers)
    )
    started = time.monotonic()
    thread.start()
    planned = max(4, duration - 2)
    events: list[str] = []
    saved: dict[str, str] = {}
    save_seconds: list[float] = []
    edits = failures = 0
    fresh_lb = fresh_b = checked_b = 0
    late: list[float] = []
    done: set[str] = set()
    lb_status: dict[str, int] = {}
    while time.monotonic() - started < planned:
        tick = time.monotonic()
        at = tick - started
        # The faults, at a quarter, nearly half and 70% of the run, each between two saves
        # (so only readers' requests are in flight).
        if "worker" not in done and at >= planned * 0.25:
            done.add("worker")
            events.append(f"{at:4.1f} s: SIGKILL worker {cluster.kill_worker(app_a)} of app A")
        elif "instance" not in done and at >= planned * 0.45:
            done.add("instance")
            pids = cluster.kill_instance(app_b)
            events.append(f"{at:4.1f} s: SIGKILL app B entirely (pids {pids})")
        elif "restart" not in done and at >= planned * 0.7:
            done.add("restart")
            app_b.start(workers=2)
            events.append(
                f"{time.monotonic() - started:4.1f} s: app B started again "
                f"(pid {app_b.process.pid}, workers {children(app_b.process.pid)})"
            )
        slug = EDITED[edits % len(EDITED)]
        text = f"Cluster edit {edits + 1} of {slug}."
        try:
            save_seconds.append(
                editor.change(
                    f"/admin/nutrients/nutrient/{pks[slug]}/change/",
                    {"summary": text},
                    "nutrient_form",
                )
            )
        except Exception as error:  # noqa: BLE001 - every failure is counted and shown
            failures += 1
            problems.append(f"save {edits + 1} failed: {error}")
            edits += 1
            continue
        saved[slug] = text
        edits += 1
        page = f"/nutrients/{slug}/"
        status, headers, body = lb.get(page, {"Accept-Encoding": "gzip"})
        lb_status[headers.get("x-cache-status", "?")] = (
            lb_status.get(headers.get("x-cache-status", "?"), 0) + 1
        )
        if status == 200 and text.encode() in body_text(headers, body):
            fresh_lb += 1
        else:
            waited = wait_until_visible(lb, page, text)
            late.append(waited)
            if purge or waited > BOUND_WITHOUT_PURGE:
                problems.append(f"edit {edits} not visible through nginx in time ({waited:.2f} s)")
        if alive(app_b):
            checked_b += 1
            status, headers, body = app_b.get(page, {"Accept-Encoding": "gzip"})
            if status == 200 and text.encode() in body_text(headers, body):
                fresh_b += 1
            else:
                problems.append(f"edit {edits} not visible through app B at once ({status})")
        time.sleep(max(0.0, 1 - (time.monotonic() - tick)))
    thread.join()
    shutil.rmtree(folder, ignore_errors=True)
    if not alive(app_b):  # the run ended before its turn to start again
        app_b.start(workers=2)
        events.append(f"{time.monotonic() - started:4.1f} s: app B started again after the run")

    output = readers.get("output", "")
    total = int(re.search(r"(\d+) requests in", output).group(1)) if output else 0
    non_2xx = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = sum(int(n) for n in errors.groups()) if errors else 0
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    tracebacks = sum(app.log.read_text().count("Traceback") for app in cluster.apps)
    nginx_log = cluster.nginx.errors()
    retried = len(re.findall(r"upstream|connect\(\) failed", nginx_log))
    lost = []
    for slug, text in saved.items():
        for name, site in (("nginx", lb), ("app A", app_a), ("app B", app_b)):
            status, headers, body = site.get(f"/nutrients/{slug}/", {"Accept-Encoding": "gzip"})
            if text.encode() not in body_text(headers, body):
                found = re.findall(rb"Cluster edit \d+ of [a-z-]+", body_text(headers, body))
                lost.append(f"{slug} via {name}: {status}, expected {text!r}, found {found}")
    if non_2xx or socket_errors:
        problems.append(f"readers: {non_2xx} non-2xx responses, {socket_errors} socket errors")
    if tracebacks:
        problems.append(f"app servers logged {tracebacks} tracebacks")
    problems += [f"lost edit: {item}" for item in lost]

    print(
        f"make loadtest-cluster: {duration} s through nginx, 2 gunicorn app servers x 2 sync "
        f"workers, PostgreSQL, Redis (127.0.0.1); purge hook "
        f"{'on' if purge else f'OFF (bound: s-maxage, {BOUND_WITHOUT_PURGE:g} s allowed)'}\n"
        f"  readers: {total} requests ({rps.group(1) if rps else '?'} req/s) through nginx over "
        f"{len(entries)} URLs (checker result included: {'yes' if checker else 'no'}), "
        f"{non_2xx} non-2xx, {socket_errors} socket errors\n"
        f"  editor:  {edits - failures} saves through app A "
        f"(median {statistics.median(save_seconds or [0]) * 1000:.0f} ms, "
        f"max {max(save_seconds or [0]) * 1000:.0f} ms), {failures} failed\n"
        f"  fresh:   {fresh_lb} of {edits - failures} edits visible through nginx on the next "
        f"request (nginx said {', '.join(f'{k} {v}' for k, v in sorted(lb_status.items()))})"
        + (f", late ones after at most {max(late):.2f} s" if late else "")
        + f"\n           {fresh_b} of {checked_b} through app B on the next request "
        f"({edits - failures - checked_b} while B was down)\n"
        f"  faults:  " + "\n           ".join(events) + "\n"
        f"  nginx:   {retried} upstream failures in its error log (each retried on the other "
        f"app server), {non_2xx + socket_errors} requests failed\n"
        f"  kept:    {'every edit' if not lost else 'NOT every edit'} on its page afterwards "
        f"through nginx, app A and app B"
    )
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems[:20]))
        return 1
    through = "at once" if purge else f"within {BOUND_WITHOUT_PURGE:g} s"
    print(
        f"OK: zero errors, every edit visible {through} through nginx, at once through app B, "
        "nothing lost."
    )
    return 0


def wait_until_visible(site: Site, page: str, text: str, limit: float = 5) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        status, headers, body = site.get(page, {"Accept-Encoding": "gzip"})
        if status == 200 and text.encode() in body_text(headers, body):
            break
        time.sleep(0.02)
    return time.monotonic() - started
