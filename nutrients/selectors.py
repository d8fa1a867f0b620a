"""Database reads for the nutrients pages (and for the checker, which shows the same records).

Views call these and only render; other apps read nutrients content through this module and
the models, never through ``nutrients.views``. ``user`` decides drafts: editors see them,
readers see published records only (``PublishedQuerySet.visible_to``).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from core.caching import per_content_version
from core.richtext import Term

from .articles import PageBuilder, attach_articles, references_for, render_simple_page
from .charts import format_amount
from .models import (
    Factor,
    FoodAmount,
    FoodSource,
    GlossaryTerm,
    IntakeValue,
    Nutrient,
    NutrientFood,
    Page,
    Relief,
    SearchSynonym,
)


def pages_by_slot(user, *slots: str) -> dict[str, Page]:
    """The visible pages for the given slots, keyed by slug, in one query."""
    pages = Page.objects.visible_to(user).filter(slug__in=slots).select_related("reviewed_by")
    return {page.slug: page for page in pages}


def standalone_pages(user):
    """Pages with an address of their own (about, privacy, ...), drafts for editors only."""
    return (
        Page.objects.visible_to(user)
        .filter(placement=Page.Placement.STANDALONE)
        .select_related("reviewed_by")
    )


def published_page(slot: str) -> Page | None:
    """One published page by its slot (e.g. the checker's introduction)."""
    return Page.objects.published().filter(slug=slot).select_related("reviewed_by").first()


@per_content_version
def footer_advice() -> Page | None:
    """The same for every reader and page: read once per content version, not per request."""
    return published_page(Page.Slot.FOOTER)


def visible_nutrients(user):
    return Nutrient.objects.visible_to(user)


def nutrients_with_foods(user):
    """Nutrients for lists and the table, with their foods and symptoms in two extra queries."""
    return Nutrient.objects.visible_to(user).prefetch_related(
        Prefetch("food_links", queryset=NutrientFood.objects.select_related("food")),
        "symptoms",
    )


def article_queryset(nutrients):
    """Nutrients with everything their article shows (related ones filtered the same way)."""
    return nutrients.select_related("reviewed_by").prefetch_related(
        Prefetch("food_links", queryset=NutrientFood.objects.select_related("food")),
        Prefetch(
            "intakes",
            queryset=IntakeValue.objects.select_related("source", "upper_limit_source"),
        ),
        Prefetch(
            "food_amounts",
            queryset=FoodAmount.objects.select_related("food", "source", "note_source"),
        ),
        "sections",
        "symptoms",
        Prefetch("related", queryset=nutrients.all()),
    )


@per_content_version
def published_articles() -> dict[str, Nutrient]:
    """Every published nutrient ready for its article, by slug: read once per content version.

    Each carries its rendered ``article`` (texts with numbered citations and the reference
    list, see nutrients/articles.py). Readers who skip the page cache (any cookie but the CSRF
    one) and the checker's result share these in-memory objects, which nobody mutates (see
    core/caching.py).
    """
    nutrients = list(article_queryset(Nutrient.objects.published()))
    return {n.slug: n for n in attach_articles(nutrients, gp_advice_text(), glossary_terms())}


def article_for_editor(slug: str) -> Nutrient | None:
    """A nutrient's article with drafts included, always straight from the database."""
    found = list(article_queryset(Nutrient.objects.all()).filter(slug=slug))
    return attach_articles(found, gp_advice_text(), glossary_terms())[0] if found else None


@per_content_version
def glossary_terms() -> tuple[Term, ...]:
    """The glossary as the renderer needs it: read once per content version."""
    return tuple(Term(t.slug, t.term, t.spellings, t.meaning) for t in GlossaryTerm.objects.all())


def glossary_entries():
    return GlossaryTerm.objects.all()


def gp_advice_text() -> str:
    """The shared "When to see a GP" text of every safety box (empty if unpublished)."""
    page = Page.objects.published().filter(slug=Page.Slot.SUPPLEMENT_ADVICE).only("body").first()
    return page.body if page else ""


def rendered_page(page: Page):
    """A stand-alone page's text with its citations and reference list."""
    return render_simple_page([("body", page.body)], terms=glossary_terms())


def factors_and_relief(
    user, causes_intro: Page | None = None, management_intro: Page | None = None
):
    """Contributing factors, relief grouped by when it helps (empty groups left out), and the
    whole page rendered with one numbering of its citations.

    Returns ``(factors, relief_groups, page)``: ``page.html`` holds the introductions
    ("causes", "management") and ``page.records`` the factors' and relief items' texts.
    """
    relief = list(Relief.objects.visible_to(user).select_related("reviewed_by"))
    factors = list(Factor.objects.visible_to(user).select_related("reviewed_by"))
    page = render_simple_page(
        [
            ("causes", causes_intro.body if causes_intro else ""),
            ("management", management_intro.body if management_intro else ""),
        ],
        {"factors": factors, "relief": relief},
        terms=glossary_terms(),
    )
    html = {record.pk: text for record, text in page.records["relief"]}
    groups = [
        (label, [(item, html[item.pk]) for item in relief if item.when == value])
        for value, label in Relief.When.choices
    ]
    return page.records["factors"], [(label, items) for label, items in groups if items], page


NOT_A_FOOD = ("not-a-food", "Not a food")


def _amount_rows(builder, amounts) -> list[dict]:
    """Amounts as the food pages show them, each with its source cited on ``builder``."""
    return [
        {
            "nutrient": amount.nutrient,
            "component": amount.component,
            "food": amount.food,
            "description": amount.description,
            "serving": amount.serving,
            "amount": f"{format_amount(amount.amount)} {amount.unit}",
            "note": amount.note,
            "cite": builder.cite(amount.source),
            "note_cite": builder.cite(amount.note_source),
        }
        for amount in amounts
    ]


def _amounts(user):
    return FoodAmount.objects.filter(nutrient__in=Nutrient.objects.visible_to(user)).select_related(
        "nutrient", "food", "source", "note_source"
    )


def food_groups(user):
    """The food finder: every food grouped as (group value, group label, foods), sources that
    are not foods (sunlight) last under "Not a food". Each food carries the nutrients it
    supplies and ``amount_rows`` (amounts with cited sources). Returns ``(groups, page)``;
    ``page`` holds the reference list."""
    foods = list(
        FoodSource.objects.prefetch_related(
            Prefetch("nutrients", queryset=Nutrient.objects.visible_to(user))
        )
    )
    builder = PageBuilder({})
    by_food: dict[int, list] = {}
    amounts = _amounts(user).order_by("food__order", "food__name", "nutrient__order", "-amount")
    for amount in amounts:
        by_food.setdefault(amount.food_id, []).append(amount)
    groups: dict[str, list[FoodSource]] = {}
    for food in foods:
        food.amount_rows = _amount_rows(builder, by_food.get(food.pk, []))
        groups.setdefault(food.group if food.is_food else NOT_A_FOOD[0], []).append(food)
    ordered = [
        (value, label, groups[value])
        for value, label in [*FoodSource.Group.choices, NOT_A_FOOD]
        if value in groups
    ]
    return ordered, builder.finish()


def food_page(user, food: FoodSource):
    """One food's page: the visible nutrients it (or its members, for a group such as leafy
    greens) supplies, its amounts and theirs, its description with citations, and the notes on
    its links (e.g. "Not a source of vitamin B12").

    A nutrient counts when a food is on its list of key foods or a serving has more than none
    of it, so a group's page always shows at least what each of its members' pages shows.
    """
    members = list(food.members.all())
    ids = [food.pk, *(m.pk for m in members)]
    nutrients = list(
        Nutrient.objects.visible_to(user)
        .filter(
            Q(food_links__food__in=ids) | Q(food_amounts__food__in=ids, food_amounts__amount__gt=0)
        )
        .distinct()
        .order_by("order", "name")
        .prefetch_related(
            Prefetch("food_links", queryset=NutrientFood.objects.select_related("food"))
        )
    )
    for nutrient in nutrients:
        nutrient.notes = [
            link.note for link in nutrient.food_links.all() if link.food_id in ids and link.note
        ]
    amounts = (
        _amounts(user).filter(food__in=ids).order_by("nutrient__order", "component", "-amount")
    )
    builder = PageBuilder(references_for([food.description]), glossary_terms())
    builder.add("description", food.description)
    rows = _amount_rows(builder, amounts)
    return nutrients, members, rows, builder.finish()


def published_factors() -> dict[int, Factor]:
    return Factor.objects.published().in_bulk()


def published_relief() -> tuple[list[Relief], list[Relief]]:
    """Published relief as (self-care, professional help)."""
    relief = Relief.objects.published()
    return (
        list(relief.exclude(when=Relief.When.PROFESSIONAL)),
        list(relief.filter(when=Relief.When.PROFESSIONAL)),
    )


@dataclass(frozen=True)
class SynonymMap:
    """Editors' search synonyms as plain data: a typed word to the words to look for as well.

    Keys and alternatives are case-folded. ``alternatives`` also tries the word without a
    plural "s" or "es", so a synonym for "cramp" applies to "cramps" as well.
    """

    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def alternatives(self, word: str) -> tuple[str, ...]:
        word = word.casefold()
        for candidate in (word, word.removesuffix("s"), word.removesuffix("es")):
            if len(candidate) > 1 and candidate in self.words:
                return self.words[candidate]
        return ()


@per_content_version
def search_synonyms() -> SynonymMap:
    """The synonyms site search and the comparison table use, read once per content version."""
    return SynonymMap(
        {
            synonym.term.strip().casefold(): tuple(
                line.casefold() for line in synonym.alternative_list
            )
            for synonym in SearchSynonym.objects.all()
        }
    )
