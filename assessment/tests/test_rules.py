"""Rules about the person, triggered warning signs and safe urgency: pure functions over
hand-made questionnaires (no database)."""

import pytest

from assessment.scoring import (
    Answers,
    ChoiceSpec,
    Effect,
    Expectation,
    Questionnaire,
    QuestionSpec,
    RuleSpec,
    Section,
    Target,
    TargetKind,
    Tier,
    WarningSpec,
    WeightSpec,
    advise,
    check,
    matched_warnings,
    score,
    tier_problem,
    triggered_by,
)

POTASSIUM = Target(TargetKind.NUTRIENT, 4, "Potassium", order=40)
B_VITAMINS = Target(TargetKind.NUTRIENT, 5, "B Vitamins", order=50)
MEDICINES = Target(TargetKind.FACTOR, 5, "Certain medications", order=50)
BANANAS = Target(TargetKind.FOOD, 5, "bananas")
EGGS = Target(TargetKind.FOOD, 15, "eggs")
LEGUMES = Target(TargetKind.FOOD, 9, "legumes")
MASSAGE = Target(TargetKind.RELIEF, 2, "Massage")
STRETCHING = Target(TargetKind.RELIEF, 1, "Stretching")
HYDRATION = Target(TargetKind.RELIEF, 5, "Hydration")
B12 = Section(3, "Vitamin B12 (cobalamin)", "vitamin-b12")

ABOUT = QuestionSpec(
    id=1,
    text="About you",
    multiple=True,
    choices=(
        ChoiceSpec(11, "Kidney disease", (WeightSpec(MEDICINES, 1),)),
        ChoiceSpec(12, "Vegan", (WeightSpec(B_VITAMINS, 2, section=B12),)),
        ChoiceSpec(13, "A statin", (WeightSpec(MEDICINES, 3, names_cause=True),)),
        ChoiceSpec(14, "Neck surgery"),
        ChoiceSpec(15, "None of these", exclusive=True),
    ),
)
SIGNS = QuestionSpec(
    id=2,
    text="Other signs",
    multiple=True,
    choices=(
        ChoiceSpec(21, "Tired", (WeightSpec(POTASSIUM, 2),)),
        ChoiceSpec(22, "Few bananas", (WeightSpec(POTASSIUM, 2),)),
        ChoiceSpec(23, "Tingling", (WeightSpec(B_VITAMINS, 2),)),
        ChoiceSpec(24, "Spasms"),
        ChoiceSpec(25, "Aching", (WeightSpec(POTASSIUM, 3),)),
    ),
)
LEG = WarningSpec(1, "Pain in one leg", urgency="urgent", urgency_rank=1, order=10)
CHEST = WarningSpec(2, "Chest pain", urgency="emergency", urgency_rank=0, order=5)
SLEEP = WarningSpec(3, "Cramps disturb sleep", urgency="soon", urgency_rank=2, order=30)
CALCIUM_SIGN = WarningSpec(
    4,
    "Tingling after neck surgery",
    urgency="urgent",
    urgency_rank=1,
    order=20,
    triggers=(frozenset({14}), frozenset({23, 24})),
)


def rule(pk, effect, text="Why.", choice=None, sign=None, target=None):
    return RuleSpec(pk, Effect(effect), text, "NHS", "https://www.nhs.uk/", choice, sign, target)


KIDNEY_NO_POTASSIUM = rule(1, "suppress", "Kidneys may not clear it.", choice=11, target=POTASSIUM)
KIDNEY_NO_BANANAS = rule(2, "suppress", choice=11, target=BANANAS)
KIDNEY_NO_HYDRATION = rule(3, "suppress", choice=11, target=HYDRATION)
KIDNEY_GENERAL = rule(4, "caution", "Ask your kidney team.", choice=11)
VEGAN_B12 = rule(5, "caution", "B12 from fortified foods.", choice=12, target=B_VITAMINS)
VEGAN_NO_EGGS = rule(6, "suppress", choice=12, target=EGGS)
CLOT_NO_MASSAGE = rule(7, "suppress", "Not while a clot is possible.", sign=1, target=MASSAGE)
POTASSIUM_NOTE = rule(8, "caution", "What the research says.", target=POTASSIUM)

Q = Questionnaire(
    questions=(ABOUT, SIGNS),
    warning_signs=(LEG, CHEST, SLEEP, CALCIUM_SIGN),
    threshold=3,
    strong_threshold=5,
    rules=(
        KIDNEY_NO_POTASSIUM,
        KIDNEY_NO_BANANAS,
        KIDNEY_NO_HYDRATION,
        KIDNEY_GENERAL,
        VEGAN_B12,
        VEGAN_NO_EGGS,
        CLOT_NO_MASSAGE,
        POTASSIUM_NOTE,
    ),
    foods={POTASSIUM.id: (BANANAS, LEGUMES), B_VITAMINS.id: (EGGS, LEGUMES)},
    relief=(STRETCHING, MASSAGE, HYDRATION),
)


def answers(about=(), signs=(), warnings=()):
    return Answers(warning_signs=frozenset(warnings), choices={1: tuple(about), 2: tuple(signs)})


def suggested(advice):
    return [s.target for s in advice.suggestions]


# --- Suppression ------------------------------------------------------------------------------


def test_without_the_answer_potassium_is_suggested_with_its_foods_and_note():
    advice = advise(Q, answers(signs=[21, 22]))
    (suggestion,) = advice.suggestions
    assert suggestion.target == POTASSIUM
    assert suggestion.foods == (BANANAS, LEGUMES)
    assert suggestion.cautions == (POTASSIUM_NOTE,)


def test_a_suppressed_item_is_never_suggested_and_the_reader_is_told_why():
    advice = advise(Q, answers(about=[11], signs=[21, 22]))
    assert POTASSIUM not in suggested(advice)
    (withheld,) = advice.withheld
    assert withheld.target == POTASSIUM
    assert withheld.rule.text == "Kidneys may not clear it."


def test_suppression_holds_however_many_points_the_item_gets():
    advice = advise(Q, answers(about=[11], signs=[21, 22, 25]))
    assert POTASSIUM not in suggested(advice)


def test_suppressed_relief_is_left_out_and_the_rest_kept_in_order():
    advice = advise(Q, answers(about=[11]))
    assert [r.target for r in advice.relief] == [STRETCHING, MASSAGE]


def test_a_warning_sign_can_suppress_relief():
    advice = advise(Q, answers(warnings=[1]))
    assert MASSAGE not in [r.target for r in advice.relief]
    assert MASSAGE.key in advice.hidden


def test_suppressed_foods_leave_every_food_list():
    advice = advise(Q, answers(about=[12], signs=[23]))
    (suggestion,) = advice.suggestions
    assert suggestion.target == B_VITAMINS
    assert suggestion.foods == (LEGUMES,)
    assert EGGS.key not in advice.shown()


# --- Cautions ---------------------------------------------------------------------------------


def test_a_caution_goes_with_the_item_it_qualifies():
    advice = advise(Q, answers(about=[12], signs=[23]))
    assert advice.suggestions[0].cautions == (VEGAN_B12,)
    assert advice.cautions == ()


def test_a_caution_without_an_item_is_general():
    advice = advise(Q, answers(about=[11]))
    assert advice.cautions == (KIDNEY_GENERAL,)
    assert KIDNEY_GENERAL.id in advice.caution_ids()


def test_a_caution_for_an_answer_not_given_does_not_show():
    advice = advise(Q, answers(signs=[23, 24]))
    assert advice.cautions == ()
    assert VEGAN_B12.id not in advice.caution_ids()


def test_an_always_on_note_shows_only_with_its_item():
    assert POTASSIUM_NOTE.id not in advise(Q, answers(signs=[23])).caution_ids()
    assert POTASSIUM_NOTE.id in advise(Q, answers(signs=[21, 22])).caution_ids()


# --- Scoring honesty details ------------------------------------------------------------------


def test_the_vitamin_an_answer_points_to_is_named():
    (finding,) = score(Q, answers(about=[12], signs=[23])).findings
    assert finding.sections == (B12,)


def test_no_vitamin_is_named_when_no_answer_points_to_one():
    plain = QuestionSpec(9, "x", (ChoiceSpec(91, "a", (WeightSpec(B_VITAMINS, 3),)),))
    questionnaire = Questionnaire(questions=(plain,), warning_signs=())
    (finding,) = score(questionnaire, Answers(choices={9: (91,)})).findings
    assert finding.sections == ()


def test_a_cause_named_by_the_reader_ranks_first_even_below_another_total():
    result = score(Q, answers(about=[13], signs=[21, 22, 25]))
    assert [(f.target, f.score) for f in result.findings] == [(MEDICINES, 3), (POTASSIUM, 7)]


# --- Warning signs ----------------------------------------------------------------------------


def test_ticked_signs_come_most_urgent_first():
    assert matched_warnings(Q, answers(warnings=[3, 1, 2])) == (CHEST, LEG, SLEEP)


def test_a_sign_applies_when_the_answers_meet_every_trigger_group():
    advice = advise(Q, answers(about=[14], signs=[24]))
    assert advice.warnings == (CALCIUM_SIGN,)
    assert advice.tier == Tier.URGENT
    assert triggered_by(Q, answers(about=[14], signs=[24]), CALCIUM_SIGN) == (
        "Neck surgery",
        "Spasms",
    )


@pytest.mark.parametrize("about,signs", [([14], []), ([], [23, 24]), ([15], [23])])
def test_a_sign_does_not_apply_when_a_trigger_group_is_missing(about, signs):
    assert advise(Q, answers(about=about, signs=signs)).warnings == ()


def test_a_ticked_sign_is_not_reported_as_triggered():
    ticked = answers(about=[14], signs=[23], warnings=[4])
    assert triggered_by(Q, ticked, CALCIUM_SIGN) == ()


def test_no_warning_sign_means_no_tier():
    assert advise(Q, answers(signs=[21])).tier == Tier.NONE


# --- Safe urgency -----------------------------------------------------------------------------

SAFE = [
    (Tier.NONE, Tier.NONE),
    (Tier.NONE, Tier.SOON),
    (Tier.SOON, Tier.NONE),
    (Tier.SOON, Tier.URGENT),
    (Tier.URGENT, Tier.URGENT),
    (Tier.URGENT, Tier.EMERGENCY),
    (Tier.EMERGENCY, Tier.EMERGENCY),
    (Tier.EMERGENCY, Tier.URGENT),
]
UNSAFE = [
    (Tier.URGENT, Tier.SOON),  # one tier low, but below "Get help today"
    (Tier.URGENT, Tier.NONE),
    (Tier.EMERGENCY, Tier.SOON),
    (Tier.SOON, Tier.EMERGENCY),  # over-triage: 999 for a GP appointment
    (Tier.NONE, Tier.URGENT),
]


@pytest.mark.parametrize("expected,actual", SAFE)
def test_safe_urgency(expected, actual):
    assert tier_problem(expected, actual) == ""


@pytest.mark.parametrize("expected,actual", UNSAFE)
def test_unsafe_urgency(expected, actual):
    assert tier_problem(expected, actual)


def test_check_names_a_missing_caution():
    advice = advise(Q, answers(signs=[23, 24]))
    expectation = Expectation(must_caution=frozenset({5}), names={5: "B12 from fortified foods."})
    assert check(expectation, advice) == [
        "The caution 'B12 from fortified foods.' should show but does not."
    ]


def test_check_catches_a_suppressed_food_that_shows():
    unsafe = Questionnaire(
        questions=Q.questions,
        warning_signs=Q.warning_signs,
        foods=Q.foods,
        relief=Q.relief,
    )  # the same, without its rules
    expectation = Expectation(must_exclude=frozenset({EGGS.key}), names={EGGS.key: "eggs"})
    assert check(expectation, advise(unsafe, answers(about=[12], signs=[23]))) == [
        "eggs appears but should not."
    ]
    assert check(expectation, advise(Q, answers(about=[12], signs=[23]))) == []
