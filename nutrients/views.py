from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Factor, FoodSource, Nutrient, NutrientFood, Page, Relief


def pages_by_slot(request, *slots: str) -> dict[str, Page]:
    """The visible pages for the given slots, keyed by slug, in one query."""
    pages = Page.objects.visible_to(request.user).filter(slug__in=slots)
    return {page.slug: page for page in pages}


def nutrients_with_foods(request):
    """Nutrients for lists and the table, with their foods and symptoms in two extra queries."""
    return Nutrient.objects.visible_to(request.user).prefetch_related(
        Prefetch("food_links", queryset=NutrientFood.objects.select_related("food")),
        "symptoms",
    )


@require_GET
def home(request):
    pages = pages_by_slot(
        request, Page.Slot.INTRODUCTION, Page.Slot.KEY_NUTRIENTS, Page.Slot.CONCLUSION
    )
    return render(
        request,
        "nutrients/home.html",
        {
            "intro": pages.get(Page.Slot.INTRODUCTION),
            "key_nutrients": pages.get(Page.Slot.KEY_NUTRIENTS),
            "conclusion": pages.get(Page.Slot.CONCLUSION),
            "nutrients": Nutrient.objects.visible_to(request.user),
        },
    )


@require_GET
def nutrient_list(request):
    pages = pages_by_slot(request, Page.Slot.KEY_NUTRIENTS)
    return render(
        request,
        "nutrients/nutrient_list.html",
        {
            "intro": pages.get(Page.Slot.KEY_NUTRIENTS),
            "nutrients": nutrients_with_foods(request),
        },
    )


@require_GET
def nutrient_detail(request, slug):
    nutrient = get_object_or_404(
        Nutrient.objects.visible_to(request.user).prefetch_related(
            Prefetch("food_links", queryset=NutrientFood.objects.select_related("food")),
            "sections",
            "symptoms",
            Prefetch("related", queryset=Nutrient.objects.visible_to(request.user)),
        ),
        slug=slug,
    )
    return render(request, "nutrients/nutrient_detail.html", {"nutrient": nutrient})


@require_GET
def compare(request):
    pages = pages_by_slot(request, Page.Slot.COMPARISON)
    return render(
        request,
        "nutrients/compare.html",
        {"intro": pages.get(Page.Slot.COMPARISON), "nutrients": nutrients_with_foods(request)},
    )


@require_GET
def factors(request):
    pages = pages_by_slot(request, Page.Slot.OTHER_CAUSES, Page.Slot.MANAGEMENT)
    relief = list(Relief.objects.visible_to(request.user))
    groups = [
        (label, [item for item in relief if item.when == value])
        for value, label in Relief.When.choices
    ]
    return render(
        request,
        "nutrients/factors.html",
        {
            "causes_intro": pages.get(Page.Slot.OTHER_CAUSES),
            "management_intro": pages.get(Page.Slot.MANAGEMENT),
            "factors": Factor.objects.visible_to(request.user),
            "relief_groups": [(label, items) for label, items in groups if items],
        },
    )


@require_GET
def food_list(request):
    foods = FoodSource.objects.prefetch_related(
        Prefetch("nutrients", queryset=Nutrient.objects.visible_to(request.user))
    )
    groups = {}
    for food in foods:
        groups.setdefault(food.get_group_display(), []).append(food)
    ordered = [(label, groups[label]) for _, label in FoodSource.Group.choices if label in groups]
    return render(request, "nutrients/food_list.html", {"groups": ordered})


@require_GET
def food_detail(request, slug):
    food = get_object_or_404(FoodSource, slug=slug)
    nutrients = Nutrient.objects.visible_to(request.user).filter(foods=food)
    return render(request, "nutrients/food_detail.html", {"food": food, "nutrients": nutrients})


@require_GET
def page_detail(request, slug):
    page = get_object_or_404(
        Page.objects.visible_to(request.user), slug=slug, placement=Page.Placement.STANDALONE
    )
    if slug == Page.Slot.INTRODUCTION:
        raise Http404("The introduction is shown on the home page.")
    return render(request, "nutrients/page_detail.html", {"page": page})


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
