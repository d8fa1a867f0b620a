"""Keep the history recorded by django-simple-history: copy it into django-reversion."""

from django.db import migrations

from ._simple_history_to_reversion import convert_history

MODELS = [
    "Reviewer",
    "Reference",
    "FoodSource",
    "Symptom",
    "Nutrient",
    "NutrientSection",
    "Factor",
    "Relief",
    "Page",
    "SearchSynonym",
    "IntakeValue",
    "FoodAmount",
    "GlossaryTerm",
]


def forwards(apps, schema_editor):
    convert_history(apps, schema_editor, "nutrients", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("nutrients", "0009_glossary"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
