"""Shared pytest fixtures: focused data makers and the full seed content when a test needs it."""

import os

import pytest
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings

# Property tests: repeatable in CI (same examples every run, nothing read from a local example
# database); fresh random examples on a developer's machine. Tests that name their own
# max_examples (tests/security/test_fuzz.py) keep them; these profiles set the rest.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with an empty cache (page cache, content version): no cross-talk.

    On Redis only this run's keys (its KEY_PREFIX) are deleted, never the whole database.
    """
    from django.conf import settings
    from django.core.cache import cache

    config = settings.CACHES["default"]
    if config["BACKEND"].endswith("RedisCache") and config.get("KEY_PREFIX"):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{config['KEY_PREFIX']}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture
def seeded(db):
    """The whole shipped content, for tests that check the content itself."""
    call_command("loaddata", "content", verbosity=0)


@pytest.fixture
def editor(db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("editor", password="a-long-test-password-1")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer(db, django_user_model):
    """A clinical reviewer: an editor who may also approve and publish."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "reviewer", password="a-long-test-password-2", first_name="Rita", last_name="Reviewer"
    )
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    return user


@pytest.fixture
def reviewer_client(reviewer):
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    return client
