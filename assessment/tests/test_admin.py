import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from assessment.models import Question, Scenario, Weight

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "admin:assessment_question_changelist",
    "admin:assessment_question_add",
    "admin:assessment_choice_changelist",
    "admin:assessment_weight_changelist",
    "admin:assessment_warningsign_changelist",
    "admin:assessment_checkersettings_changelist",
    "admin:assessment_scenario_changelist",
    "admin:assessment_scenario_add",
    "admin:assessment_scenario_run",
]


def test_editors_group_gets_every_checker_permission():
    codenames = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="assessment")
        .values_list("codename", flat=True)
    )
    for model in ["question", "choice", "weight", "warningsign", "checkersettings", "scenario"]:
        for action in ["add", "change", "delete", "view"]:
            assert f"{action}_{model}" in codenames


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_editor_can_open_checker_admin(editor_client, checker_seeded, name):
    assert editor_client.get(reverse(name)).status_code == 200


def test_anonymous_cannot_run_scenarios(client):
    response = client.get(reverse("admin:assessment_scenario_run"))
    assert response.status_code == 302


def test_question_page_shows_choices_inline_with_their_points(editor_client, checker_seeded):
    question = Question.objects.get(text="When do your cramps usually happen?")
    page = editor_client.get(reverse("admin:assessment_question_change", args=[question.pk]))
    html = page.content.decode()
    assert "At night or while sleeping" in html
    assert "Magnesium +1" in html


def test_weights_are_added_on_their_answer_by_editors_not_alone(
    editor_client, reviewer_client, checker_seeded
):
    assert editor_client.get(reverse("admin:assessment_weight_add")).status_code == 403
    assert reviewer_client.get(reverse("admin:assessment_weight_add")).status_code == 200


def test_admin_refuses_weight_with_both_targets(reviewer_client, checker_seeded):
    count = Weight.objects.count()
    response = reviewer_client.post(
        reverse("admin:assessment_weight_add"),
        {"choice": "1", "nutrient": "1", "factor": "1", "points": "2"},
    )
    assert response.status_code == 200
    assert "either a nutrient or a contributing factor" in response.content.decode()
    assert Weight.objects.count() == count


def test_admin_refuses_weight_without_target(reviewer_client, checker_seeded):
    response = reviewer_client.post(
        reverse("admin:assessment_weight_add"), {"choice": "1", "points": "2"}
    )
    assert response.status_code == 200
    assert "either a nutrient or a contributing factor" in response.content.decode()


def test_run_all_shows_every_shipped_scenario_passing(editor_client, checker_seeded):
    page = editor_client.get(reverse("admin:assessment_scenario_run")).content.decode()
    total = Scenario.objects.count()
    assert f"{total} passed, 0 failed" in page
    assert "Magnesium: 5 points, worth looking at" in page


def weight_list_post(client, weight, points, query="?q=twitching"):
    changelist = reverse("admin:assessment_weight_changelist")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(weight.pk),
        "form-0-points": str(points),
        "_save": "Save",
    }
    return client.post(changelist + query, data, follow=True)


def harmless_points_change():
    """A weight and new points that keep every shipped scenario passing (found, not assumed)."""
    from django.db import transaction

    from assessment.admin import failing_scenarios

    for weight in Weight.objects.exclude(nutrient=None).order_by("pk"):
        new = weight.points - 1
        with transaction.atomic():
            Weight.objects.filter(pk=weight.pk).update(points=new)
            harmless = not failing_scenarios()
            transaction.set_rollback(True)
        if harmless:
            return weight, new
    raise AssertionError("no weight can change without failing a scenario")


def test_reviewer_list_edit_that_breaks_a_scenario_is_refused(reviewer_client, checker_seeded):
    weight = Weight.objects.get(choice__label="Muscle twitching", nutrient__slug="magnesium")
    before = weight.points
    page = weight_list_post(reviewer_client, weight, -5).content.decode()
    assert "Not published" in page
    assert "Magnesium should appear but does not." in page
    weight.refresh_from_db()
    assert weight.points == before
    run = reviewer_client.get(reverse("admin:assessment_scenario_run")).content.decode()
    assert "0 failed" in run


def test_reviewer_list_edit_that_keeps_scenarios_passing_is_saved(reviewer_client, checker_seeded):
    weight, points = harmless_points_change()
    weight_list_post(reviewer_client, weight, points, query="")
    assert Weight.objects.get(pk=weight.pk).points == points


def test_editors_cannot_edit_points_in_the_list(editor_client, checker_seeded):
    weight = Weight.objects.get(choice__label="Muscle twitching", nutrient__slug="magnesium")
    weight_list_post(editor_client, weight, weight.points + 1)
    assert Weight.objects.get(pk=weight.pk).points == weight.points


def test_run_selected_action_shows_results(editor_client, checker_seeded):
    scenario = Scenario.objects.get(name="Vitamin D: little daylight and bone pain")
    response = editor_client.post(
        reverse("admin:assessment_scenario_changelist"),
        {"action": "run_selected", "_selected_action": [scenario.pk]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 passed, 0 failed" in page
    assert "Vitamin D: 4 points, possible" in page


def test_scenario_page_shows_its_current_verdict(editor_client, checker_seeded):
    scenario = Scenario.objects.get(name="Vitamin D: little daylight and bone pain")
    page = editor_client.get(reverse("admin:assessment_scenario_change", args=[scenario.pk]))
    assert "<strong>PASS</strong>: All expectations met." in page.content.decode()


def test_settings_cannot_be_added_twice_or_deleted(editor_client, checker_seeded):
    assert editor_client.get(reverse("admin:assessment_checkersettings_add")).status_code == 403
    delete = reverse("admin:assessment_checkersettings_delete", args=[1])
    assert editor_client.get(delete).status_code == 403


NEW_QUESTION = {
    "text": "Do you drink a lot of coffee?",
    "why": "",
    "kind": "single",
    "required": "on",
    "order": "1",
    "is_active": "on",
    "choices-TOTAL_FORMS": "2",
    "choices-INITIAL_FORMS": "0",
    "choices-0-label": "Yes",
    "choices-0-order": "1",
    "choices-1-label": "No",
    "choices-1-order": "2",
}


def first_question_page(client):
    from .walk import begin, submit

    return submit(client, begin(client), warning=["none"]).content.decode()


def test_reviewer_adds_a_question_and_readers_see_it(reviewer_client, checker_seeded, client):
    response = reviewer_client.post(reverse("admin:assessment_question_add"), NEW_QUESTION)
    assert response.status_code == 302, response.content.decode()[:3000]
    first = first_question_page(client)
    assert "Do you drink a lot of coffee?" in first
    assert "Question 1 of 12" in first


def test_editor_adds_a_question_that_waits_for_review(editor_client, checker_seeded, client):
    response = editor_client.post(reverse("admin:assessment_question_add"), NEW_QUESTION)
    assert response.status_code == 302
    assert not Question.objects.get(text="Do you drink a lot of coffee?").is_active
    assert "Do you drink a lot of coffee?" not in first_question_page(client)


def test_scenario_list_shows_each_verdict_in_a_fixed_number_of_queries(
    editor_client, checker_seeded, django_assert_max_num_queries
):
    url = reverse("admin:assessment_scenario_changelist")
    # A fixed number whatever the number of scenarios: one prefetch per answer or expectation
    # list (nine of them since scenarios list relief, foods and cautions too) and one read of
    # the questionnaire (with its rules, sign triggers, food lists and relief), plus the
    # savepoint pair of the revision every admin view opens.
    with django_assert_max_num_queries(29):
        page = editor_client.get(url).content.decode()
    assert page.count(">PASS<") == Scenario.objects.count()


def test_scenario_list_shows_what_a_weight_change_broke(editor_client, checker_seeded):
    Weight.objects.filter(choice__label="Muscle twitching", nutrient__slug="magnesium").update(
        points=-5
    )
    page = editor_client.get(reverse("admin:assessment_scenario_changelist")).content.decode()
    assert "FAIL: Magnesium should appear but does not." in page


def test_scenario_form_lists_answers_without_a_query_each(
    editor_client, checker_seeded, django_assert_max_num_queries
):
    scenario = Scenario.objects.first()
    # The verdict reads the questionnaire once (nine queries with rules, sign triggers, food
    # lists and relief), the scenario's nine lists are prefetched twice (verdict and form), and
    # each selection widget lists its choices once; plus the savepoint pair of the revision
    # every admin view opens.
    with django_assert_max_num_queries(48):
        response = editor_client.get(
            reverse("admin:assessment_scenario_change", args=[scenario.pk])
        )
    assert response.status_code == 200


def test_run_page_has_the_admin_breadcrumb_bar(editor_client, checker_seeded):
    html = editor_client.get(reverse("admin:assessment_scenario_run")).content.decode()
    assert '<ol class="breadcrumbs">' in html
    assert '<div class="breadcrumbs">' not in html


def test_question_page_sums_up_what_its_answers_move(editor_client, checker_seeded):
    weight = Weight.objects.select_related("choice__question", "nutrient").exclude(nutrient=None)[0]
    question = weight.choice.question
    url = reverse("admin:assessment_question_change", args=[question.pk])
    html = editor_client.get(url).content.decode()
    assert "What its answers move" in html
    assert f"<strong>{weight.nutrient.name}</strong>" in html
    assert f"{weight.points:+d} for \u201c{weight.choice.label}\u201d" in html
    assert f"?choice__question__id__exact={question.pk}" in html


def test_weights_list_is_one_short_line_each_filtered_by_question(editor_client, checker_seeded):
    question = Question.objects.filter(choices__weights__isnull=False).first()
    url = reverse("admin:assessment_weight_changelist")
    response = editor_client.get(url, {"choice__question__id__exact": question.pk})
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown and {w.choice.question_id for w in shown} == {question.pk}
    html = response.content.decode()
    assert "Nutrient or factor" in html
    assert "css/admin-editing.css" in html  # points inputs sized to fit at 1280 px
    assert response.context["cl"].list_per_page <= 50
