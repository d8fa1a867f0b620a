"""Run editors' scenarios against the current questionnaire (admin, tests and the About page
share this)."""

from dataclasses import dataclass

from core.caching import per_content_version

from .models import Scenario
from .questionnaire import (
    factor_target,
    food_target,
    load_questionnaire,
    nutrient_target,
    relief_target,
)
from .scoring import Advice, Answers, Expectation, Questionnaire, Tier, advise, check

SCENARIO_PREFETCH = (
    "warning_signs",
    "choices__question",
    "expected_nutrients",
    "expected_factors",
    "expected_cautions",
    "excluded_nutrients",
    "excluded_factors",
    "excluded_relief",
    "excluded_foods",
)


@dataclass(frozen=True)
class Run:
    scenario: Scenario
    advice: Advice
    problems: tuple[str, ...]
    answers: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def exact_tier(self) -> bool:
        return self.advice.tier == Tier(self.scenario.expected_tier)


def answers_for(scenario: Scenario) -> Answers:
    choices: dict[int, list[int]] = {}
    for choice in scenario.choices.all():
        choices.setdefault(choice.question_id, []).append(choice.pk)
    return Answers(
        warning_signs=frozenset(sign.pk for sign in scenario.warning_signs.all()),
        choices={qid: tuple(ids) for qid, ids in choices.items()},
    )


def expectation_for(scenario: Scenario) -> Expectation:
    include = [nutrient_target(n) for n in scenario.expected_nutrients.all()]
    include += [factor_target(f) for f in scenario.expected_factors.all()]
    exclude = [nutrient_target(n) for n in scenario.excluded_nutrients.all()]
    exclude += [factor_target(f) for f in scenario.excluded_factors.all()]
    exclude += [relief_target(r) for r in scenario.excluded_relief.all()]
    exclude += [food_target(f) for f in scenario.excluded_foods.all()]
    cautions = list(scenario.expected_cautions.all())
    return Expectation(
        tier=Tier(scenario.expected_tier),
        must_include=frozenset(t.key for t in include),
        must_exclude=frozenset(t.key for t in exclude),
        must_caution=frozenset(rule.pk for rule in cautions),
        names={
            **{t.key: t.name for t in include + exclude},
            **{rule.pk: rule.text[:60] for rule in cautions},
        },
    )


def run_scenario(questionnaire: Questionnaire, scenario: Scenario) -> Run:
    advice = advise(questionnaire, answers_for(scenario))
    labels = [f"Warning sign: {sign.text}" for sign in scenario.warning_signs.all()]
    labels += [f"{c.question.text} {c.label}" for c in scenario.choices.all()]
    return Run(
        scenario=scenario,
        advice=advice,
        problems=tuple(check(expectation_for(scenario), advice)),
        answers=tuple(labels),
    )


def run_scenarios(scenarios) -> list[Run]:
    questionnaire = load_questionnaire()
    scenarios = scenarios.prefetch_related(*SCENARIO_PREFETCH)
    return [run_scenario(questionnaire, scenario) for scenario in scenarios]


@per_content_version
def pass_rate() -> dict:
    """Every shipped scenario run against the live questionnaire, once per content version
    (the About page shows these figures)."""
    runs = run_scenarios(Scenario.objects.all())
    return {
        "total": len(runs),
        "passed": sum(run.passed for run in runs),
        "exact": sum(run.exact_tier for run in runs),
        "urgent": sum(Tier(run.scenario.expected_tier).level >= Tier.URGENT.level for run in runs),
        "urgent_passed": sum(
            run.passed and Tier(run.scenario.expected_tier).level >= Tier.URGENT.level
            for run in runs
        ),
    }
