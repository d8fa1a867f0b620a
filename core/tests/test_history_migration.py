"""History recorded by django-simple-history survives the move to django-reversion."""

import datetime
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("nutrients", "0009_glossary"),
    ("assessment", "0003_checker_safety"),
]
AFTER = [("nutrients", "0011_drop_simple_history"), ("assessment", "0005_drop_simple_history")]


def migrate(targets=None):
    """Move the test database to ``targets`` (default: the latest migrations)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_revisions_become_reversion_versions():
    old = migrate(BEFORE)
    try:
        Nutrient = old.get_model("nutrients", "Nutrient")
        HistoricalNutrient = old.get_model("nutrients", "HistoricalNutrient")
        Scenario = old.get_model("assessment", "Scenario")
        HistoricalScenario = old.get_model("assessment", "HistoricalScenario")
        WarningSign = old.get_model("assessment", "WarningSign")
        Links = old.get_model("assessment", "HistoricalScenario_warning_signs")
        fields = {
            "name": "Magnesium",
            "slug": "magnesium",
            "kind": "mineral",
            "summary": "Old summary.",
            "primary_role": "Role",
            "deficiency_symptom": "Cramps",
        }
        nutrient = Nutrient.objects.create(**fields)
        when = timezone.now() - datetime.timedelta(days=3)
        HistoricalNutrient.objects.create(
            id=nutrient.pk,
            history_date=when,
            history_type="~",
            history_change_reason=None,
            updated_at=when,
            **fields,
        )
        sign = WarningSign.objects.create(
            text="Swelling", advice="See a GP.", source_name="NHS", source_url="https://nhs.uk"
        )
        scenario = Scenario.objects.create(name="Case")
        record = HistoricalScenario.objects.create(
            id=scenario.pk, name="Case", history_date=when, history_type="+"
        )
        Links.objects.create(id=1, history=record, scenario=scenario, warningsign=sign)
    finally:
        new = migrate(AFTER)

    Version = new.get_model("reversion", "Version")
    (version,) = Version.objects.filter(content_type__model="nutrient")
    data = json.loads(version.serialized_data)[0]
    assert data["fields"]["summary"] == "Old summary."
    assert "symptoms" not in data["fields"]  # never recorded: a revert leaves links alone
    assert version.revision.comment == "Changed."
    assert version.revision.date_created == when
    (scenario_version,) = Version.objects.filter(content_type__model="scenario")
    assert json.loads(scenario_version.serialized_data)[0]["fields"]["warning_signs"] == [sign.pk]
    assert "nutrients_historicalnutrient" not in connection.introspection.table_names()
    migrate()  # back to the latest schema for the tests that follow
