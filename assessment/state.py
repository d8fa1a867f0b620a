"""The reader's answers between steps: a signed, expiring hidden form field.

Answers are never stored on the server (no database, no session, no cache) and never go in
a URL. Each step's form carries them back, signed with the site's secret key so they cannot
be altered, and only valid for ``MAX_AGE``. Only ids travel, never the text of an answer.
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


def dump(state: State, step: str) -> str:
    """Sign the answers together with the step the form is for, so neither can be altered."""
    payload = {
        "s": step,
        "w": None if state.warnings is None else sorted(state.warnings),
        "a": {str(qid): list(cids) for qid, cids in sorted(state.choices.items())},
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def load(token: str) -> tuple[State, str]:
    """The answers and the step they were signed for; BadState if anything is wrong."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise BadState("missing or oversized")
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ExpiredState("expired") from exc
    except (signing.BadSignature, ValueError) as exc:
        raise BadState("bad signature") from exc
    try:
        step = payload["s"]
        warnings = payload["w"]
        answers = payload["a"]
        if not isinstance(step, str):
            raise TypeError("step must be a string")
        state = State(
            warnings=None if warnings is None else frozenset(_ints(warnings)),
            choices={_id(qid): tuple(_ints(cids)) for qid, cids in answers.items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadState("malformed") from exc
    return state, step


def _id(value) -> int:
    question_id = parse_id(value)
    if question_id is None:
        raise ValueError("expected a question id")
    return question_id


def _ints(values) -> list[int]:
    if not isinstance(values, list) or not all(type(v) is int for v in values):
        raise TypeError("expected a list of integers")
    return values
