"""The shipped scenarios (fixtures/checker.json) all pass against the shipped weights."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from assessment.models import Scenario, WarningSign
from assessment.questionnaire import load_questionnaire
from assessment.scenarios import run_scenario, run_scenarios
from assessment.scoring import Answers, score

FIXTURE = Path(settings.FIXTURE_DIRS[0]) / "checker.json"
SHIPPED = [
    o["fields"]["name"]
    for o in json.loads(FIXTURE.read_text())
    if o["model"] == "assessment.scenario"
]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_passes(checker_seeded, name):
    (run,) = run_scenarios(Scenario.objects.filter(name=name))
    assert run.passed, run.problems


def test_shipped_scenarios_cover_the_seed_claims(checker_seeded):
    expected = {
        "magnesium": "Magnesium: night cramps, twitching, few leafy greens",
        "b-vitamins": "B vitamins: tingling and numbness, no meat, eggs or dairy",
        "vitamin-d": "Vitamin D: little daylight and bone pain",
        "vitamin-k2": "Vitamin K2: age 65 or over with night cramps",
    }
    for slug, name in expected.items():
        scenario = Scenario.objects.get(name=name)
        assert list(scenario.expected_nutrients.values_list("slug", flat=True)) == [slug]
    dehydration = Scenario.objects.get(name="Dehydration: heavy sweating and little fluid")
    assert list(dehydration.expected_factors.values_list("slug", flat=True)) == [
        "dehydration-electrolytes"
    ]
    assert Scenario.objects.filter(expected_tier="urgent").count() >= 1
    assert Scenario.objects.filter(expected_tier="emergency").count() >= 1


def test_every_warning_sign_alone_leads_to_urgent_advice(checker_seeded):
    questionnaire = load_questionnaire()
    for sign in WarningSign.objects.active():
        result = score(questionnaire, Answers(warning_signs=frozenset({sign.pk})))
        assert [w.id for w in result.warnings] == [sign.pk]


# Publishers a warning sign may cite: the NHS and its trusts, UK public bodies, and (where the NHS
# has no page, e.g. rhabdomyolysis) another government health service.
CHECKABLE = (
    "https://www.nhs.uk/",
    "https://www.nth.nhs.uk/",
    "https://www.swast.nhs.uk/",
    "https://www.healthdirect.gov.au/",
)


def test_every_warning_sign_names_a_checkable_source(checker_seeded):
    for sign in WarningSign.objects.all():
        assert sign.source_name
        assert sign.source_url.startswith(CHECKABLE), sign.source_url


def test_breaking_a_weight_makes_its_scenario_fail(checker_seeded):
    from assessment.models import Weight

    Weight.objects.filter(choice__label="Muscle twitching", nutrient__slug="magnesium").update(
        points=-5
    )
    scenario = Scenario.objects.get(name="Magnesium: night cramps, twitching, few leafy greens")
    run = run_scenario(load_questionnaire(), scenario)
    assert not run.passed
    assert "Magnesium should appear but does not." in run.problems


def test_magnesium_scenario_ranks_magnesium_first(checker_seeded):
    scenario = Scenario.objects.get(name="Magnesium: night cramps, twitching, few leafy greens")
    (run,) = run_scenarios(Scenario.objects.filter(pk=scenario.pk))
    assert run.advice.suggestions[0].target.name == "Magnesium"
