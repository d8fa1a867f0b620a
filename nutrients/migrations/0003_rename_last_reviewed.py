from django.db import migrations

MODELS = [
    "factor",
    "historicalfactor",
    "historicalnutrient",
    "historicalpage",
    "historicalrelief",
    "nutrient",
    "page",
    "relief",
]


class Migration(migrations.Migration):
    """The review date keeps its data under the name the review record uses (reviewed_on)."""

    dependencies = [("nutrients", "0002_editors_group")]

    operations = [
        migrations.RenameField(model_name=name, old_name="last_reviewed", new_name="reviewed_on")
        for name in MODELS
    ]
