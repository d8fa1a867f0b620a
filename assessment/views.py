"""The symptom checker: a start page and one POST endpoint that walks through the steps.

Every step is a POST carrying the answers so far in a signed hidden field (``state.py``);
nothing is written to the database, the session or the logs. With htmx only the checker
region is swapped; without JavaScript the same POST returns the whole page.
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from nutrients import selectors
from nutrients.models import Page

from . import flow
from .flow import BadInput, Screen
from .questionnaire import load_questionnaire
from .results import result_context, warnings_context
from .scenarios import pass_rate
from .scoring import Questionnaire, advise, matched_warnings
from .state import BadState, ExpiredState, dump, load

TEMPLATE = "assessment/checker.html"
# Our biggest honest form is a few kilobytes (a signed state and some ids). Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE bounds every request; the checker's forms are far smaller still.
MAX_FORM_CHARACTERS = 20_000

EXPIRED = (
    "Your answers have expired: for your privacy they are only kept in this page for two "
    "hours, and never on our server. Please start again."
)
TAMPERED = "Your answers could not be read back: the form seems to have been changed."
MISSING = "The form was incomplete: your answers were not included."
TOO_BIG = "The form sent was far larger than any of our steps."


@require_safe
@never_cache  # the page carries a CSRF token tied to this reader's cookie: never share it
def start(request):
    return render_screen(request, Screen(flow.START))


@require_safe
def about(request):
    """How the checker works, its limits, and how often its own test people get safe advice."""
    return TemplateResponse(request, "assessment/about.html", {"rate": pass_rate()})


@require_http_methods(["GET", "POST"])
@never_cache
@vary_on_headers("HX-Request")
def step(request):
    if request.method == "GET":
        # Reloading a step page (or a shared link) has no answers to show: begin again.
        return redirect("assessment:start")
    if form_characters(request.POST) > MAX_FORM_CHARACTERS:
        return bad_request(request, TOO_BIG)
    try:
        token = request.POST.get("state")
        if token is None:
            if request.POST.get("step"):
                raise BadInput(MISSING)
            return render_screen(request, flow.begin())
        state, step = load(token)
        if request.POST.get("step") != step:
            raise BadInput(flow.STEP_NOT_FOUND)
        questionnaire = load_questionnaire()
        screen = flow.advance(questionnaire, state, step, request.POST)
    except ExpiredState:
        return bad_request(request, EXPIRED)
    except BadState:
        return bad_request(request, TAMPERED)
    except BadInput as exc:
        return bad_request(request, exc.message)
    return render_screen(request, screen, questionnaire)


def form_characters(data) -> int:
    """Characters in the submitted names and values (the form is already parsed and bounded)."""
    return sum(len(name) + sum(len(v) for v in values) for name, values in data.lists())


def bad_request(request, message: str):
    return render_screen(request, Screen(flow.ERROR, error=message), status=400)


def render_screen(request, screen: Screen, questionnaire: Questionnaire | None = None, status=200):
    if questionnaire is None and screen.name not in (flow.START, flow.ERROR):
        questionnaire = load_questionnaire()
    context = {
        "screen": screen,
        "flow": flow,
        "state_token": dump(screen.state, screen.step) if screen.state is not None else "",
        "title": title_for(screen, questionnaire),
    }
    if screen.name == flow.START:
        context["intro"] = selectors.published_page(Page.Slot.CHECKER_INTRO)
    if screen.name == flow.WARNINGS:
        context["warning_signs"] = questionnaire.warning_signs
    if screen.name == flow.QUESTION:
        context["total"] = len(questionnaire.questions)
    if screen.name == flow.URGENT:
        answers = screen.state.answers()
        warnings = matched_warnings(questionnaire, answers)
        context["warnings"] = warnings_context(questionnaire, answers, warnings)
    if screen.name == flow.RESULT:
        answers = screen.state.answers()
        context.update(result_context(questionnaire, answers, advise(questionnaire, answers)))
    if screen.name in (flow.REVIEW, flow.RESULT):
        context["summary"] = answer_summary(questionnaire, screen.state)
    template = f"{TEMPLATE}#checker" if request.htmx else TEMPLATE
    return TemplateResponse(request, template, context, status=status)


def title_for(screen: Screen, questionnaire: Questionnaire | None) -> str:
    titles = {
        flow.START: "Symptom checker",
        flow.WARNINGS: "Warning signs",
        flow.URGENT: "Get medical advice first",
        flow.REVIEW: "Check your answers",
        flow.RESULT: "Your result",
        flow.ERROR: "Sorry, we could not use that form",
    }
    if screen.name == flow.QUESTION:
        title = f"Question {screen.position} of {len(questionnaire.questions)}"
    else:
        title = titles[screen.name]
    return f"Error: {title}" if screen.error and screen.name != flow.ERROR else title


def answer_summary(questionnaire: Questionnaire, state) -> list[dict]:
    """Rows for "check your answers" and for the printed summary: text only, no scores."""
    if state.warnings is None:
        warnings = []
    else:
        warnings = [w.text for w in questionnaire.warning_signs if w.id in state.warnings]
    rows = [
        {
            "step": flow.WARNINGS,
            "question": "Warning signs",
            "answers": warnings or ["None of these"],
            "answered": state.warnings is not None,
        }
    ]
    for question in questionnaire.questions:
        chosen = state.choices.get(question.id)
        labels = [c.label for c in question.choices if chosen and c.id in chosen]
        rows.append(
            {
                "step": str(question.id),
                "question": question.text,
                "answers": labels,
                "answered": chosen is not None and (bool(chosen) or not question.required),
            }
        )
    return rows
