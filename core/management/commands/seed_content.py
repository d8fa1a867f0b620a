from django.core.management import call_command
from django.core.management.base import BaseCommand

from nutrients.models import Nutrient

FIXTURES = ["content", "checker"]


class Command(BaseCommand):
    help = (
        "Load the shipped content fixtures into an empty database. Does nothing when content "
        "is already there, so editors' changes are never overwritten (use --force to reload)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Reload the fixtures even if content exists (overwrites edited records).",
        )

    def handle(self, *args, force, **options):
        if Nutrient.objects.exists() and not force:
            self.stdout.write("Content already present: fixtures not reloaded (--force reloads).")
            return
        from django.conf import settings

        names = [name for name in FIXTURES if (settings.FIXTURE_DIRS[0] / f"{name}.json").exists()]
        call_command("loaddata", *names, verbosity=options["verbosity"])
        # Record the shipped text as the first revision so editors can revert to it.
        call_command("createinitialrevisions", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Loaded fixtures: {', '.join(names)}."))
