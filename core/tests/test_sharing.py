"""Shared links (Open Graph, Twitter cards) and structured data (JSON-LD) on every page."""

import datetime
import json
import re

import pytest
from django.template import Context, Template

from nutrients.models import Nutrient
from nutrients.tests.factories import make_nutrient, make_reviewer

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def meta(page: str) -> dict[str, str]:
    found = re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', page)
    return dict(found)


def structured(page: str) -> dict[str, dict]:
    blocks = [json.loads(block) for block in JSON_LD.findall(page)]
    return {block["@type"]: block for block in blocks}


@pytest.mark.parametrize(
    "url", ["/", "/nutrients/", "/nutrients/magnesium/", "/compare/", "/search/?q=b12", "/about/"]
)
def test_every_page_describes_itself_for_shared_links(client, seeded, url):
    page = client.get(url).content.decode()
    tags = meta(page)
    title = re.search(r"<title>(.*?) · ", page).group(1)
    assert tags["og:title"] == title
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert tags["og:description"] == description
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    assert tags["og:url"] == canonical
    assert tags["og:image"] == "http://testserver/static/img/share.png"
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:site_name"] == "Cramp Nutrients"


def test_the_share_image_is_a_png_served_from_static(client):
    response = client.get("/static/img/share.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_article_is_a_medical_web_page_with_its_review(client, seeded):
    nutrient = Nutrient.objects.get(slug="magnesium")
    data = structured(client.get("/nutrients/magnesium/").content.decode())
    page = data["MedicalWebPage"]
    assert page["@context"] == "https://schema.org"
    assert page["name"] == "Magnesium"
    assert page["url"] == "http://testserver/nutrients/magnesium/"
    assert page["lastReviewed"] == nutrient.reviewed_on.isoformat()
    assert page["reviewedBy"]["name"] == nutrient.reviewed_by.name
    assert page["isPartOf"]["@type"] == "WebSite"


def test_review_date_and_reviewer_follow_the_editors(client, db):
    reviewer = make_reviewer("Dr A Example", credentials="MBBS", role="GP")
    make_nutrient(
        "Zinc", reviewed_on=datetime.date(2026, 3, 4), reviewed_by=reviewer, is_published=True
    )
    page = structured(client.get("/nutrients/zinc/").content.decode())["MedicalWebPage"]
    assert page["lastReviewed"] == "2026-03-04"
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr A Example",
        "hasCredential": "MBBS",
        "description": "GP",
    }


def test_breadcrumbs_are_a_breadcrumb_list_with_absolute_addresses(client, seeded):
    crumbs = structured(client.get("/nutrients/magnesium/").content.decode())["BreadcrumbList"]
    assert [(i["position"], i["name"], i["item"]) for i in crumbs["itemListElement"]] == [
        (1, "Home", "http://testserver/"),
        (2, "Nutrients", "http://testserver/nutrients/"),
        (3, "Magnesium", "http://testserver/nutrients/magnesium/"),
    ]


def test_the_privacy_page_is_a_plain_web_page(client, seeded):
    data = structured(client.get("/privacy/").content.decode())
    assert "WebPage" in data and "MedicalWebPage" not in data


def test_text_cannot_break_out_of_the_data_block(client, db):
    hostile = 'Zinc </script><script>alert(1)</script> & "quotes"'
    make_nutrient("Zinc", summary=hostile)
    page = client.get("/nutrients/zinc/").content.decode()
    assert "<script>alert(1)" not in page
    assert structured(page)["MedicalWebPage"]["description"] == hostile


def test_json_ld_tag_escapes_like_json_script():
    html = Template("{% load page_tags %}{% json_ld data %}").render(
        Context({"data": {"a": "</script>&<"}})
    )
    assert html == (
        '<script type="application/ld+json">{"a": "\\u003C/script\\u003E\\u0026\\u003C"}</script>'
    )


def test_a_refused_host_gets_no_address_built_from_it(client, settings):
    response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "og:url" not in response.content.decode()
