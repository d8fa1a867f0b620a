"""Requests refused before any view runs: a readable 400 with every security header, never a 500.

Run with DEBUG off, the way production answers, and with CSRF checks on (the CSRF check is
what reads the form first). tests/security/test_production.py repeats the important ones
against gunicorn with the production settings.
"""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

SITE_400 = "We could not understand that request"
FORM_POSTS = ["/", "/compare/", "/checker/warnings/", "/admin/login/"]
SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Frame-Options",
    "Permissions-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
]


@pytest.fixture
def reader(settings):
    """A client with a CSRF cookie, like someone who has opened a page, DEBUG off."""
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get(reverse("assessment:start"))
    assert "csrftoken" in client.cookies
    return client


def csrf_headers(client):
    return {"X-CSRFToken": client.cookies["csrftoken"].value}


def assert_site_400(response):
    assert response.status_code == 400, response.status_code
    assert SITE_400 in response.content.decode()
    for header in SECURITY_HEADERS:
        assert header in response, header


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "ascii", "iso-8859-1", "utf8"])
@pytest.mark.parametrize("path", FORM_POSTS)
def test_a_form_in_another_charset_is_the_site_400(reader, path, charset):
    """Django refuses a urlencoded form that is not UTF-8 each time the form is read, also
    inside its own 400 and 500 handlers; the reader got gunicorn's bare error page."""
    response = reader.post(
        path,
        "a=1",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        headers=csrf_headers(reader),
    )
    assert_site_400(response)


def test_a_utf8_form_still_works(reader):
    response = reader.post(
        "/checker/warnings/",
        "warning=none",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
        headers=csrf_headers(reader),
    )
    assert response.status_code == 303  # answered: on to the next step


@pytest.mark.parametrize("length", ["abc", "-1", "1e3", "²", " 12", "0x10"])
@pytest.mark.parametrize("path", ["/", "/checker/warnings/"])
def test_a_content_length_that_is_not_a_number_is_a_400(reader, path, length):
    response = reader.post(
        path,
        "a=1",
        content_type="application/x-www-form-urlencoded",
        headers=csrf_headers(reader),
        CONTENT_LENGTH=length,
    )
    assert_site_400(response)


def test_a_body_over_the_upload_limit_is_the_site_400(reader, settings):
    body = "a=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = reader.post(
        "/checker/warnings/",
        body,
        content_type="application/x-www-form-urlencoded",
        headers=csrf_headers(reader),
    )
    assert_site_400(response)


def test_too_many_form_fields_is_the_site_400(reader, settings):
    body = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = reader.post(
        "/checker/warnings/",
        body,
        content_type="application/x-www-form-urlencoded",
        headers=csrf_headers(reader),
    )
    assert_site_400(response)


def test_request_size_is_bounded_by_django_settings(settings):
    assert 0 < settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 1_000_000
    assert 0 < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000


def test_the_400_for_an_unknown_host_carries_the_security_headers(reader):
    response = reader.get("/", HTTP_HOST="evil.example")
    assert_site_400(response)


def test_static_files_carry_the_security_headers(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    for header in SECURITY_HEADERS:
        assert header in response, header
    assert response["X-Frame-Options"] == "DENY"


def test_the_static_manifest_is_not_served(settings, tmp_path):
    """collectstatic's staticfiles.json lists every file; nobody outside needs it."""
    (tmp_path / "staticfiles.json").write_text('{"paths": {}}')
    (tmp_path / "visible.txt").write_text("fine")
    settings.STATIC_ROOT = tmp_path
    client = Client()  # a new client loads the middleware with this STATIC_ROOT
    assert client.get("/static/visible.txt").status_code == 200
    assert client.get("/static/staticfiles.json").status_code == 404


def test_header_names_are_plain_strings(client):
    """WSGI servers (wsgiref, the live test server) reject header names that are not str."""
    first = client.get("/robots.txt")
    revalidated = client.get("/robots.txt", headers={"If-None-Match": first["ETag"]})
    assert revalidated.status_code == 304
    for response in (first, revalidated):
        assert all(type(name) is str for name in response.headers)
