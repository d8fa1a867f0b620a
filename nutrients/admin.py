from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_widgets import SafeAutocompleteMixin

from .models import (
    Factor,
    FoodSource,
    Nutrient,
    NutrientFood,
    NutrientSection,
    Page,
    Relief,
    Symptom,
)


class NutrientFoodInline(SafeAutocompleteMixin, admin.TabularInline):
    model = NutrientFood
    extra = 1
    autocomplete_fields = ["food"]
    verbose_name_plural = "Key food sources (in the order the table lists them)"


class NutrientSectionInline(admin.StackedInline):
    model = NutrientSection
    extra = 0
    prepopulated_fields = {"anchor": ["title"]}


class ArticleAdmin(SimpleHistoryAdmin):
    """Common editor conveniences: publish switch in the list, drafts easy to find."""

    list_editable = ["order", "is_published"]
    list_filter = ["is_published"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = None
    save_on_top = True


@admin.register(Nutrient)
class NutrientAdmin(ArticleAdmin):
    list_display = ["name", "kind", "evidence", "last_reviewed", "order", "is_published"]
    list_filter = ["kind", "evidence", "is_published", "symptoms"]
    search_fields = ["name", "summary", "primary_role", "deficiency_symptom", "body"]
    filter_horizontal = ["symptoms", "related"]
    inlines = [NutrientFoodInline, NutrientSectionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "summary", "condition_name", "evidence"]}),
        ("Comparison table", {"fields": ["primary_role", "deficiency_symptom"]}),
        ("Article", {"fields": ["body", "sources"]}),
        ("Links", {"fields": ["symptoms", "related"]}),
        ("Publishing", {"fields": ["is_published", "order", "last_reviewed"]}),
    ]


@admin.register(FoodSource)
class FoodSourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "group", "order"]
    list_editable = ["order"]
    list_filter = ["group"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Symptom)
class SymptomAdmin(SimpleHistoryAdmin):
    list_display = ["name", "description", "order"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Factor)
class FactorAdmin(ArticleAdmin):
    list_display = ["name", "summary", "last_reviewed", "order", "is_published"]
    search_fields = ["name", "summary", "body"]


@admin.register(Relief)
class ReliefAdmin(ArticleAdmin):
    list_display = ["name", "when", "last_reviewed", "order", "is_published"]
    list_filter = ["when", "is_published"]
    search_fields = ["name", "body"]


@admin.register(Page)
class PageAdmin(ArticleAdmin):
    list_display = ["title", "slug", "placement", "last_reviewed", "order", "is_published"]
    list_filter = ["placement", "is_published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(NutrientSection)
class NutrientSectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "nutrient", "anchor", "order"]
    list_filter = ["nutrient"]
    search_fields = ["title", "body"]
