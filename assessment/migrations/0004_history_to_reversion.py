"""Keep the history recorded by django-simple-history: copy it into django-reversion."""

from django.db import migrations

from nutrients.migrations._simple_history_to_reversion import convert_history

MODELS = ["Question", "Choice", "Weight", "WarningSign", "CheckerSettings", "Rule", "Scenario"]
SCENARIO_LINKS = {
    "warning_signs": "warningsign",
    "choices": "choice",
    "expected_nutrients": "nutrient",
    "expected_factors": "factor",
    "excluded_nutrients": "nutrient",
    "excluded_factors": "factor",
    "excluded_relief": "relief",
    "excluded_foods": "foodsource",
    "expected_cautions": "rule",
}


def forwards(apps, schema_editor):
    convert_history(
        apps,
        schema_editor,
        "assessment",
        MODELS,
        m2m={"Scenario": SCENARIO_LINKS, "WarningSign": {"triggers": "choice"}},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0003_checker_safety"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
