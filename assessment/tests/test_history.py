"""The checker's history keeps answers, choices and their points; revert restores them all."""

import pytest
from django.urls import reverse
from reversion.models import Version

from assessment.models import Choice, Rule, Scenario, Weight
from core.tests.admin_forms import admin_form_data, inline_index
from nutrients.tests.factories import make_nutrient

from .factories import make_choice, make_question, make_weight

pytestmark = pytest.mark.django_db


def save(client, obj, edit):
    url = reverse(f"admin:assessment_{obj._meta.model_name}_change", args=[obj.pk])
    data = admin_form_data(client.get(url))
    edit(data)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return Version.objects.get_for_object(obj).first()


def revert(client, obj, version):
    url = reverse(f"admin:assessment_{obj._meta.model_name}_revision", args=[obj.pk, version.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert client.post(url, admin_form_data(page)).status_code == 302


@pytest.fixture
def question(db):
    question = make_question("When do cramps happen?")
    night = make_choice(question, "At night", order=1)
    make_choice(question, "After exercise", order=2)
    make_weight(night, make_nutrient("Magnesium"), points=2)
    return question


def test_question_revert_restores_choices(reviewer_client, question):
    first = save(reviewer_client, question, lambda data: None)

    def edit(data):
        data[f"choices-{inline_index(data, 'choices', 'label', 'After exercise')}-DELETE"] = "on"
        data[f"choices-{inline_index(data, 'choices', 'label', 'At night')}-label"] = "In bed"

    save(reviewer_client, question, edit)
    assert list(question.choices.values_list("label", flat=True)) == ["In bed"]
    revert(reviewer_client, question, first)
    assert list(question.choices.values_list("label", flat=True)) == ["At night", "After exercise"]
    # The deleted choice's points came back with it.
    night = question.choices.get(label="At night")
    assert list(night.weights.values_list("points", flat=True)) == [2]


def test_choice_revert_restores_points_and_removes_added_ones(reviewer_client, question):
    night = question.choices.get(label="At night")
    first = save(reviewer_client, night, lambda data: None)
    calcium = make_nutrient("Calcium")

    def edit(data):
        data["weights-0-points"] = "-2"
        index = int(data["weights-TOTAL_FORMS"]) - 1
        data[f"weights-{index}-nutrient"] = str(calcium.pk)
        data[f"weights-{index}-points"] = "1"

    save(reviewer_client, night, edit)
    assert sorted(night.weights.values_list("points", flat=True)) == [-2, 1]
    revert(reviewer_client, night, first)
    assert list(night.weights.values_list("points", flat=True)) == [2]
    assert not Weight.objects.filter(nutrient=calcium).exists()


def test_choice_revert_restores_its_rules(reviewer_client, question):
    """A rule about the person (here: never suggest magnesium) is kept with its answer."""
    night = question.choices.get(label="At night")
    magnesium = night.weights.get().nutrient
    Rule.objects.create(
        trigger_choice=night,
        effect=Rule.Effect.SUPPRESS,
        nutrient=magnesium,
        text="Left out: your kidneys may not clear it.",
        source_name="NHS: Magnesium",
        source_url="https://www.nhs.uk/",
    )
    first = save(reviewer_client, night, lambda data: None)

    def edit(data):
        data["rules-0-text"] = "Changed words."
        data["rules-0-DELETE"] = "on"

    save(reviewer_client, night, edit)
    assert not night.rules.exists()
    revert(reviewer_client, night, first)
    rule = night.rules.get()
    assert rule.effect == Rule.Effect.SUPPRESS and rule.nutrient == magnesium
    assert rule.text == "Left out: your kidneys may not clear it."


def test_weight_list_edit_is_kept_and_restored(reviewer_client, question):
    weight = Weight.objects.get()
    first = save(reviewer_client, weight, lambda data: None)
    save(reviewer_client, weight, lambda data: data.update(points="-1"))
    revert(reviewer_client, weight, first)
    weight.refresh_from_db()
    assert weight.points == 2


def test_scenario_answers_are_kept_and_restored(reviewer_client, checker_seeded):
    scenario = Scenario.objects.get(name="Vitamin D: little daylight and bone pain")
    original = set(scenario.choices.values_list("pk", flat=True))
    first = save(reviewer_client, scenario, lambda data: None)
    other = Choice.objects.exclude(pk__in=original).first()
    save(reviewer_client, scenario, lambda data: data.update(choices=[str(other.pk)]))
    assert set(scenario.choices.values_list("pk", flat=True)) == {other.pk}

    url = reverse("admin:assessment_scenario_revision", args=[scenario.pk, first.pk])
    shown = admin_form_data(reviewer_client.get(url))
    assert set(map(int, shown["choices"])) == original  # the old answers, not today's
    revert(reviewer_client, scenario, first)
    assert set(scenario.choices.values_list("pk", flat=True)) == original


def test_scenario_compare_lists_changed_answers(reviewer_client, checker_seeded):
    scenario = Scenario.objects.get(name="Vitamin D: little daylight and bone pain")
    first = save(reviewer_client, scenario, lambda data: None)
    save(reviewer_client, scenario, lambda data: data.update(choices=[]))
    url = reverse("admin:assessment_scenario_compare", args=[scenario.pk])
    html = reviewer_client.get(url, {"from": first.pk, "to": "current"}).content.decode()
    assert "<del>" in html
    assert "Answers" in html


def test_seeding_records_a_first_version_of_each_scenario(db):
    from django.core.management import call_command

    call_command("seed_content", verbosity=0)
    assert all(
        Version.objects.get_for_object(scenario).count() == 1 for scenario in Scenario.objects.all()
    )
