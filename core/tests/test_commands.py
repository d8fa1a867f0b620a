"""The content commands: create_editor and seed_content (backups: test_backup.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from nutrients.models import Nutrient


def test_create_editor_command(db):
    call_command("create_editor", "sam", password="a-long-editor-password-9", verbosity=0)
    user = get_user_model().objects.get(username="sam")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Editors").exists()


@pytest.mark.django_db
def test_seed_content_command_never_overwrites_edits(db):
    call_command("seed_content", verbosity=0)
    Nutrient.objects.filter(slug="magnesium").update(summary="Edited by an editor.")
    call_command("seed_content", verbosity=0)
    assert Nutrient.objects.get(slug="magnesium").summary == "Edited by an editor."
    # The shipped text was recorded as the first revision, so it can be restored.
    from reversion.models import Version

    assert Version.objects.get_for_object(Nutrient.objects.get(slug="magnesium")).count() == 1


def test_create_editor_can_make_a_clinical_reviewer(db):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command(
        "create_editor", "rita", password="a-long-reviewer-password-9", reviewer=True, verbosity=0
    )
    user = get_user_model().objects.get(username="rita")
    assert user.has_perm("core.publish_content")
    assert user.is_staff and not user.is_superuser
