"""Read the editors' questionnaire out of the database into plain scoring data."""

from django.db.models import Prefetch, Q

from core.caching import per_content_version
from nutrients.models import Factor, Nutrient

from .models import CheckerSettings, Choice, Question, WarningSign, Weight
from .scoring import (
    ChoiceSpec,
    Questionnaire,
    QuestionSpec,
    Target,
    TargetKind,
    WarningSpec,
    WeightSpec,
)


def nutrient_target(nutrient: Nutrient) -> Target:
    return Target(TargetKind.NUTRIENT, nutrient.pk, nutrient.name, nutrient.order)


def factor_target(factor: Factor) -> Target:
    return Target(TargetKind.FACTOR, factor.pk, factor.name, factor.order)


@per_content_version
def load_questionnaire() -> Questionnaire:
    """The active questions (with choices and weights), warning signs and thresholds.

    Five queries whatever the size of the questionnaire, and only once per content version:
    the result is immutable and kept in memory until an editor changes any content (see
    core/caching.py). Weights pointing at unpublished nutrients or factors are left out,
    so readers never get a suggestion they cannot open.
    """
    weights = Weight.objects.select_related("nutrient", "factor").filter(
        Q(nutrient__is_published=True) | Q(factor__is_published=True)
    )
    questions = Question.objects.active().prefetch_related(
        Prefetch(
            "choices",
            queryset=Choice.objects.order_by("order", "pk").prefetch_related(
                Prefetch("weights", queryset=weights)
            ),
        )
    )
    settings = CheckerSettings.current()
    return Questionnaire(
        questions=tuple(
            QuestionSpec(
                id=question.pk,
                text=question.text,
                why=question.why,
                multiple=question.kind == Question.Kind.MULTIPLE,
                required=question.required,
                choices=tuple(
                    ChoiceSpec(
                        id=choice.pk,
                        label=choice.label,
                        exclusive=choice.is_exclusive,
                        weights=tuple(
                            WeightSpec(
                                target=nutrient_target(weight.nutrient)
                                if weight.nutrient
                                else factor_target(weight.factor),
                                points=weight.points,
                            )
                            for weight in choice.weights.all()
                        ),
                    )
                    for choice in question.choices.all()
                ),
            )
            for question in questions
        ),
        warning_signs=tuple(warning_spec(sign) for sign in WarningSign.objects.active()),
        threshold=settings.threshold,
        strong_threshold=settings.strong_threshold,
    )


def warning_spec(sign: WarningSign) -> WarningSpec:
    return WarningSpec(
        id=sign.pk,
        text=sign.text,
        urgency=sign.urgency,
        urgency_rank=sign.urgency_rank,
        order=sign.order,
    )
