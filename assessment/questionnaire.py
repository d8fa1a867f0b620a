"""Read the editors' questionnaire out of the database into plain scoring data."""

from django.db.models import Prefetch, Q

from core.caching import per_content_version
from nutrients.models import Factor, FoodSource, Nutrient, NutrientFood, Relief

from .models import CheckerSettings, Choice, Question, Rule, WarningSign, Weight
from .scoring import (
    ChoiceSpec,
    Effect,
    Questionnaire,
    QuestionSpec,
    RuleSpec,
    Section,
    Target,
    TargetKind,
    WarningSpec,
    WeightSpec,
)


def nutrient_target(nutrient: Nutrient) -> Target:
    return Target(TargetKind.NUTRIENT, nutrient.pk, nutrient.name, nutrient.order)


def factor_target(factor: Factor) -> Target:
    return Target(TargetKind.FACTOR, factor.pk, factor.name, factor.order)


def relief_target(relief: Relief) -> Target:
    return Target(TargetKind.RELIEF, relief.pk, relief.name, relief.order)


def food_target(food: FoodSource) -> Target:
    return Target(TargetKind.FOOD, food.pk, food.name, food.order)


def rule_target(rule: Rule) -> Target | None:
    if rule.nutrient_id:
        return nutrient_target(rule.nutrient)
    if rule.factor_id:
        return factor_target(rule.factor)
    if rule.relief_id:
        return relief_target(rule.relief)
    if rule.food_id:
        return food_target(rule.food)
    return None


@per_content_version
def load_questionnaire() -> Questionnaire:
    """The active questions (with choices and weights), warning signs (with their triggers),
    rules, food lists, relief advice and thresholds.

    A fixed number of queries whatever the size of the questionnaire, and only once per content
    version: the result is immutable and kept in memory until an editor changes any content
    (see core/caching.py). Weights pointing at unpublished nutrients or factors are left out,
    so readers never get a suggestion they cannot open.
    """
    weights = Weight.objects.select_related("nutrient", "factor", "section").filter(
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
    signs = WarningSign.objects.active().prefetch_related(
        Prefetch("triggers", queryset=Choice.objects.only("pk", "question_id"))
    )
    rules = Rule.objects.active().select_related("nutrient", "factor", "relief", "food")
    links = NutrientFood.objects.filter(nutrient__is_published=True).select_related("food")
    foods: dict[int, list[Target]] = {}
    for link in links.order_by("order", "pk"):
        foods.setdefault(link.nutrient_id, []).append(food_target(link.food))
    relief = Relief.objects.published().exclude(when=Relief.When.PROFESSIONAL)
    return Questionnaire(
        questions=tuple(question_spec(question) for question in questions),
        warning_signs=tuple(warning_spec(sign) for sign in signs),
        threshold=settings.threshold,
        strong_threshold=settings.strong_threshold,
        rules=tuple(rule_spec(rule) for rule in rules if _published(rule)),
        foods={pk: tuple(items) for pk, items in foods.items()},
        relief=tuple(relief_target(item) for item in relief),
    )


def question_spec(question: Question) -> QuestionSpec:
    return QuestionSpec(
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
                weights=tuple(weight_spec(weight) for weight in choice.weights.all()),
            )
            for choice in question.choices.all()
        ),
    )


def weight_spec(weight: Weight) -> WeightSpec:
    section = weight.section
    return WeightSpec(
        target=nutrient_target(weight.nutrient)
        if weight.nutrient
        else factor_target(weight.factor),
        points=weight.points,
        names_cause=weight.names_cause,
        section=Section(section.pk, section.title, section.anchor) if section else None,
    )


def warning_spec(sign: WarningSign) -> WarningSpec:
    groups: dict[int, set[int]] = {}
    for choice in sign.triggers.all():
        groups.setdefault(choice.question_id, set()).add(choice.pk)
    return WarningSpec(
        id=sign.pk,
        text=sign.text,
        urgency=sign.urgency,
        urgency_rank=sign.urgency_rank,
        order=sign.order,
        triggers=tuple(frozenset(ids) for _, ids in sorted(groups.items())),
    )


def rule_spec(rule: Rule) -> RuleSpec:
    return RuleSpec(
        id=rule.pk,
        effect=Effect(rule.effect),
        text=rule.text,
        source_name=rule.source_name,
        source_url=rule.source_url,
        choice=rule.trigger_choice_id,
        sign=rule.trigger_sign_id,
        target=rule_target(rule),
        order=rule.order,
    )


def _published(rule: Rule) -> bool:
    """Rules about unpublished nutrients, factors or relief have nothing to act on."""
    target = rule.nutrient or rule.factor or rule.relief
    return target is None or target.is_published
