"""Lean pages: fixed query counts (no N+1), small HTML and CSS, compressed text, cacheable statics.

Speed itself is measured by `make bench`, never by a timed test.
"""

import gzip

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

# Uncached render of each public page with the full shipped content, anonymous reader.
QUERIES_PER_PAGE = {
    "/": 3,
    "/nutrients/": 5,
    # + the shared GP advice text, one read for all references, daily amounts, amounts in foods,
    # the glossary (read once per content version: these tests start cold)
    "/nutrients/magnesium/": 11,
    "/nutrients/b-vitamins/": 11,
    "/compare/": 5,
    "/foods/": 4,  # + amounts in foods
    # + each nutrient's other foods (one prefetch), the foods in the group, amounts, references,
    # the glossary
    "/foods/leafy-greens/": 8,
    "/other-causes-and-relief/": 6,  # + one read for all references, the glossary
    # + one read for all references (made even when nothing is cited), the glossary
    "/about/": 4,
    "/conclusion/": 4,
    "/how-we-grade-evidence/": 4,
    "/checker/": 2,  # the editable intro page, the footer advice
    "/sitemap.xml": 6,
}
MAX_HTML_BYTES = 30 * 1024
# B vitamins is three articles in one (B1, B6, B12, each with intakes and sources); with its
# contents list, print addresses and structured data (issue 11) it is about 32 KB, 7 KB gzipped.
LONGER_PAGES = {"/nutrients/b-vitamins/": 36 * 1024}
MAX_CSS_BYTES = 15 * 1024


@pytest.mark.parametrize(("url", "queries"), QUERIES_PER_PAGE.items())
def test_page_query_count_is_fixed(client, seeded, django_assert_num_queries, url, queries):
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", QUERIES_PER_PAGE)
def test_page_html_is_under_30_kb(client, seeded, url):
    assert len(client.get(url).content) < LONGER_PAGES.get(url, MAX_HTML_BYTES)


@pytest.mark.parametrize(
    "name", ["css/site.css", "css/article.css", "css/print.css", "css/search.css"]
)
def test_each_stylesheet_is_under_15_kb(name):
    css = finders.find(name)
    with open(css, "rb") as handle:
        assert len(handle.read()) < MAX_CSS_BYTES


@pytest.mark.parametrize("url", ["/", "/compare/", "/nutrients/magnesium/", "/sitemap.xml"])
def test_text_responses_are_gzipped(client, seeded, url):
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    plain = client.get(url)
    assert gzip.decompress(response.content) == plain.content
    assert len(response.content) < len(plain.content) / 2


def test_hashed_static_files_are_cached_forever(tmp_path, settings):
    """Production storage: hashed names from the manifest, served by WhiteNoise as immutable."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(
        STORAGES=storages,
        STATIC_ROOT=tmp_path,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
        url = static("css/site.css")
        assert url != "/static/css/site.css"  # a hashed name
        response = Client().get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        assert response["Cache-Control"] == "max-age=315360000, public, immutable"
        assert response["Content-Encoding"] == "gzip"
        unhashed = Client().get("/static/css/site.css")
        assert "immutable" not in unhashed["Cache-Control"]


def test_uncached_article_render_reads_content_from_memory_once_warm(
    client, seeded, django_assert_num_queries
):
    """A reader who skips the page cache (any other cookie) still costs no query once warm."""
    client.cookies["some-cookie"] = "1"
    first = client.get("/nutrients/magnesium/")
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        again = client.get("/nutrients/magnesium/")
    assert again.content == first.content


def test_checker_result_post_makes_no_query_once_warm(client, db, django_assert_num_queries):
    from django.core.management import call_command

    from assessment.tests.walk import walk

    call_command("seed_content", verbosity=0)
    result = walk(client)
    assert "Your result" in result.content.decode()
    with django_assert_num_queries(0):  # the result page again, answers in the cookie
        again = client.get(result.request["PATH_INFO"])
    assert again.status_code == 200
    assert "Your result" in again.content.decode()


def test_checker_result_page_is_under_30_kb(client, db):
    from django.core.management import call_command

    from assessment.tests.walk import walk

    call_command("seed_content", verbosity=0)
    result = walk(client, answers=None)
    assert "Your result" in result.content.decode()
    assert len(result.content) < MAX_HTML_BYTES


@pytest.fixture
def many_times_the_content(seeded):
    """The seed plus generated content (benchmark data, a smaller set than make bench-x10's)."""
    call_command("loaddata", "checker", verbosity=0)
    call_command("generate_bench_content", nutrients=40, foods=300, questions=30, verbosity=0)


@pytest.mark.parametrize(("url", "queries"), QUERIES_PER_PAGE.items())
def test_query_count_stays_flat_with_many_times_the_content(
    client, many_times_the_content, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("model", "like"),
    [("Nutrient", "/nutrients/magnesium/"), ("FoodSource", "/foods/leafy-greens/")],
)
def test_generated_pages_have_the_same_query_count(
    client, many_times_the_content, django_assert_num_queries, model, like
):
    from nutrients import models

    generated = getattr(models, model).objects.filter(slug__contains="-sample-")
    if model == "FoodSource":
        generated = generated.filter(nutrient_links__isnull=False)
    url = generated.last().get_absolute_url()
    with django_assert_num_queries(QUERIES_PER_PAGE[like]):
        assert client.get(url).status_code == 200


def test_checker_result_post_makes_no_query_once_warm_with_many_questions(
    client, many_times_the_content, django_assert_num_queries
):
    from assessment.models import Question
    from assessment.tests.walk import walk

    assert Question.objects.count() >= 30
    result = walk(client)
    assert "Your result" in result.content.decode()
    with django_assert_num_queries(0):
        again = client.get(result.request["PATH_INFO"])
    assert "Your result" in again.content.decode()
