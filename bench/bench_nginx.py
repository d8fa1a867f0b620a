"""`make bench-nginx` (bench.py --nginx): pages from nginx's cache against nginx's static files.

The cluster of bench/cluster.py (nginx in front of two gunicorn app servers, PostgreSQL, Redis).
The ceiling is a static file with exactly the article's bytes (and its .gz), served by nginx from
disk; the cases are pages served from nginx's proxy_cache (target: at least half the ceiling),
and, for scale, the uncached article through nginx to an app server. Between rounds an editor
saves an article through app server A, and the edit must show through nginx on the very next
request: the benchmark runs with freshness switched on, not with a cache that never changes.
"""

from __future__ import annotations

import gzip
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from admin_client import Editor
from cluster import Cluster, running_cluster
from server import ROOT

from bench import BIG_PAGE, CEILING_PATH, CONNECTIONS, THREADS, UNCACHED, Case, Run, check, run_wrk
from bench import report as table_report

PAGE_GOAL = 0.5


def nginx_cases() -> list[Case]:
    def cached(name: str, path: str, **kwargs) -> Case:
        return Case(name, path, "cached", expect_cache="HIT", goal=PAGE_GOAL, **kwargs)

    return [
        cached("home", "/"),
        cached("article", "/nutrients/magnesium/"),
        cached("compare, 2 filters", "/compare/?kind=mineral&food=leafy-greens"),
        cached(
            "compare, htmx partial",
            "/compare/?kind=mineral&food=leafy-greens",
            headers={"HX-Request": "true"},
        ),
        cached("food finder", "/foods/"),
        Case(
            "article, uncached (app)",
            "/nutrients/magnesium/",
            "uncached",
            headers=UNCACHED,
            goal=0,  # for scale only: an app server's work, not nginx's
        ),
        Case("static via nginx", CEILING_PATH, "ceiling"),
    ]


def write_ceiling(
    cluster: Cluster, page: str = "/nutrients/magnesium/", name: str = "bench-ceiling.html"
) -> int:
    """A static file with exactly the page's bytes (and its .gz): nginx serves it from disk."""
    status, _, html = cluster.lb.get(page)
    if status != 200:
        raise SystemExit(f"{page} answered {status}")
    (cluster.static_root / name).write_bytes(html)
    (cluster.static_root / f"{name}.gz").write_bytes(gzip.compress(html))
    return len(html)


class EditChecker:
    """An editor saving through app server A; each edit must show through nginx at once."""

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        password = secrets.token_urlsafe(16)
        subprocess.run(
            [sys.executable, "manage.py", "create_editor", "bench-editor", "--password", password],
            cwd=ROOT, env=cluster.env, check=True, capture_output=True,
        )  # fmt: skip
        self.editor = Editor(cluster.apps[0])
        self.editor.login("bench-editor", password)
        self.pk = cluster.query("SELECT id FROM nutrients_nutrient WHERE slug = 'magnesium'")[0][0]
        self.saved = self.visible = 0
        self.late: list[float] = []

    def edit(self) -> None:
        text = f"Benchmark edit {self.saved + 1}."
        self.editor.change(
            f"/admin/nutrients/nutrient/{self.pk}/change/", {"summary": text}, "nutrient_form"
        )
        self.saved += 1
        started = time.monotonic()
        attempts = 0
        while attempts < 250:
            attempts += 1
            _, _, body = self.cluster.lb.get("/nutrients/magnesium/")
            if text.encode() in body:
                break
            time.sleep(0.02)
        if attempts == 1:
            self.visible += 1
        else:
            self.late.append(time.monotonic() - started)

    def summary(self) -> str:
        late = f"; late ones after at most {max(self.late):.2f} s" if self.late else ""
        return (
            f"Edits during the run: {self.saved} saves through app A, {self.visible} visible "
            f"through nginx on the very next request{late}."
        )


def main(args) -> int:
    folder = Path(tempfile.mkdtemp(prefix="cramps-wrk-"))
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    with running_cluster(scale=args.scale, nginx_workers="auto") as cluster:
        lb = cluster.lb
        lb.process = cluster.nginx.process  # CPU column: nginx's workers
        page_bytes = write_ceiling(cluster)
        edits = EditChecker(cluster)
        cases = nginx_cases()
        if args.scale > 1:  # the 1,000-food finder against a static file of its own size
            name, path, file = BIG_PAGE
            write_ceiling(cluster, path, file)
            for case in cases:
                if case.name == name:
                    case.ceiling = "static, food-finder size"
            cases.append(Case("static, food-finder size", f"/static/{file}", "ceiling"))
        for case in cases:
            check(lb, case, cache_header="x-cache-status")
            run_wrk(lb, case, args.warmup, folder)
        results: dict[str, list[Run]] = {case.name: [] for case in cases}
        for round_number in range(1, args.rounds + 1):
            for case in cases:
                results[case.name].append(run_wrk(lb, case, args.duration, folder))
                print(
                    f"round {round_number}: {case.name:<24} "
                    f"{results[case.name][-1].rps:8.0f} req/s",
                    file=sys.stderr,
                )
            edits.edit()
            for case in cases:  # refill nginx's cache before the next round
                check(lb, case, cache_header="x-cache-status")
        content = "shipped content" if args.scale == 1 else f"content x{args.scale} (generated)"
        meta = [
            f"make bench-nginx, {started}: nginx (Debian, deploy/nginx.conf, workers auto) in "
            f"front of 2 gunicorn app servers (sync, 2 workers each); PostgreSQL, Redis; "
            f"DJANGO_DEBUG=0; {content}; 127.0.0.1.",
            f"wrk -t{THREADS} -c{CONNECTIONS} (keep-alive to nginx), {args.duration:g} s x "
            f"{args.rounds} rounds (median), {args.warmup:g} s warm-up; ceiling = static file with "
            f"the article's {page_bytes} bytes served by nginx from disk (gzip_static).",
            "Pages carry s-maxage=1: nginx revalidates each page with the app once a second "
            "(a 304) during the run; edits move its cache key at once (core/shared_cache.py).",
            "CPU ms/req here: nginx's workers only.",
            edits.summary(),
        ]
    shutil.rmtree(folder, ignore_errors=True)
    table, all_met = table_report(
        results,
        cases,
        meta,
        targets=f"pages from nginx's cache >= {PAGE_GOAL:.2f}x nginx's static file of the same "
        "size, zero non-2xx.",
    )
    all_met &= edits.visible == edits.saved
    print(table)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(table + "\n")
    return 1 if args.strict and not all_met else 0
