"""Helpers to walk through the checker over plain POSTs or htmx, like a browser would."""

import html
import re

from django.urls import reverse

STEP_URL = reverse("assessment:step")
HTMX = {"HX-Request": "true"}


def hidden(response, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', response.content.decode())
    return html.unescape(match.group(1)) if match else None


def post(client, data, htmx=False):
    return client.post(STEP_URL, data, headers=HTMX if htmx else {})


def submit(client, response, htmx=False, **fields):
    """Press a button on the step shown in ``response`` (default: Continue)."""
    data = {"state": hidden(response, "state"), "step": hidden(response, "step")}
    then = hidden(response, "then")
    if then:
        data["then"] = then
    data.setdefault("action", "next")
    data.update(fields)
    return post(client, data, htmx=htmx)


def begin(client, htmx=False):
    return post(client, {}, htmx=htmx)


def walk(client, warnings=("none",), answers=None, htmx=False):
    """Answer every step; ``answers`` maps question text to a list of choice labels.

    Unlisted questions get their first choice. Returns the result page response.
    """
    from assessment.models import Question

    answers = answers or {}
    response = submit(client, begin(client, htmx), htmx, warning=list(warnings))
    if hidden(response, "step") == "urgent":
        response = submit(client, response, htmx, action="continue")
    for question in Question.objects.active().prefetch_related("choices"):
        assert hidden(response, "step") == str(question.pk), response.content.decode()[:2000]
        labels = answers.get(question.text)
        choices = list(question.choices.all())
        picked = [c.pk for c in choices if c.label in labels] if labels else [choices[0].pk]
        response = submit(client, response, htmx, choice=picked)
    assert hidden(response, "step") == "review"
    return submit(client, response, htmx, action="result")
