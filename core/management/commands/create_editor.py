from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.editors import EDITORS_GROUP, REVIEWERS_GROUP


class Command(BaseCommand):
    help = "Create (or update) an editor login: staff access to content, not to users."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password",
            help="Password to set. Omit it to be asked (safer: it stays out of shell history).",
        )
        parser.add_argument(
            "--reviewer",
            action="store_true",
            help="Make a clinical reviewer: may also approve and publish health content and "
            "checker rules.",
        )

    def handle(self, *args, username, email, password, reviewer=False, **options):
        User = get_user_model()
        if password is None:
            import getpass

            password = getpass.getpass(f"Password for {username}: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords did not match.")
        user, created = User.objects.get_or_create(username=username)
        try:
            validate_password(password, user)
        except ValidationError as error:
            if created:
                user.delete()
            raise CommandError(" ".join(error.messages)) from error
        if email:
            user.email = email
        user.is_staff = True
        user.set_password(password)
        user.save()
        group = REVIEWERS_GROUP if reviewer else EDITORS_GROUP
        user.groups.add(Group.objects.get(name=group))
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} editor '{username}'. Log in at /admin/."))
