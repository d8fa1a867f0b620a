"""The page cache: anonymous readers share cached pages; any content change is seen at once."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from core import caching
from core.tests.http import HTMX
from nutrients.models import Nutrient, Page
from nutrients.tests.factories import (
    make_food,
    make_nutrient,
    make_page,
    make_symptom,
    nutrient_admin_post_data,
)

pytestmark = pytest.mark.django_db

CACHE = "X-Page-Cache"


@pytest.fixture
def reader():
    """A browser of its own: ``client`` is the editor's once ``editor_client`` is used."""
    return Client()


def test_second_anonymous_request_is_a_hit_without_queries(client, django_assert_num_queries):
    make_nutrient("Magnesium")
    first = client.get("/nutrients/magnesium/")
    with django_assert_num_queries(0):
        second = client.get("/nutrients/magnesium/")
    assert first[CACHE] == "miss"
    assert second[CACHE] == "hit"
    assert second.content == first.content


def test_hit_keeps_security_and_content_headers(client):
    make_nutrient("Magnesium")
    client.get("/nutrients/magnesium/")
    hit = client.get("/nutrients/magnesium/")
    assert hit[CACHE] == "hit"
    assert hit["Content-Type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"


def test_saving_content_shows_the_edit_on_the_next_request(client):
    nutrient = make_nutrient("Magnesium", summary="Old summary.")
    assert "Old summary." in client.get("/nutrients/").content.decode()
    nutrient.summary = "New summary."
    nutrient.save()
    response = client.get("/nutrients/")
    assert response[CACHE] == "miss"
    assert "New summary." in response.content.decode()


def test_deleting_content_removes_it_on_the_next_request(client):
    make_nutrient("Magnesium")
    calcium = make_nutrient("Calcium")
    assert "Calcium" in client.get("/nutrients/").content.decode()
    calcium.delete()
    assert "Calcium" not in client.get("/nutrients/").content.decode()


def test_many_to_many_change_invalidates(client):
    nutrient = make_nutrient("Magnesium")
    symptom = make_symptom("Twitching eyelids")
    assert "Twitching eyelids" not in client.get("/nutrients/magnesium/").content.decode()
    nutrient.symptoms.add(symptom)
    assert "Twitching eyelids" in client.get("/nutrients/magnesium/").content.decode()


def test_editing_a_food_updates_the_article_that_lists_it(client):
    food = make_food("leafy greens")
    make_nutrient("Magnesium", foods=[food])
    assert "Leafy greens" in client.get("/nutrients/magnesium/").content.decode()
    food.name = "dark leafy greens"
    food.save()
    assert "Dark leafy greens" in client.get("/nutrients/magnesium/").content.decode()


def test_admin_edit_is_visible_to_readers_at_once(reader, reviewer_client):
    nutrient = make_nutrient("Magnesium", summary="Old summary.")
    assert "Old summary." in reader.get("/").content.decode()
    change_url = reverse("admin:nutrients_nutrient_change", args=[nutrient.pk])
    data = nutrient_admin_post_data(reviewer_client, nutrient, summary="Edited in admin.")
    response = reviewer_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Edited in admin." in reader.get("/").content.decode()


def test_loaddata_invalidates(client):
    page = make_page("about", title="Before restore")
    assert "Before restore" in client.get("/about/").content.decode()
    # QuerySet.update() sends no signal: the cached page is now stale...
    Page.objects.filter(pk=page.pk).update(slug="old-about")
    assert "Before restore" in client.get("/about/").content.decode()
    # ...until loaddata (a restore) saves records, which moves the version on.
    call_command("loaddata", "content", verbosity=0)
    assert "Before restore" not in client.get("/about/").content.decode()


def test_every_content_model_is_connected():
    models = [
        model
        for label in settings.CONTENT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    assert models
    for model in models:
        assert post_save.has_listeners(model), model
        assert post_delete.has_listeners(model), model
        assert m2m_changed.has_listeners(model), model


def test_a_model_added_later_is_connected_by_app_label():
    # The auto-created m2m tables stand in for models nobody listed by hand.
    through = Nutrient.symptoms.through
    assert post_save.has_listeners(through)


def test_staff_pages_are_never_served_from_the_cache(reader, editor_client):
    make_nutrient("Magnesium")
    make_nutrient("Draft nutrient", is_published=False)
    assert reader.get("/nutrients/")[CACHE] == "miss"
    staff = editor_client.get("/nutrients/")
    assert CACHE not in staff
    assert "Draft nutrient" in staff.content.decode()
    assert "private" in staff["Cache-Control"]


def test_staff_pages_are_never_stored(reader, editor_client):
    make_nutrient("Magnesium")
    make_nutrient("Draft nutrient", is_published=False)
    editor_client.get("/nutrients/")
    response = reader.get("/nutrients/")
    assert response[CACHE] == "miss"
    assert "Draft nutrient" not in response.content.decode()


def test_any_session_cookie_bypasses_the_cache(client):
    make_nutrient("Magnesium")
    client.get("/nutrients/")
    client.cookies["sessionid"] = "not-a-real-session"
    response = client.get("/nutrients/")
    assert CACHE not in response


def test_csrf_cookie_alone_still_uses_the_cache(client):
    make_nutrient("Magnesium")
    client.get("/nutrients/")
    client.cookies["csrftoken"] = "x" * 32
    assert client.get("/nutrients/")[CACHE] == "hit"


def test_not_found_is_not_cached(client):
    client.get("/no-such-page/")
    assert CACHE not in client.get("/no-such-page/")


def test_htmx_requests_are_cached_apart_from_full_pages(client):
    make_nutrient("Magnesium")
    client.get("/compare/")
    htmx = client.get("/compare/", headers=HTMX)
    assert htmx[CACHE] == "miss"
    assert client.get("/compare/", headers=HTMX)[CACHE] == "hit"


def test_gzip_and_plain_readers_get_their_own_entries(client):
    make_nutrient("Magnesium")
    plain = client.get("/nutrients/")
    gzipped = client.get("/nutrients/", headers={"Accept-Encoding": "gzip"})
    assert gzipped[CACHE] == "miss"
    assert gzipped["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    hit = client.get("/nutrients/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert hit[CACHE] == "hit"
    assert hit["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("first", ["gzip", "GZIP", "nogzip", "x-gzip2", ""])
@pytest.mark.parametrize("second", ["gzip", "GZIP", "nogzip", "deflate, gzip", ""])
def test_a_cached_body_is_compressed_exactly_when_the_reader_asked_for_it(client, first, second):
    """The key follows GZipMiddleware's own test (case-sensitive ``gzip`` as a word)."""
    make_nutrient("Magnesium")
    for encoding in (first, second):
        response = client.get("/nutrients/", headers={"Accept-Encoding": encoding})
        uncached = Client()
        uncached.cookies["skip-the-cache"] = "1"  # any cookie but CSRF's bypasses the cache
        fresh = uncached.get("/nutrients/", headers={"Accept-Encoding": encoding})
        assert response.get("Content-Encoding") == fresh.get("Content-Encoding"), encoding
        if response.get("Content-Encoding") == "gzip":
            assert response.content[:2] == b"\x1f\x8b"
        else:
            assert b"<html" in response.content


def test_query_string_is_part_of_the_key(client):
    make_nutrient("Magnesium")
    client.get("/compare/")
    assert client.get("/compare/?kind=mineral")[CACHE] == "miss"


@pytest.mark.parametrize(
    "response",
    [
        HttpResponse(status=404),
        HttpResponse(headers={"Cache-Control": "private"}),
        HttpResponse(headers={"Cache-Control": "no-cache, no-store"}),
        HttpResponse(headers={"Vary": "Accept-Language"}),
    ],
    ids=["not-200", "private", "no-store", "unkeyed-vary"],
)
def test_unsafe_responses_are_not_storable(response):
    assert not caching.is_storable(response)


def test_response_setting_a_cookie_is_not_storable():
    response = HttpResponse()
    response.set_cookie("csrftoken", "abc")
    assert not caching.is_storable(response)


def test_plain_page_response_is_storable():
    assert caching.is_storable(
        HttpResponse(headers={"Vary": "Cookie, Accept-Encoding, HX-Request"})
    )


def test_pages_carry_validators_and_revalidate(client):
    make_nutrient("Magnesium")
    response = client.get("/nutrients/magnesium/")
    assert response["ETag"]
    assert response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=1"


@pytest.mark.parametrize("hit", [False, True], ids=["miss", "hit"])
def test_conditional_get_with_etag_is_304(client, hit):
    make_nutrient("Magnesium")
    first = client.get("/nutrients/magnesium/", headers={"Accept-Encoding": "gzip"})
    if not hit:
        caching.bump_content_version()
    again = client.get(
        "/nutrients/magnesium/",
        headers={"Accept-Encoding": "gzip", "If-None-Match": first["ETag"]},
    )
    assert again.status_code == 304
    assert again.content == b""


def test_conditional_get_with_last_modified_is_304(client):
    make_nutrient("Magnesium")
    first = client.get("/nutrients/magnesium/")
    again = client.get(
        "/nutrients/magnesium/", headers={"If-Modified-Since": first["Last-Modified"]}
    )
    assert again.status_code == 304


def test_changed_content_gets_a_new_etag(client):
    nutrient = make_nutrient("Magnesium", summary="Old.")
    first = client.get("/nutrients/magnesium/")
    nutrient.summary = "New."
    nutrient.save()
    again = client.get("/nutrients/magnesium/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_lost_version_key_means_fresh_pages(client):
    make_nutrient("Magnesium")
    client.get("/nutrients/")
    from django.core.cache import cache

    cache.delete(caching.VERSION_KEY)
    assert client.get("/nutrients/")[CACHE] == "miss"


def test_per_content_version_memo_is_reused_until_content_changes(django_assert_num_queries):
    make_page("footer-advice", placement="section", body="Old advice.")
    from nutrients.selectors import footer_advice

    assert footer_advice().body == "Old advice."
    with django_assert_num_queries(0):
        assert footer_advice().body == "Old advice."
    make_page("about", body="Any edit moves the version on.")
    with django_assert_num_queries(1):
        assert footer_advice().body == "Old advice."


def test_footer_edit_shows_on_every_page_at_once(client):
    footer = make_page("footer-advice", placement="section", body="Old advice.")
    assert "Old advice." in client.get("/").content.decode()
    footer.body = "New advice."
    footer.save()
    assert "New advice." in client.get("/").content.decode()
    assert "New advice." in client.get("/compare/").content.decode()
