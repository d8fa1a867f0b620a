"""The reader's answers between steps: a signed, expiring cookie.

Answers are never stored on the server (no database, no session, no cache) and never go in a
URL. They live in one cookie (``COOKIE_NAME``), signed with the site's secret key so it cannot
be altered, sent only to the checker's own addresses (``COOKIE_PATH``), never readable by
scripts (HttpOnly), never sent from another site (SameSite=Strict), only over HTTPS in
production, and valid for ``MAX_AGE``. Only ids travel, never the text of an answer. A
"flash" (the error or notice to show on the next page, with what was ticked) can ride along
for one request, so a form that needs correcting is still answered with a redirect
(Post/Redirect/Get) and the browser's history never holds a POST.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core import signing

from core.ids import parse_id

from .scoring import Answers

SALT = "assessment.checker-state"
MAX_AGE = 60 * 60 * 2  # seconds: long enough for a slow reader, short enough to be stale-safe
MAX_TOKEN_LENGTH = 4000
COOKIE_NAME = "checker"
COOKIE_PATH = "/checker/"
FLASH_KEYS = {"s", "e", "n", "v", "t"}  # step, error, notice, ticked values, then


class BadState(Exception):
    """The signed answers are missing, altered, malformed or too old."""


class ExpiredState(BadState):
    """The signed answers are genuine but older than ``MAX_AGE``."""


@dataclass(frozen=True)
class State:
    """``warnings`` is None until the warning-signs step is answered; an empty set means
    "None of these". ``choices`` maps each answered question id to the chosen choice ids
    (an empty tuple for a skipped optional question)."""

    warnings: frozenset[int] | None = None
    choices: Mapping[int, tuple[int, ...]] = field(default_factory=dict)

    def with_warnings(self, ids) -> State:
        return State(warnings=frozenset(ids), choices=self.choices)

    def with_answer(self, question_id: int, choice_ids) -> State:
        return State(
            warnings=self.warnings, choices={**self.choices, question_id: tuple(choice_ids)}
        )

    def answers(self) -> Answers:
        return Answers(warning_signs=self.warnings or frozenset(), choices=self.choices)


def dump(state: State, flash: dict | None = None) -> str:
    """Sign the answers (and a one-request flash) for the cookie, so neither can be altered."""
    payload = {
        "w": None if state.warnings is None else sorted(state.warnings),
        "a": {str(qid): list(cids) for qid, cids in sorted(state.choices.items())},
    }
    if flash:
        payload["f"] = {key: value for key, value in flash.items() if value}
    return signing.dumps(payload, salt=SALT, compress=True)


def load(token: str) -> tuple[State, dict]:
    """The answers and the flash; BadState if anything is wrong, ExpiredState if too old."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise BadState("missing or oversized")
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ExpiredState("expired") from exc
    except (signing.BadSignature, ValueError) as exc:
        raise BadState("bad signature") from exc
    try:
        warnings = payload["w"]
        answers = payload["a"]
        flash = payload.get("f", {})
        state = State(
            warnings=None if warnings is None else frozenset(_ints(warnings)),
            choices={_id(qid): tuple(_ints(cids)) for qid, cids in answers.items()},
        )
        if not isinstance(flash, dict) or not set(flash) <= FLASH_KEYS:
            raise TypeError("unexpected flash")
        if not all(isinstance(flash.get(k, ""), str) for k in ("s", "e", "n", "t")):
            raise TypeError("flash texts must be strings")
        values = flash.get("v", [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise TypeError("flash values must be strings")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadState("malformed") from exc
    return state, flash


def _id(value) -> int:
    question_id = parse_id(value)
    if question_id is None:
        raise ValueError("expected a question id")
    return question_id


def _ints(values) -> list[int]:
    if not isinstance(values, list) or not all(type(v) is int for v in values):
        raise TypeError("expected a list of integers")
    return values
