"""Scoring for the symptom checker: answers in, safe and explained advice out.

Pure and typed: no database, no request, no logging. The views and the admin's scenario runner
build a :class:`Questionnaire` snapshot (``assessment/questionnaire.py``) and call
:func:`advise` (or :func:`score` for the ranking alone); tests call them directly with
hand-made snapshots.

Three steps, each a function of its own:

1. :func:`matched_warnings` - the warning signs that apply: ticked ones, and those the
   answers add up to (``WarningSpec.triggers``). Most urgent first.
2. :func:`score` - points per nutrient or factor; those reaching the threshold, ranked, each
   with the answers that led to it and the vitamin it points to, if one.
3. :func:`advise` - the rules about the person: suppressed items are never suggested (and the
   reader is told why), cautions go with the item they qualify, foods and relief advice are
   fitted to the person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class TargetKind(StrEnum):
    NUTRIENT = "nutrient"
    FACTOR = "factor"
    RELIEF = "relief"
    FOOD = "food"


class Band(StrEnum):
    """Plain strength words shown to readers, strongest first."""

    WORTH_LOOKING_AT = "worth looking at"
    POSSIBLE = "possible"


class Tier(StrEnum):
    """How urgently the result says to get help (values match ``models.Tier``)."""

    NONE = "none"
    SOON = "soon"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def level(self) -> int:
        return list(Tier).index(self)


class Effect(StrEnum):
    SUPPRESS = "suppress"
    CAUTION = "caution"


@dataclass(frozen=True)
class Target:
    """Something a weight or a rule points to: a nutrient, factor, relief advice or a food."""

    kind: TargetKind
    id: int
    name: str
    order: int = 0

    @property
    def key(self) -> tuple[TargetKind, int]:
        return (self.kind, self.id)


@dataclass(frozen=True)
class Section:
    """One vitamin within a nutrient's article, e.g. vitamin B12 within B vitamins."""

    id: int
    title: str
    anchor: str = ""


@dataclass(frozen=True)
class WeightSpec:
    target: Target
    points: int
    names_cause: bool = False
    section: Section | None = None


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

    @property
    def opt_out(self) -> str:
        """The label of this question's "none of these" answer, or "" if it has none."""
        return next((c.label for c in self.choices if c.exclusive), "")


@dataclass(frozen=True)
class WarningSpec:
    id: int
    text: str
    urgency: str = "urgent"
    urgency_rank: int = 1  # 0 is the most urgent
    order: int = 0
    # The sign also applies when, for every group here, at least one of its choices is picked
    # (one group per question). Empty: only when ticked.
    triggers: tuple[frozenset[int], ...] = ()

    @property
    def tier(self) -> Tier:
        return Tier(self.urgency)


@dataclass(frozen=True)
class RuleSpec:
    """An answer (or warning sign, or neither) and what it changes for one item (or in general)."""

    id: int
    effect: Effect
    text: str
    source_name: str = ""
    source_url: str = ""
    choice: int | None = None
    sign: int | None = None
    target: Target | None = None
    order: int = 0

    @property
    def always(self) -> bool:
        return self.choice is None and self.sign is None


@dataclass(frozen=True)
class Questionnaire:
    """Everything scoring needs, copied out of the database once per content version."""

    questions: tuple[QuestionSpec, ...]
    warning_signs: tuple[WarningSpec, ...]
    threshold: int = 3
    strong_threshold: int = 5
    rules: tuple[RuleSpec, ...] = ()
    # Foods per nutrient id, in list order, and the self-care relief advice, in order.
    foods: Mapping[int, tuple[Target, ...]] = field(default_factory=dict)
    relief: tuple[Target, ...] = ()

    def question(self, question_id: int) -> QuestionSpec | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def warning(self, warning_id: int) -> WarningSpec | None:
        return next((w for w in self.warning_signs if w.id == warning_id), None)

    def choice_label(self, choice_id: int) -> str:
        for question in self.questions:
            choice = question.choice(choice_id)
            if choice is not None:
                return choice.label
        return ""


@dataclass(frozen=True)
class Answers:
    """What a reader picked: warning sign ids and, per question id, the chosen choice ids."""

    warning_signs: frozenset[int] = frozenset()
    choices: Mapping[int, tuple[int, ...]] = field(default_factory=dict)

    def picked(self, questionnaire: Questionnaire) -> frozenset[int]:
        """Every chosen choice id that is still a choice of its question."""
        ids = set()
        for question in questionnaire.questions:
            for choice_id in self.choices.get(question.id, ()):
                if question.choice(choice_id) is not None:
                    ids.add(choice_id)
        return frozenset(ids)


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
    reasons: tuple[Reason, ...]  # positive contributions, largest first, then negative ones
    sections: tuple[Section, ...] = ()  # the vitamins within the nutrient the answers named

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
    def tier(self) -> Tier:
        return self.warnings[0].tier if self.warnings else Tier.NONE


def band_for(score: int, threshold: int, strong_threshold: int) -> Band | None:
    if score >= max(strong_threshold, threshold):
        return Band.WORTH_LOOKING_AT
    if score >= threshold:
        return Band.POSSIBLE
    return None


def matched_warnings(questionnaire: Questionnaire, answers: Answers) -> tuple[WarningSpec, ...]:
    """Ticked signs, and signs whose triggers the answers meet; most urgent first."""
    picked = answers.picked(questionnaire)
    matched = [
        sign
        for sign in questionnaire.warning_signs
        if sign.id in answers.warning_signs
        or (sign.triggers and all(group & picked for group in sign.triggers))
    ]
    matched.sort(key=lambda w: (w.urgency_rank, w.order, w.id))
    return tuple(matched)


def triggered_by(
    questionnaire: Questionnaire, answers: Answers, sign: WarningSpec
) -> tuple[str, ...]:
    """The answer labels that made ``sign`` apply, or () if the reader ticked it."""
    if sign.id in answers.warning_signs or not sign.triggers:
        return ()
    picked = answers.picked(questionnaire)
    ids = sorted(set().union(*sign.triggers) & picked)
    return tuple(questionnaire.choice_label(i) for i in ids)


def score(questionnaire: Questionnaire, answers: Answers) -> Result:
    """Rank the nutrients and factors the answers point to.

    - Only questions and choices in the questionnaire count (answers to deactivated questions
      or removed choices are ignored), each choice once.
    - A target is shown when its total reaches ``threshold``; at ``strong_threshold`` its band
      is "worth looking at", otherwise "possible".
    - Ranking: a cause the reader named directly (e.g. "I take a statin", with the weight's
      "names the cause" ticked) comes first: a known cause explains cramps better than a
      pattern of answers. Then higher total first; ties go to nutrients before factors, then
      the editors' display order, then the name, so the same answers always give the same
      order.
    - Reasons list every answer that added points (largest first), then any that counted
      against the suggestion. ``sections`` name the vitamins positive answers pointed to.
    - Warning signs are those of :func:`matched_warnings`, whatever the scores.
    """
    totals: dict[tuple[TargetKind, int], int] = {}
    targets: dict[tuple[TargetKind, int], Target] = {}
    reasons: dict[tuple[TargetKind, int], list[Reason]] = {}
    sections: dict[tuple[TargetKind, int], list[Section]] = {}
    named: set[tuple[TargetKind, int]] = set()

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
                if weight.points > 0 and weight.section is not None:
                    found = sections.setdefault(key, [])
                    if weight.section not in found:
                        found.append(weight.section)
                if weight.points > 0 and weight.names_cause:
                    named.add(key)

    findings = []
    for key, total in totals.items():
        band = band_for(total, questionnaire.threshold, questionnaire.strong_threshold)
        if band is None:
            continue
        ordered = sorted(reasons[key], key=lambda r: (r.points < 0, -abs(r.points)))
        findings.append(
            Finding(
                target=targets[key],
                score=total,
                band=band,
                reasons=tuple(ordered),
                sections=tuple(sections.get(key, ())),
            )
        )
    findings.sort(
        key=lambda f: (
            f.target.key not in named,
            -f.score,
            f.target.kind != TargetKind.NUTRIENT,
            f.target.order,
            f.target.name,
        )
    )
    return Result(warnings=matched_warnings(questionnaire, answers), findings=tuple(findings))


# --- Rules about the person -------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A finding as the reader sees it: with its cautions and its (fitted) food list."""

    finding: Finding
    cautions: tuple[RuleSpec, ...] = ()
    foods: tuple[Target, ...] = ()

    @property
    def target(self) -> Target:
        return self.finding.target


@dataclass(frozen=True)
class Withheld:
    """A suggestion the answers reached but a rule leaves out, with the reason."""

    target: Target
    rule: RuleSpec


@dataclass(frozen=True)
class ReliefItem:
    target: Target
    cautions: tuple[RuleSpec, ...] = ()


@dataclass(frozen=True)
class Advice:
    """Everything a result says, in the order it says it."""

    warnings: tuple[WarningSpec, ...]
    suggestions: tuple[Suggestion, ...]
    withheld: tuple[Withheld, ...]
    relief: tuple[ReliefItem, ...]
    cautions: tuple[RuleSpec, ...]  # general cautions, shown above the suggestions
    hidden: frozenset[tuple[TargetKind, int]] = frozenset()  # everything suppressed

    @property
    def tier(self) -> Tier:
        return self.warnings[0].tier if self.warnings else Tier.NONE

    def shown(self) -> frozenset[tuple[TargetKind, int]]:
        """Every nutrient, factor, relief item and food the result shows."""
        keys = {s.target.key for s in self.suggestions}
        keys |= {r.target.key for r in self.relief}
        keys |= {food.key for s in self.suggestions for food in s.foods}
        return frozenset(keys)

    def caution_ids(self) -> frozenset[int]:
        ids = {rule.id for rule in self.cautions}
        ids |= {rule.id for s in self.suggestions for rule in s.cautions}
        ids |= {rule.id for r in self.relief for rule in r.cautions}
        return frozenset(ids)


def applicable_rules(
    questionnaire: Questionnaire, answers: Answers, warnings: Iterable[WarningSpec]
) -> tuple[RuleSpec, ...]:
    """The rules that apply to this reader: always-on cautions, and rules for an answer they
    picked or a warning sign that applies to them."""
    picked = answers.picked(questionnaire)
    signs = {w.id for w in warnings}
    return tuple(
        rule
        for rule in questionnaire.rules
        if rule.always or rule.choice in picked or rule.sign in signs
    )


def suppressed(rules: Iterable[RuleSpec]) -> dict[tuple[TargetKind, int], RuleSpec]:
    """The items never to suggest, each with the (first) rule that says why."""
    hidden: dict[tuple[TargetKind, int], RuleSpec] = {}
    for rule in rules:
        if rule.effect == Effect.SUPPRESS and rule.target is not None:
            hidden.setdefault(rule.target.key, rule)
    return hidden


def cautions_for(rules: Iterable[RuleSpec], target: Target | None) -> tuple[RuleSpec, ...]:
    """Cautions that go with ``target`` (``None``: the general ones)."""
    key = target.key if target is not None else None
    return tuple(
        rule
        for rule in rules
        if rule.effect == Effect.CAUTION
        and (rule.target.key if rule.target is not None else None) == key
    )


def advise(questionnaire: Questionnaire, answers: Answers) -> Advice:
    """The whole result: warning signs first, then suggestions fitted to the person.

    - A suppressed nutrient or factor is never suggested; if the answers reached it, it is
      listed under "not suggested for you" with the rule's reason.
    - Suppressed foods leave every food list; suppressed relief advice is left out.
    - Cautions go with the item they qualify; cautions without an item are general.
    """
    result = score(questionnaire, answers)
    rules = applicable_rules(questionnaire, answers, result.warnings)
    hidden = suppressed(rules)

    suggestions, withheld = [], []
    for finding in result.findings:
        rule = hidden.get(finding.target.key)
        if rule is not None:
            withheld.append(Withheld(finding.target, rule))
            continue
        foods = ()
        if finding.target.kind == TargetKind.NUTRIENT:
            foods = tuple(
                food
                for food in questionnaire.foods.get(finding.target.id, ())
                if food.key not in hidden
            )
        suggestions.append(Suggestion(finding, cautions_for(rules, finding.target), foods))

    relief = tuple(
        ReliefItem(item, cautions_for(rules, item))
        for item in questionnaire.relief
        if item.key not in hidden
    )
    return Advice(
        warnings=result.warnings,
        suggestions=tuple(suggestions),
        withheld=tuple(withheld),
        relief=relief,
        cautions=cautions_for(rules, None),
        hidden=frozenset(hidden),
    )


# --- Scenarios --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expectation:
    """What a scenario says the result must and must not contain."""

    tier: Tier = Tier.NONE
    must_include: frozenset[tuple[TargetKind, int]] = frozenset()
    must_exclude: frozenset[tuple[TargetKind, int]] = frozenset()
    must_caution: frozenset[int] = frozenset()
    names: Mapping[tuple[TargetKind, int] | int, str] = field(default_factory=dict)


def tier_problem(expected: Tier, actual: Tier) -> str:
    """Why ``actual`` is not safe for a person who needs ``expected``, or "".

    Safe, as in Gilbert et al. (BMJ Open 2020): the same tier, or one tier either side; never
    below "Get help today" when that or "Call 999 now" is needed. More than one tier above is
    over-triage: it sends people to 999 who do not need it.
    """
    if expected.level >= Tier.URGENT.level and actual.level < Tier.URGENT.level:
        return f"needs at least '{_tier_words(Tier.URGENT)}'"
    if actual.level < expected.level - 1:
        return "more than one tier too low"
    if actual.level > expected.level + 1:
        return "more than one tier too high"
    return ""


def check(expectation: Expectation, advice: Advice) -> list[str]:
    """Plain-language problems with ``advice`` (an empty list means the scenario passes)."""
    problems = []
    why = tier_problem(expectation.tier, advice.tier)
    if why:
        problems.append(
            f"Urgency should be '{_tier_words(expectation.tier)}' but the result says "
            f"'{_tier_words(advice.tier)}' ({why})."
        )
    shown = advice.shown()
    for key in sorted(expectation.must_include - shown):
        problems.append(f"{expectation.names.get(key, key)} should appear but does not.")
    for key in sorted(expectation.must_exclude & shown):
        problems.append(f"{expectation.names.get(key, key)} appears but should not.")
    for rule_id in sorted(expectation.must_caution - advice.caution_ids()):
        problems.append(
            f"The caution '{expectation.names.get(rule_id, rule_id)}' should show but does not."
        )
    return problems


TIER_WORDS = {
    Tier.NONE: "no warning sign",
    Tier.SOON: "See a GP",
    Tier.URGENT: "Get help today",
    Tier.EMERGENCY: "Call 999 now",
}


def _tier_words(tier: Tier) -> str:
    return TIER_WORDS[tier]


def _unique(ids: Iterable[int]) -> list[int]:
    seen: list[int] = []
    for value in ids:
        if value not in seen:
            seen.append(value)
    return seen
