"""The pure scoring function, with hand-made questionnaires (no database)."""

from assessment.scoring import (
    Answers,
    Band,
    ChoiceSpec,
    Expectation,
    Questionnaire,
    QuestionSpec,
    Target,
    TargetKind,
    Tier,
    WarningSpec,
    WeightSpec,
    advise,
    check,
    score,
)

MAGNESIUM = Target(TargetKind.NUTRIENT, 1, "Magnesium", order=10)
CALCIUM = Target(TargetKind.NUTRIENT, 2, "Calcium", order=20)
DEHYDRATION = Target(TargetKind.FACTOR, 1, "Dehydration", order=10)

WHEN = QuestionSpec(
    id=1,
    text="When do your cramps happen?",
    multiple=True,
    choices=(
        ChoiceSpec(11, "At night", (WeightSpec(MAGNESIUM, 3),)),
        ChoiceSpec(12, "During exercise", (WeightSpec(DEHYDRATION, 3),)),
        ChoiceSpec(13, "At rest", (WeightSpec(CALCIUM, 3), WeightSpec(MAGNESIUM, 2))),
        ChoiceSpec(14, "No pattern", (), exclusive=True),
    ),
)
DIET = QuestionSpec(
    id=2,
    text="Which do you eat rarely?",
    multiple=True,
    choices=(
        ChoiceSpec(21, "Leafy greens", (WeightSpec(MAGNESIUM, 2),)),
        ChoiceSpec(22, "Nuts daily", (WeightSpec(MAGNESIUM, -2),)),
        ChoiceSpec(23, "Dairy", (WeightSpec(CALCIUM, 3),)),
    ),
)
LEG = WarningSpec(1, "Pain in one leg", urgency="urgent", urgency_rank=1, order=10)
WOUND = WarningSpec(2, "Dirty wound", urgency="emergency", urgency_rank=0, order=20)
Q = Questionnaire(
    questions=(WHEN, DIET), warning_signs=(LEG, WOUND), threshold=3, strong_threshold=5
)


def answers(**choices):
    return Answers(choices={int(k[1:]): tuple(v) for k, v in choices.items()})


def test_no_answers_give_no_findings_and_no_warnings():
    result = score(Q, Answers())
    assert result.findings == ()
    assert result.warnings == ()
    assert not result.urgent


def test_target_below_threshold_is_not_shown():
    q = Questionnaire(questions=(WHEN,), warning_signs=(), threshold=4, strong_threshold=6)
    assert score(q, answers(q1=[11])).findings == ()


def test_target_at_threshold_is_possible():
    (finding,) = score(Q, answers(q1=[11])).findings
    assert finding.target == MAGNESIUM
    assert finding.score == 3
    assert finding.band == Band.POSSIBLE


def test_target_at_strong_threshold_is_worth_looking_at():
    (finding,) = score(Q, answers(q1=[11], q2=[21])).findings
    assert finding.score == 5
    assert finding.band == Band.WORTH_LOOKING_AT


def test_negative_points_count_against():
    result = score(Q, answers(q1=[11], q2=[22]))
    assert result.findings == ()


def test_findings_are_ranked_by_score():
    result = score(Q, answers(q1=[12, 13], q2=[23]))
    assert [f.target for f in result.findings] == [CALCIUM, DEHYDRATION]
    assert [f.score for f in result.findings] == [6, 3]


def test_ties_put_nutrients_first_then_display_order():
    result = score(Q, answers(q1=[11, 12, 13]))
    # Magnesium 5, Calcium 3, Dehydration 3: the tie goes to the nutrient.
    assert [f.target for f in result.findings] == [MAGNESIUM, CALCIUM, DEHYDRATION]


def test_ties_between_nutrients_follow_display_order():
    a = Target(TargetKind.NUTRIENT, 7, "Zinc-like", order=1)
    b = Target(TargetKind.NUTRIENT, 8, "Another", order=2)
    q = Questionnaire(
        questions=(
            QuestionSpec(1, "Q", (ChoiceSpec(1, "C", (WeightSpec(b, 3), WeightSpec(a, 3))),)),
        ),
        warning_signs=(),
    )
    assert [f.target for f in score(q, answers(q1=[1])).findings] == [a, b]


def test_reasons_name_every_answer_that_added_points_largest_first():
    (finding,) = [
        f for f in score(Q, answers(q1=[11, 13], q2=[21])).findings if f.target == MAGNESIUM
    ]
    assert [(r.answer, r.points) for r in finding.because] == [
        ("At night", 3),
        ("At rest", 2),
        ("Leafy greens", 2),
    ]
    assert finding.because[0].question == "When do your cramps happen?"


def test_reasons_against_are_listed_separately():
    (finding,) = score(Q, answers(q1=[11, 13], q2=[22])).findings[:1]
    assert finding.target == MAGNESIUM
    assert [r.answer for r in finding.against] == ["Nuts daily"]


def test_unknown_and_repeated_choices_are_ignored():
    result = score(Q, answers(q1=[11, 11, 999], q9=[21]))
    (finding,) = result.findings
    assert finding.score == 3


def test_warning_signs_are_returned_most_urgent_first():
    result = score(Q, Answers(warning_signs=frozenset({1, 2})))
    assert result.urgent
    assert result.warnings == (WOUND, LEG)


def test_warning_signs_do_not_change_the_scores():
    plain = score(Q, answers(q1=[11]))
    urgent = score(Q, Answers(warning_signs=frozenset({1}), choices={1: (11,)}))
    assert plain.findings == urgent.findings


def test_check_passes_when_expectations_are_met():
    advice = advise(Q, answers(q1=[11]))
    expectation = Expectation(tier=Tier.NONE, must_include=frozenset({MAGNESIUM.key}))
    assert check(expectation, advice) == []


def test_check_reports_missing_unwanted_and_urgency_in_plain_words():
    advice = advise(Q, Answers(warning_signs=frozenset({2}), choices={1: (12,)}))
    expectation = Expectation(
        tier=Tier.NONE,
        must_include=frozenset({MAGNESIUM.key}),
        must_exclude=frozenset({DEHYDRATION.key}),
        names={MAGNESIUM.key: "Magnesium", DEHYDRATION.key: "Dehydration"},
    )
    assert check(expectation, advice) == [
        "Urgency should be 'no warning sign' but the result says 'Call 999 now' "
        "(more than one tier too high).",
        "Magnesium should appear but does not.",
        "Dehydration appears but should not.",
    ]
