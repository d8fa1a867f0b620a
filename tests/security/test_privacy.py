"""Privacy: the page says what is kept, and reading the site sets no cookie."""

import pytest
from django.urls import reverse

from nutrients.models import Page
from nutrients.tests.test_content import PUBLIC_URLS, visible_text

pytestmark = pytest.mark.django_db


def test_privacy_page_ships_as_an_editable_page(seeded):
    page = Page.objects.get(slug=Page.Slot.PRIVACY)
    assert page.placement == Page.Placement.STANDALONE
    assert page.is_published


def test_privacy_page_states_what_is_and_is_not_kept(seeded, client):
    response = client.get(reverse("nutrients:page", args=["privacy"]))
    assert response.status_code == 200
    text = visible_text(response.content)
    for statement in [
        "No cookies are set while you read",
        "csrftoken",
        "never stored",
        "never written to any log",
        "never put in a web address",
        "sessionid",
        "failed sign-in attempts are recorded",
        "The site's logs contain the addresses (paths) of pages",
        "no fonts, scripts or images come from anywhere else",
    ]:
        assert statement in text


def test_every_page_links_to_privacy_in_the_footer(seeded, client):
    link = f'href="{reverse("nutrients:page", args=["privacy"])}"'
    for url in PUBLIC_URLS:
        assert link in client.get(url).content.decode(), url


def test_reading_the_site_sets_no_cookie(seeded, client):
    urls = PUBLIC_URLS + ["/privacy/", "/nutrients/magnesium/", "/foods/leafy-greens/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.cookies == {}, url


def test_checker_start_page_links_to_privacy(seeded, client):
    html = client.get(reverse("assessment:start")).content.decode()
    assert f'href="{reverse("nutrients:page", args=["privacy"])}"' in html
    assert "What this site keeps, and what it does not" in html


def test_checker_start_sets_only_the_csrf_cookie(seeded, client):
    response = client.get(reverse("assessment:start"))
    assert set(response.cookies) == {"csrftoken"}


def test_privacy_page_describes_the_checker_answers_cookie(seeded, client):
    text = visible_text(client.get(reverse("nutrients:page", args=["privacy"])).content)
    for statement in [
        "one more cookie, checker",
        "never their words",
        "signed so it cannot be altered",
        "sent only to the checker's own pages",
        "scripts on the page cannot read it",
        "expires after two hours",
        "Clear my answers",
    ]:
        assert statement in text
