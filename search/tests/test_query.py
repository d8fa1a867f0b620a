"""Reading ``q``: the same plain query for every database, bounded, never an error."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nutrients.selectors import SynonymMap
from search.query import MAX_QUERY_LENGTH, MAX_WORDS, Term, parse_query

SYNONYMS = SynonymMap(
    {"b12": ("cobalamin", "b vitamins"), "night": ("nocturnal",), "cramp": ("spasm",)}
)


def test_words_are_letters_and_digits_case_folded():
    assert [t.word for t in parse_query("Vitamin-D, B12!").terms] == ["vitamin", "d", "b12"]


def test_synonyms_are_looked_for_as_well():
    parsed = parse_query("B12 night", SYNONYMS)
    assert parsed.terms == (
        Term("b12", ("cobalamin", "b vitamins")),
        Term("night", ("nocturnal",), prefix=True),
    )
    assert parsed.also_searched == ("cobalamin", "b vitamins", "nocturnal")


def test_a_plural_uses_the_synonyms_of_its_singular():
    assert parse_query("cramps", SYNONYMS).terms[0].alternatives == ("spasm",)


def test_only_the_last_word_matches_as_a_prefix_and_only_from_three_letters():
    assert [t.prefix for t in parse_query("magnesium nerv").terms] == [False, True]
    assert parse_query("ma").terms[0].prefix is False


def test_common_words_are_dropped_like_postgresql_drops_them():
    assert [t.word for t in parse_query("the cramps at night").terms] == ["cramps", "night"]


def test_repeated_words_count_once():
    assert [t.word for t in parse_query("cramp cramp CRAMP").terms] == ["cramp"]


@pytest.mark.parametrize(
    ("q", "note"),
    [
        ("x" * (MAX_QUERY_LENGTH + 1), "up to 100 characters"),
        ("%%% !!!", "Type a word"),
        ("the and of", "too common"),
    ],
)
def test_odd_input_gives_a_note_and_no_search(q, note):
    parsed = parse_query(q)
    assert parsed.terms == ()
    assert note in " ".join(parsed.notes)


def test_empty_input_is_no_search_and_no_note():
    assert parse_query("   ") == parse_query("") == parse_query(None)
    assert parse_query("").notes == ()


def test_number_of_words_is_bounded_with_a_note():
    parsed = parse_query(" ".join(f"word{i}" for i in range(MAX_WORDS + 3)))
    assert len(parsed.terms) == MAX_WORDS
    assert parsed.notes == (f"Only the first {MAX_WORDS} words were used.",)


def test_control_and_marker_characters_are_removed():
    parsed = parse_query("mag\x00nes\ue000ium\x1b")
    assert "\x00" not in parsed.text and "\ue000" not in parsed.text
    assert [t.word for t in parsed.terms] == ["mag", "nes", "ium"]


@given(st.text(max_size=300))
def test_any_input_parses_into_bounded_plain_words(q):
    parsed = parse_query(q, SYNONYMS)
    assert len(parsed.text) <= MAX_QUERY_LENGTH
    assert len(parsed.terms) <= MAX_WORDS
    for term in parsed.terms:
        for form in term.forms:
            assert form and all(part.isalnum() for part in form.split(" "))
