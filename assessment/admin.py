"""Editors' screens for the checker: questions with their choices, weights, warning signs,
scoring settings, and scenarios they can run against the current weights at any time."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from core.admin_history import ContentVersionAdmin
from core.admin_review import ReviewedAdminMixin
from core.admin_widgets import SafeAutocompleteMixin

from .models import CheckerSettings, Choice, Question, Rule, Scenario, WarningSign, Weight
from .questionnaire import load_questionnaire
from .scenarios import SCENARIO_PREFETCH, run_scenario, run_scenarios


def failing_scenarios() -> list[str]:
    """Every scenario that fails with the questionnaire as it is in the database right now.

    Read fresh, not through the per-content-version memo: this runs inside a transaction that
    may be rolled back, and nothing read there may be kept for readers.
    """
    questionnaire = load_questionnaire.__wrapped__()
    problems = []
    for scenario in Scenario.objects.prefetch_related(*SCENARIO_PREFETCH):
        run = run_scenario(questionnaire, scenario)
        if not run.passed:
            problems.append(f"Scenario \u201c{scenario.name}\u201d fails: {' '.join(run.problems)}")
    return problems


class CheckerRulesAdmin(ReviewedAdminMixin, ContentVersionAdmin):
    """Checker rules are published by a clinical reviewer, and only while every scenario passes."""

    def publish_problems(self) -> list[str]:
        return failing_scenarios()


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 1
    fields = ["label", "order", "is_exclusive", "weight_summary"]
    readonly_fields = ["weight_summary"]
    show_change_link = True
    verbose_name_plural = "Choices (save, then use 'Change' on a choice to edit its points)"

    @admin.display(description="points")
    def weight_summary(self, obj):
        if not obj.pk:
            return "Save first"
        weights = obj.weights.all()
        return ", ".join(f"{w.target} {w.points:+d}" for w in weights) or "none"

    def get_queryset(self, request):
        return (
            super().get_queryset(request).prefetch_related("weights__nutrient", "weights__factor")
        )


class WeightInline(admin.TabularInline):
    model = Weight
    extra = 1
    fields = ["nutrient", "factor", "points", "names_cause", "section"]


class RuleInline(admin.TabularInline):
    """The rules about the person this answer sets off (edit them in full under Rules)."""

    model = Rule
    fk_name = "trigger_choice"
    extra = 0
    fields = ["effect", "nutrient", "factor", "relief", "food", "text", "source_name", "source_url"]


@admin.register(Question)
class QuestionAdmin(CheckerRulesAdmin):
    hidden_until_review_field = "is_active"

    list_display = ["text", "kind", "required", "choice_count", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "kind", "required"]
    search_fields = ["text", "why", "choices__label"]
    inlines = [ChoiceInline]
    save_on_top = True
    readonly_fields = ["answer_effects"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(choice_total=Count("choices"))

    @admin.display(description="what its answers move")
    def answer_effects(self, obj):
        """Each nutrient or factor its answers give points to, with how many, per answer."""
        if not obj.pk:
            return "Save the question, then give its answers points."
        weights = (
            Weight.objects.filter(choice__question=obj)
            .select_related("choice", "nutrient", "factor")
            .order_by("nutrient__name", "factor__name", "choice__order", "choice__pk")
        )
        by_target: dict[str, list[str]] = {}
        for weight in weights:
            by_target.setdefault(str(weight.target), []).append(
                f"{weight.points:+d} for “{weight.choice.label}”"
            )
        link = (
            reverse("admin:assessment_weight_changelist") + f"?choice__question__id__exact={obj.pk}"
        )
        if not by_target:
            return format_html('No answer gives points yet. <a href="{}">Add points</a>', link)
        rows = format_html_join(
            "",
            "<li><strong>{}</strong>: {}</li>",
            ((t, "; ".join(p)) for t, p in by_target.items()),
        )
        return format_html(
            '<ul class="answer-effects">{}</ul><a href="{}">Edit these points on one page</a>',
            rows,
            link,
        )

    @admin.display(description="choices", ordering="choice_total")
    def choice_count(self, obj):
        return obj.choice_total


@admin.register(Choice)
class ChoiceAdmin(CheckerRulesAdmin):
    """Where a choice's points are edited (Django cannot nest inlines on the question)."""

    editors_may_add = False  # added on their question, through review

    list_display = ["label", "question", "order", "is_exclusive"]
    list_filter = ["question"]
    search_fields = ["label", "question__text"]
    list_select_related = ["question"]
    fields = ["question", "label", "order", "is_exclusive"]
    inlines = [WeightInline, RuleInline]


@admin.register(Weight)
class WeightAdmin(SafeAutocompleteMixin, CheckerRulesAdmin):
    """Every weight as one short line (question, answer, target, points), points editable in
    place. Filter by question to see one question's points on one screen; the question's own
    page sums up what its answers move."""

    editors_may_add = False  # added on their answer, through review

    list_display = ["question", "choice_label", "target", "points", "names_the_cause"]
    list_display_links = ["choice_label"]
    list_editable = ["points"]
    list_filter = ["choice__question", "nutrient", "factor", "names_cause"]
    search_fields = ["choice__label", "choice__question__text"]
    list_select_related = ["choice__question", "nutrient", "factor"]
    autocomplete_fields = ["choice"]
    ordering = ["choice__question__order", "choice__question_id", "choice__order", "pk"]
    list_per_page = 50

    @admin.display(description="answer", ordering="choice__label")
    def choice_label(self, obj):
        return Truncator(obj.choice.label).chars(50)

    @admin.display(description="question", ordering="choice__question__order")
    def question(self, obj):
        return Truncator(obj.choice.question.text).chars(45)

    @admin.display(description="nutrient or factor")
    def target(self, obj):
        return obj.target

    @admin.display(description="names the cause", boolean=True, ordering="names_cause")
    def names_the_cause(self, obj):
        return obj.names_cause


@admin.register(WarningSign)
class WarningSignAdmin(CheckerRulesAdmin):
    hidden_until_review_field = "is_active"

    list_display = ["text", "urgency", "source_name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["urgency", "is_active"]
    search_fields = ["text", "advice", "notes"]
    filter_horizontal = ["triggers"]
    fields = [
        "text",
        "urgency",
        "advice",
        "source_name",
        "source_url",
        "triggers",
        "notes",
        "order",
        "is_active",
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "triggers":
            kwargs["queryset"] = Choice.objects.select_related("question")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Rule)
class RuleAdmin(CheckerRulesAdmin):
    """Rules about the person: what an answer (or warning sign) leaves out or cautions about."""

    hidden_until_review_field = "is_active"

    list_display = ["__str__", "effect", "text_start", "source_name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["effect", "is_active", "trigger_choice__question", "trigger_sign"]
    search_fields = ["text", "source_name", "trigger_choice__label"]
    list_select_related = [
        "trigger_choice__question",
        "trigger_sign",
        "nutrient",
        "factor",
        "relief",
        "food",
    ]
    fieldsets = [
        ("When", {"fields": ["trigger_choice", "trigger_sign"]}),
        ("What changes", {"fields": ["effect", "nutrient", "factor", "relief", "food"]}),
        ("What readers see", {"fields": ["text", "source_name", "source_url"]}),
        (None, {"fields": ["order", "is_active"]}),
    ]

    @admin.display(description="text")
    def text_start(self, obj):
        return obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "trigger_choice":
            kwargs["queryset"] = Choice.objects.select_related("question")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("trigger_choice__question")


@admin.register(CheckerSettings)
class CheckerSettingsAdmin(CheckerRulesAdmin):
    editors_may_add = False

    list_display = ["__str__", "threshold", "strong_threshold"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CheckerSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


# A scenario's answers and expectations, picked with two-pane widgets.
SCENARIO_M2M_FIELDS = [
    "warning_signs",
    "choices",
    "expected_nutrients",
    "expected_factors",
    "expected_cautions",
    "excluded_nutrients",
    "excluded_factors",
    "excluded_relief",
    "excluded_foods",
]


@admin.register(Scenario)
class ScenarioAdmin(ContentVersionAdmin):
    list_display = ["name", "expected_tier"]  # plus the verdict column, see get_list_display
    search_fields = ["name", "notes"]
    filter_horizontal = SCENARIO_M2M_FIELDS
    readonly_fields = ["verdict"]
    list_filter = ["expected_tier"]
    fieldsets = [
        (None, {"fields": ["name", "notes", "source_url", "verdict"]}),
        ("Answers", {"fields": ["warning_signs", "choices"]}),
        (
            "Expected outcome",
            {
                "fields": [
                    "expected_tier",
                    "expected_nutrients",
                    "expected_factors",
                    "expected_cautions",
                ]
            },
        ),
        (
            "Must not be suggested",
            {
                "fields": [
                    "excluded_nutrients",
                    "excluded_factors",
                    "excluded_relief",
                    "excluded_foods",
                ]
            },
        ),
    ]
    actions = ["run_selected"]
    change_list_template = "admin/assessment/scenario/change_list.html"

    def get_list_display(self, request):
        """Add a pass/fail column, all rows scored against one read of the questionnaire."""
        questionnaire = None

        @admin.display(description="verdict now")
        def verdict_now(scenario):
            nonlocal questionnaire
            if questionnaire is None:
                questionnaire = load_questionnaire()
            run = run_scenario(questionnaire, scenario)
            return "PASS" if run.passed else "FAIL: " + " ".join(run.problems)

        return [*super().get_list_display(request), verdict_now]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(*SCENARIO_PREFETCH)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "choices":
            kwargs["queryset"] = Choice.objects.select_related("question")
        if db_field.name == "expected_cautions":
            kwargs["queryset"] = Rule.objects.filter(effect=Rule.Effect.CAUTION).select_related(
                "trigger_choice__question", "trigger_sign", "nutrient", "factor", "relief", "food"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self):
        urls = [
            path(
                "run/",
                self.admin_site.admin_view(self.run_all_view),
                name="assessment_scenario_run",
            )
        ]
        return urls + super().get_urls()

    def run_all_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self.render_runs(request, Scenario.objects.all())

    @admin.action(description="Run selected scenarios against the current weights")
    def run_selected(self, request, queryset):
        return self.render_runs(request, queryset)

    def render_runs(self, request, scenarios):
        runs = run_scenarios(scenarios)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Scenario results",
            "runs": runs,
            "passed": sum(1 for run in runs if run.passed),
            "failed": sum(1 for run in runs if not run.passed),
        }
        return TemplateResponse(request, "admin/assessment/scenario/run.html", context)

    @admin.display(description="Verdict with the current questions and weights")
    def verdict(self, obj):
        if not obj.pk:
            return "Save the scenario to see its verdict."
        (run,) = run_scenarios(Scenario.objects.filter(pk=obj.pk))
        status = "PASS" if run.passed else "FAIL"
        problems = " ".join(run.problems) or "All expectations met."
        return format_html(
            '<strong>{}</strong>: {} <a href="{}">Run all scenarios</a>',
            status,
            problems,
            reverse("admin:assessment_scenario_run"),
        )
