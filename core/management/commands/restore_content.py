"""Load a `backup_content` file into a fresh database, or with --replace over current content."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from .backup_content import content_models


class Command(BaseCommand):
    help = (
        "Load a content backup made by `manage.py backup_content`. Run `manage.py migrate` first. "
        "Refuses to mix with existing content unless --replace is given, which deletes the "
        "current content in the same transaction (all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON file written by backup_content.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the current content first (in the same transaction as the load).",
        )

    def handle(self, *args, file, replace, **options):
        models = content_models()
        existing = [m._meta.label for m in models if m._default_manager.exists()]
        if existing and not replace:
            raise CommandError(
                "The database already has content (" + ", ".join(existing[:5]) + "). Restore "
                "into a fresh database, or add --replace to delete the current content first."
            )
        with transaction.atomic():
            if replace:
                for model in reversed(models):
                    model._default_manager.all().delete()
            call_command("loaddata", file, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS(f"Restored content from {file}."))
