"""The symptom checker: a start page, one address per step, and the About page.

Each step has its own address (``/checker/warnings/``, ``/checker/question/<id>/``, ...) and
never carries answers in it. A step's form POSTs to its own address; the view saves the
answers in a signed cookie (``state.py``) and redirects to the next step (Post/Redirect/Get),
so the browser's Back button returns to the previous question with its answers ticked, with
or without JavaScript, and never asks to resubmit a form. Nothing is written to the database,
the session or the logs. With htmx only the checker region is swapped and the step's address
is pushed into the browser history (``HX-Push-Url``); without JavaScript the same requests
return whole pages.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from core.ids import parse_id
from nutrients import selectors
from nutrients.models import Page

from . import flow
from .flow import BadInput, Screen
from .questionnaire import load_questionnaire
from .results import result_context, warnings_context
from .scenarios import pass_rate
from .scoring import Questionnaire, advise, matched_warnings
from .state import COOKIE_NAME, COOKIE_PATH, MAX_AGE, BadState, ExpiredState, State, dump, load

TEMPLATE = "assessment/checker.html"
# Our biggest honest form is a few hundred characters (some ids). Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE bounds every request; the checker's forms are far smaller still.
MAX_FORM_CHARACTERS = 20_000

EXPIRED = (
    "Your answers have expired: for your privacy they are only kept for two hours, and never "
    "on our server. Please start again."
)
TAMPERED = "Your answers could not be read back: they seem to have been changed."
TOO_BIG = "The form sent was far larger than any of our steps."
ROUTES = {
    flow.START: "assessment:start",
    flow.WARNINGS: "assessment:warnings",
    flow.URGENT: "assessment:urgent",
    flow.REVIEW: "assessment:review",
    flow.RESULT: "assessment:result",
}


@require_safe
@never_cache  # the page carries a CSRF token tied to this reader's cookie: never share it
@vary_on_headers("HX-Request")
def start(request):
    return render_screen(request, Screen(flow.START))


@require_safe
def about(request):
    """How the checker works, its limits, and how often its own test people get safe advice."""
    return TemplateResponse(request, "assessment/about.html", {"rate": pass_rate()})


def step_view(step: str, methods=("GET", "POST")):
    @require_http_methods(list(methods))
    @never_cache
    @vary_on_headers("HX-Request")
    def view(request, **kwargs):
        return handle(request, step or str(kwargs["question_id"]))

    return view


warnings = step_view(flow.WARNINGS)
urgent = step_view(flow.URGENT)
question = step_view("")
review = step_view(flow.REVIEW)
result = step_view(flow.RESULT, methods=("GET", "HEAD"))


@require_POST
@never_cache
def clear(request):
    """ "Clear my answers": the cookie is deleted and the reader is back at the start."""
    response = see_other(reverse("assessment:start"))
    response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, samesite="Strict")
    return response


def handle(request, step: str):
    try:
        state, flash = read_state(request)
    except ExpiredState:
        return bad_request(request, EXPIRED, forget=True)
    except BadState:
        return bad_request(request, TAMPERED, forget=True)
    questionnaire = load_questionnaire()
    try:
        if request.method == "POST":
            return answer(request, questionnaire, state, step)
        then = flash.get("t", "") if flash.get("s") == step else ""
        screen = flow.arrive(questionnaire, state, step, then)
    except BadInput as exc:
        return bad_request(request, exc.message)
    if screen.step != step:
        # Somewhere else first (warning signs, a missing answer): go there, saying why.
        return redirect_to(screen, state)
    if flash.get("s") == step:
        screen = with_flash(screen, flash)
    response = render_screen(request, screen, questionnaire)
    if flash:
        # A flash is shown once, but "return to Check your answers" lasts while the reader
        # stays on this step, so reloading a question opened from "Change" still goes back.
        lasting = {"s": step, "t": screen.then} if screen.then else None
        save(response, state, lasting)
    return response


def form_characters(data) -> int:
    """Characters in the submitted names and values (the form is already parsed and bounded)."""
    return sum(len(name) + sum(len(v) for v in values) for name, values in data.lists())


def answer(request, questionnaire: Questionnaire, state: State, step: str):
    """A step's form was sent: save the answers and redirect to the next step."""
    if form_characters(request.POST) > MAX_FORM_CHARACTERS:
        return bad_request(request, TOO_BIG)
    if state.warnings is None and step != flow.WARNINGS:
        # E.g. a question answered before the warning signs: they come first.
        return redirect_to(flow.arrive(questionnaire, state, flow.WARNINGS), state)
    screen = flow.advance(questionnaire, state, step, request.POST)
    if screen.step == step and screen.error:
        if request.htmx:  # htmx swaps the corrected form in place: no history entry
            return render_screen(request, screen, questionnaire)
        return redirect_to(screen, state)  # shown after the redirect, then forgotten
    return redirect_to(screen, screen.state or state)


def redirect_to(screen: Screen, state: State):
    """303 to the screen's address; its error, notice, ticks and 'then' ride in the cookie."""
    flash = {
        "s": screen.step,
        "e": screen.error,
        "n": screen.notice,
        "t": screen.then,
        "v": [str(value) for value in screen.selected] if screen.error else [],
    }
    response = see_other(url_for(screen))
    save(response, state, flash if any(flash[key] for key in "ent") else None)
    return response


def with_flash(screen: Screen, flash: dict) -> Screen:
    from dataclasses import replace

    changes = {"notice": flash.get("n", ""), "then": flash.get("t", screen.then)}
    if flash.get("e"):
        selected = flash.get("v", [])
        if screen.name == flow.QUESTION:
            selected = [parse_id(v) for v in selected if parse_id(v) is not None]
        changes.update(error=flash["e"], selected=frozenset(selected))
    return replace(screen, **changes)


def url_for(screen: Screen) -> str:
    if screen.name == flow.QUESTION:
        return reverse("assessment:question", args=[screen.question.id])
    return reverse(ROUTES[screen.name])


def see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303  # after a POST: the browser GETs the next page
    return response


def read_state(request) -> tuple[State, dict]:
    token = request.COOKIES.get(COOKIE_NAME)
    if not token:
        return State(), {}
    return load(token)


def save(response, state: State, flash: dict | None = None) -> None:
    response.set_cookie(
        COOKIE_NAME,
        dump(state, flash),
        max_age=MAX_AGE,
        path=COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def bad_request(request, message: str, forget: bool = False):
    response = render_screen(request, Screen(flow.ERROR, error=message), status=400)
    if forget:
        response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, samesite="Strict")
    return response


def render_screen(request, screen: Screen, questionnaire: Questionnaire | None = None, status=200):
    if questionnaire is None and screen.name not in (flow.START, flow.ERROR):
        questionnaire = load_questionnaire()
    context = {
        "screen": screen,
        "flow": flow,
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
    response = TemplateResponse(request, template, context, status=status)
    if request.htmx and request.method == "GET" and status == 200:
        # htmx followed a redirect or a link: put this step's address in the history.
        response["HX-Push-Url"] = request.get_full_path()
    return response


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
