"""The comparison table page, its htmx partial, its CSV download, and the food finder."""

import csv
import io
import re

import pytest
from django.urls import reverse

from core.tests.http import HTMX
from nutrients.models import Nutrient

from .factories import make_food, make_nutrient, make_page, make_symptom

pytestmark = pytest.mark.django_db

COMPARE = reverse("nutrients:compare")
CSV = reverse("nutrients:compare-csv")


@pytest.fixture
def table():
    """Three rows: the brief's example (tingling + leafy greens) picks out B Vitamins."""
    greens, nuts, eggs = make_food("leafy greens"), make_food("nuts"), make_food("eggs")
    cramps, tingling = make_symptom("Cramps"), make_symptom("Tingling")
    return {
        "magnesium": make_nutrient("Magnesium", foods=[greens, nuts], symptoms=[cramps], order=1),
        "b": make_nutrient(
            "B Vitamins", kind="vitamin", foods=[eggs, greens], symptoms=[tingling], order=2
        ),
        "k2": make_nutrient(
            "Vitamin K2", kind="vitamin", foods=[eggs], symptoms=[cramps, tingling], order=3
        ),
    }


def row_names(response):
    return re.findall(
        r'<th scope="row"[^>]*><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


# --- Full page ------------------------------------------------------------------------


def test_page_shows_every_row_in_editor_order_with_count(client, table):
    response = client.get(COMPARE)
    assert response.status_code == 200
    assert row_names(response) == ["Magnesium", "B Vitamins", "Vitamin K2"]
    assert "Showing 3 of 3 nutrients" in response.content.decode()


def test_page_has_caption_scoped_headers_and_pointer_to_checker(client, table):
    make_page("comparison", placement="section", title="Comparison of Key Nutrient Deficiencies")
    html = client.get(COMPARE).content.decode()
    assert "<caption>Comparison of Key Nutrient Deficiencies" in html
    assert html.count('<th scope="col"') == 6  # + what the research says
    assert html.count('<th scope="row"') == 3
    assert f'<a href="{reverse("assessment:start")}">Try the symptom checker</a>' in html
    assert "consult a healthcare professional" in html


def test_rows_link_to_articles_and_each_food(client, table):
    html = client.get(COMPARE).content.decode()
    assert f'<a href="{table["magnesium"].get_absolute_url()}">Magnesium</a>' in html
    assert (
        '<a href="/foods/leafy-greens/">Leafy greens</a>, <a href="/foods/nuts/">nuts</a>' in html
    )


def test_grade_is_a_column_and_a_filter(client, table):
    table["k2"].evidence_grade = Nutrient.Grade.SOME
    table["k2"].save()
    html = client.get(COMPARE).content.decode()
    assert '<span class="grade grade-some">Some evidence</span>' in html
    assert 'name="grade" value="some"' in html
    filtered = client.get(COMPARE + "?grade=some").content.decode()
    assert "Vitamin K2</a>" in filtered and "Magnesium</a>" not in filtered


def test_grade_is_in_the_csv(client, table):
    csv = client.get("/compare/nutrient-comparison.csv").content.decode()
    assert "What the research says about cramps" in csv.splitlines()[0]
    assert "Too little evidence" in csv


def test_filtered_page_shows_matching_rows_and_ticks_the_form(client, table):
    response = client.get(COMPARE + "?symptom=tingling&food=leafy-greens")
    html = response.content.decode()
    assert row_names(response) == ["B Vitamins"]
    assert "Showing 1 of 3 nutrients" in html
    assert 'id="symptom-tingling" name="symptom" value="tingling" checked' in html
    assert 'id="food-leafy-greens" name="food" value="leafy-greens" checked' in html
    assert 'id="food-nuts" name="food" value="nuts">' in html


def test_active_filters_are_removable_chips_with_clear_all(client, table):
    html = client.get(COMPARE + "?symptom=tingling&food=leafy-greens").content.decode()
    assert f'href="{COMPARE}?food=leafy-greens"' in html  # removes the symptom
    assert f'href="{COMPARE}?symptom=tingling"' in html  # removes the food
    assert "Remove filter: </span>Symptom: Tingling" in html
    assert f'<a class="clear-all" href="{COMPARE}"' in html


def test_no_chips_without_filters(client, table):
    assert "Clear all filters" not in client.get(COMPARE).content.decode()


def test_empty_result_says_so_and_offers_to_clear(client, table):
    response = client.get(COMPARE + "?kind=mineral&symptom=tingling")
    html = response.content.decode()
    assert row_names(response) == []
    assert "No nutrients match all of these filters." in html
    assert "clear all filters and see every nutrient" in html
    assert "Showing 0 of 3 nutrients" in html


def test_sorted_column_carries_aria_sort(client, table):
    response = client.get(COMPARE + "?sort=-nutrient")
    assert row_names(response) == ["Vitamin K2", "Magnesium", "B Vitamins"]
    assert (
        '<th scope="col" aria-sort="descending"><a id="sort-nutrient"' in response.content.decode()
    )


def test_column_headers_link_to_sorting_by_them_keeping_the_filters(client, table):
    html = client.get(COMPARE + "?symptom=tingling&sort=nutrient").content.decode()
    assert f'href="{COMPARE}?symptom=tingling&amp;sort=-nutrient"' in html  # A-Z, so next Z-A
    assert f'href="{COMPARE}?symptom=tingling&amp;sort=kind"' in html


def test_unsorted_table_has_no_aria_sort(client, table):
    assert "aria-sort" not in client.get(COMPARE).content.decode()


def test_plain_form_submission_redirects_to_the_short_address(client, table):
    response = client.get(COMPARE + "?q=&kind=&sort=&food=leafy-greens&symptom=tingling")
    assert response.status_code == 302
    assert response["Location"] == COMPARE + "?symptom=tingling&food=leafy-greens"


def test_short_address_is_served_without_redirect(client, table):
    assert client.get(COMPARE + "?symptom=tingling&food=leafy-greens").status_code == 200


def test_search_uses_the_editors_synonyms(client, table):
    from nutrients.models import SearchSynonym

    Nutrient.objects.filter(pk=table["k2"].pk).update(deficiency_symptom="Nocturnal leg cramps")
    SearchSynonym.objects.create(term="B12", alternatives="cobalamin\nB vitamins")
    SearchSynonym.objects.create(term="night", alternatives="nocturnal")
    assert row_names(client.get(COMPARE + "?q=B12")) == ["B Vitamins"]
    assert row_names(client.get(COMPARE + "?q=night")) == ["Vitamin K2"]
    csv_rows = list(csv.reader(io.StringIO(client.get(CSV + "?q=night").content.decode())))
    assert [row[0] for row in csv_rows[1:]] == ["Vitamin K2"]


def test_shipped_synonyms_find_rows_for_b12_and_night(client, seeded):
    assert row_names(client.get(COMPARE + "?q=B12")) == ["B Vitamins"]
    assert row_names(client.get(COMPARE + "?q=night")) == ["Magnesium", "Vitamin K2"]


def test_editor_change_shows_at_once(client, table):
    client.get(COMPARE)
    table["magnesium"].primary_role = "Edited role"
    table["magnesium"].save()
    assert "Edited role" in client.get(COMPARE).content.decode()


def test_unpublished_rows_are_hidden_from_readers(client, table):
    make_nutrient("Draft nutrient", is_published=False)
    response = client.get(COMPARE)
    assert "Draft nutrient" not in response.content.decode()
    assert "Showing 3 of 3 nutrients" in response.content.decode()


def test_staff_see_drafts_marked(editor_client, table):
    make_nutrient("Draft nutrient", is_published=False)
    html = editor_client.get(COMPARE).content.decode()
    assert 'Draft nutrient</a> <strong class="badge badge-draft">Draft</strong>' in html


def test_compare_page_uses_no_csrf_token(client, table):
    response = client.get(COMPARE + "?symptom=tingling")
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "X-CSRFToken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


# --- htmx partial ---------------------------------------------------------------------


def test_htmx_request_gets_only_the_table_region(client, table):
    response = client.get(COMPARE + "?symptom=tingling&food=leafy-greens", headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert html.lstrip().startswith("<title>")
    assert '<div id="compare-results"' in html
    assert row_names(response) == ["B Vitamins"]


def test_title_names_the_active_filters_in_page_and_partial(client, table):
    title = "<title>Compare nutrients: Tingling, leafy greens · Cramp Nutrients</title>"
    assert title in client.get(COMPARE + "?symptom=tingling&food=leafy-greens").content.decode()
    partial = client.get(COMPARE + "?symptom=tingling&food=leafy-greens", headers=HTMX)
    assert title in partial.content.decode()


def test_htmx_partial_carries_the_count(client, table):
    html = client.get(COMPARE + "?symptom=tingling", headers=HTMX).content.decode()
    assert "Showing 2 of 3 nutrients" in html


def test_htmx_partial_pushes_the_canonical_address(client, table):
    response = client.get(COMPARE + "?q=&kind=&food=leafy-greens&symptom=tingling", headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == COMPARE + "?symptom=tingling&food=leafy-greens"


def test_responses_vary_on_hx_request(client, table):
    for response in (client.get(COMPARE), client.get(COMPARE, headers=HTMX)):
        assert "HX-Request" in {value.strip() for value in response["Vary"].split(",")}


def test_htmx_history_restore_gets_the_full_page_kept_out_of_shared_caches(client, table):
    response = client.get(
        COMPARE + "?symptom=tingling", headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" in html and "<form" in html
    assert "private" in response["Cache-Control"]


def test_full_page_has_a_live_region_kept_outside_the_swapped_region(client, table):
    html = client.get(COMPARE).content.decode()
    live = '<div id="compare-announce" class="visually-hidden" role="status" aria-live="polite">'
    assert live in html
    assert html.index(live) < html.index('id="compare-results"')


def test_pages_and_partials_stay_shareable_by_caches(client, table):
    for response in (client.get(COMPARE), client.get(COMPARE, headers=HTMX)):
        assert "private" not in response.get("Cache-Control", "")


def test_htmx_is_told_not_to_send_hx_request_when_restoring_history(client, table):
    assert '"historyRestoreAsHxRequest":false' in client.get(COMPARE).content.decode()


# --- Bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("symptom=hiccups", "Unknown symptom “hiccups”."),
        ("food=chocolate&symptom=tingling", "Unknown food “chocolate”."),
        ("kind=protein", "Unknown kind “protein”."),
        ("sort=price", "Unknown sort order “price”."),
        ("kind=vitamin&kind=mineral", "Only one kind can be chosen"),
        ("food=nuts&food=nuts", "Food “nuts” was given more than once."),
        ("q=" + "x" * 101, "The search text was longer than 100 characters."),
        ("food=" + "x" * 5000, "Unknown food “" + "x" * 30 + "…”."),
        ("&".join(["symptom=tingling"] * 200), "Only the first 50 “symptom” values were read."),
        ("symptom=%3Cscript%3E", "Unknown symptom “&lt;script&gt;”."),
        ("q=%00%ff%fe", None),
        ("symptom=%E2%80%AE", "Unknown symptom"),
        ("food[]=nuts&kind=vitamin", None),
    ],
)
def test_bad_input_is_200_with_the_valid_part_and_a_visible_note(client, table, query, note):
    for headers in ({}, HTMX):
        response = client.get(f"{COMPARE}?{query}", headers=headers)
        assert response.status_code in (200, 302), query
        if response.status_code == 200 and note:
            html = response.content.decode()
            assert "Part of this address was not understood" in html
            assert note in html


def test_bad_input_keeps_the_valid_filters(client, table):
    response = client.get(COMPARE + "?symptom=tingling&food=chocolate&sort=price")
    assert row_names(response) == ["B Vitamins", "Vitamin K2"]
    assert "Unknown food “chocolate”." in response.content.decode()


def test_bad_input_is_not_redirected_away(client, table):
    assert client.get(COMPARE + "?food=chocolate&q=").status_code == 200


def test_too_many_parameters_is_a_clear_400(client, table):
    response = client.get(COMPARE + "?" + "&".join(f"p{n}=1" for n in range(1100)))
    assert response.status_code == 400


def test_bad_input_never_500s_for_csv(client, table):
    response = client.get(CSV + "?food=chocolate&sort=price&q=" + "x" * 500)
    assert response.status_code == 200


# --- CSV --------------------------------------------------------------------------------


def test_csv_download_has_type_filename_and_the_filtered_rows(client, table):
    response = client.get(CSV + "?food=leafy-greens&sort=nutrient")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="nutrient-comparison.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == [
        "Nutrient",
        "Kind",
        "Primary role in muscle function",
        "Deficiency symptom related to cramps",
        "Key food sources",
    ]
    assert [row[0] for row in rows[1:]] == ["B Vitamins", "Magnesium"]
    assert rows[2][4] == "Leafy greens, nuts"
    assert rows[2][6] == "http://testserver/nutrients/magnesium/"


def test_page_links_to_the_csv_of_the_current_view(client, table):
    html = client.get(COMPARE + "?symptom=tingling&sort=kind").content.decode()
    assert f'href="{CSV}?symptom=tingling&amp;sort=kind"' in html


# --- Query counts -----------------------------------------------------------------------


def _grow(n):
    for _ in range(n):
        make_nutrient(foods=[make_food(), make_food()], symptoms=[make_symptom()])


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        (COMPARE + "?kind=mineral&sort=-kind", {}),
        (COMPARE + "?kind=mineral&q=role", HTMX),
        (CSV + "?kind=mineral", {}),
    ],
)
def test_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, url, headers):
    _grow(2)
    with django_assert_max_num_queries(6) as few:
        assert client.get(url, headers=headers).status_code == 200
    _grow(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, headers=headers)


# --- Food finder --------------------------------------------------------------------------


def test_food_list_groups_foods_and_names_their_nutrients(client):
    greens = make_food("leafy greens", group="vegetables")
    make_food("sunlight", group="other")
    make_nutrient("Magnesium", foods=[greens])
    html = client.get(reverse("nutrients:food-list")).content.decode()
    assert html.index("Vegetables and greens") < html.index("Other sources")
    assert 'Leafy greens</a>: <a href="/nutrients/magnesium/">Magnesium</a>' in html


def test_food_page_links_to_articles_and_the_table_filtered_by_it(client, table):
    greens = table["magnesium"].foods.get(slug="leafy-greens")
    html = client.get(greens.get_absolute_url()).content.decode()
    assert f'<a href="{table["magnesium"].get_absolute_url()}">Magnesium</a>' in html
    assert f'<a href="{table["b"].get_absolute_url()}">B Vitamins</a>' in html
    assert f'href="{COMPARE}?food=leafy-greens"' in html
    assert "Vitamin K2" not in html


def test_food_page_link_to_table_shows_that_foods_rows(client, table):
    response = client.get(COMPARE + "?food=leafy-greens")
    assert row_names(response) == ["Magnesium", "B Vitamins"]


def test_food_without_nutrients_has_no_table_link(client):
    food = make_food("cheese")
    html = client.get(food.get_absolute_url()).content.decode()
    assert "No published nutrient lists this food yet." in html
    assert f"{COMPARE}?food=" not in html


def test_unknown_food_is_404(client):
    assert client.get(reverse("nutrients:food-detail", args=["no-such-food"])).status_code == 404


def test_food_page_query_count_is_fixed(client, table, django_assert_max_num_queries):
    greens = table["magnesium"].foods.get(slug="leafy-greens")
    with django_assert_max_num_queries(8):  # + foods in the group, amounts, references, glossary
        client.get(greens.get_absolute_url())


# --- The shipped content -----------------------------------------------------------------


def test_two_choices_narrow_the_seed_table_to_tingling_and_leafy_greens(seeded, client):
    response = client.get(COMPARE + "?symptom=tingling&food=leafy-greens")
    assert row_names(response) == ["B Vitamins"]


def test_seed_food_pages_link_to_the_filtered_table(seeded, client):
    html = client.get(reverse("nutrients:food-detail", args=["spinach"])).content.decode()
    assert f'href="{COMPARE}?food=spinach"' in html
