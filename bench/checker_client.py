"""Walk the symptom checker over HTTP like a reader without JavaScript, for the benchmark.

GET the start page (CSRF cookie and token), then POST each step: no warning signs, the first
choice of every question, and finally "See the result". Returns that last POST (path, body,
headers) so wrk can replay a valid, signed, final-step request; ``None`` if the site has no
checker yet.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode

from server import Site

START = "/checker/"
STEP = "/checker/step/"
MAX_STEPS = 400  # the x10 benchmark content has 100 questions


def field(page: str, name: str) -> str | None:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    return html.unescape(match.group(1)) if match else None


def result_post(site: Site) -> tuple[str, str, dict[str, str]] | None:
    status, headers, body = site.get(START)
    page = body.decode()
    token = field(page, "csrfmiddlewaretoken")
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
    if status != 200 or not token or not cookie or 'action="' + STEP not in page:
        return None
    request_headers = {
        "Cookie": f"csrftoken={cookie.group(1)}",
        "Content-Type": "application/x-www-form-urlencoded",
    }

    def post(fields: list[tuple[str, str]]) -> tuple[str, str]:
        data = urlencode([("csrfmiddlewaretoken", token), *fields])
        status, _, body = site.request("POST", STEP, data.encode(), request_headers)
        if status != 200:
            raise SystemExit(f"checker: POST {STEP} answered {status}: {body[:300]!r}")
        return data, body.decode()

    _, page = post([])
    for _ in range(MAX_STEPS):
        step = field(page, "step")
        state = [("state", field(page, "state") or ""), ("step", step or "")]
        then = field(page, "then")
        if then:
            state.append(("then", then))
        if step == "warnings":
            _, page = post([*state, ("action", "next"), ("warning", "none")])
        elif step == "urgent":
            _, page = post([*state, ("action", "continue")])
        elif step == "review":
            data, page = post([*state, ("action", "result")])
            if field(page, "step") != "result":
                raise SystemExit("checker: the final POST did not show the result")
            return STEP, data, request_headers
        else:
            choice = re.search(r'name="choice" value="(\d+)"', page)
            if not choice:
                raise SystemExit(f"checker: no choice on step {step!r}")
            _, page = post([*state, ("action", "next"), ("choice", choice.group(1))])
    raise SystemExit("checker: never reached the result")
