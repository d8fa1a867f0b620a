from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from core.editors import is_editor

from . import filters as table
from . import selectors
from .models import FoodSource, Nutrient, Page


@require_safe
def home(request):
    pages = selectors.pages_by_slot(
        request.user, Page.Slot.INTRODUCTION, Page.Slot.KEY_NUTRIENTS, Page.Slot.CONCLUSION
    )
    return render(
        request,
        "nutrients/home.html",
        {
            "intro": pages.get(Page.Slot.INTRODUCTION),
            "key_nutrients": pages.get(Page.Slot.KEY_NUTRIENTS),
            "conclusion": pages.get(Page.Slot.CONCLUSION),
            "nutrients": selectors.visible_nutrients(request.user),
        },
    )


@require_safe
def nutrient_list(request):
    pages = selectors.pages_by_slot(request.user, Page.Slot.KEY_NUTRIENTS)
    return render(
        request,
        "nutrients/nutrient_list.html",
        {
            "intro": pages.get(Page.Slot.KEY_NUTRIENTS),
            "nutrients": selectors.nutrients_with_foods(request.user),
        },
    )


@require_safe
def nutrient_detail(request, slug):
    if is_editor(request.user):
        # Editors see drafts too, always straight from the database.
        nutrient = selectors.article_for_editor(slug)
    else:
        nutrient = selectors.published_articles().get(slug)
    if nutrient is None:
        raise Http404("No published nutrient has this address.")
    return render(request, "nutrients/nutrient_detail.html", {"nutrient": nutrient})


def table_view(request) -> tuple[list[table.Row], table.TableChoices, table.TableFilters]:
    """All rows the reader may see, what the filters can be set to, and the filters asked for."""
    rows = table.rows_from_nutrients(selectors.nutrients_with_foods(request.user))
    choices = table.TableChoices.from_rows(
        rows, kinds=dict(Nutrient.Kind.choices), grades=dict(Nutrient.Grade.choices)
    )
    return rows, choices, table.parse_filters(request.GET, choices)


def synonyms_for(filters: table.TableFilters) -> selectors.SynonymMap | None:
    """Editors' search synonyms, read only when the reader searched the table."""
    return selectors.search_synonyms() if filters.search else None


def compare_url(filters: table.TableFilters, name: str = "nutrients:compare") -> str:
    query = filters.query_string()
    return reverse(name) + (f"?{query}" if query else "")


@require_safe
@vary_on_headers("HX-Request")
def compare(request):
    """The comparison table; htmx requests get only the table region (``#table``).

    htmx's history restore (back/forward) needs the whole page. base.html tells htmx not to
    send HX-Request with it; should one arrive with HX-Request anyway, it gets the whole page
    marked private, so no shared cache files it under the htmx variant.
    """
    rows, choices, filters = table_view(request)
    canonical = compare_url(filters)
    # A plain form submission carries empty fields (kind=&q=...); send the reader on to the
    # short address so the link they copy and share is clean. It cannot loop: the canonical
    # address reads back as itself. Ignored parts stay, so the page can say what it dropped.
    query = request.META.get("QUERY_STRING", "")
    if query and not request.htmx and not filters.ignored and query != filters.query_string():
        return redirect(canonical)
    shown = table.filter_rows(rows, filters, synonyms_for(filters))
    context = {
        "rows": shown,
        "total": len(rows),
        "filters": filters,
        "choices": choices,
        "chips": table.active_filters(filters, choices),
        "sort_options": table.SORT_OPTIONS,
        "sort_urls": {
            column: compare_url(filters.sorted_by(column)) for column in table.SORT_COLUMNS
        },
        "csv_url": compare_url(filters, "nutrients:compare-csv"),
        "intro": selectors.pages_by_slot(request.user, Page.Slot.COMPARISON).get(
            Page.Slot.COMPARISON
        ),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return push_url(render(request, "nutrients/compare.html#table", context), canonical)
    response = render(request, "nutrients/compare.html", context)
    if request.htmx:
        patch_cache_control(response, private=True)
    return response


@require_safe
def compare_csv(request):
    """The rows of the current view (same filters and sort) as a CSV download."""
    rows, _, filters = table_view(request)
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="nutrient-comparison.csv"'},
    )
    shown = table.filter_rows(rows, filters, synonyms_for(filters))
    table.write_csv(shown, response, request.build_absolute_uri)
    return response


@require_safe
def factors(request):
    pages = selectors.pages_by_slot(request.user, Page.Slot.OTHER_CAUSES, Page.Slot.MANAGEMENT)
    causes_intro = pages.get(Page.Slot.OTHER_CAUSES)
    management_intro = pages.get(Page.Slot.MANAGEMENT)
    factors, relief_groups, page = selectors.factors_and_relief(
        request.user, causes_intro, management_intro
    )
    return render(
        request,
        "nutrients/factors.html",
        {
            "causes_intro": causes_intro,
            "management_intro": management_intro,
            "factors": factors,
            "relief_groups": relief_groups,
            "page": page,
        },
    )


@require_safe
def food_list(request):
    """The food finder: every food, grouped, with the nutrients it supplies."""
    groups, page = selectors.food_groups(request.user)
    return render(request, "nutrients/food_list.html", {"groups": groups, "page": page})


@require_safe
def food_detail(request, slug):
    """One food: the cramp-related nutrients it provides, and the table filtered by it."""
    food = get_object_or_404(FoodSource.objects.select_related("part_of"), slug=slug)
    nutrients, members, amounts, page = selectors.food_page(request.user, food)
    # The table filters on key foods only: offer it when this food is one of them.
    listed = any(link.food_id == food.pk for n in nutrients for link in n.food_links.all())
    filtered = table.TableFilters(foods=(food.slug,))
    return render(
        request,
        "nutrients/food_detail.html",
        {
            "food": food,
            "nutrients": nutrients,
            "members": members,
            "amounts": amounts,
            "page": page,
            "compare_url": compare_url(filtered) if listed else "",
        },
    )


@require_safe
def glossary(request):
    """Every glossary term with its meaning; articles link a term's first use here."""
    return render(request, "nutrients/glossary.html", {"terms": selectors.glossary_entries()})


@require_safe
def page_detail(request, slug):
    page = get_object_or_404(selectors.standalone_pages(request.user), slug=slug)
    if slug == Page.Slot.INTRODUCTION:
        raise Http404("The introduction is shown on the home page.")
    return render(
        request,
        "nutrients/page_detail.html",
        {"page": page, "rendered": selectors.rendered_page(page)},
    )
