"""Every response carries the strict policy and the security headers."""

import pytest
from django.urls import reverse

from cramps_site.security import permissions_policy
from nutrients.tests.factories import make_nutrient, make_page

pytestmark = pytest.mark.django_db

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)


@pytest.fixture
def some_pages(db):
    make_nutrient("Magnesium")
    make_page("about")
    return ["/", "/nutrients/", "/nutrients/magnesium/", "/about/", "/checker/", "/robots.txt"]


def test_pages_carry_the_strict_policy_and_headers(client, some_pages):
    for url in some_pages + ["/no-such-page/", reverse("admin:login")]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert response["Content-Security-Policy"] == STRICT_CSP, url
        assert "unsafe" not in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"], url
        assert "geolocation=()" in response["Permissions-Policy"]


def test_policy_is_enforced_not_report_only(client):
    response = client.get("/")
    assert "Content-Security-Policy-Report-Only" not in response


def test_permissions_policy_syntax():
    assert permissions_policy({"camera": [], "fullscreen": ["self"]}) == (
        "camera=(), fullscreen=(self)"
    )


def test_wrong_method_gets_a_readable_405_with_headers(client):
    response = client.post("/nutrients/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    html = response.content.decode()
    assert "does not accept that kind of request" in html
    assert response["Content-Security-Policy"] == STRICT_CSP


def test_favicon_ico_points_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_the_csrf_cookie_is_out_of_reach_of_scripts(client):
    response = client.get(reverse("assessment:start"))
    assert response.cookies["csrftoken"]["httponly"] is True
