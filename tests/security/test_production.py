"""The production set-up, probed from outside: gunicorn, DEBUG off, manifest static files.

One fresh site for the module (bench/server.py: migrate, seed, collectstatic, gunicorn with
gunicorn.conf.py). What the in-process tests check is repeated here where gunicorn or the
production settings could change the answer.
"""

import re
import sys
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from server import running_site  # noqa: E402

SECURITY_HEADERS = [
    "content-security-policy",
    "x-frame-options",
    "permissions-policy",
    "x-content-type-options",
    "referrer-policy",
]
SITE_400 = b"We could not understand that request"


@pytest.fixture(scope="module")
def site():
    with running_site(workers=1) as running:
        yield running


def assert_secure_headers(headers):
    for name in SECURITY_HEADERS:
        assert name in headers, name
    assert "server" not in headers, headers.get("server")


@pytest.mark.parametrize("path", ["/", "/nutrients/magnesium/", "/no-such-page/", "/robots.txt"])
def test_pages_carry_the_headers_and_no_server_name(site, path):
    status, headers, _ = site.get(path)
    assert status in (200, 404)
    assert_secure_headers(headers)


def test_static_files_carry_the_headers(site):
    _, _, page = site.get("/")
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', page).group(1)
    status, headers, _ = site.get(stylesheet.decode())
    assert status == 200
    assert_secure_headers(headers)


def test_the_static_manifest_is_not_public(site):
    status, headers, _ = site.get("/static/staticfiles.json")
    assert status == 404
    assert_secure_headers(headers)


def test_an_unknown_host_gets_the_site_400_with_the_headers(site):
    status, headers, body = site.get("/", headers={"Host": "evil.example"})
    assert status == 400
    assert SITE_400 in body
    assert_secure_headers(headers)


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "ascii"])
@pytest.mark.parametrize("path", ["/", "/compare/", "/checker/warnings/", "/admin/login/"])
def test_a_form_in_another_charset_gets_the_site_400(site, path, charset):
    _, headers, _ = site.get("/checker/")
    cookie = SimpleCookie(headers["set-cookie"])["csrftoken"].value
    status, headers, body = site.request(
        "POST",
        path,
        body=b"a=1",
        headers={
            "Content-Type": f"application/x-www-form-urlencoded; charset={charset}",
            "Cookie": f"csrftoken={cookie}",
            "X-CSRFToken": cookie,
        },
    )
    assert status == 400
    assert SITE_400 in body
    assert_secure_headers(headers)
