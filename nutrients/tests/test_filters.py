"""The comparison table's filter rules, as plain functions: no database, no requests."""

import io

import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from nutrients.filters import (
    MAX_NOTES,
    MAX_RAW_VALUES,
    MAX_SEARCH_LENGTH,
    MAX_VALUES_PER_FILTER,
    FoodRef,
    Row,
    SymptomRef,
    TableChoices,
    TableFilters,
    active_filters,
    filter_rows,
    parse_filters,
    row_matches,
    sort_rows,
    write_csv,
)
from nutrients.selectors import SynonymMap

KINDS = {"vitamin": "Vitamin", "mineral": "Mineral"}
GRADES = {
    "helps": "Good evidence it helps",
    "some": "Some evidence",
    "too-little": "Too little evidence",
    "does-not-help": "Good evidence it does not help",
}

GREENS = FoodRef("leafy-greens", "leafy greens", "/foods/leafy-greens/", 10)
NUTS = FoodRef("nuts", "nuts", "/foods/nuts/", 20)
EGGS = FoodRef("eggs", "eggs", "/foods/eggs/", 30)
DAIRY = FoodRef("dairy-products", "dairy products", "/foods/dairy-products/", 40)
CRAMPS = SymptomRef("cramps", "Cramps", 10)
TINGLING = SymptomRef("tingling", "Tingling", 20)
TWITCHING = SymptomRef("twitching", "Twitching", 30)


def make_row(name, kind="mineral", foods=(), symptoms=(), grade="too-little", **fields):
    fields.setdefault("primary_role", f"Role of {name}")
    fields.setdefault("deficiency_symptom", f"Symptom of {name}")
    return Row(
        grade=grade,
        grade_label=GRADES[grade],
        name=name,
        kind=kind,
        kind_label=KINDS[kind],
        foods=tuple(foods),
        symptoms=tuple(symptoms),
        **fields,
    )


MAGNESIUM = make_row(
    "Magnesium",
    foods=[GREENS, NUTS],
    symptoms=[CRAMPS, TWITCHING],
    primary_role="Muscle relaxation, nerve communication",
    grade="does-not-help",
)
CALCIUM = make_row("Calcium", foods=[DAIRY, GREENS], symptoms=[CRAMPS])
B_VITAMINS = make_row(
    "B Vitamins",
    kind="vitamin",
    foods=[EGGS, GREENS],
    symptoms=[CRAMPS, TINGLING],
    primary_role="Nerve function, energy production",
)
VITAMIN_K2 = make_row("Vitamin K2", kind="vitamin", symptoms=[CRAMPS], grade="some")
ROWS = [MAGNESIUM, CALCIUM, B_VITAMINS, VITAMIN_K2]
CHOICES = TableChoices.from_rows(ROWS, KINDS, GRADES)


def parse(query):
    return parse_filters(QueryDict(query), CHOICES)


def names(rows):
    return [row.name for row in rows]


# --- Choices ------------------------------------------------------------------------


def test_choices_are_the_symptoms_and_foods_in_the_rows_in_editor_order():
    assert list(CHOICES.symptoms) == ["cramps", "tingling", "twitching"]
    assert list(CHOICES.foods) == ["leafy-greens", "nuts", "eggs", "dairy-products"]


# --- Each filter ---------------------------------------------------------------------


def test_no_filters_keeps_every_row_in_editor_order():
    assert names(filter_rows(ROWS, TableFilters())) == [
        "Magnesium",
        "Calcium",
        "B Vitamins",
        "Vitamin K2",
    ]


def test_kind_keeps_only_that_kind():
    assert names(filter_rows(ROWS, parse("kind=vitamin"))) == ["B Vitamins", "Vitamin K2"]


def test_symptom_keeps_rows_listing_it():
    assert names(filter_rows(ROWS, parse("symptom=tingling"))) == ["B Vitamins"]


def test_several_symptoms_match_any_of_them():
    rows = filter_rows(ROWS, parse("symptom=tingling&symptom=twitching"))
    assert names(rows) == ["Magnesium", "B Vitamins"]


def test_food_keeps_rows_listing_it():
    assert names(filter_rows(ROWS, parse("food=dairy-products"))) == ["Calcium"]


def test_several_foods_match_any_of_them():
    assert names(filter_rows(ROWS, parse("food=nuts&food=eggs"))) == ["Magnesium", "B Vitamins"]


def test_search_looks_in_every_cell():
    assert names(filter_rows(ROWS, parse("q=relaxation"))) == ["Magnesium"]  # role
    assert names(filter_rows(ROWS, parse("q=dairy"))) == ["Calcium"]  # foods
    assert names(filter_rows(ROWS, parse("q=Symptom+of+Calcium"))) == ["Calcium"]  # symptom
    assert names(filter_rows(ROWS, parse("q=vitamin"))) == ["B Vitamins", "Vitamin K2"]  # kind
    assert names(filter_rows(ROWS, parse("q=some+evidence"))) == ["Vitamin K2"]  # grade


def test_search_ignores_case_and_needs_every_word():
    assert names(filter_rows(ROWS, parse("q=NERVE+energy"))) == ["B Vitamins"]
    assert names(filter_rows(ROWS, parse("q=nerve+dairy"))) == []


SYNONYMS = SynonymMap({"b12": ("cobalamin", "b vitamins"), "night": ("nocturnal",)})


def test_search_finds_rows_through_editors_synonyms():
    nocturnal = make_row("Magnesium", deficiency_symptom="Nocturnal leg cramps, twitching")
    rows = [nocturnal, CALCIUM, B_VITAMINS]
    assert names(filter_rows(rows, parse("q=B12"), SYNONYMS)) == ["B Vitamins"]
    assert names(filter_rows(rows, parse("q=night"), SYNONYMS)) == ["Magnesium"]
    assert names(filter_rows(rows, parse("q=night+cramps"), SYNONYMS)) == ["Magnesium"]
    # A synonym's plural folds to it ("nights" -> "night"); without synonyms nothing matches.
    assert names(filter_rows(rows, parse("q=nights"), SYNONYMS)) == ["Magnesium"]
    assert names(filter_rows(rows, parse("q=B12"))) == []


def test_search_collapses_whitespace():
    assert parse("q=++leafy+++greens+").search == "leafy greens"


# --- Combinations -------------------------------------------------------------------


def test_symptom_and_food_combine_with_and():
    """The brief's example: can cause tingling AND found in leafy greens."""
    rows = filter_rows(ROWS, parse("symptom=tingling&food=leafy-greens"))
    assert names(rows) == ["B Vitamins"]


def test_kind_food_and_search_combine_with_and():
    assert names(filter_rows(ROWS, parse("kind=mineral&food=leafy-greens"))) == [
        "Magnesium",
        "Calcium",
    ]
    assert names(filter_rows(ROWS, parse("kind=mineral&food=leafy-greens&q=nerve"))) == [
        "Magnesium"
    ]


def test_filters_that_exclude_each_other_give_no_rows():
    assert filter_rows(ROWS, parse("kind=vitamin&food=dairy-products")) == []


def test_row_matches_checks_one_row():
    assert row_matches(MAGNESIUM, parse("symptom=twitching"))
    assert not row_matches(CALCIUM, parse("symptom=twitching"))


# --- Sort ---------------------------------------------------------------------------


def test_sort_by_nutrient_both_ways():
    assert names(sort_rows(ROWS, "nutrient")) == [
        "B Vitamins",
        "Calcium",
        "Magnesium",
        "Vitamin K2",
    ]
    assert names(sort_rows(ROWS, "-nutrient")) == [
        "Vitamin K2",
        "Magnesium",
        "Calcium",
        "B Vitamins",
    ]


def test_sort_by_kind_keeps_names_in_order_within_a_kind():
    assert names(sort_rows(ROWS, "kind")) == ["Calcium", "Magnesium", "B Vitamins", "Vitamin K2"]
    assert names(sort_rows(ROWS, "-kind")) == ["B Vitamins", "Vitamin K2", "Calcium", "Magnesium"]


def test_sort_applies_after_filtering():
    assert names(filter_rows(ROWS, parse("food=leafy-greens&sort=-nutrient"))) == [
        "Magnesium",
        "Calcium",
        "B Vitamins",
    ]


@pytest.mark.parametrize(
    ("sort", "column", "direction"),
    [("", "", ""), ("kind", "kind", "ascending"), ("-nutrient", "nutrient", "descending")],
)
def test_sorted_column_and_aria_sort_direction(sort, column, direction):
    filters = TableFilters(sort=sort)
    assert (filters.sort_column, filters.sort_direction) == (column, direction)


# --- Ignored values -----------------------------------------------------------------


def test_unknown_slugs_are_ignored_and_the_valid_part_applied():
    filters = parse("symptom=tingling&symptom=hiccups&food=chocolate")
    assert filters.symptoms == ("tingling",)
    assert filters.foods == ()
    assert filters.ignored == ("Unknown symptom “hiccups”.", "Unknown food “chocolate”.")


def test_unknown_kind_is_ignored():
    filters = parse("kind=protein")
    assert filters.kind == ""
    assert filters.ignored == ("Unknown kind “protein”.",)


def test_a_second_kind_is_ignored():
    filters = parse("kind=vitamin&kind=mineral")
    assert filters.kind == "vitamin"
    assert filters.ignored == ("Only one kind can be chosen: “mineral” was not used.",)


def test_bad_sort_key_is_ignored_and_editor_order_kept():
    filters = parse("sort=price")
    assert filters.sort == ""
    assert filters.ignored == ("Unknown sort order “price”.",)


def test_repeated_values_count_once_and_are_noted():
    filters = parse("food=nuts&food=nuts")
    assert filters.foods == ("nuts",)
    assert filters.ignored == ("Food “nuts” was given more than once.",)


def test_a_second_search_is_ignored():
    filters = parse("q=nerve&q=dairy")
    assert filters.search == "nerve"
    assert filters.ignored == ("Only one search can be used: 1 more were not used.",)


def test_over_long_search_is_ignored():
    filters = parse("q=" + "a" * (MAX_SEARCH_LENGTH + 1))
    assert filters.search == ""
    assert filters.ignored == (f"The search text was longer than {MAX_SEARCH_LENGTH} characters.",)


def test_search_at_the_limit_is_kept():
    assert parse("q=" + "a" * MAX_SEARCH_LENGTH).search == "a" * MAX_SEARCH_LENGTH


def test_notes_repeat_only_the_start_of_a_long_value():
    (note,) = parse("food=" + "x" * 500).ignored
    assert note == "Unknown food “" + "x" * 30 + "…”."


def test_control_characters_are_not_repeated_back():
    (note,) = parse("kind=a%00%1bb").ignored
    assert note == "Unknown kind “ab”."


def test_number_of_chosen_values_is_bounded():
    foods = {f"food-{n}": f"food {n}" for n in range(MAX_VALUES_PER_FILTER + 3)}
    choices = TableChoices(kinds=KINDS, symptoms={}, foods=foods)
    filters = parse_filters(QueryDict("&".join(f"food={slug}" for slug in foods)), choices)
    assert len(filters.foods) == MAX_VALUES_PER_FILTER
    assert filters.ignored == (
        f"Only {MAX_VALUES_PER_FILTER} foods can be chosen at once: 3 more were not used.",
    )


def test_number_of_values_read_is_bounded():
    filters = parse("&".join(["symptom=nope"] * (MAX_RAW_VALUES + 10)))
    assert filters.ignored[0] == f"Only the first {MAX_RAW_VALUES} “symptom” values were read."


def test_notes_are_bounded_and_the_rest_counted():
    filters = parse("&".join(f"symptom=nope-{n}" for n in range(25)))
    assert len(filters.ignored) == MAX_NOTES
    assert filters.ignored[-1] == f"{25 - MAX_NOTES + 1} more values were not used."


def test_empty_values_are_not_filters_and_not_errors():
    filters = parse("kind=&q=&sort=&symptom=")
    assert filters == TableFilters()


# --- Canonical address and chips ----------------------------------------------------


def test_query_string_is_canonical():
    filters = parse("sort=kind&q=nerve&food=leafy-greens&symptom=tingling&kind=vitamin&food=nuts")
    assert filters.query_string() == (
        "kind=vitamin&symptom=tingling&food=leafy-greens&food=nuts&q=nerve&sort=kind"
    )


def test_query_string_reads_back_as_itself():
    filters = parse("food=nuts&food=leafy-greens&q=caf%C3%A9+au+lait&sort=-kind")
    assert parse(filters.query_string()) == filters


def test_ignored_values_are_not_in_the_query_string():
    assert parse("food=nuts&food=chocolate&sort=price").query_string() == "food=nuts"


def test_each_active_filter_is_a_chip_that_removes_only_itself():
    filters = parse("kind=vitamin&symptom=tingling&food=leafy-greens&q=nerve&sort=kind")
    chips = {(chip.label, chip.value): chip.query for chip in active_filters(filters, CHOICES)}
    assert chips == {
        ("Kind", "Vitamin"): "symptom=tingling&food=leafy-greens&q=nerve&sort=kind",
        ("Symptom", "Tingling"): "kind=vitamin&food=leafy-greens&q=nerve&sort=kind",
        ("Food", "leafy greens"): "kind=vitamin&symptom=tingling&q=nerve&sort=kind",
        ("Search", "nerve"): "kind=vitamin&symptom=tingling&food=leafy-greens&sort=kind",
    }


def test_sorting_by_a_column_runs_a_to_z_then_z_to_a():
    assert TableFilters().sorted_by("kind").sort == "kind"
    assert TableFilters(sort="kind").sorted_by("kind").sort == "-kind"
    assert TableFilters(sort="-kind").sorted_by("kind").sort == "kind"
    assert TableFilters(sort="-kind").sorted_by("nutrient").sort == "nutrient"


def test_sort_alone_is_not_an_active_filter():
    filters = parse("sort=kind")
    assert not filters.is_active
    assert active_filters(filters, CHOICES) == []


# --- CSV ----------------------------------------------------------------------------


def test_csv_has_a_header_and_one_line_per_row_with_cells_as_shown():
    out = io.StringIO()
    write_csv([MAGNESIUM, VITAMIN_K2], out, lambda path: "https://example.org" + path)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "Nutrient,Kind,Primary role in muscle function,Deficiency symptom related to cramps,"
        "Key food sources,What the research says about cramps,Article"
    )
    assert lines[1] == (
        'Magnesium,Mineral,"Muscle relaxation, nerve communication",Symptom of Magnesium,'
        '"Leafy greens, nuts",Good evidence it does not help,'
    )
    assert lines[2].startswith("Vitamin K2,Vitamin,")
    assert ",Some evidence," in lines[2]
    assert len(lines) == 3


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    out = io.StringIO()
    write_csv([make_row("=HYPERLINK(1)")], out)
    assert out.getvalue().splitlines()[1].startswith("'=HYPERLINK(1),")


# --- Any input at all -----------------------------------------------------------------

PARAM_NAMES = st.sampled_from(["kind", "symptom", "food", "q", "sort", "other", "food[]"])
VALUES = st.one_of(
    st.sampled_from(["vitamin", "mineral", "tingling", "nuts", "-kind", "nutrient", ""]),
    st.text(max_size=150),
)


@given(st.lists(st.tuples(PARAM_NAMES, VALUES), max_size=60))
@settings(max_examples=200, deadline=None)
def test_any_query_parses_and_its_canonical_form_reads_back_the_same(pairs):
    params = QueryDict(mutable=True)
    for name, value in pairs:
        params.appendlist(name, value)
    filters = parse_filters(params, CHOICES)
    assert len(filters.ignored) <= MAX_NOTES
    again = parse_filters(QueryDict(filters.query_string()), CHOICES)
    assert again == TableFilters(
        filters.kind, filters.symptoms, filters.foods, filters.search, filters.sort
    )
    assert set(filter_rows(ROWS, filters)) <= set(ROWS)


# --- Evidence grade ---------------------------------------------------------------------


def test_grade_choices_follow_the_scale_and_offer_only_grades_in_the_table():
    assert list(CHOICES.grades) == ["some", "too-little", "does-not-help"]


def test_grade_filter_keeps_rows_with_that_grade():
    assert names(filter_rows(ROWS, parse("grade=too-little"))) == ["Calcium", "B Vitamins"]
    assert names(filter_rows(ROWS, parse("grade=does-not-help&kind=mineral"))) == ["Magnesium"]


def test_grade_goes_in_the_canonical_address_after_kind():
    filters = parse("food=nuts&grade=some&kind=vitamin")
    assert filters.query_string() == "kind=vitamin&grade=some&food=nuts"


def test_unknown_or_unoffered_grade_is_noted_and_ignored():
    filters = parse("grade=helps&grade=nope")
    assert filters.grade == ""
    assert filters.ignored == ("Unknown evidence grade “helps”.", "Unknown evidence grade “nope”.")


def test_grade_chip_removes_only_the_grade():
    filters = parse("kind=mineral&grade=too-little")
    chips = active_filters(filters, CHOICES)
    assert [(c.label, c.value, c.query) for c in chips] == [
        ("Kind", "Mineral", "grade=too-little"),
        ("Research", "Too little evidence", "kind=mineral"),
    ]
