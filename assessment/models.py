"""What editors control in the symptom checker: questions, choices, weights, warning signs,
scoring settings and the scenarios that check them.

Readers' answers are never stored: nothing here has a field for them. The flow keeps answers
in a signed form field (see ``assessment/state.py``) and scoring is a pure function
(``assessment/scoring.py``) over a snapshot of these records (``assessment/questionnaire.py``).
"""

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from nutrients.models import Factor, FoodSource, Nutrient, NutrientSection, Relief


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


@reversion.register(follow=["choices"])
class Question(models.Model):
    """One step of the checker. Its choices carry the points; the question only asks."""

    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice (pick one)"
        MULTIPLE = "multiple", "Multiple choice (tick all that apply)"

    text = models.CharField(
        max_length=200,
        help_text="The question as readers see it, e.g. 'When do your cramps usually happen?'",
    )
    why = models.TextField(
        "why we ask this",
        blank=True,
        help_text="Optional. One or two plain sentences shown under 'Why we ask this'.",
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.SINGLE)
    required = models.BooleanField(
        default=True,
        help_text="Untick to let readers skip this question.",
    )
    order = models.PositiveIntegerField(
        "display order", default=0, help_text="Lower numbers are asked first."
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick to take the question out of the checker without deleting it "
        "(its choices, weights and scenarios are kept).",
    )

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


@reversion.register(follow=["weights", "rules"])
class Choice(models.Model):
    """An answer readers can pick. Points for nutrients or factors hang off it as weights."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(max_length=200, help_text="As readers see it, e.g. 'At night'.")
    order = models.PositiveIntegerField("display order", default=0)
    is_exclusive = models.BooleanField(
        "means 'none of these'",
        default=False,
        help_text="Tick for answers like 'None of these' on a multiple-choice question: "
        "readers cannot pick it together with other answers.",
    )

    class Meta:
        ordering = ["question__order", "question_id", "order", "pk"]

    def __str__(self):
        return f"{self.question.text} → {self.label}"


@reversion.register()
class Weight(models.Model):
    """Points a choice adds to exactly one nutrient or one contributing factor.

    One table for both targets keeps the scoring uniform; the database refuses a weight
    that points at both or at neither.
    """

    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="weights")
    nutrient = models.ForeignKey(
        Nutrient,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checker_weights",
        help_text="Fill in either a nutrient or a contributing factor, not both.",
    )
    factor = models.ForeignKey(
        Factor,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checker_weights",
        verbose_name="contributing factor",
        help_text="Fill in either a nutrient or a contributing factor, not both.",
    )
    points = models.SmallIntegerField(
        default=1,
        validators=[MinValueValidator(-10), MaxValueValidator(10)],
        help_text="From -10 to 10. Positive points make the suggestion more likely; negative "
        "points count against it. A suggestion is shown once its total reaches the threshold "
        "in the checker settings. One answer alone may not reach the threshold (see below).",
    )
    names_cause = models.BooleanField(
        "this answer names the cause",
        default=False,
        help_text="Tick only when the answer itself names a known cause, for example 'I take a "
        "statin' for medicines or 'I have dialysis' for underlying conditions. Only then may "
        "this one answer bring a contributing factor to the threshold on its own. Never for "
        "nutrients: a shortfall needs more than one answer pointing to it.",
    )
    section = models.ForeignKey(
        NutrientSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checker_weights",
        verbose_name="points to this part",
        help_text="Optional. When this answer points to one vitamin within a nutrient's article "
        "(for example vitamin B12 within B vitamins), pick it: the result then names it.",
    )

    class Meta:
        ordering = ["choice", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(nutrient__isnull=False, factor__isnull=True)
                    | Q(nutrient__isnull=True, factor__isnull=False)
                ),
                name="weight_has_exactly_one_target",
                violation_error_message="Choose either a nutrient or a contributing factor, "
                "not both and not neither.",
            ),
            models.UniqueConstraint(
                fields=["choice", "nutrient"],
                condition=Q(nutrient__isnull=False),
                name="unique_weight_per_choice_nutrient",
                violation_error_message="This answer already has points for that nutrient.",
            ),
            models.UniqueConstraint(
                fields=["choice", "factor"],
                condition=Q(factor__isnull=False),
                name="unique_weight_per_choice_factor",
                violation_error_message="This answer already has points for that factor.",
            ),
        ]

    def __str__(self):
        return f"{self.choice.label} → {self.target}: {self.points:+d}"

    @property
    def target(self):
        return self.nutrient or self.factor

    def clean(self):
        super().clean()
        if (self.nutrient_id is None) == (self.factor_id is None):
            raise ValidationError(
                "Choose either a nutrient or a contributing factor for these points, "
                "not both and not neither."
            )
        if self.names_cause and self.nutrient_id is not None:
            raise ValidationError(
                {
                    "names_cause": "Only a contributing factor can be named as the cause by one "
                    "answer. Untick this for a nutrient."
                }
            )
        if self.section_id is not None and self.section.nutrient_id != self.nutrient_id:
            raise ValidationError(
                {"section": "Pick a part of the same nutrient these points are for."}
            )
        problem = single_answer_problem(
            self.points,
            self.nutrient_id is not None,
            self.names_cause,
            CheckerSettings.current().threshold,
        )
        if problem:
            raise ValidationError({"points": problem})


def single_answer_problem(points: int, for_nutrient: bool, names_cause: bool, threshold: int):
    """Why one answer's points break the honest-scoring rule, or "" if they do not.

    No single answer may bring a nutrient to the threshold on its own, nor a contributing
    factor unless the answer names that cause directly (ticked "this answer names the cause").
    """
    if points < threshold:
        return ""
    if for_nutrient:
        return (
            f"One answer alone may not bring a nutrient to the threshold ({threshold} points). "
            f"Give it at most {threshold - 1} and let other answers add the rest."
        )
    if not names_cause:
        return (
            f"One answer alone may not bring a contributing factor to the threshold "
            f"({threshold} points) unless the answer names that cause directly. Give it at "
            f"most {threshold - 1}, or tick 'this answer names the cause' if it does."
        )
    return ""


@reversion.register()
class WarningSign(models.Model):
    """A sign that needs medical help, with how urgently. Asked first; any match leads the result.

    The tier is shown in words, colour and icon, NHS 111 style: the action first ("Call 999
    now"), the reason second. A sign can also apply without being ticked, when the reader's
    answers elsewhere add up to it (``triggers``), e.g. recent neck surgery and tingling.
    """

    class Urgency(models.TextChoices):
        EMERGENCY = "emergency", "Call 999 now"
        URGENT = "urgent", "Get help today"
        SOON = "soon", "See a GP"

    text = models.CharField(
        max_length=200,
        help_text="The sign as readers see it in the list, e.g. 'A cramp that lasts longer "
        "than 10 minutes'.",
    )
    urgency = models.CharField(
        max_length=10,
        choices=Urgency,
        default=Urgency.URGENT,
        help_text="'Call 999 now' (emergency), 'Get help today' (NHS 111, an urgent GP "
        "appointment or A&E the same day) or 'See a GP' (a routine appointment). Use the tier "
        "the source page gives; when sources differ, use the more urgent and say why in the "
        "notes.",
    )
    advice = models.TextField(
        help_text="What to do, in plain words, action first. Shown at the top of the result "
        "when this sign applies."
    )
    source_name = models.CharField(
        max_length=120,
        help_text="The named source readers can check, e.g. 'NHS: Leg cramps'.",
    )
    source_url = models.URLField(help_text="Address of the source page.")
    triggers = models.ManyToManyField(
        "Choice",
        blank=True,
        related_name="warning_signs",
        verbose_name="also applies when the reader answers",
        help_text="Optional. The sign also applies, without being ticked, when the reader "
        "picks at least one of these answers from each question they belong to. Example: "
        "'thyroid or parathyroid surgery' (About you) with 'tingling' or 'spasms' (other "
        "signs).",
    )
    notes = models.TextField(
        "editor notes",
        blank=True,
        help_text="Not shown to readers: why this tier, which sentence of the source it "
        "follows, where sources differ.",
    )
    order = models.PositiveIntegerField("display order", default=0)
    is_active = models.BooleanField("active", default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    @property
    def urgency_rank(self) -> int:
        """0 is the most urgent."""
        return list(self.Urgency.values).index(self.urgency)


@reversion.register()
class CheckerSettings(models.Model):
    """The scoring thresholds. There is only ever one row."""

    threshold = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1)],
        help_text="Points a nutrient or factor needs before the result mentions it "
        "(shown as 'possible').",
    )
    strong_threshold = models.PositiveSmallIntegerField(
        "'worth looking at' threshold",
        default=5,
        validators=[MinValueValidator(1)],
        help_text="Points at which a suggestion is shown as 'worth looking at' instead of "
        "'possible'. Must be at least the threshold above.",
    )

    class Meta:
        verbose_name = "scoring settings"
        verbose_name_plural = "scoring settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(strong_threshold__gte=F("threshold")),
                name="strong_threshold_not_below_threshold",
                violation_error_message="The 'worth looking at' threshold must be at least "
                "the threshold.",
            ),
            models.CheckConstraint(
                condition=Q(threshold__gte=1),
                name="threshold_at_least_one",
                violation_error_message="The threshold must be at least 1.",
            ),
        ]

    def __str__(self):
        return "Scoring settings"

    def clean(self):
        super().clean()
        if self.threshold is None:
            return
        too_high = [
            weight
            for weight in Weight.objects.select_related("choice", "nutrient", "factor")
            if single_answer_problem(
                weight.points, weight.nutrient_id is not None, weight.names_cause, self.threshold
            )
        ]
        if too_high:
            listed = "; ".join(
                f"{w.choice.label} → {w.target} ({w.points:+d})" for w in too_high[:5]
            )
            raise ValidationError(
                {
                    "threshold": f"With a threshold of {self.threshold}, one answer alone would "
                    f"reach it for: {listed}. Lower those points first, or keep a higher "
                    "threshold."
                }
            )

    @classmethod
    def current(cls) -> "CheckerSettings":
        """The saved settings, or unsaved defaults when an editor has not set any (no write)."""
        return cls.objects.order_by("pk").first() or cls()


def _not_both(*fields):
    """A condition that at most one of ``fields`` (foreign keys) is filled in."""
    condition = Q()
    for i, first in enumerate(fields):
        for second in fields[i + 1 :]:
            condition &= ~Q(**{f"{first}__isnull": False, f"{second}__isnull": False})
    return condition


RULE_TRIGGERS = ("trigger_choice", "trigger_sign")
RULE_TARGETS = ("nutrient", "factor", "relief", "food")


@reversion.register()
class Rule(models.Model):
    """What an answer about the person changes beyond points: an item never suggested to them
    (suppress), or a caution shown with it.

    Points that raise or lower an item are Weights. A rule is "when the reader answers X (or a
    warning sign applies), for item Y: do not suggest it / show this caution", with the words
    readers see and the source they can check. A caution with no answer applies to everyone
    who sees the item (e.g. what the research says about magnesium); a caution with no item is
    shown once above the suggestions (e.g. "ask your midwife before any supplement").
    """

    class Effect(models.TextChoices):
        SUPPRESS = "suppress", "Do not suggest it"
        CAUTION = "caution", "Show a caution with it"

    trigger_choice = models.ForeignKey(
        "Choice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name="when the reader answers",
        help_text="The answer this rule is about. Leave empty (and the warning sign too) for a "
        "caution that goes with the item whoever sees it.",
    )
    trigger_sign = models.ForeignKey(
        WarningSign,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name="or when this warning sign applies",
        help_text="Instead of an answer: e.g. no massage or heat when a clot is possible.",
    )
    effect = models.CharField(max_length=10, choices=Effect, default=Effect.CAUTION)
    nutrient = models.ForeignKey(
        Nutrient, on_delete=models.CASCADE, null=True, blank=True, related_name="checker_rules"
    )
    factor = models.ForeignKey(
        Factor,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checker_rules",
        verbose_name="contributing factor",
    )
    relief = models.ForeignKey(
        Relief,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checker_rules",
        verbose_name="relief or prevention advice",
    )
    food = models.ForeignKey(
        FoodSource,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checker_rules",
        help_text="Suppressing a food leaves it out of every food list in the result.",
    )
    text = models.TextField(
        "what readers see",
        help_text="Plain words, short sentences. For 'do not suggest it': why it is left out "
        "(shown under 'Not suggested for you'). For a caution: the caution itself.",
    )
    source_name = models.CharField(
        max_length=120, help_text="The named source readers can check, e.g. 'NHS: Warfarin'."
    )
    source_url = models.URLField(help_text="Address of the source page.")
    order = models.PositiveIntegerField("display order", default=0)
    is_active = models.BooleanField("active", default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "rule about the person"
        verbose_name_plural = "rules about the person (suppress or caution)"
        constraints = [
            models.CheckConstraint(
                condition=_not_both(*RULE_TRIGGERS),
                name="rule_has_at_most_one_trigger",
                violation_error_message="Pick an answer or a warning sign, not both.",
            ),
            models.CheckConstraint(
                condition=_not_both(*RULE_TARGETS),
                name="rule_has_at_most_one_target",
                violation_error_message="Pick one item at most: a nutrient, a factor, relief "
                "advice or a food.",
            ),
            models.CheckConstraint(
                condition=Q(effect="caution")
                | (
                    (Q(trigger_choice__isnull=False) | Q(trigger_sign__isnull=False))
                    & (
                        Q(nutrient__isnull=False)
                        | Q(factor__isnull=False)
                        | Q(relief__isnull=False)
                        | Q(food__isnull=False)
                    )
                ),
                name="rule_suppress_has_trigger_and_target",
                violation_error_message="To leave something out, say for which answer and "
                "which item.",
            ),
            models.CheckConstraint(
                condition=Q(effect="suppress")
                | Q(trigger_choice__isnull=False)
                | Q(trigger_sign__isnull=False)
                | Q(nutrient__isnull=False)
                | Q(factor__isnull=False)
                | Q(relief__isnull=False)
                | Q(food__isnull=False),
                name="rule_caution_has_trigger_or_target",
                violation_error_message="A caution needs an answer, an item, or both.",
            ),
        ]

    def __str__(self):
        when = self.trigger_choice or self.trigger_sign or "Always"
        return f"{when} → {self.target or 'general'}: {self.get_effect_display()}"

    @property
    def target(self):
        return self.nutrient or self.factor or self.relief or self.food


class Tier(models.TextChoices):
    """How urgently a result tells the reader to get help, least urgent first."""

    NONE = "none", "No warning sign"
    SOON = "soon", "See a GP"
    URGENT = "urgent", "Get help today"
    EMERGENCY = "emergency", "Call 999 now"


@reversion.register()
class Scenario(models.Model):
    """An editor's test case: a realistic person, their answers, and what the result must
    (not) contain, written from a named source.

    Run from the admin against the current questions, weights, rules and warning signs, and
    by the test suite, so a change that makes advice unsafe shows at once.
    """

    name = models.CharField(max_length=120, unique=True)
    notes = models.TextField(
        blank=True,
        help_text="The person in a sentence or two, and why this case matters, e.g. the "
        "sentence of the source it checks.",
    )
    source_url = models.URLField(
        blank=True, help_text="The page the person and the expected advice are written from."
    )
    warning_signs = models.ManyToManyField(
        WarningSign,
        blank=True,
        related_name="scenarios",
        help_text="Warning signs the imagined reader ticks. Leave empty for 'None of these'.",
    )
    choices = models.ManyToManyField(
        Choice,
        blank=True,
        related_name="scenarios",
        verbose_name="answers",
        help_text="The answers the imagined reader picks, one or more per question.",
    )
    expected_tier = models.CharField(
        "expected urgency",
        max_length=10,
        choices=Tier,
        default=Tier.NONE,
        help_text="The tier the source gives this person. The scenario fails if the result is "
        "more than one tier below it, below 'Get help today' when this is 'Get help today' or "
        "'Call 999 now', or more than one tier above it.",
    )
    expected_nutrients = models.ManyToManyField(
        Nutrient, blank=True, related_name="+", verbose_name="nutrients that must appear"
    )
    expected_factors = models.ManyToManyField(
        Factor, blank=True, related_name="+", verbose_name="factors that must appear"
    )
    excluded_nutrients = models.ManyToManyField(
        Nutrient, blank=True, related_name="+", verbose_name="nutrients that must not appear"
    )
    excluded_factors = models.ManyToManyField(
        Factor, blank=True, related_name="+", verbose_name="factors that must not appear"
    )
    excluded_relief = models.ManyToManyField(
        Relief, blank=True, related_name="+", verbose_name="relief advice that must not appear"
    )
    excluded_foods = models.ManyToManyField(
        FoodSource, blank=True, related_name="+", verbose_name="foods that must not be listed"
    )
    expected_cautions = models.ManyToManyField(
        Rule, blank=True, related_name="+", verbose_name="cautions that must appear"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
