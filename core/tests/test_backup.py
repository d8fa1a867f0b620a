"""Backup and restore: the shipped content survives a round trip and the pages are identical."""

import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from core.management.commands.backup_content import content_models, content_revisions
from core.public_paths import PAGES
from nutrients.models import Nutrient
from nutrients.tests.factories import make_nutrient

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [*PAGES, "/sitemap.xml"]


CSRF_TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')


def pages():
    """Each page's HTML, with the per-request CSRF token masked out."""
    client = Client()
    return {
        path: CSRF_TOKEN.sub(r"\1…", client.get(path).content.decode()) for path in PUBLIC_PATHS
    }


def delete_all_content():
    revisions, _ = content_revisions()
    revisions.model.objects.filter(pk__in=list(revisions.values_list("pk", flat=True))).delete()
    for model in reversed(content_models()):
        model._default_manager.all().delete()


def test_round_trip_of_shipped_content_gives_identical_pages(tmp_path):
    call_command("seed_content", verbosity=0)
    before = pages()
    counts = {model: model._default_manager.count() for model in content_models()}
    revision_counts = [qs.count() for qs in content_revisions()]
    assert revision_counts[1] > 0
    backup = tmp_path / "content.json"
    call_command("backup_content", output=str(backup), verbosity=0)

    delete_all_content()
    assert "Magnesium" not in pages()["/nutrients/"]

    call_command("restore_content", str(backup), verbosity=0)
    assert {model: model._default_manager.count() for model in content_models()} == counts
    assert [qs.count() for qs in content_revisions()] == revision_counts
    after = pages()
    for path in PUBLIC_PATHS:
        assert after[path] == before[path], path


def test_backup_includes_history_but_no_user_accounts(tmp_path, editor):
    import reversion

    with reversion.create_revision():
        reversion.set_user(editor)
        make_nutrient("Magnesium")
    backup = tmp_path / "content.json"
    call_command("backup_content", output=str(backup), verbosity=0)
    records = json.loads(backup.read_text())
    models = {record["model"] for record in records}
    assert {"nutrients.nutrient", "reversion.revision", "reversion.version"} <= models
    assert not any(model.startswith("auth.") for model in models)
    revisions = [r for r in records if r["model"] == "reversion.revision"]
    assert {r["fields"]["user"] for r in revisions} == {None}
    versions = [r for r in records if r["model"] == "reversion.version"]
    assert {tuple(r["fields"]["content_type"]) for r in versions} == {("nutrients", "nutrient")}
    assert "a-long-test-password" not in backup.read_text()


def test_restored_history_can_still_be_reverted(tmp_path):
    import reversion
    from reversion.models import Version

    with reversion.create_revision():
        nutrient = make_nutrient("Magnesium", summary="First.")
    backup = tmp_path / "content.json"
    call_command("backup_content", output=str(backup), verbosity=0)
    delete_all_content()
    Version.objects.all().delete()
    call_command("restore_content", str(backup), verbosity=0)
    Nutrient.objects.filter(pk=nutrient.pk).update(summary="Changed.")
    Version.objects.get_for_object(nutrient).get().revision.revert(delete=True)
    assert Nutrient.objects.get(pk=nutrient.pk).summary == "First."


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


# --- A backup is a consistent snapshot, written whole or not at all ----------------------------


@pytest.mark.django_db(transaction=True)
def test_backup_reads_every_table_in_one_snapshot(tmp_path, monkeypatch):
    """An editor saving mid-backup must not leave a food link whose food is gone: every
    table is read inside one transaction (REPEATABLE READ on PostgreSQL)."""
    from django.core import serializers
    from django.db import connection

    make_nutrient("Magnesium")
    seen = []
    serialize = serializers.serialize

    def watching(format, queryset, **options):
        isolation = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW transaction_isolation")
                isolation = cursor.fetchone()[0]
        seen.append((connection.in_atomic_block, isolation))
        return serialize(format, queryset, **options)

    monkeypatch.setattr(serializers, "serialize", watching)
    call_command("backup_content", output=str(tmp_path / "content.json"), verbosity=0)
    assert len(seen) == len(content_models()) + 2  # and the revisions and their versions
    assert all(in_transaction for in_transaction, _ in seen)
    if connection.vendor == "postgresql":
        assert {isolation for _, isolation in seen} == {"repeatable read"}


def test_a_failed_backup_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    make_nutrient("Magnesium")
    backup = tmp_path / "content.json"
    call_command("backup_content", output=str(backup), verbosity=0)
    good = backup.read_bytes()

    from core.management.commands import backup_content

    def disk_full(records, file, **kwargs):
        file.write("[\n{")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_content.json, "dump", disk_full)
    with pytest.raises(OSError, match="No space left"):
        call_command("backup_content", output=str(backup), verbosity=0)
    assert backup.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["content.json"]  # no temporary file left


# --- A restore checks the whole file before it loads anything ----------------------------------


def backup_records(tmp_path):
    call_command("seed_content", verbosity=0)
    backup = tmp_path / "content.json"
    call_command("backup_content", output=str(backup), verbosity=0)
    return backup, json.loads(backup.read_text())


def test_restore_refuses_a_food_link_whose_food_is_missing(tmp_path):
    backup, records = backup_records(tmp_path)
    food = next(r for r in records if r["model"] == "nutrients.foodsource")
    records.remove(food)
    backup.write_text(json.dumps(records))
    counts = {model: model._default_manager.count() for model in content_models()}
    with pytest.raises(CommandError, match="nutrients.foodsource"):
        call_command("restore_content", str(backup), replace=True, verbosity=0)
    # Nothing was deleted or loaded.
    assert {model: model._default_manager.count() for model in content_models()} == counts


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{not json",
        "{}",
        '[{"model": "auth.user", "pk": 1, "fields": {}}]',
        '[{"model": "nutrients.nutrient", "pk": 1, "fields": {"order": "many"}}]',
        '[{"model": "nutrients.nutrient", "fields": {"no_such_field": 1}}]',
        '["just a string"]',
    ],
)
def test_restore_refuses_a_broken_file_before_touching_the_database(tmp_path, text):
    make_nutrient("Calcium")
    backup = tmp_path / "content.json"
    backup.write_text(text)
    with pytest.raises(CommandError):
        call_command("restore_content", str(backup), replace=True, verbosity=0)
    assert list(Nutrient.objects.values_list("name", flat=True)) == ["Calcium"]


def test_changes_awaiting_review_are_backed_up_without_accounts(tmp_path, editor):
    from core.review import keep_as_draft

    keep_as_draft(make_nutrient("Magnesium"), editor, ready=True)
    backup = tmp_path / "content.json"
    call_command("backup_content", output=str(backup), verbosity=0)
    records = [r for r in json.loads(backup.read_text()) if r["model"] == "core.pendingchange"]
    assert len(records) == 1
    assert records[0]["fields"]["prepared_by"] is None
    assert records[0]["fields"]["prepared_by_name"] == "editor"
    assert records[0]["fields"]["content_type"] == ["nutrients", "nutrient"]
