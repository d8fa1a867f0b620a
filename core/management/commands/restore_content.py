"""Load a `backup_content` file into a fresh database, or with --replace over current content.

The whole file is checked before anything is deleted or loaded: it must be a list of records
of the content apps' models, every record must deserialise, and every link between content
records (a food link's food, a nutrient's related nutrients) must point at a record in the
file. Only then is it loaded, in one transaction.
"""

import json
from pathlib import Path

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from .backup_content import content_models, content_revisions

SHOWN_PROBLEMS = 5


def check_backup(path: Path) -> int:
    """The number of records in a valid backup; CommandError saying what is wrong otherwise."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"{path} is not a readable JSON backup: {exc}") from exc
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise CommandError(f"{path} is not a backup: expected a list of records.")

    from reversion.models import Revision, Version

    # Content, and its revision history (django-reversion's two tables).
    models = {model._meta.label_lower: model for model in [*content_models(), Revision, Version]}
    strangers = sorted({str(r.get("model")) for r in records} - set(models))
    if strangers:
        raise CommandError(
            f"{path} holds records that are not site content: {', '.join(strangers[:5])}."
        )
    try:
        objects = list(serializers.deserialize("python", records))
    except Exception as exc:  # any record that cannot become a model instance
        raise CommandError(f"{path} has a record that cannot be read: {exc}") from exc

    present = {(obj.object._meta.label_lower, obj.object.pk) for obj in objects}
    problems = []
    for obj in objects:
        instance, label = obj.object, obj.object._meta.label_lower
        for field in instance._meta.concrete_fields:
            target = field.related_model
            if not field.many_to_one or not field.db_constraint or target is None:
                continue  # history rows may name records deleted since (no constraint)
            value = getattr(instance, field.attname)
            target_label = target._meta.label_lower
            missing = (target_label, value) not in present
            if value is not None and target_label in models and missing:
                problems.append(f"{label} {instance.pk}: {field.name} → {target_label} {value}")
        for name, values in (obj.m2m_data or {}).items():
            target_label = instance._meta.get_field(name).related_model._meta.label_lower
            for value in values:
                if (target_label, value) not in present:
                    problems.append(f"{label} {instance.pk}: {name} → {target_label} {value}")
    if problems:
        raise CommandError(
            f"{path} links to records it does not contain ({len(problems)}), e.g. "
            + "; ".join(problems[:SHOWN_PROBLEMS])
            + ". Nothing was changed."
        )
    return len(objects)


class Command(BaseCommand):
    help = (
        "Load a content backup made by `manage.py backup_content`. Run `manage.py migrate` first. "
        "The whole file is checked before anything changes. Refuses to mix with existing content "
        "unless --replace is given, which deletes the current content in the same transaction "
        "(all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON file written by backup_content.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the current content first (in the same transaction as the load).",
        )

    def handle(self, *args, file, replace, **options):
        count = check_backup(Path(file))
        models = content_models()
        existing = [m._meta.label for m in models if m._default_manager.exists()]
        if existing and not replace:
            raise CommandError(
                "The database already has content (" + ", ".join(existing[:5]) + "). Restore "
                "into a fresh database, or add --replace to delete the current content first."
            )
        with transaction.atomic():
            if replace:
                revisions, _ = content_revisions()
                # Deleting a revision deletes its versions; list the ids before they go.
                revisions.model.objects.filter(
                    pk__in=list(revisions.values_list("pk", flat=True))
                ).delete()
                for model in reversed(models):
                    model._default_manager.all().delete()
            call_command("loaddata", file, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS(f"Restored {count} records from {file}."))
