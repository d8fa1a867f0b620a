"""Ids read from a request (form fields, steps): one strict parser for all of them.

``str.isdigit()`` and ``int()`` accept far more than the digits 0-9: ``"²".isdigit()`` is
true but ``int("²")`` fails, and ``int("١")`` (Arabic-Indic one) is 1. A form we rendered
only ever sends ASCII digits, so anything else is not an id. The length bound keeps numbers
within what every database can store.
"""

import re

MAX_ID_DIGITS = 12
ID_PATTERN = re.compile(rf"[0-9]{{1,{MAX_ID_DIGITS}}}")


def parse_id(value: object) -> int | None:
    """The id ``value`` names, or None when it is not 1-12 ASCII digits and nothing else."""
    if not isinstance(value, str) or ID_PATTERN.fullmatch(value) is None:
        return None
    return int(value)
