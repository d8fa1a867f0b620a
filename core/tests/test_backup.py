"""Backup and restore: the shipped content survives a round trip and the pages are identical."""

import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from core.management.commands.backup_content import content_models
from nutrients.models import Nutrient
from nutrients.tests.factories import make_nutrient

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/",
    "/nutrients/",
    "/nutrients/magnesium/",
    "/nutrients/b-vitamins/",
    "/compare/",
    "/foods/",
    "/foods/leafy-greens/",
    "/other-causes-and-relief/",
    "/about/",
    "/conclusion/",
    "/checker/",
    "/sitemap.xml",
]


CSRF_TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')


def pages():
    """Each page's HTML, with the per-request CSRF token masked out."""
    client = Client()
    return {
        path: CSRF_TOKEN.sub(r"\1…", client.get(path).content.decode()) for path in PUBLIC_PATHS
    }


def delete_all_content():
    for model in reversed(content_models()):
        model._default_manager.all().delete()


def test_round_trip_of_shipped_content_gives_identical_pages(tmp_path):
    call_command("seed_content", verbosity=0)
    before = pages()
    counts = {model: model._default_manager.count() for model in content_models()}
    backup = tmp_path / "content.json"
    call_command("backup_content", output=str(backup), verbosity=0)

    delete_all_content()
    assert "Magnesium" not in pages()["/nutrients/"]

    call_command("restore_content", str(backup), verbosity=0)
    assert {model: model._default_manager.count() for model in content_models()} == counts
    after = pages()
    for path in PUBLIC_PATHS:
        assert after[path] == before[path], path


def test_backup_includes_history_but_no_user_accounts(tmp_path, editor):
    nutrient = make_nutrient("Magnesium")
    nutrient._history_user = editor
    nutrient.summary = "Edited."
    nutrient.save()
    backup = tmp_path / "content.json"
    call_command("backup_content", output=str(backup), verbosity=0)
    records = json.loads(backup.read_text())
    models = {record["model"] for record in records}
    assert "nutrients.nutrient" in models
    assert "nutrients.historicalnutrient" in models
    assert not any(model.startswith("auth.") for model in models)
    history = [r for r in records if r["model"] == "nutrients.historicalnutrient"]
    assert {r["fields"]["history_user"] for r in history} == {None}
    assert "a-long-test-password" not in backup.read_text()


def test_restore_refuses_to_mix_with_existing_content(tmp_path):
    make_nutrient("Magnesium")
    backup = tmp_path / "content.json"
    call_command("backup_content", output=str(backup), verbosity=0)
    with pytest.raises(CommandError, match="already has content"):
        call_command("restore_content", str(backup), verbosity=0)


def test_restore_with_replace_swaps_content_atomically(tmp_path):
    make_nutrient("Magnesium")
    backup = tmp_path / "content.json"
    call_command("backup_content", output=str(backup), verbosity=0)
    Nutrient.objects.all().delete()
    make_nutrient("Calcium")
    call_command("restore_content", str(backup), replace=True, verbosity=0)
    assert list(Nutrient.objects.values_list("name", flat=True)) == ["Magnesium"]
