"""What editors control in the symptom checker: questions, choices, weights, warning signs,
scoring settings and the scenarios that check them.

Readers' answers are never stored: nothing here has a field for them. The flow keeps answers
in a signed form field (see ``assessment/state.py``) and scoring is a pure function
(``assessment/scoring.py``) over a snapshot of these records (``assessment/questionnaire.py``).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from nutrients.models import Factor, Nutrient


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


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

    history = HistoricalRecords()
    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["question__order", "question_id", "order", "pk"]

    def __str__(self):
        return f"{self.question.text} → {self.label}"


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
        "in the checker settings.",
    )

    history = HistoricalRecords()

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


class WarningSign(models.Model):
    """A sign that needs a doctor. Always asked first; any match leads the result."""

    class Urgency(models.TextChoices):
        EMERGENCY = "emergency", "Emergency: call 999 or go to A&E"
        URGENT = "urgent", "Urgent: same-day GP appointment or NHS 111"
        SOON = "soon", "See a GP soon"

    text = models.CharField(
        max_length=200,
        help_text="The sign as readers see it in the list, e.g. 'A cramp that lasts longer "
        "than 10 minutes'.",
    )
    urgency = models.CharField(max_length=10, choices=Urgency, default=Urgency.URGENT)
    advice = models.TextField(
        help_text="What to do, in plain words. Shown first on the result when this sign applies."
    )
    source_name = models.CharField(
        max_length=120,
        help_text="The named source readers can check, e.g. 'NHS: Leg cramps'.",
    )
    source_url = models.URLField(help_text="Address of the source page.")
    order = models.PositiveIntegerField("display order", default=0)
    is_active = models.BooleanField("active", default=True)

    history = HistoricalRecords()
    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    @property
    def urgency_rank(self) -> int:
        return list(self.Urgency.values).index(self.urgency)


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

    history = HistoricalRecords()

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

    @classmethod
    def current(cls) -> "CheckerSettings":
        """The saved settings, or unsaved defaults when an editor has not set any (no write)."""
        return cls.objects.order_by("pk").first() or cls()


class Scenario(models.Model):
    """An editor's test case: a set of answers and what the result must (not) contain.

    Run from the admin against the current questions and weights, so an editor who changes
    a weight sees at once which expectations it broke.
    """

    name = models.CharField(max_length=120, unique=True)
    notes = models.TextField(
        blank=True, help_text="Why this case matters, e.g. the sentence of the source it checks."
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
    expect_urgent = models.BooleanField(
        "urgent advice must show",
        default=False,
        help_text="Ticked: the result must start with urgent advice. Unticked: it must not.",
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

    # The answers and expectations are the scenario: keep their history too, so an editor can
    # see and restore an earlier version.
    history = HistoricalRecords(
        m2m_fields=[
            warning_signs,
            choices,
            expected_nutrients,
            expected_factors,
            excluded_nutrients,
            excluded_factors,
        ]
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
