"""Export all site content (nutrients and checker apps, revision history included) as a fixture."""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder


def content_models():
    """Every concrete model of the content apps, history tables included, parents first."""
    models = [
        model
        for label in settings.CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy
    ]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


class Command(BaseCommand):
    help = (
        "Write all content (every model of the nutrients and assessment apps, with the revision "
        "history editors use to revert) to a JSON fixture. Editors' user accounts are not "
        "exported: history rows keep their text but forget who made the change. Restore with "
        "`manage.py restore_content FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="File to write (JSON).")

    def handle(self, *args, output, **options):
        records = []
        for model in content_models():
            queryset = model._default_manager.order_by(model._meta.pk.name)
            for record in serializers.serialize("python", queryset.iterator()):
                if "history_user" in record["fields"]:
                    record["fields"]["history_user"] = None  # users are not part of content
                records.append(record)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(records, cls=DjangoJSONEncoder, indent=1, ensure_ascii=False))
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(records)} records to {path}."))
