from django.db import migrations

MODELS = ("nutrient", "factor", "relief", "page")


def assign_editorial_team(apps, schema_editor):
    """Pages already live were reviewed by the editors: say so rather than show no reviewer.

    No clinician has reviewed them, and the role says that plainly; owners name a clinical
    reviewer in admin when there is one.
    """
    Reviewer = apps.get_model("nutrients", "Reviewer")
    if not any(
        apps.get_model("nutrients", m).objects.filter(reviewed_by=None).exists() for m in MODELS
    ):
        return
    team, _ = Reviewer.objects.get_or_create(
        name="The Cramp Nutrients editorial team", defaults={"role": "not a clinician"}
    )
    for name in MODELS:
        apps.get_model("nutrients", name).objects.filter(reviewed_by=None).update(reviewed_by=team)


class Migration(migrations.Migration):
    dependencies = [("nutrients", "0004_references_reviewers")]

    operations = [migrations.RunPython(assign_editorial_team, migrations.RunPython.noop)]
