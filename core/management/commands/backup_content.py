"""Export all site content (every model of settings.CONTENT_APPS, and their revision history).

The backup is one consistent snapshot: every table is read inside one transaction
(REPEATABLE READ on PostgreSQL; on SQLite a transaction reads one snapshot of the database),
so an editor saving meanwhile cannot leave, say, a food link whose food is missing. The file
is written next to its destination and renamed into place only when complete, so a failed
backup (a full disk) leaves the previous file as it was.
"""

import json
import os
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction

# Links to editors' accounts, which are not content (the names are kept as text).
USER_FIELDS = {"prepared_by"}


def content_revisions():
    """The revision history of content models: (revisions, versions) querysets, oldest first.

    django-reversion keeps it in its own app; only revisions about content are part of a backup.
    """
    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Revision, Version

    content_types = ContentType.objects.filter(app_label__in=settings.CONTENT_APPS)
    versions = Version.objects.filter(content_type__in=content_types).order_by("pk")
    revisions = Revision.objects.filter(version__in=versions).distinct().order_by("pk")
    return revisions, versions


def content_models():
    """Every concrete model of the content apps and readers' feedback, parents first."""
    models = [
        model
        for label in settings.EDITOR_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy
    ]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


def read_snapshot(using: str = DEFAULT_DB_ALIAS) -> list[dict]:
    """Every content record, read in one transaction; editors' accounts left out."""
    records = []
    connection = connections[using]
    # Inside a transaction someone else opened (a test, a caller's atomic block) the level is
    # already fixed and PostgreSQL refuses to change it; that transaction is the snapshot.
    own_transaction = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and own_transaction:
            with connection.cursor() as cursor:  # must come before the first read
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in content_models():
            queryset = model._default_manager.using(using).order_by(model._meta.pk.name)
            # Content types by name (their ids differ between databases); users are dropped.
            for record in serializers.serialize(
                "python", queryset.iterator(), use_natural_foreign_keys=True
            ):
                for field in USER_FIELDS.intersection(record["fields"]):
                    record["fields"][field] = None
                records.append(record)
        revisions, versions = content_revisions()
        for record in serializers.serialize("python", revisions.using(using).iterator()):
            record["fields"]["user"] = None  # users are not part of content
            records.append(record)
        # Content types by name: their ids differ from one database to the next.
        records += serializers.serialize(
            "python", versions.using(using).iterator(), use_natural_foreign_keys=True
        )
    return records


def write_atomically(path: Path, records: list[dict]) -> None:
    """Write to a temporary file beside ``path``; rename it over ``path`` only when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(records, file, cls=DjangoJSONEncoder, indent=1, ensure_ascii=False)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = (
        "Write all content (every model of the nutrients and assessment apps, with the revision "
        "history editors use to revert, and readers' feedback) to a JSON fixture, as one "
        "consistent snapshot. Editors' user accounts are not exported: history rows keep their "
        "text but forget who made the "
        "change. Restore with `manage.py restore_content FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="File to write (JSON).")

    def handle(self, *args, output, **options):
        records = read_snapshot()
        path = Path(output)
        write_atomically(path, records)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(records)} records to {path}."))
