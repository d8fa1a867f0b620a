"""An editor in Django admin over HTTP, for the cluster load test and the nginx benchmark.

Logs in like a browser, opens a change form, submits every field as the browser would (inline
rows and all) with one field changed, and follows nothing: a 302 means the save committed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlencode

from server import Site


class FormFields(HTMLParser):
    """The fields a browser would submit from the page's form with the given id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.select_multiple = False
        self.select_chosen: list[str] = []
        self.select_first: str | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name and "disabled" not in attributes:
            kind = (attributes.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self.fields.append((name, attributes.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.fields.append((name, attributes.get("value") or ""))
        elif tag == "select" and name:
            self.select, self.select_multiple = name, "multiple" in attributes
            self.select_chosen, self.select_first = [], None
        elif tag == "option" and self.select:
            value = attributes.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in attributes:
                self.select_chosen.append(value)
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            chosen = self.select_chosen
            if not chosen and not self.select_multiple and self.select_first is not None:
                chosen = [self.select_first]
            self.fields += [(self.select, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea:
            text = "".join(self.text)
            self.fields.append((self.textarea, text[1:] if text.startswith("\n") else text))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)


class Editor:
    """One logged-in editor talking to one app server (cookies kept by hand)."""

    def __init__(self, site: Site, admin: str = "/admin/"):
        self.site = site
        self.admin = admin
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields=None) -> tuple[int, dict, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, content = self.site.request(method, path, body, headers)
        # http.client folds repeated Set-Cookie headers into one, comma-separated.
        for name, value in re.findall(
            r"(?:^|,\s*)([A-Za-z0-9_-]+)=([^;,]*)", response_headers.get("set-cookie", "")
        ):
            if name.lower() not in ("expires", "path", "max-age", "samesite", "domain"):
                self.cookies[name] = value
        return status, response_headers, content

    def login(self, username: str, password: str) -> None:
        path = f"{self.admin}login/"
        _, _, page = self.request("GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        status, headers, _ = self.request(
            "POST",
            path,
            [("csrfmiddlewaretoken", token), ("username", username), ("password", password),
             ("next", self.admin)],
        )  # fmt: skip
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"editor login failed on port {self.site.port}: {status}")

    def change(self, path: str, changes: dict[str, str], form_id: str) -> float:
        """Open a change form, submit it with `changes` applied; returns the save's seconds."""
        import time

        status, _, page = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        parser = FormFields(form_id)
        parser.feed(page.decode())
        fields = [(k, v) for k, v in parser.fields if k not in changes]
        fields += [*changes.items(), ("_save", "Save")]
        started = time.monotonic()
        status, _, content = self.request("POST", path, fields)
        took = time.monotonic() - started
        if status != 302:
            errors = re.findall(rb'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', content, re.S)
            raise RuntimeError(f"save {path}: {status} {errors[:3]!r}")
        return took
