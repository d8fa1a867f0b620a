"""Scoring for the symptom checker: answers in, ranked suggestions with their reasons out.

Pure and typed: no database, no request, no logging. The view and the admin's scenario runner
build a :class:`Questionnaire` snapshot (``assessment/questionnaire.py``) and call
:func:`score`; tests call it directly with hand-made snapshots.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class TargetKind(StrEnum):
    NUTRIENT = "nutrient"
    FACTOR = "factor"


class Band(StrEnum):
    """Plain strength words shown to readers, strongest first."""

    WORTH_LOOKING_AT = "worth looking at"
    POSSIBLE = "possible"


@dataclass(frozen=True)
class Target:
    """A nutrient or contributing factor that choices can point to."""

    kind: TargetKind
    id: int
    name: str
    order: int = 0

    @property
    def key(self) -> tuple[TargetKind, int]:
        return (self.kind, self.id)


@dataclass(frozen=True)
class WeightSpec:
    target: Target
    points: int


@dataclass(frozen=True)
class ChoiceSpec:
    id: int
    label: str
    weights: tuple[WeightSpec, ...] = ()
    exclusive: bool = False


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    text: str
    choices: tuple[ChoiceSpec, ...]
    multiple: bool = False
    required: bool = True
    why: str = ""

    def choice(self, choice_id: int) -> ChoiceSpec | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class WarningSpec:
    id: int
    text: str
    urgency: str = "urgent"
    urgency_rank: int = 1  # 0 is the most urgent
    order: int = 0


@dataclass(frozen=True)
class Questionnaire:
    """Everything scoring needs, copied out of the database once per request."""

    questions: tuple[QuestionSpec, ...]
    warning_signs: tuple[WarningSpec, ...]
    threshold: int = 3
    strong_threshold: int = 5

    def question(self, question_id: int) -> QuestionSpec | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def warning(self, warning_id: int) -> WarningSpec | None:
        return next((w for w in self.warning_signs if w.id == warning_id), None)


@dataclass(frozen=True)
class Answers:
    """What a reader picked: warning sign ids and, per question id, the chosen choice ids."""

    warning_signs: frozenset[int] = frozenset()
    choices: Mapping[int, tuple[int, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Reason:
    """One answer that moved a suggestion: 'because you said …'."""

    question: str
    answer: str
    points: int


@dataclass(frozen=True)
class Finding:
    target: Target
    score: int
    band: Band
    reasons: tuple[Reason, ...]  # positive contributions, largest first

    @property
    def against(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.points < 0)

    @property
    def because(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.points > 0)


@dataclass(frozen=True)
class Result:
    warnings: tuple[WarningSpec, ...]  # most urgent first
    findings: tuple[Finding, ...]  # strongest first

    @property
    def urgent(self) -> bool:
        return bool(self.warnings)

    @property
    def nutrients(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.target.kind == TargetKind.NUTRIENT)

    @property
    def factors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.target.kind == TargetKind.FACTOR)


def band_for(score: int, threshold: int, strong_threshold: int) -> Band | None:
    if score >= max(strong_threshold, threshold):
        return Band.WORTH_LOOKING_AT
    if score >= threshold:
        return Band.POSSIBLE
    return None


def score(questionnaire: Questionnaire, answers: Answers) -> Result:
    """Rank the nutrients and factors the answers point to.

    - Only questions and choices in the questionnaire count (answers to deactivated questions
      or removed choices are ignored), each choice once.
    - A target is shown when its total reaches ``threshold``; at ``strong_threshold`` its band
      is "worth looking at", otherwise "possible".
    - Ranking: higher total first; ties go to nutrients before factors, then the editors'
      display order, then the name, so the same answers always give the same order.
    - Reasons list every answer that added points (largest first), then any that counted
      against the suggestion.
    - Warning signs are returned most urgent first, whatever the scores.
    """
    totals: dict[tuple[TargetKind, int], int] = {}
    targets: dict[tuple[TargetKind, int], Target] = {}
    reasons: dict[tuple[TargetKind, int], list[Reason]] = {}

    for question in questionnaire.questions:
        picked = _unique(answers.choices.get(question.id, ()))
        for choice_id in picked:
            choice = question.choice(choice_id)
            if choice is None:
                continue
            for weight in choice.weights:
                if weight.points == 0:
                    continue
                key = weight.target.key
                targets[key] = weight.target
                totals[key] = totals.get(key, 0) + weight.points
                reasons.setdefault(key, []).append(
                    Reason(question=question.text, answer=choice.label, points=weight.points)
                )

    findings = []
    for key, total in totals.items():
        band = band_for(total, questionnaire.threshold, questionnaire.strong_threshold)
        if band is None:
            continue
        ordered = sorted(reasons[key], key=lambda r: (r.points < 0, -abs(r.points)))
        findings.append(
            Finding(target=targets[key], score=total, band=band, reasons=tuple(ordered))
        )
    findings.sort(
        key=lambda f: (
            -f.score,
            f.target.kind != TargetKind.NUTRIENT,
            f.target.order,
            f.target.name,
        )
    )

    warnings = sorted(
        (w for w in questionnaire.warning_signs if w.id in answers.warning_signs),
        key=lambda w: (w.urgency_rank, w.order, w.id),
    )
    return Result(warnings=tuple(warnings), findings=tuple(findings))


@dataclass(frozen=True)
class Expectation:
    """What a scenario says the result must and must not contain."""

    urgent: bool
    must_include: frozenset[tuple[TargetKind, int]] = frozenset()
    must_exclude: frozenset[tuple[TargetKind, int]] = frozenset()
    names: Mapping[tuple[TargetKind, int], str] = field(default_factory=dict)


def check(expectation: Expectation, result: Result) -> list[str]:
    """Plain-language problems with ``result`` (an empty list means the scenario passes)."""
    problems = []
    if expectation.urgent and not result.urgent:
        problems.append("Urgent advice should show, but no warning sign was matched.")
    if not expectation.urgent and result.urgent:
        problems.append("Urgent advice shows, but the scenario says it should not.")
    shown = {f.target.key for f in result.findings}
    for key in sorted(expectation.must_include - shown):
        problems.append(f"{expectation.names.get(key, key)} should appear but does not.")
    for key in sorted(expectation.must_exclude & shown):
        problems.append(f"{expectation.names.get(key, key)} appears but should not.")
    return problems


def _unique(ids: Iterable[int]) -> list[int]:
    seen: list[int] = []
    for value in ids:
        if value not in seen:
            seen.append(value)
    return seen
