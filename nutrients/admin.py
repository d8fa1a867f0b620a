import datetime

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from core.admin_history import ContentVersionAdmin
from core.admin_preview import MarkdownPreviewMixin
from core.admin_review import ReviewedAdminMixin
from core.admin_widgets import SafeAutocompleteMixin, SizedTextMixin

from .models import (
    Factor,
    FoodAmount,
    FoodSource,
    GlossaryTerm,
    IntakeValue,
    Nutrient,
    NutrientFood,
    NutrientSection,
    Page,
    Reference,
    Relief,
    Reviewer,
    SearchSynonym,
    Symptom,
)
from .selectors import glossary_terms

DUE_SOON_DAYS = 30


def known_reference_keys(keys):
    """The cited keys that name a reference, for Markdown previews (unknown ones are flagged)."""
    return Reference.objects.filter(key__in=keys).values_list("key", flat=True)


def glossary_for_preview():
    """The glossary terms and the glossary's address, for Markdown previews."""
    return glossary_terms(), reverse("nutrients:glossary")


CITATIONS = staticmethod(known_reference_keys)
GLOSSARY = staticmethod(glossary_for_preview)
REVIEW_FIELDSET = (
    "Review",
    {
        "fields": ["reviewed_by", "reviewed_on", "next_review_due"],
        "description": "Readers see: Reviewed by … on …; next review due ….",
    },
)
REVIEWED_MODELS = (Nutrient, Factor, Relief, Page)


def due_soon_date(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=DUE_SOON_DAYS)


class ReviewDueFilter(admin.SimpleListFilter):
    """Pages whose next review is past, or due within 30 days."""

    title = "next review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Due within {DUE_SOON_DAYS} days"),
            ("due", f"Overdue or due within {DUE_SOON_DAYS} days"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(
                next_review_due__gte=today, next_review_due__lte=due_soon_date(today)
            )
        if self.value() == "due":
            return queryset.filter(next_review_due__lte=due_soon_date(today))
        return queryset


def reviews_due(today: datetime.date | None = None) -> list[dict]:
    """Every page (of any kind) overdue or due within 30 days, soonest first."""
    today = today or timezone.localdate()
    rows = []
    for model in REVIEWED_MODELS:
        for item in model.objects.filter(next_review_due__lte=due_soon_date(today)).select_related(
            "reviewed_by"
        ):
            opts = model._meta
            rows.append(
                {
                    "kind": opts.verbose_name.capitalize(),
                    "title": str(item),
                    "due": item.next_review_due,
                    "overdue": item.next_review_due < today,
                    "reviewed_on": item.reviewed_on,
                    "reviewed_by": item.reviewed_by,
                    "change_url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]
                    ),
                }
            )
    return sorted(rows, key=lambda row: (row["due"], row["kind"], row["title"]))


class NutrientFoodInline(SafeAutocompleteMixin, admin.TabularInline):
    model = NutrientFood
    extra = 1
    autocomplete_fields = ["food"]
    verbose_name_plural = "Key food sources (in the order the table lists them)"


class IntakeValueInline(SafeAutocompleteMixin, admin.TabularInline):
    model = IntakeValue
    extra = 0
    autocomplete_fields = ["source", "upper_limit_source"]
    fields = [
        "component",
        "life_stage",
        "sex",
        "amount",
        "unit",
        "kind",
        "source",
        "upper_limit",
        "upper_limit_note",
        "upper_limit_source",
        "order",
    ]
    verbose_name_plural = "How much you need (daily amounts, US/Canada and UK)"


class FoodAmountInline(SafeAutocompleteMixin, admin.TabularInline):
    model = FoodAmount
    extra = 0
    autocomplete_fields = ["food", "source", "note_source"]
    fields = [
        "component",
        "food",
        "description",
        "serving",
        "amount",
        "unit",
        "source",
        "note",
        "note_source",
    ]
    verbose_name_plural = "Amounts in foods (one typical serving)"


class NutrientSectionInline(MarkdownPreviewMixin, SizedTextMixin, admin.StackedInline):
    citation_lookup = CITATIONS
    glossary_lookup = GLOSSARY
    model = NutrientSection
    extra = 0
    prepopulated_fields = {"anchor": ["title"]}


class ArticleAdmin(ReviewedAdminMixin, ContentVersionAdmin):
    """Common editor conveniences: publish switch in the list, drafts and due reviews easy to
    find."""

    citation_lookup = CITATIONS
    glossary_lookup = GLOSSARY

    hidden_until_review_field = "is_published"

    list_editable = ["order", "is_published"]
    list_filter = ["is_published", ReviewDueFilter]
    list_select_related = ["reviewed_by"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = None
    save_on_top = True


@admin.register(Nutrient)
class NutrientAdmin(ArticleAdmin):
    list_display = [
        "name",
        "kind",
        "evidence_grade",
        "reviewed_on",
        "next_review_due",
        "order",
        "is_published",
    ]
    list_filter = ["kind", "evidence_grade", "is_published", ReviewDueFilter, "symptoms"]
    search_fields = ["name", "summary", "primary_role", "deficiency_symptom", "body"]
    filter_horizontal = ["symptoms", "related"]
    inlines = [NutrientFoodInline, NutrientSectionInline, IntakeValueInline, FoodAmountInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "summary", "condition_name"]}),
        ("Comparison table", {"fields": ["primary_role", "deficiency_symptom"]}),
        ("Article", {"fields": ["body"]}),
        (
            "What the research says about cramps",
            {
                "fields": ["evidence_grade", "evidence_note", "research"],
                "description": "The grade must follow from the studies cited below it. The "
                "scale is explained to readers on the 'How we grade evidence' page.",
            },
        ),
        ("Safety box", {"fields": ["careful", "at_risk"]}),
        ("Links", {"fields": ["symptoms", "related"]}),
        ("Publishing", {"fields": ["is_published", "order"]}),
        REVIEW_FIELDSET,
    ]


@admin.register(FoodSource)
class FoodSourceAdmin(ReviewedAdminMixin, ContentVersionAdmin):
    editors_may_add = False  # readers see a new food at once: a clinical reviewer adds it
    citation_lookup = CITATIONS
    glossary_lookup = GLOSSARY
    list_display = ["name", "group", "is_food", "part_of", "order"]
    list_editable = ["order"]
    list_filter = ["group", "is_food"]
    list_select_related = ["part_of"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Symptom)
class SymptomAdmin(ReviewedAdminMixin, ContentVersionAdmin):
    editors_may_add = False  # readers see a new symptom at once: a clinical reviewer adds it
    list_display = ["name", "description", "order"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Factor)
class FactorAdmin(ArticleAdmin):
    list_display = ["name", "summary", "reviewed_on", "next_review_due", "order", "is_published"]
    search_fields = ["name", "summary", "body"]


@admin.register(Relief)
class ReliefAdmin(ArticleAdmin):
    list_display = ["name", "when", "reviewed_on", "next_review_due", "order", "is_published"]
    list_filter = ["when", "is_published", ReviewDueFilter]
    search_fields = ["name", "body"]


@admin.register(Page)
class PageAdmin(ArticleAdmin):
    list_display = [
        "title",
        "where_shown",
        "reviewed_on",
        "next_review_due",
        "order",
        "is_published",
    ]
    list_filter = ["placement", "is_published", ReviewDueFilter]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["where_shown"]

    @admin.display(description="where readers see it")
    def where_shown(self, obj):
        return obj.where_shown() if obj.pk else "Save to see where it appears."


@admin.register(NutrientSection)
class NutrientSectionAdmin(ReviewedAdminMixin, ContentVersionAdmin):
    citation_lookup = CITATIONS
    glossary_lookup = GLOSSARY
    editors_may_add = False  # sections are added on their nutrient, through review

    list_display = ["title", "nutrient", "anchor", "order"]
    list_filter = ["nutrient"]
    search_fields = ["title", "body"]


@admin.register(Reviewer)
class ReviewerAdmin(ContentVersionAdmin):
    """Reviewers, and the one list of every page whose review is overdue or due soon."""

    list_display = ["name", "credentials", "role"]
    search_fields = ["name", "credentials", "role"]
    change_list_template = "admin/nutrients/reviewer/change_list.html"

    def get_urls(self):
        due = self.admin_site.admin_view(self.reviews_due_view)
        return [path("due/", due, name="nutrients_reviewer_due"), *super().get_urls()]

    def reviews_due_view(self, request):
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reviews overdue or due within {DUE_SOON_DAYS} days",
            "opts": self.model._meta,
            "rows": reviews_due(),
            "today": timezone.localdate(),
        }
        return TemplateResponse(request, "admin/nutrients/reviewer/reviews_due.html", context)


@admin.register(Reference)
class ReferenceAdmin(ReviewedAdminMixin, ContentVersionAdmin):
    """A new reference reaches readers only when reviewed text cites it, so editors add them
    freely; changing one that pages cite goes through review."""

    list_display = ["key", "title", "publisher", "year", "kind", "accessed_on"]
    list_filter = ["kind"]
    search_fields = ["key", "title", "authors", "publisher", "pmid", "doi"]
    fieldsets = [
        (None, {"fields": ["key", "kind"]}),
        ("What readers see", {"fields": ["authors", "title", "publisher", "year", "url"]}),
        ("Identifiers", {"fields": ["pmid", "doi", "accessed_on"]}),
    ]


@admin.register(SearchSynonym)
class SearchSynonymAdmin(ContentVersionAdmin):
    """Words readers type for what the site calls something else (site search and the table)."""

    list_display = ["term", "alternatives_shown"]
    search_fields = ["term", "alternatives"]

    @admin.display(description="also find")
    def alternatives_shown(self, synonym):
        return ", ".join(synonym.alternative_list)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ReviewedAdminMixin, ContentVersionAdmin):
    editors_may_add = False  # a new term is explained on every page at once: reviewers add it
    list_display = ["term", "other_spellings", "meaning"]
    search_fields = ["term", "other_spellings", "meaning"]
    prepopulated_fields = {"slug": ["term"]}
