"""`make bench`: requests/s of the main pages under gunicorn, against a static-file ceiling.

Sets up a fresh production-like site on 127.0.0.1 (bench/server.py), warms every case up, then
drives each case with wrk (20 connections, about 10 s, three rounds interleaved; medians
reported) and prints one table: requests/s, p50 and p99 latency, response bytes, ratio to the
ceiling and whether the case meets its target. The ceiling is a static file with the same bytes
as the article page, served by WhiteNoise from the same gunicorn.

Targets: every cached page >= 0.8x the ceiling; the uncached article render, the
uncached search and the checker result >= 0.15x; zero non-2xx responses in every case.
Nothing here is a test: the figures depend on the machine, so it reports and never fails the
build on a missed target unless --strict is given.

    .venv/bin/python bench/bench.py [--duration 10] [--rounds 3] [--output FILE]
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import Site, running_site  # noqa: E402

CONNECTIONS = 20
THREADS = 2
ACCEPT = {"Accept-Encoding": "gzip"}  # what every browser sends
CEILING_PATH = "/static/bench-ceiling.html"
# Any cookie other than the CSRF cookie makes the page cache step aside: an uncached render.
UNCACHED = {"Cookie": "bench=uncached"}


@dataclass
class Case:
    name: str
    path: str
    kind: str  # "cached", "uncached", "ceiling"
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: str = ""
    expect_cache: str | None = None
    goal: float | None = None  # instead of the kind's usual target
    ceiling: str | None = None  # name of the ceiling case it is compared with (default: the first)

    @property
    def target(self) -> float | None:
        if self.goal is not None:
            return self.goal or None
        return {"cached": 0.8, "uncached": 0.15}.get(self.kind)


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # non-2xx/3xx responses plus socket errors
    bytes_per_request: float
    server_cpu_ms: float  # gunicorn workers' CPU time per request: robust to machine noise


def cases(site: Site) -> list[Case]:
    found = [
        Case("home", "/", "cached", expect_cache="hit"),
        Case("article", "/nutrients/magnesium/", "cached", expect_cache="hit"),
        Case(
            "compare, 2 filters",
            "/compare/?kind=mineral&food=leafy-greens",
            "cached",
            expect_cache="hit",
        ),
        Case(
            "compare, htmx partial",
            "/compare/?kind=mineral&food=leafy-greens",
            "cached",
            headers={"HX-Request": "true"},
            expect_cache="hit",
        ),
        Case("food finder", "/foods/", "cached", expect_cache="hit"),
        Case("article, uncached", "/nutrients/magnesium/", "uncached", headers=UNCACHED),
        Case("search", "/search/?q=night+cramps", "cached", expect_cache="hit"),
        Case(
            "search, htmx, uncached",
            "/search/?q=night+cramps",
            "uncached",
            headers={**UNCACHED, "HX-Request": "true"},
        ),
    ]
    checker = checker_case(site)
    if checker:
        # The full page (no JavaScript) and the htmx swap of the checker region.
        htmx = Case(
            "checker result, htmx",
            checker.path,
            "uncached",
            headers={**checker.headers, "HX-Request": "true"},
            method=checker.method,
            body=checker.body,
        )
        found += [checker, htmx]
    found.append(Case("static ceiling", CEILING_PATH, "ceiling"))
    return found


def checker_case(site: Site) -> Case | None:
    """A full checker result, once the checker exists (see bench/checker_client.py)."""
    try:
        from checker_client import result_post
    except ImportError:
        return None
    post = result_post(site)  # None until the checker exists
    if post is None:
        return None
    path, body, headers = post
    method = "POST" if body else "GET"  # the result is a GET with the answers cookie
    return Case("checker result", path, "uncached", headers=headers, method=method, body=body)


# --- wrk -----------------------------------------------------------------------------------------


def lua_script(case: Case, folder: Path) -> Path:
    def quote(text: str) -> str:
        return "[==[" + text + "]==]"

    lines = [f"wrk.method = {quote(case.method)}"]
    for name, value in {**ACCEPT, **case.headers}.items():
        lines.append(f"wrk.headers[ {quote(name)} ] = {quote(value)}")
    if case.body:
        lines.append(f"wrk.body = {quote(case.body)}")
    script = folder / f"{abs(hash(case.name))}.lua"
    script.write_text("\n".join(lines) + "\n")
    return script


def parse_duration_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_size(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)([KMG]?B)", text).groups()
    return float(value) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[unit]


def run_wrk(site: Site, case: Case, seconds: float, folder: Path) -> Run:
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout=10s",
        "-s",
        str(lua_script(case, folder)),
        site.base + case.path,
    ]
    cpu_before = site.worker_cpu_seconds()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu_used = site.worker_cpu_seconds() - cpu_before
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if errors:
        # With --keep-alive 0 the server closes every connection: wrk counts some of those
        # closes as read errors although the response was complete. Connect, write and timeout
        # errors are real failures.
        bad += int(errors.group(1)) + int(errors.group(3)) + int(errors.group(4))
    transferred = parse_size(re.search(r"requests in [^,]+, ([\d.]+[KMG]?B) read", output).group(1))
    return Run(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=parse_duration_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        p99_ms=parse_duration_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        requests=requests,
        bad=bad,
        bytes_per_request=transferred / max(requests, 1),
        server_cpu_ms=cpu_used * 1000 / max(requests, 1),
    )


# --- checks before measuring ----------------------------------------------------------------------


def write_ceiling(
    site: Site, page: str = "/nutrients/magnesium/", name: str = "bench-ceiling.html"
) -> int:
    """A static file with exactly the page's bytes (and its .gz), then reload the workers."""
    status, _, html = site.get(page)
    if status != 200:
        raise SystemExit(f"{page} answered {status}")
    static_root = Path(site.env["DJANGO_STATIC_ROOT"])
    (static_root / name).write_bytes(html)
    (static_root / f"{name}.gz").write_bytes(gzip.compress(html))
    site.reload()
    return len(html)


# With ten times the content the food finder lists 1,000 foods: its own same-size ceiling.
BIG_PAGE = ("food finder", "/foods/", "bench-ceiling-foods.html")


def static_caching(site: Site) -> str:
    """The hashed stylesheet's Cache-Control, as production serves it (should be immutable)."""
    _, _, html = site.get("/")
    match = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    if not match:
        return "no hashed stylesheet found on the home page"
    _, headers, _ = site.get(match.group(1).decode(), ACCEPT)
    return f"{match.group(1).decode()}: Cache-Control {headers.get('cache-control')!r}"


def check(site: Site, case: Case, cache_header: str = "x-page-cache") -> tuple[int, int]:
    """One request first: the status must be 2xx and cached cases must really be cache hits."""
    headers = {**ACCEPT, **case.headers}
    for _ in range(3):  # fill the cache in both workers' view (a shared cache: once is enough)
        status, response_headers, body = site.request(
            case.method, case.path, body=case.body.encode() or None, headers=headers
        )
    if not 200 <= status < 300:
        raise SystemExit(f"{case.name}: {case.method} {case.path} answered {status}")
    if case.expect_cache and response_headers.get(cache_header) != case.expect_cache:
        raise SystemExit(
            f"{case.name}: expected a cache {case.expect_cache}, "
            f"got {response_headers.get(cache_header)!r}"
        )
    return status, len(body)


# --- the report ---------------------------------------------------------------------------------


def report(
    results: dict[str, list[Run]],
    all_cases: list[Case],
    meta: list[str],
    targets: str = "cached pages >= 0.80x the static ceiling, uncached article, search and checker "
    "result >= 0.15x, zero non-2xx.",
) -> tuple[str, bool]:
    first_ceiling = next(c for c in all_cases if c.kind == "ceiling").name
    header = (
        f"| {'case':<24} | {'req/s':>7} | {'p50 ms':>6} | {'p99 ms':>6} | {'bytes':>5} "
        f"| {'non-2xx':>7} | {'ratio':>5} | {'target':>6} | {'met':<3} "
        f"| {'CPU ms/req':>10} | {'CPU ratio':>9} |"
    )
    lines = [
        *meta,
        "",
        header,
        "|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|",
    ]
    all_met = True
    for case in all_cases:
        runs = results[case.name]
        ceiling_runs = results[case.ceiling or first_ceiling]
        ceiling_cpu = statistics.median(r.server_cpu_ms for r in ceiling_runs)
        rps = statistics.median(r.rps for r in runs)
        bad = sum(r.bad for r in runs)
        # Each round's case against the same round's ceiling, then the median of those ratios.
        ratio = statistics.median(
            run.rps / ceiling.rps for run, ceiling in zip(runs, ceiling_runs, strict=True)
        )
        cpu = statistics.median(r.server_cpu_ms for r in runs)
        target = case.target
        met = bad == 0 and (target is None or ratio >= target)
        all_met &= met
        lines.append(
            f"| {case.name:<24} | {rps:>7.0f} | {statistics.median(r.p50_ms for r in runs):>6.1f} "
            f"| {statistics.median(r.p99_ms for r in runs):>6.1f} "
            f"| {statistics.median(r.bytes_per_request for r in runs):>5.0f} | {bad:>7} "
            f"| {ratio:>5.2f} | {(f'{target:.2f}' if target else '-'):>6} "
            f"| {'yes' if met else 'NO':<3} | {cpu:>10.2f} "
            f"| {(ceiling_cpu / cpu if cpu else 0):>9.2f} |"
        )
    lines += [
        "",
        "ratio: req/s against the static ceiling measured in the same round (median of rounds).",
        "bytes: response size on the wire, headers included, gzip accepted.",
        "non-2xx: non-2xx/3xx responses plus connect/write/timeout errors, summed over rounds.",
        "CPU ms/req: the server's workers' CPU time per request; CPU ratio = ceiling's / case's.",
        "  It does not move with other load on the machine, unlike req/s: read it when the",
        "  machine is busy (what req/s would be if the server's CPU were the only limit).",
        f"Targets {'all met' if all_met else 'NOT all met'}: {targets}",
    ]
    return "\n".join(lines), all_met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds per case and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per case")
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    parser.add_argument("--database-url", help="default: a throw-away SQLite database")
    parser.add_argument("--redis-url", help="default: the file cache")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        help="10: ten times the content (100 nutrients, 1,000 foods, 100 questions), generated",
    )
    parser.add_argument(
        "--nginx",
        action="store_true",
        help="through nginx in front of two app servers (bench/cluster.py): pages from nginx's "
        "cache against nginx's static files",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (make bench does this).")
    if args.nginx:
        from bench_nginx import main as nginx_main

        return nginx_main(args)

    folder = Path(tempfile.mkdtemp(prefix="cramps-wrk-"))
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    with running_site(args.database_url, args.redis_url, scale=args.scale) as site:
        page_bytes = write_ceiling(site)
        static_headers = static_caching(site)
        all_cases = cases(site)
        if args.scale > 1:
            name, path, file = BIG_PAGE
            big_bytes = write_ceiling(site, path, file)
            same_size = "static, food-finder size"
            for case in all_cases:
                if case.name == name:
                    case.ceiling = same_size
            all_cases.append(Case(same_size, f"/static/{file}", "ceiling"))
        for case in all_cases:
            check(site, case)
            run_wrk(site, case, args.warmup, folder)
        results: dict[str, list[Run]] = {case.name: [] for case in all_cases}
        for round_number in range(1, args.rounds + 1):
            for case in all_cases:
                results[case.name].append(run_wrk(site, case, args.duration, folder))
                print(
                    f"round {round_number}: {case.name:<24} "
                    f"{results[case.name][-1].rps:8.0f} req/s",
                    file=sys.stderr,
                )
        database = "PostgreSQL" if args.database_url else "SQLite"
        content = "shipped content" if args.scale == 1 else f"content x{args.scale} (generated)"
        meta = [
            f"make bench, {started}: gunicorn sync, 2 workers, --keep-alive 0, 127.0.0.1; "
            f"{database}, {'Redis' if args.redis_url else 'file'} cache; DJANGO_DEBUG=0; "
            f"{content}.",
            f"wrk -t{THREADS} -c{CONNECTIONS}, {args.duration:g} s x {args.rounds} rounds "
            f"(median), {args.warmup:g} s warm-up; ceiling = static file with the article's "
            f"{page_bytes} bytes via WhiteNoise (gzip)"
            + (
                f"; the {BIG_PAGE[0]} ({big_bytes} bytes here) is compared with a static file "
                "of its own size."
                if args.scale > 1
                else "."
            ),
            f"Hashed static file: {static_headers}.",
        ]
    shutil.rmtree(folder, ignore_errors=True)
    table, all_met = report(results, all_cases, meta)
    print(table)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(table + "\n")
    return 1 if args.strict and not all_met else 0


if __name__ == "__main__":
    sys.exit(main())
