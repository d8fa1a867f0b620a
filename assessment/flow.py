"""Which screen comes next: plain functions over the posted form and the signed state.

No database and no request here: the view loads the questionnaire and the state, passes the
POST data, and renders the :class:`Screen` it gets back. Anything a browser could not have
sent (an unknown choice, a step that does not exist, two answers to a one-answer question)
raises :class:`BadInput`, which the view turns into a 400 page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.ids import parse_id

from .scoring import Questionnaire, QuestionSpec
from .state import State

START = "start"
WARNINGS = "warnings"
URGENT = "urgent"
QUESTION = "question"
REVIEW = "review"
RESULT = "result"
ERROR = "error"

NONE_OF_THESE = "none"
ACTIONS = {"next", "back", "continue", "result"}


class BadInput(Exception):
    """Input no form of ours could have produced; ``message`` is shown to the reader."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


STEP_NOT_FOUND = (
    "That step of the checker does not exist. The questions may have been updated since "
    "you started."
)
UNKNOWN_CHOICE = "One of the answers sent is not a choice for this question."


@dataclass(frozen=True)
class Screen:
    name: str
    state: State | None = None
    question: QuestionSpec | None = None
    position: int = 0  # 1-based position of ``question``
    selected: frozenset[int] | frozenset[str] = frozenset()
    error: str = ""
    then: str = ""  # REVIEW when the reader came from "check your answers"
    notice: str = ""  # a non-error message, e.g. the questions changed mid-way

    @property
    def step(self) -> str:
        """The step token a form on this screen posts back (signed with the answers)."""
        if self.name == QUESTION:
            return str(self.question.id)
        return self.name


def begin() -> Screen:
    return Screen(WARNINGS, State())


def arrive(questionnaire: Questionnaire, state: State, step: str, then: str = "") -> Screen:
    """The screen a visit to ``step``'s address shows: that step with the answers so far
    ticked, or the step the reader has to see first (warning signs before anything else,
    missing answers before the result). The view redirects when it is another step."""
    if then not in ("", REVIEW):
        raise BadInput("The address was not one of ours.")
    if step == WARNINGS or state.warnings is None:
        return show(questionnaire, state, WARNINGS, then=then if step == WARNINGS else "")
    if step == URGENT:
        if not state.warnings:
            return after_warnings(questionnaire, state, then)
        return Screen(URGENT, state, then=then)
    if step == REVIEW:
        return review(questionnaire, state)
    if step == RESULT:
        return result_or_missing(questionnaire, state)
    return show(questionnaire, state, step, then=then)


QUESTIONS_CHANGED = (
    "The questions were updated while you were answering. Your answers so far are kept; "
    "please carry on from here."
)


def advance(questionnaire: Questionnaire, state: State, step: str, data) -> Screen:
    """The screen after the reader pressed a button on ``step`` (taken from the signed state,
    so it is one we showed them)."""
    then = data.get("then", "")
    if then not in ("", REVIEW):
        raise BadInput("The form was not one of ours.")
    change = data.get("change")
    if change is not None:
        if step not in (REVIEW, RESULT):
            raise BadInput(STEP_NOT_FOUND)
        return show(questionnaire, state, change, then=REVIEW)
    action = data.get("action", "next")
    if action not in ACTIONS:
        raise BadInput("The form was not one of ours.")

    if step == WARNINGS:
        if action == "back":
            return Screen(START)
        return answer_warnings(questionnaire, state, data, then)
    if step == URGENT:
        if state.warnings is None:
            raise BadInput(STEP_NOT_FOUND)
        if action == "back":
            return show(questionnaire, state, WARNINGS, then=then)
        return after_warnings(questionnaire, state, then)
    if step == REVIEW:
        if action == "back":
            return previous(questionnaire, state, REVIEW)
        if action == "result":
            return result_or_missing(questionnaire, state)
        return review(questionnaire, state)
    if step == RESULT:
        return review(questionnaire, state)

    question_id = parse_id(step)
    if question_id is None:
        raise BadInput(STEP_NOT_FOUND)
    question = questionnaire.question(question_id)
    if question is None:
        # An editor deactivated or deleted this question since we showed it.
        return replace(result_or_missing(questionnaire, state, error=""), notice=QUESTIONS_CHANGED)
    if action == "back":
        if then == REVIEW:
            return review(questionnaire, state)  # Back from "Change" leaves the answer as it was
        return previous(questionnaire, kept_on_back(question, state, data), step)
    return answer_question(questionnaire, state, question, data, then)


def kept_on_back(question: QuestionSpec, state: State, data) -> State:
    """The answers after Back on a question: ticks the reader made on this page are kept when
    they are a complete answer, so coming forward again shows them; anything else (nothing
    ticked, a clash) leaves the saved answer as it was. Back never shows an error."""
    picked, error = picked_choices(question, data)
    return state.with_answer(question.id, picked) if picked and not error else state


def question_for(questionnaire: Questionnaire, step: str) -> QuestionSpec:
    question_id = parse_id(step)
    question = None if question_id is None else questionnaire.question(question_id)
    if question is None:
        raise BadInput(STEP_NOT_FOUND)
    return question


def position_of(questionnaire: Questionnaire, question: QuestionSpec) -> int:
    return questionnaire.questions.index(question) + 1


def show(questionnaire: Questionnaire, state: State, step: str, then: str = "") -> Screen:
    """Show a step again with the answers already given ticked."""
    if step == WARNINGS:
        selected = (
            frozenset()
            if state.warnings is None
            else frozenset(str(i) for i in state.warnings) or frozenset({NONE_OF_THESE})
        )
        return Screen(WARNINGS, state, selected=selected, then=then)
    question = question_for(questionnaire, step)
    return Screen(
        QUESTION,
        state,
        question=question,
        position=position_of(questionnaire, question),
        selected=frozenset(state.choices.get(question.id, ())),
        then=then,
    )


def review(questionnaire: Questionnaire, state: State) -> Screen:
    return Screen(REVIEW, state)


def after_warnings(questionnaire: Questionnaire, state: State, then: str) -> Screen:
    if then == REVIEW or not questionnaire.questions:
        return review(questionnaire, state)
    return show(questionnaire, state, str(questionnaire.questions[0].id))


def previous(questionnaire: Questionnaire, state: State, step: str) -> Screen:
    ids = [str(q.id) for q in questionnaire.questions]
    index = len(ids) if step == REVIEW else ids.index(step)
    if index == 0:
        return show(questionnaire, state, WARNINGS)
    return show(questionnaire, state, ids[index - 1])


def answer_warnings(questionnaire: Questionnaire, state: State, data, then: str) -> Screen:
    values = data.getlist("warning")
    if len(values) > len(questionnaire.warning_signs) + 1:
        raise BadInput("Too many answers were sent.")
    ids = set()
    for value in values:
        if value == NONE_OF_THESE:
            continue
        warning_id = parse_id(value)
        if warning_id is None or questionnaire.warning(warning_id) is None:
            raise BadInput("One of the warning signs sent is not on our list.")
        ids.add(warning_id)
    chose_none = NONE_OF_THESE in values
    error = ""
    if not values:
        error = "Select the signs that apply to you, or select 'None of these'."
    elif chose_none and ids:
        error = "Select either the signs that apply to you or 'None of these', not both."
    if error:
        return Screen(WARNINGS, state, selected=frozenset(values), error=error, then=then)
    state = state.with_warnings(ids)
    if ids:
        return Screen(URGENT, state, then=then)
    return after_warnings(questionnaire, state, then)


def picked_choices(question: QuestionSpec, data) -> tuple[list[int], str]:
    """The choice ids sent for ``question``, in order, each once, and what is wrong with them
    as an answer ("" when nothing). Anything a browser could not have sent is ``BadInput``."""
    values = data.getlist("choice")
    if len(values) > len(question.choices) or (not question.multiple and len(values) > 1):
        raise BadInput("Too many answers were sent for this question.")
    picked: list[int] = []
    for value in values:
        choice_id = parse_id(value)
        choice = None if choice_id is None else question.choice(choice_id)
        if choice is None:
            raise BadInput(UNKNOWN_CHOICE)
        if choice.id not in picked:
            picked.append(choice.id)

    error = ""
    if question.required and not picked:
        error = "Select all the answers that apply." if question.multiple else "Select an answer."
        if question.multiple and question.opt_out:
            error = f"Select all the answers that apply, or '{question.opt_out}'."
    elif len(picked) > 1 and any(question.choice(i).exclusive for i in picked):
        exclusive = next(question.choice(i) for i in picked if question.choice(i).exclusive)
        error = f"Select either '{exclusive.label}' or other answers, not both."
    return picked, error


def answer_question(
    questionnaire: Questionnaire, state: State, question: QuestionSpec, data, then: str
) -> Screen:
    picked, error = picked_choices(question, data)
    if error:
        return Screen(
            QUESTION,
            state,
            question=question,
            position=position_of(questionnaire, question),
            selected=frozenset(picked),
            error=error,
            then=then,
        )

    state = state.with_answer(question.id, picked)
    if then == REVIEW:
        return review(questionnaire, state)
    index = position_of(questionnaire, question)
    if index < len(questionnaire.questions):
        return show(questionnaire, state, str(questionnaire.questions[index].id))
    return review(questionnaire, state)


def missing_answers(questionnaire: Questionnaire, state: State) -> list[str]:
    """Steps the reader still has to answer, in order (warning signs first)."""
    missing = [] if state.warnings is not None else [WARNINGS]
    for question in questionnaire.questions:
        answered = state.choices.get(question.id)
        if answered is None or (question.required and not answered):
            missing.append(str(question.id))
    return missing


def result_or_missing(
    questionnaire: Questionnaire,
    state: State,
    error: str = "Answer this question to see your result.",
) -> Screen:
    """The result if every step is answered, otherwise the first step still to answer
    (``error`` says why we are there; review instead of the result when it is empty)."""
    missing = missing_answers(questionnaire, state)
    if not missing:
        return Screen(RESULT, state) if error else review(questionnaire, state)
    return replace(show(questionnaire, state, missing[0]), error=error)
