"""Shared caches (nginx, a CDN): what pages tell them, and the hook that tells them about edits."""

import os
import time

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from core import caching, shared_cache
from nutrients.models import Nutrient
from nutrients.tests.factories import make_nutrient, nutrient_admin_post_data

pytestmark = pytest.mark.django_db


class Recorder:
    """A purge hook that remembers what it was told."""

    calls: list[int] = []

    def __init__(self, **options):
        self.options = options

    def purge(self, version: int) -> None:
        Recorder.calls.append(version)


class Broken:
    def purge(self, version: int) -> None:
        raise ConnectionError("the CDN is down")


@pytest.fixture
def recorder():
    Recorder.calls = []
    with override_settings(
        SHARED_CACHE_PURGE={"BACKEND": f"{__name__}.Recorder", "OPTIONS": {"zone": "z"}}
    ):
        yield Recorder.calls


def directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def shareable(response) -> bool:
    """Could a shared cache keep this response? (RFC 9111: no private/no-store, and public or
    s-maxage to allow it.)"""
    found = directives(response)
    if {"private", "no-store"} & found or any(d.startswith("private") for d in found):
        return False
    return "public" in found or any(d.startswith("s-maxage") for d in found)


# --- What pages tell shared caches ---------------------------------------------------------------


@pytest.mark.parametrize("hit", [False, True], ids=["miss", "hit"])
def test_reader_pages_may_be_shared_for_one_second_then_revalidated(client, hit):
    make_nutrient("Magnesium")
    response = client.get("/nutrients/magnesium/")
    if hit:
        response = client.get("/nutrients/magnesium/")
    assert response["X-Page-Cache"] == ("hit" if hit else "miss")
    assert directives(response) == {"public", "max-age=0", "must-revalidate", "s-maxage=1"}
    assert response["ETag"] and response["Last-Modified"]


@override_settings(SHARED_CACHE_SECONDS=30)
def test_shared_cache_seconds_is_a_setting(client):
    make_nutrient("Magnesium")
    assert "s-maxage=30" in directives(client.get("/nutrients/magnesium/"))


def test_editor_pages_are_never_shareable(editor_client):
    make_nutrient("Magnesium")
    for url in ["/", "/nutrients/magnesium/", reverse("admin:index")]:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert "private" in directives(response), url
        assert not shareable(response), url


def test_any_other_cookie_makes_a_page_private(client):
    make_nutrient("Magnesium")
    client.cookies["sessionid"] = "not-a-session"
    response = client.get("/nutrients/magnesium/")
    assert "X-Page-Cache" not in response
    assert not shareable(response)


def test_checker_pages_and_posts_are_never_shareable(client):
    from django.core.management import call_command

    from assessment.tests.walk import walk

    call_command("seed_content", verbosity=0)
    start = client.get("/checker/")
    assert not shareable(start)
    result = walk(client)
    assert "Your result" in result.content.decode()
    assert not shareable(result)
    assert "no-store" in directives(result)


def test_a_post_that_says_nothing_is_made_private_and_unstored(client):
    make_nutrient("Magnesium")
    response = Client(enforce_csrf_checks=False).post("/compare/", {"kind": "mineral"})
    assert response.status_code == 405
    assert {"private", "no-store"} <= directives(response)


def test_admin_save_response_is_never_shareable(editor_client, recorder):
    nutrient = make_nutrient("Magnesium")
    url = reverse("admin:nutrients_nutrient_change", args=[nutrient.pk])
    response = editor_client.post(url, nutrient_admin_post_data(editor_client, nutrient))
    assert response.status_code == 302
    assert not shareable(response)


# --- The purge hook ------------------------------------------------------------------------------


def test_a_committed_edit_tells_the_shared_cache_once_with_the_new_version(
    recorder, django_capture_on_commit_callbacks
):
    nutrient = make_nutrient("Magnesium")
    recorder.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        nutrient.summary = "Edited."
        nutrient.save()
        nutrient.summary = "Edited again."
        nutrient.save()
        assert recorder == []  # not before the commit: the database still holds the old text
    assert len(callbacks) > 1  # each save signalled
    for callback in callbacks:
        callback()
    assert len(recorder) == 1
    assert recorder[-1] == caching.content_version()


def test_hook_gets_its_options():
    with override_settings(
        SHARED_CACHE_PURGE={"BACKEND": f"{__name__}.Recorder", "OPTIONS": {"zone": "z"}}
    ):
        assert shared_cache.configured_purge().options == {"zone": "z"}


def test_no_hook_configured_is_fine(django_capture_on_commit_callbacks):
    with override_settings(SHARED_CACHE_PURGE={"BACKEND": "", "OPTIONS": {}}):
        assert shared_cache.configured_purge() is None
        with django_capture_on_commit_callbacks(execute=True):
            make_nutrient("Magnesium")


@pytest.mark.django_db(transaction=True)  # real commits, as in production
def test_admin_save_purges_exactly_once(reviewer_client, recorder):
    # A clinical reviewer's save is published at once (an editor's waits for review).
    nutrient = make_nutrient("Magnesium")
    url = reverse("admin:nutrients_nutrient_change", args=[nutrient.pk])
    data = nutrient_admin_post_data(reviewer_client, nutrient, summary="Edited in admin.")
    recorder.clear()
    response = reviewer_client.post(url, data)
    assert response.status_code == 302
    assert Nutrient.objects.get(pk=nutrient.pk).summary == "Edited in admin."
    # Signals ran inside the save (many rows, many receivers): one purge per commit, and the
    # admin's safety net adds none because a commit already told the shared cache.
    assert len(recorder) == 1


def test_admin_post_without_signals_still_purges(editor_client, recorder):
    """The safety net: an admin POST that changed rows with QuerySet.update() (no signals)."""
    make_nutrient("Magnesium")
    recorder.clear()
    response = editor_client.post(
        reverse("admin:nutrients_nutrient_changelist"),
        {"action": "delete_selected", "_selected_action": []},
    )
    assert response.status_code < 400
    assert len(recorder) == 1


def test_a_failing_hook_never_fails_a_save(caplog, django_capture_on_commit_callbacks):
    broken = override_settings(SHARED_CACHE_PURGE={"BACKEND": f"{__name__}.Broken"})
    with broken, django_capture_on_commit_callbacks(execute=True):
        nutrient = make_nutrient("Magnesium")
    assert Nutrient.objects.filter(pk=nutrient.pk).exists()
    assert "Could not purge the shared cache" in caplog.text


# --- The shipped hook: nginx's generation link ---------------------------------------------------


def test_generation_link_moves_to_a_new_folder_each_time(tmp_path):
    link = tmp_path / "generation"
    hook = shared_cache.NginxGenerationLink(str(link))
    hook.purge(1)
    first = os.path.realpath(link)
    hook.purge(2)
    second = os.path.realpath(link)
    assert first != second
    assert second == str(tmp_path / "generations" / "2")
    assert os.path.isdir(second)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_generation_link_forgets_only_old_folders(tmp_path):
    link = tmp_path / "generation"
    hook = shared_cache.NginxGenerationLink(str(link), keep=2, keep_seconds=60)
    for version in range(1, 5):
        hook.purge(version)
    folders = tmp_path / "generations"
    assert sorted(p.name for p in folders.iterdir()) == ["1", "2", "3", "4"]  # all recent
    old = time.time() - 120
    for name in ("1", "2", "3"):
        os.utime(folders / name, (old, old))
    hook.purge(5)
    assert sorted(p.name for p in folders.iterdir()) == ["4", "5"]
    assert os.path.realpath(link) == str(folders / "5")


def test_generation_link_via_settings_moves_after_an_edit(
    tmp_path, django_capture_on_commit_callbacks
):
    link = tmp_path / "generation"
    options = {"link": str(link)}
    backend = "core.shared_cache.NginxGenerationLink"
    with override_settings(SHARED_CACHE_PURGE={"BACKEND": backend, "OPTIONS": options}):
        with django_capture_on_commit_callbacks(execute=True):
            nutrient = make_nutrient("Magnesium")
        before = os.path.realpath(link)
        with django_capture_on_commit_callbacks(execute=True):
            nutrient.summary = "Edited."
            nutrient.save()
        assert os.path.realpath(link) != before
        assert os.path.basename(os.path.realpath(link)) == str(caching.content_version())
