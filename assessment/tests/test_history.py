import pytest
from django.urls import reverse

from assessment.models import Scenario

pytestmark = pytest.mark.django_db


def scenario_form_data(scenario, **changes):
    data = {
        "name": scenario.name,
        "notes": scenario.notes,
        "warning_signs": [s.pk for s in scenario.warning_signs.all()],
        "choices": [c.pk for c in scenario.choices.all()],
        "expected_nutrients": [n.pk for n in scenario.expected_nutrients.all()],
        "expected_factors": [f.pk for f in scenario.expected_factors.all()],
        "excluded_nutrients": [n.pk for n in scenario.excluded_nutrients.all()],
        "excluded_factors": [f.pk for f in scenario.excluded_factors.all()],
        "excluded_relief": [r.pk for r in scenario.excluded_relief.all()],
        "excluded_foods": [f.pk for f in scenario.excluded_foods.all()],
        "expected_cautions": [r.pk for r in scenario.expected_cautions.all()],
        "expected_tier": scenario.expected_tier,
        "source_url": scenario.source_url,
    }
    data.update(changes)
    return data


def test_scenario_history_keeps_its_answers_and_can_be_restored(editor_client, checker_seeded):
    scenario = Scenario.objects.get(name="Vitamin D: little daylight and bone pain")
    original = set(scenario.choices.values_list("pk", flat=True))
    change_url = reverse("admin:assessment_scenario_change", args=[scenario.pk])

    editor_client.post(change_url, scenario_form_data(scenario))  # first recorded version
    first = scenario.history.latest()
    response = editor_client.post(change_url, scenario_form_data(scenario, choices=[1]))
    assert response.status_code == 302
    assert set(scenario.choices.values_list("pk", flat=True)) == {1}

    assert {c.choice_id for c in first.choices.all()} == original
    revert_url = reverse(
        "admin:assessment_scenario_simple_history", args=[scenario.pk, first.history_id]
    )
    page = editor_client.get(revert_url)
    assert page.status_code == 200
    initial = page.context["adminform"].form.initial["choices"]
    assert {getattr(c, "pk", c) for c in initial} == original
    response = editor_client.post(revert_url, scenario_form_data(scenario, choices=list(original)))
    assert response.status_code == 302
    assert set(scenario.choices.values_list("pk", flat=True)) == original


def test_seeding_records_a_first_version_of_each_scenario(db):
    from django.core.management import call_command

    call_command("seed_content", verbosity=0)
    assert all(scenario.history.count() == 1 for scenario in Scenario.objects.all())
