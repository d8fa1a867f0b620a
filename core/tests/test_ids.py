"""The one parser for ids read from a request: ASCII digits only, bounded length."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.ids import MAX_ID_DIGITS, parse_id
from tests.security.test_fuzz import HOSTILE_CHARS


@pytest.mark.parametrize("value", ["0", "1", "42", "9" * MAX_ID_DIGITS, "007"])
def test_ascii_digits_are_ids(value):
    assert parse_id(value) == int(value)


@pytest.mark.parametrize(
    "value",
    [
        "²",  # superscript two: str.isdigit() says yes, int() fails
        "١",  # Arabic-Indic one: int() would silently read 1
        "𝟙",  # mathematical double-struck one
        "1²",
        "١٢",
        "",
        " 1",
        "1 ",
        "1\n",
        "+1",
        "-1",
        "1_000",
        "0x1",
        "1.0",
        "1\x00",
        "\u200f1",  # right-to-left mark
        "1\u0301",  # combining acute accent
        "9" * (MAX_ID_DIGITS + 1),
        None,
        1,
    ],
)
def test_anything_else_is_not_an_id(value):
    assert parse_id(value) is None


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(
    value=st.one_of(
        st.text(alphabet=HOSTILE_CHARS, max_size=16),
        st.text(max_size=16),
        st.from_regex(r"\A[0-9]{1,14}\Z"),
    )
)
def test_an_id_is_exactly_one_to_twelve_ascii_digits(value):
    """Whatever a request carries: never an exception, and a number only for plain digits."""
    expected = int(value) if re.fullmatch(r"[0-9]{1,12}", value, re.ASCII) else None
    assert parse_id(value) == expected
