"""`make loadtest`: readers hammer the site while an editor saves content every second.

A fresh production-like site (bench/server.py: gunicorn, 2 sync workers, SQLite in WAL mode
unless --database-url is given) gets 60 s of mixed reader traffic from wrk (cached pages, htmx
partials, uncached renders, static files; 20 connections) while this script saves a content
edit through the ORM once a second, as an editor would in admin. After each save it asks the
site for the edited page and checks the edit is there at once (the page cache is invalidated).

It passes, and exits 0, only if: wrk saw no non-2xx response and no failed connection, no save
failed ("database is locked" or anything else), gunicorn logged no error, every edit was
visible on the next request, and afterwards every saved edit is in the database (its history
row included) and on the page.

    .venv/bin/python bench/loadtest.py [--duration 60] [--database-url URL] [--redis-url URL]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server import Site, running_site  # noqa: E402

from core.public_paths import PAGES  # noqa: E402

READER_PATHS = [
    *[(path, "") for path in PAGES],
    ("/compare/?kind=mineral&food=leafy-greens", ""),
    ("/compare/?kind=vitamin", "hx"),
    ("/nutrients/magnesium/", "uncached"),
    ("/compare/", "uncached"),
    ("/sitemap.xml", ""),
]
# Edits rotate over these articles; each shows its summary on its own page.
EDITED = ["magnesium", "calcium", "potassium", "vitamin-d"]

LUA = r"""
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  local entry = paths[(counter %% #paths) + 1]
  local headers = {["Accept-Encoding"] = "gzip"}
  if entry[2] == "hx" then headers["HX-Request"] = "true" end
  if entry[2] == "uncached" then headers["Cookie"] = "loadtest=uncached" end
  return wrk.format("GET", entry[1], headers)
end
"""


def reader_script(folder: Path, static_url: str) -> Path:
    entries = [*READER_PATHS, (static_url, "")]
    rows = ", ".join(f'{{"{path}", "{flag}"}}' for path, flag in entries)
    script = folder / "readers.lua"
    script.write_text(LUA % rows)
    return script


def run_readers(site: Site, seconds: int, script: Path, result: dict) -> None:
    command = ["wrk", "-t2", "-c20", f"-d{seconds}s", "--timeout=10s", "-s", str(script), site.base]
    result["output"] = subprocess.run(command, capture_output=True, text=True, check=True).stdout


def static_url(site: Site) -> str:
    _, _, html = site.get("/")
    match = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', html)
    return match.group(1).decode() if match else "/static/favicon.svg"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=int, help="seconds of reader traffic (default 60; 30 with --cluster)"
    )
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url")
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="through nginx in front of two app servers, killing a worker and a server "
        "(bench/cluster_loadtest.py)",
    )
    parser.add_argument(
        "--no-purge",
        action="store_true",
        help="with --cluster: no purge hook, so edits reach nginx only through s-maxage",
    )
    args = parser.parse_args()
    if args.cluster:
        from cluster_loadtest import main as cluster_main

        return cluster_main(args.duration or 30, purge=not args.no_purge)
    args.duration = args.duration or 60

    problems: list[str] = []
    with running_site(args.database_url, args.redis_url) as site:
        # This process is the editor: the same database and cache as the site.
        os.environ.update(site.env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "cramps_site.settings"
        import django

        django.setup()
        from reversion.models import Version

        from nutrients.models import Nutrient

        folder = Path(tempfile.mkdtemp(prefix="cramps-load-"))
        readers: dict[str, str] = {}
        thread = threading.Thread(
            target=run_readers,
            args=(site, args.duration, reader_script(folder, static_url(site)), readers),
        )
        thread.start()
        started = time.monotonic()
        saved: dict[str, str] = {}
        edits = failures = stale = 0
        while time.monotonic() - started < args.duration - 1:
            tick = time.monotonic()
            slug = EDITED[edits % len(EDITED)]
            text = f"Load-test edit {edits + 1} of {slug}."
            try:
                nutrient = Nutrient.objects.get(slug=slug)
                nutrient.summary = text
                nutrient.save()
                saved[slug] = text
                edits += 1
            except Exception as error:  # noqa: BLE001 - every failure is counted and shown
                failures += 1
                problems.append(f"save {edits + 1} failed: {error!r}")
            else:
                status, _, body = site.get(f"/nutrients/{slug}/", {"Accept-Encoding": "identity"})
                if status != 200 or text.encode() not in body:
                    stale += 1
                    problems.append(f"edit {edits} not visible at once (status {status})")
            time.sleep(max(0.0, 1 - (time.monotonic() - tick)))
        thread.join()

        output = readers.get("output", "")
        total = int(re.search(r"(\d+) requests in", output).group(1)) if output else 0
        non_2xx = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
        errors = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
        )
        socket_errors = (
            int(errors.group(1)) + int(errors.group(3)) + int(errors.group(4)) if errors else 0
        )
        log = site.log.read_text()
        locked = log.count("database is locked")
        tracebacks = log.count("Traceback")

        # Every saved edit is there afterwards: the last one per article on its page and in the
        # database, and every one of them as a history row.
        lost = []
        for slug, text in saved.items():
            if Nutrient.objects.get(slug=slug).summary != text:
                lost.append(f"{slug}: database")
            status, _, body = site.get(f"/nutrients/{slug}/", {"Accept-Encoding": "identity"})
            if text.encode() not in body:
                lost.append(f"{slug}: page")
        history = (
            Version.objects.get_for_model(Nutrient)
            .filter(serialized_data__contains="Load-test edit")
            .count()
        )
        if history != edits:
            lost.append(f"history rows {history} != edits {edits}")

    if non_2xx or socket_errors:
        problems.append(f"readers: {non_2xx} non-2xx responses, {socket_errors} socket errors")
    if locked or tracebacks:
        problems.append(f"server log: {locked} 'database is locked', {tracebacks} tracebacks")
    problems += [f"lost edit: {item}" for item in lost]
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    print(
        f"make loadtest: {args.duration} s, {'PostgreSQL' if args.database_url else 'SQLite'}, "
        f"{'Redis' if args.redis_url else 'file'} cache, gunicorn 2 sync workers\n"
        f"  readers: {total} requests ({rps.group(1) if rps else '?'} req/s) over "
        f"{len(READER_PATHS) + 1} URLs, {non_2xx} non-2xx, {socket_errors} socket errors\n"
        f"  editor:  {edits} edits saved, {failures} failed saves, "
        f"{locked} 'database is locked' in the server log\n"
        f"  fresh:   {edits - stale} of {edits} edits visible on the very next request\n"
        f"  kept:    {'every edit' if not lost else 'NOT every edit'} present afterwards "
        f"(last text per article in the database and on its page, {edits} history rows)"
    )
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems[:20]))
        return 1
    print("OK: zero errors, zero 'database is locked', every edit present.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
