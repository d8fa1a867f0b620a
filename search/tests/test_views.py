"""The /search/ page: a plain GET form, live results with htmx, odd input answered calmly."""

import pytest
from django.urls import reverse

from core.tests.http import HTMX

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


def test_the_page_without_a_query_offers_the_form_and_no_results(client, seeded):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="search-q"' in page
    assert "search-hits" not in page
    assert 'id="site-search-q"' not in page  # no second search box in the header here


def test_results_link_to_the_pages_with_marked_titles(client, seeded):
    page = client.get(URL, {"q": "bananas"}).content.decode()
    assert '<a href="/foods/bananas/"><mark>Bananas</mark></a>' in page
    assert "2 results for “bananas”" in page
    assert 'value="bananas"' in page


def test_synonyms_used_are_shown(client, seeded):
    page = client.get(URL, {"q": "B12"}).content.decode()
    assert "Also searched for: cobalamin, b vitamins." in page


def test_nothing_found_says_so_and_offers_ways_on(client, seeded):
    page = client.get(URL, {"q": "zebra"}).content.decode()
    assert "No results for “zebra”" in page
    assert "Nothing on this site matches" in page


@pytest.mark.parametrize(
    ("q", "note"),
    [
        ("x" * 101, "Searches can be up to 100 characters long"),
        ("%%%", "Type a word to search for"),
        ("the of", "too common"),
        ("\x00\x1b", ""),
    ],
)
def test_odd_input_is_answered_with_a_note_not_an_error(client, seeded, q, note):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert note in response.content.decode()


def test_a_second_q_is_ignored_with_a_note(client, seeded):
    response = client.get(URL + "?q=bananas&q=eggs")
    page = response.content.decode()
    assert "Only the first search was used." in page
    assert "/foods/bananas/" in page and "/foods/eggs/" not in page


def test_htmx_gets_only_the_results_and_the_address_to_show(client, seeded):
    response = client.get(URL, {"q": "  bananas "}, headers=HTMX)
    page = response.content.decode()
    assert "<html" not in page
    assert page.count('id="search-results"') == 1
    assert "<title>Search: bananas · " in page
    assert response["HX-Push-Url"] == "/search/?q=bananas"
    assert "HX-Request" in response["Vary"]


def test_full_page_and_htmx_answers_are_cached_apart(client, seeded):
    full = client.get(URL, {"q": "eggs"})
    partial = client.get(URL, {"q": "eggs"}, headers=HTMX)
    assert full["X-Page-Cache"] == partial["X-Page-Cache"] == "miss"
    again = client.get(URL, {"q": "eggs"})
    assert again["X-Page-Cache"] == "hit"
    assert again.content == full.content


def test_an_editors_change_shows_in_search_at_once(client, seeded):
    from nutrients.models import Relief

    client.get(URL, {"q": "oysters"})  # cached: nothing found
    relief = Relief.objects.get(slug="massage")
    relief.body = "Massage with oysters in mind."
    relief.save()
    page = client.get(URL, {"q": "oysters"}).content.decode()
    assert "other-causes-and-relief/#massage" in page


def test_other_pages_have_a_search_box_in_the_header(client, seeded):
    page = client.get("/").content.decode()
    assert '<form class="site-search" role="search" method="get" action="/search/"' in page
    assert 'id="site-search-q"' in page


def test_only_get_and_head_are_allowed(client, db):
    assert client.post(URL, {"q": "x"}).status_code == 405


def test_warm_search_costs_one_query(client, seeded, django_assert_num_queries):
    client.cookies["other"] = "1"  # skip the page cache: a real render
    client.get(URL, {"q": "bananas"})
    with django_assert_num_queries(1):
        assert client.get(URL, {"q": "bananas"}).status_code == 200
