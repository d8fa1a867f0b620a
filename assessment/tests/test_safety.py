"""The shipped checker's safety: each red flag at its tier, honest weights, rules about the
person as readers see them, and every question's error naming its own opt-out."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.models import CheckerSettings, Choice, Question, Rule, WarningSign, Weight
from assessment.questionnaire import load_questionnaire
from assessment.scoring import Answers, TargetKind, Tier, advise, score

from .walk import post, walk

pytestmark = pytest.mark.django_db

ABOUT_YOU = "About you: do any of these apply?"
DIET = "Which of these describes how you eat?"
NOTHING_ELSE = {ABOUT_YOU: ["None of these"], DIET: ["I eat meat or fish"]}


def sign(fragment):
    return WarningSign.objects.get(text__contains=fragment)


def choice(label, question=None):
    choices = Choice.objects.filter(label=label)
    if question:
        choices = choices.filter(question__text=question)
    return choices.get()


# --- Red flags at the right tier --------------------------------------------------------------

RED_FLAGS = [
    ("Chest pain or tightness", "emergency", "https://www.nhs.uk/conditions/chest-pain/"),
    (
        "and you are also breathless",
        "emergency",
        "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",
    ),
    ("drooping face", "emergency", "https://www.nhs.uk/conditions/stroke/symptoms/"),
    ("Jaw or neck stiffness", "emergency", "https://www.nhs.uk/conditions/tetanus/"),
    ("hard to breathe or swallow", "emergency", "https://www.swast.nhs.uk/when-to-call-999"),
    ("Very confused, fainting", "emergency", "https://www.swast.nhs.uk/when-to-call-999"),
    (
        "Pain, swelling, warmth or redness in one leg",
        "urgent",
        "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",
    ),
    ("cola-coloured pee", "urgent", "https://www.healthdirect.gov.au/rhabdomyolysis"),
    ("after thyroid or parathyroid", "urgent", "https://www.nth.nhs.uk/"),
    ("little or no pee for 8 hours", "urgent", "https://www.nhs.uk/conditions/dehydration/"),
    ("since starting a statin", "urgent", "https://www.nhs.uk/conditions/statins/side-effects/"),
    ("deep or dirty cut", "urgent", "https://www.nhs.uk/conditions/tetanus/"),
    ("longer than 10 minutes", "urgent", "https://www.nhs.uk/conditions/leg-cramps/"),
    ("getting smaller", "soon", "https://www.nhs.uk/conditions/leg-cramps/"),
    ("disturb your sleep", "soon", "https://www.nhs.uk/conditions/leg-cramps/"),
    ("Numbness or swelling in your legs", "soon", "https://www.nhs.uk/conditions/leg-cramps/"),
]


@pytest.mark.parametrize("fragment,tier,source", RED_FLAGS, ids=[f[0] for f in RED_FLAGS])
def test_each_red_flag_has_its_tier_and_source(checker_seeded, fragment, tier, source):
    warning = sign(fragment)
    assert warning.urgency == tier
    assert warning.source_url.startswith(source)
    result = score(load_questionnaire(), Answers(warning_signs=frozenset({warning.pk})))
    assert result.tier == Tier(tier)


def test_every_active_red_flag_is_covered_by_this_test(checker_seeded):
    assert WarningSign.objects.active().count() == len(RED_FLAGS)


def test_tier_advice_starts_with_its_action(checker_seeded):
    starts = {"emergency": "Call 999", "urgent": "Get help today", "soon": "See a GP"}
    for warning in WarningSign.objects.active():
        assert warning.advice.startswith(starts[warning.urgency]), warning.text


def test_cramps_in_arms_or_belly_are_not_an_emergency_sign(checker_seeded):
    chest = sign("Chest pain or tightness")
    assert "belly" not in chest.text and "arms," not in chest.text
    assert not WarningSign.objects.filter(text__icontains="belly").exists()


def test_a_dirty_wound_alone_is_not_999_but_stiffness_after_a_wound_is(checker_seeded):
    assert sign("deep or dirty cut").urgency == "urgent"
    assert "not a 999 call" in sign("deep or dirty cut").advice
    assert sign("Jaw or neck stiffness").urgency == "emergency"


def test_neck_surgery_with_tingling_raises_the_low_calcium_sign_unticked(checker_seeded):
    questionnaire = load_questionnaire()
    about, others = Question.objects.get(text=ABOUT_YOU), choice("Tingling or numbness")
    surgery = choice("Thyroid or parathyroid surgery (on your neck) in the last few weeks")
    answers = Answers(choices={about.pk: (surgery.pk,), others.question_id: (others.pk,)})
    advice = advise(questionnaire, answers)
    assert [w.id for w in advice.warnings] == [sign("after thyroid or parathyroid").pk]
    assert advice.tier == Tier.URGENT


def test_the_result_leads_with_the_highest_tier_in_words(client, checker_seeded):
    dirty, jaw = sign("deep or dirty cut"), sign("Jaw or neck stiffness")
    page = walk(client, warnings=[str(dirty.pk), str(jaw.pk)], answers=NOTHING_ELSE)
    html = page.content.decode()
    assert html.index('<h2 id="urgent-title">Call 999 now</h2>') < html.index("Get help today")
    assert html.index(jaw.text) < html.index(dirty.text)
    assert 'class="tier tier-emergency"' in html and "<svg viewBox" in html


# --- Honest scoring ---------------------------------------------------------------------------


@pytest.fixture
def shipped_weights(checker_seeded):
    questionnaire = load_questionnaire()
    return questionnaire, [c for q in questionnaire.questions for c in q.choices]


def test_no_single_answer_reaches_the_threshold_for_a_nutrient(shipped_weights):
    """Every answer alone, with the shipped weights and threshold."""
    questionnaire, choices = shipped_weights
    for item in choices:
        question = next(q for q in questionnaire.questions if q.choice(item.id))
        result = score(questionnaire, Answers(choices={question.id: (item.id,)}))
        for finding in result.findings:
            assert finding.target.kind == TargetKind.FACTOR, (item.label, finding.target.name)
            assert any(w.names_cause for w in item.weights if w.target == finding.target)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_property_one_answer_never_brings_a_nutrient_to_the_threshold(shipped_weights, data):
    """Any one answer, together with only the opt-out answers of the other questions (which
    carry no points), never reaches the threshold for a nutrient; a factor only when the
    answer names that cause."""
    questionnaire, choices = shipped_weights
    picked = data.draw(st.sampled_from(choices))
    chosen = {}
    for question in questionnaire.questions:
        if question.choice(picked.id):
            chosen[question.id] = (picked.id,)
        else:
            opt_out = [c.id for c in question.choices if c.exclusive]
            chosen[question.id] = tuple(opt_out[:1])
    warnings = data.draw(
        st.frozensets(st.sampled_from([w.id for w in questionnaire.warning_signs]))
    )
    result = score(questionnaire, Answers(warning_signs=warnings, choices=chosen))
    for finding in result.findings:
        assert finding.target.kind == TargetKind.FACTOR
        assert any(w.names_cause and w.target == finding.target for w in picked.weights)


def test_opt_out_answers_carry_no_points(shipped_weights):
    _, choices = shipped_weights
    assert all(not c.weights for c in choices if c.exclusive)


def test_weight_validation_refuses_a_single_answer_reaching_a_nutrient(checker_seeded):
    weight = Weight.objects.get(choice__label="Muscle twitching", nutrient__slug="magnesium")
    weight.points = 3
    with pytest.raises(ValidationError, match="One answer alone may not bring a nutrient"):
        weight.full_clean()


def test_weight_validation_lets_a_named_cause_reach_its_factor(checker_seeded):
    weight = Weight.objects.get(choice__label="A statin, for cholesterol")
    assert weight.names_cause and weight.points == 3
    weight.full_clean()
    weight.names_cause = False
    with pytest.raises(ValidationError, match="unless the answer names that cause"):
        weight.full_clean()


def test_a_nutrient_cannot_be_named_as_the_cause(checker_seeded):
    weight = Weight.objects.get(choice__label="Muscle twitching", nutrient__slug="magnesium")
    weight.names_cause = True
    with pytest.raises(ValidationError, match="Only a contributing factor"):
        weight.full_clean()


def test_lowering_the_threshold_is_refused_when_one_answer_would_reach_it(checker_seeded):
    settings_row = CheckerSettings.current()
    settings_row.threshold = 2
    with pytest.raises(ValidationError, match="one answer alone would reach it"):
        settings_row.full_clean()


def test_admin_weight_list_refuses_too_many_points_in_plain_words(reviewer_client, checker_seeded):
    # Points are edited in the list by clinical reviewers (editors change them through review).
    weight = Weight.objects.get(choice__label="Muscle twitching", nutrient__slug="magnesium")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(weight.pk),
        "form-0-points": "4",
        "_save": "Save",
    }
    response = reviewer_client.post(
        reverse("admin:assessment_weight_changelist") + "?q=twitching", data
    )
    assert response.status_code == 200
    assert "One answer alone may not bring a nutrient to the threshold" in response.content.decode()
    weight.refresh_from_db()
    assert weight.points == 2


def test_night_cramps_alone_do_not_point_to_magnesium(checker_seeded):
    night = choice("At night or while sleeping")
    result = score(load_questionnaire(), Answers(choices={night.question_id: (night.pk,)}))
    assert result.findings == ()


# --- What readers see -------------------------------------------------------------------------


def result_page(client, answers, warnings=("none",)):
    return walk(client, warnings=warnings, answers={**NOTHING_ELSE, **answers}).content.decode()


def test_kidney_disease_gets_no_potassium_magnesium_bananas_or_drink_more(client, checker_seeded):
    page = result_page(
        client,
        {
            ABOUT_YOU: ["Kidney disease, or you have dialysis"],
            "Do you also have any of these?": ["Tiredness (fatigue)", "Muscle twitching"],
            "Which of these do you eat less than once a week, or never?": [
                "Bananas, sweet potatoes or avocados",
                "Leafy greens, such as spinach",
            ],
            "How much do you drink through the day?": ["Less than I probably should"],
        },
    )
    findings = page[page.index('id="findings-title"') : page.index('id="see-gp-title"')]
    assert "Underlying health conditions" in findings
    assert "Read about Potassium" not in page and "Read about Magnesium" not in page
    assert "bananas" not in findings and "avocados" not in findings
    assert "Not suggested for you" in page
    assert "We do not suggest potassium or magnesium" in page
    assert "Staying well-hydrated" not in page
    assert "Electrolyte-rich foods and fluids" not in page
    assert "follow your kidney team" in page.lower()


def test_warfarin_gets_vitamin_k2_only_with_its_caution(client, checker_seeded):
    page = result_page(
        client,
        {
            ABOUT_YOU: ["You take warfarin or another blood thinner (anticoagulant)"],
            "When do your cramps usually happen?": ["At night or while sleeping"],
            "Are you 65 or over?": ["Yes"],
        },
    )
    assert "Vitamin K2" in page
    assert page.index("Read about Vitamin K2") > page.index(
        "Talk to your doctor first: vitamin K changes how warfarin works."
    )


def test_pregnancy_asks_for_the_midwife_before_any_supplement(client, checker_seeded):
    page = result_page(client, {ABOUT_YOU: ["You are pregnant"]})
    assert "ask your midwife or GP before taking any supplement" in page


def test_statin_and_muscle_pain_put_medicines_first_naming_statins(client, checker_seeded):
    page = result_page(
        client,
        {
            ABOUT_YOU: ["A statin, for cholesterol"],
            "Do you also have any of these?": [
                "Aching, tender or painful muscles between cramps",
                "Muscle twitching",
            ],
            "When do your cramps usually happen?": ["At night or while sleeping"],
        },
    )
    findings = page[page.index('id="findings-title"') :]
    assert findings.index("Certain medications") < findings.index("Magnesium")
    assert "Statins can cause muscle pain" in findings
    assert "“A statin, for cholesterol”" in findings
    assert page.index("Get help today") < page.index('id="findings-title"')


def test_vegan_with_tingling_gets_b12_named_with_fortified_foods(client, checker_seeded):
    page = result_page(
        client,
        {
            DIET: ["Vegan: no food from animals"],
            "Do you also have any of these?": ["Tingling or numbness"],
            "Which of these do you eat less than once a week, or never?": ["Meat or eggs"],
        },
    )
    finding = page[page.index("<h3>B Vitamins") :]
    finding = (
        finding[: finding.index('<li class="finding')]
        if '<li class="finding' in finding
        else finding[: finding.index("</ol>")]
    )
    assert "Vitamin B12 (cobalamin)" in finding
    assert "foods with B12 added" in finding and "supplement" in finding
    sources = finding[finding.index("Key food sources") :]
    assert "eggs" not in sources and "meat" not in sources
    assert "#vitamin-b12" in finding


def test_magnesium_result_says_what_the_cochrane_review_found(client, checker_seeded):
    page = result_page(
        client,
        {
            "When do your cramps usually happen?": ["At night or while sleeping"],
            "Do you also have any of these?": ["Muscle twitching"],
            "Which of these do you eat less than once a week, or never?": [
                "Leafy greens, such as spinach"
            ],
        },
    )
    assert "A Cochrane review of 11 trials (735 people)" in page
    assert "unlikely to prevent cramps in older adults" in page


def test_a_suspected_clot_gets_no_massage_or_heat(client, checker_seeded):
    page = result_page(client, {}, warnings=[str(sign("Pain, swelling, warmth").pk)])
    relief = page[page.index('id="relief-title"') :]
    assert "Stretching" in relief
    assert "Massage:" not in relief and "Heat:" not in relief


def test_every_result_has_a_see_a_gp_block(client, checker_seeded):
    page = result_page(client, {})
    block = page[page.index('id="see-gp-title"') :]
    assert "See a GP if…" in block
    assert "Cramps that often wake you or disturb your sleep" in block


# --- Error messages name each question's own opt-out ------------------------------------------


@pytest.mark.parametrize(
    "text,opt_out",
    [
        ("When do your cramps usually happen?", "No clear pattern"),
        (
            "Which of these do you eat less than once a week, or never?",
            "I eat all of these most weeks",
        ),
        ("Do you also have any of these?", "None of these"),
        (ABOUT_YOU, "None of these"),
    ],
)
def test_each_question_error_names_its_own_opt_out(client, checker_seeded, text, opt_out):
    from assessment.state import COOKIE_NAME, State, dump

    question = Question.objects.get(text=text)
    client.cookies[COOKIE_NAME] = dump(State(warnings=frozenset()))
    url = reverse("assessment:question", args=[question.pk])
    response = post(client, {}, url=url)
    page = response.content.decode()
    assert f"Select all the answers that apply, or &#x27;{opt_out}&#x27;." in page
    if opt_out != "None of these":
        assert "None of these" not in page[page.index("There is a problem") :][:400]


def test_rules_name_a_checkable_source(checker_seeded):
    for rule in Rule.objects.all():
        assert rule.source_name and rule.source_url.startswith(
            ("https://", "http://books.nap.edu/")
        )


def test_every_suppress_rule_says_why(checker_seeded):
    assert all(len(rule.text) > 20 for rule in Rule.objects.filter(effect="suppress"))


# --- About this checker -----------------------------------------------------------------------


def test_about_page_shows_the_live_pass_rate_and_the_published_figures(client, checker_seeded):
    from assessment.models import Scenario

    page = client.get(reverse("assessment:about")).content.decode()
    total = Scenario.objects.count()
    assert f"Today: {total} of {total} test people get safe advice" in page
    assert "57%" in page and "BMJ 2015;351:h3480" in page
    assert "97.0%" in page and "BMJ Open 2020;10:e040269" in page
    assert "Ada Health" in page


def test_about_page_pass_rate_falls_when_a_scenario_breaks(client, checker_seeded):
    from assessment.models import Scenario

    Weight.objects.filter(choice__label="Muscle twitching", nutrient__slug="magnesium").update(
        points=-5
    )
    page = client.get(reverse("assessment:about")).content.decode()
    total = Scenario.objects.count()
    assert f"Today: {total} of {total}" not in page


def test_checker_links_to_about_this_checker(client, checker_seeded):
    start = client.get(reverse("assessment:start")).content.decode()
    assert reverse("assessment:about") in start
    page = result_page(client, {})
    assert reverse("assessment:about") in page
