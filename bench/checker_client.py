"""Walk the symptom checker over HTTP like a reader without JavaScript, for the benchmark.

GET the start page (CSRF cookie and token), then POST each step to its own address and follow
the redirect, keeping the signed answers cookie: no warning signs, the first choice of every
question, then "See my result". Returns the result page request (path, body, headers) so wrk
can replay it: a GET of /checker/result/ with the answers cookie (body ""); ``None`` if the
site has no checker yet.
"""

from __future__ import annotations

import html
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from server import Site

START = "/checker/"
FIRST_STEP = "/checker/warnings/"
RESULT = "/checker/result/"
MAX_STEPS = 50


def field(page: str, name: str) -> str | None:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    return html.unescape(match.group(1)) if match else None


def result_post(site: Site) -> tuple[str, str, dict[str, str]] | None:
    status, headers, body = site.get(START)
    page = body.decode()
    token = field(page, "csrfmiddlewaretoken")
    if status != 200 or not token or f'href="{FIRST_STEP}"' not in page:
        return None
    cookies = SimpleCookie(headers.get("set-cookie", ""))

    def cookie_header() -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={m.value}" for k, m in cookies.items())}

    def post(path: str, fields: list[tuple[str, str]]) -> tuple[str, str]:
        data = urlencode([("csrfmiddlewaretoken", token), *fields])
        request_headers = {
            **cookie_header(),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        status, response_headers, body = site.request("POST", path, data.encode(), request_headers)
        if status != 303:
            raise SystemExit(f"checker: POST {path} answered {status}: {body[:300]!r}")
        cookies.load(response_headers.get("set-cookie", ""))
        location = response_headers["location"]
        status, _, body = site.get(location, cookie_header())
        if status != 200:
            raise SystemExit(f"checker: GET {location} answered {status}")
        return location, body.decode()

    path, page = post(FIRST_STEP, [("action", "next"), ("warning", "none")])
    for _ in range(MAX_STEPS):
        if path == "/checker/urgent/":
            path, page = post(path, [("action", "continue")])
        elif path == "/checker/review/":
            path, page = post(path, [("action", "result")])
            if path != RESULT:
                raise SystemExit("checker: 'See my result' did not show the result")
            return RESULT, "", cookie_header()
        else:
            choice = re.search(r'name="choice" value="(\d+)"', page)
            if not choice:
                raise SystemExit(f"checker: no choice on {path!r}")
            path, page = post(path, [("action", "next"), ("choice", choice.group(1))])
    raise SystemExit("checker: never reached the result")
