"""How much you need and how much foods give: data, charts, food pages and the food finder."""

import re
from decimal import Decimal

import pytest
from django.db import IntegrityError

from nutrients.charts import BAR_SPACE, bar_chart, format_amount
from nutrients.models import FoodAmount, FoodSource, IntakeValue, Nutrient

from .factories import make_food, make_nutrient, make_reference
from .test_content import visible_text

pytestmark = pytest.mark.django_db


def svg_charts(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


# --- Charts (plain functions) ------------------------------------------------------------


def test_bars_scale_to_the_largest_value_and_zero_draws_no_bar():
    chart = bar_chart(
        "c",
        "Title",
        [("A", Decimal("200"), "200 mg"), ("B", Decimal("50"), "50 mg"), ("C", 0, "0")],
    )
    assert [bar.width for bar in chart.bars] == [BAR_SPACE, round(BAR_SPACE / 4), 0]
    assert chart.description == (
        "3 bars. Highest: A, 200 mg. Lowest: C, 0. Every value is in the table."
    )
    assert chart.height > 3 * 30


@pytest.mark.parametrize(
    ("value", "text"), [(Decimal("1000.00"), "1,000"), (Decimal("2.40"), "2.4"), (0, "0")]
)
def test_amounts_are_written_as_people_read_them(value, text):
    assert format_amount(value) == text


# --- Shipped data ------------------------------------------------------------------------


def test_every_daily_amount_renders_on_its_article(seeded, client):
    for nutrient in Nutrient.objects.published():
        text = visible_text(client.get(nutrient.get_absolute_url()).content)
        for row in nutrient.intakes.all():
            assert f"{row.who}{format_amount(row.amount)} {row.unit}" in text, (nutrient, row)


def test_every_food_amount_renders_on_its_article_biggest_first(seeded, client):
    for nutrient in Nutrient.objects.published():
        html = client.get(nutrient.get_absolute_url()).content.decode()
        for component in {a.component for a in nutrient.food_amounts.all()}:
            rows = list(
                nutrient.food_amounts.filter(component=component).order_by("-amount", "description")
            )
            where = [html.index(f">{row.description}</a>") for row in rows]
            assert where == sorted(where), nutrient
            for row in rows:
                assert f"{format_amount(row.amount)} {row.unit}" in html


def test_every_chart_has_a_text_alternative(seeded, client):
    for nutrient in Nutrient.objects.published():
        html = client.get(nutrient.get_absolute_url()).content.decode()
        charts = svg_charts(html)
        assert len(charts) >= 1, nutrient
        for svg in charts:
            title, desc = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', svg).groups()
            assert 'role="img"' in svg
            assert f'<title id="{title}">' in svg and f'<desc id="{desc}">' in svg
            assert "Every value is in the table" in svg or "One bar" in svg
        assert html.count("<figcaption>") == len(charts)


def test_both_countries_are_shown_and_labelled(seeded, client):
    text = visible_text(client.get("/nutrients/magnesium/").content)
    assert "Men 31 and over420 mgUS/Canada RDA" in text
    assert "Women 19–64270 mgUK RNI" in text
    assert "US and Canada: 350 mg a day, from supplements and medicines only, not food." in text
    assert "UK: 400 mg a day, from supplements (UK guidance)." in text
    vitamin_d = visible_text(client.get("/nutrients/vitamin-d/").content)
    assert "Adults10 µgUK RNI" in vitamin_d and "Adults 19–7015 µgUS/Canada RDA" in vitamin_d


def test_vitamin_b12_comes_only_from_animal_and_fortified_foods(seeded):
    b12 = FoodAmount.objects.filter(component__startswith="Vitamin B12").select_related("food")
    given = {a.food.slug for a in b12 if a.amount > 0}
    assert given and all(
        FoodSource.objects.get(slug=slug).group in ("animal", "dairy") for slug in given
    ), given
    plant = {a.food.slug for a in b12 if a.food.group not in ("animal", "dairy")}
    assert plant == {"spinach", "legumes", "whole-grains", "bananas"}
    assert all(a.amount == 0 for a in b12 if a.food.slug in plant)


def test_plant_foods_on_the_b_vitamins_list_say_they_are_not_b12_sources(seeded, client):
    for slug in ("whole-grains", "legumes", "leafy-greens"):
        text = visible_text(client.get(f"/foods/{slug}/").content)
        assert "Not a source of vitamin B12." in text, slug


def test_spinach_calcium_is_marked_as_poorly_absorbed_with_better_greens(seeded, client):
    spinach = FoodAmount.objects.get(food__slug="spinach", nutrient__slug="calcium")
    assert spinach.note == "The body cannot absorb all of it."
    assert spinach.note_source.key == "nhs-calcium"
    better = FoodAmount.objects.filter(
        nutrient__slug="calcium", food__slug__in=["kale", "bok-choy"]
    )
    assert better.count() == 2
    page = visible_text(client.get("/foods/kale/").content)
    assert "the NHS names curly kale as a good source" in page


def test_sunlight_is_a_source_not_a_food(seeded, client):
    assert not FoodSource.objects.get(slug="sunlight").is_food
    finder = client.get("/foods/").content.decode()
    not_a_food = finder[finder.index('id="group-not-a-food"') :]
    assert ">Sunlight</a>" in not_a_food
    assert 'href="/foods/sunlight/"' not in finder[: finder.index('id="group-not-a-food"')]
    page = visible_text(client.get("/foods/sunlight/").content)
    assert "Not a food" in page and "Sunlight is not a food." in page


def test_a_group_shows_every_nutrient_its_members_show(seeded, client):
    def nutrients_on(food):
        html = client.get(food.get_absolute_url()).content.decode()
        return set(re.findall(r'<h3 id="([a-z0-9-]+)"><a href="/nutrients/', html))

    members = FoodSource.objects.filter(part_of__isnull=False).select_related("part_of")
    assert {m.slug for m in members} >= {"spinach", "kale", "bok-choy"}
    for member in members:
        assert nutrients_on(member) <= nutrients_on(member.part_of), member
    assert {"magnesium", "calcium", "potassium"} <= nutrients_on(
        FoodSource.objects.get(slug="spinach")
    )


def test_food_finder_lists_amounts_with_sources(seeded, client):
    html = client.get("/foods/").content.decode()
    text = visible_text(html.encode())
    assert "Almonds, dry roasted, 1 ounce (28 g): 80 mg magnesium" in text
    assert 'id="references"' in html and 'id="ref-ods-magnesium"' in html


# --- Invariants --------------------------------------------------------------------------


def test_daily_amount_must_be_positive():
    nutrient, source = make_nutrient(), make_reference()
    with pytest.raises(IntegrityError):
        IntakeValue.objects.create(
            nutrient=nutrient,
            life_stage="Adults",
            sex="all",
            amount=0,
            unit="mg",
            kind="rda",
            source=source,
        )


def test_food_amount_cannot_be_negative():
    with pytest.raises(IntegrityError):
        FoodAmount.objects.create(
            nutrient=make_nutrient(),
            food=make_food(),
            description="x",
            serving="1 cup",
            amount=-1,
            unit="mg",
            source=make_reference(),
        )


def test_food_cannot_be_part_of_itself():
    food = make_food()
    food.part_of = food
    with pytest.raises(IntegrityError):
        food.save()


# --- Query counts stay flat as foods and amounts grow ------------------------------------


def test_pages_cost_the_same_queries_however_many_amounts(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    greens = make_food("greens")
    nutrient = make_nutrient("Magnesium", foods=[greens])
    urls = [nutrient.get_absolute_url(), "/foods/", "/foods/greens/"]

    def add_rows(count):
        for _ in range(count):
            food = make_food(part_of=greens)
            FoodAmount.objects.create(
                nutrient=nutrient,
                food=food,
                description=food.name,
                serving="1 cup",
                amount=3,
                unit="mg",
                source=make_reference(),
            )
            IntakeValue.objects.create(
                nutrient=nutrient,
                life_stage=food.name,
                sex="all",
                amount=2,
                unit="mg",
                kind="rda",
                source=make_reference(),
                upper_limit=100,
                upper_limit_source=make_reference(),
            )

    def queries_per_page():
        counts = []
        for url in urls:
            cache.clear()  # each page read from the database, not from memory
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    from django.core.cache import cache

    add_rows(2)
    few = queries_per_page()
    add_rows(10)
    assert queries_per_page() == few
    assert len(svg_charts(client.get(nutrient.get_absolute_url()).content.decode())) == 2
