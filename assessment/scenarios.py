"""Run editors' scenarios against the current questionnaire (admin and tests share this)."""

from dataclasses import dataclass

from .models import Scenario
from .questionnaire import factor_target, load_questionnaire, nutrient_target
from .scoring import Answers, Expectation, Questionnaire, Result, check, score

SCENARIO_PREFETCH = (
    "warning_signs",
    "choices__question",
    "expected_nutrients",
    "expected_factors",
    "excluded_nutrients",
    "excluded_factors",
)


@dataclass(frozen=True)
class Run:
    scenario: Scenario
    result: Result
    problems: tuple[str, ...]
    answers: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


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
    return Expectation(
        urgent=scenario.expect_urgent,
        must_include=frozenset(t.key for t in include),
        must_exclude=frozenset(t.key for t in exclude),
        names={t.key: t.name for t in include + exclude},
    )


def run_scenario(questionnaire: Questionnaire, scenario: Scenario) -> Run:
    result = score(questionnaire, answers_for(scenario))
    labels = [f"Warning sign: {sign.text}" for sign in scenario.warning_signs.all()]
    labels += [f"{c.question.text} {c.label}" for c in scenario.choices.all()]
    return Run(
        scenario=scenario,
        result=result,
        problems=tuple(check(expectation_for(scenario), result)),
        answers=tuple(labels),
    )


def run_scenarios(scenarios) -> list[Run]:
    questionnaire = load_questionnaire()
    scenarios = scenarios.prefetch_related(*SCENARIO_PREFETCH)
    return [run_scenario(questionnaire, scenario) for scenario in scenarios]
