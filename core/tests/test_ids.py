"""The one parser for ids read from a request: ASCII digits only, bounded length."""

import pytest

from core.ids import MAX_ID_DIGITS, parse_id


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
