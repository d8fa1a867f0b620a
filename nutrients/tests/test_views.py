import datetime

import pytest
from django.urls import reverse

from .factories import make_food, make_nutrient, make_page, make_reviewer, make_symptom
from .test_content import visible_text

pytestmark = pytest.mark.django_db


def test_home_shows_intro_cards_and_entry_points(client):
    make_page("introduction", placement="section", title="Intro title", body="Intro body.")
    make_nutrient("Magnesium", summary="Helps muscles relax.")
    html = client.get("/").content.decode()
    assert "Intro title" in html and "Intro body." in html
    assert "Helps muscles relax." in html
    assert reverse("nutrients:compare") in html
    assert reverse("assessment:start") in html


def test_article_shows_cells_foods_and_review_line(client):
    nutrient = make_nutrient(
        "Magnesium",
        foods=[make_food("leafy greens"), make_food("nuts")],
        condition_name="",
        reviewed_by=make_reviewer("Dr Ann Example", credentials="MBBS", role="GP"),
        reviewed_on=datetime.date(2026, 3, 4),
        next_review_due=datetime.date(2026, 9, 4),
    )
    page = client.get(nutrient.get_absolute_url()).content.decode()
    assert page.count("<h1") == 1
    html = visible_text(page.encode())
    assert "Role of Magnesium" in html
    assert "Leafy greens, nuts" in html
    assert (
        "Reviewed by Dr Ann Example, MBBS (GP) on 4 March 2026; next review due 4 September 2026."
        in html
    )


def test_unpublished_article_is_404_for_readers(client):
    nutrient = make_nutrient("Draft", is_published=False)
    assert client.get(nutrient.get_absolute_url()).status_code == 404


def test_unpublished_article_is_previewable_by_staff(editor_client):
    nutrient = make_nutrient("Draft", is_published=False)
    response = editor_client.get(nutrient.get_absolute_url())
    assert response.status_code == 200
    assert '<strong class="badge badge-draft">Draft</strong> preview' in response.content.decode()


def test_unpublished_page_is_404(client):
    make_page("about", is_published=False)
    assert client.get("/about/").status_code == 404


def test_section_pages_have_no_address(client):
    make_page("footer-advice", placement="section")
    assert client.get("/footer-advice/").status_code == 404


def test_unknown_page_is_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/", "/nutrients/", "/compare/", "/foods/", "/other-causes-and-relief/"]
)
def test_pages_have_meta_canonical_lang_and_one_h1(client, url):
    html = client.get(url).content.decode()
    assert '<html lang="en">' in html
    assert '<meta name="description" content="' in html
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    assert html.count("<h1") == 1
    assert 'class="skip-link"' in html


def test_navigation_marks_current_page(client):
    make_nutrient("Magnesium")
    html = client.get("/nutrients/magnesium/").content.decode()
    assert f'<a href="{reverse("nutrients:nutrient-list")}" aria-current="page">' in html


def test_footer_carries_supplement_advice(client):
    make_page("footer-advice", placement="section", body="Always consult a professional.")
    assert "Always consult a professional." in client.get("/").content.decode()


def test_food_page_lists_its_nutrients(client):
    greens = make_food("leafy greens")
    make_nutrient("Magnesium", foods=[greens])
    make_nutrient("Potassium")
    html = client.get(greens.get_absolute_url()).content.decode()
    assert "Magnesium" in html and "Potassium" not in html


def test_sitemap_and_robots(client):
    make_nutrient("Magnesium")
    make_nutrient("Hidden", is_published=False)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/nutrients/magnesium/" in sitemap and "/nutrients/hidden/" not in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()


def test_post_to_a_page_is_405(client):
    assert client.post("/nutrients/").status_code == 405


def _grow(n):
    for _ in range(n):
        make_nutrient(foods=[make_food(), make_food()], symptoms=[make_symptom()])


@pytest.mark.parametrize("url", ["/", "/nutrients/", "/compare/", "/foods/"])
def test_query_count_does_not_grow_with_nutrients(client, django_assert_max_num_queries, url):
    _grow(2)
    with django_assert_max_num_queries(6) as few:
        client.get(url)
    _grow(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_article_query_count_is_fixed(client, django_assert_max_num_queries):
    nutrient = make_nutrient(foods=[make_food(), make_food()], symptoms=[make_symptom()])
    nutrient.related.add(make_nutrient())
    # + GP advice, references, daily amounts, amounts in foods, glossary
    with django_assert_max_num_queries(11):
        client.get(nutrient.get_absolute_url())


def test_template_comments_never_leak_into_pages(client):
    html = client.get("/").content.decode()
    assert "{#" not in html and "{%" not in html


def test_server_error_page_is_friendly(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/nutrients/", "/compare/", "/foods/", "/checker/"])
def test_head_requests_get_the_headers_of_a_get(client, url):
    response = client.head(url)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert response.content == b""


DRAFT_BADGE = '<strong class="badge badge-draft">Draft</strong>'


def draft_everywhere():
    food = make_food("sardines")
    nutrient = make_nutrient("Hidden mineral", is_published=False, foods=[food])
    from nutrients.models import Factor, Relief

    Factor.objects.create(
        name="Draft factor", slug="draft-factor", summary="S.", is_published=False
    )
    Relief.objects.create(name="Draft relief", slug="draft-relief", when="now", is_published=False)
    return nutrient, food


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/nutrients/",
        "/nutrients/hidden-mineral/",
        "/compare/",
        "/foods/",
        "/foods/sardines/",
        "/other-causes-and-relief/",
    ],
)
def test_every_staff_preview_of_a_draft_shows_the_draft_badge(editor_client, url):
    from django.test import Client

    draft_everywhere()
    response = editor_client.get(url)
    assert response.status_code == 200
    assert DRAFT_BADGE in response.content.decode()
    reader = Client().get(url)
    assert DRAFT_BADGE not in reader.content.decode()
    assert "Hidden mineral" not in reader.content.decode()


def test_one_rule_says_who_is_an_editor(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    from core.editors import is_editor

    staff = django_user_model(username="s", is_staff=True, is_active=True)
    inactive = django_user_model(username="i", is_staff=True, is_active=False)
    reader = django_user_model(username="r", is_staff=False, is_active=True)
    assert is_editor(staff)
    assert not is_editor(inactive)
    assert not is_editor(reader)
    assert not is_editor(AnonymousUser())
    assert not is_editor(None)


def test_home_links_to_the_conclusion_instead_of_repeating_it(client, seeded):
    from nutrients.models import Page

    conclusion = Page.objects.get(slug="conclusion")
    home = client.get("/").content.decode()
    assert f'<a href="/conclusion/">{conclusion.title}</a>' in home
    first_sentence = conclusion.body.split(". ")[0]
    assert first_sentence not in home
    assert first_sentence in client.get("/conclusion/").content.decode()


def test_the_footer_no_longer_lists_the_conclusion(client, seeded):
    footer = client.get("/about/").content.decode().split('class="site-footer"')[1]
    assert "/conclusion/" not in footer
