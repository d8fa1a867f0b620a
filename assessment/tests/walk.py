"""Helpers to walk through the checker over plain requests or htmx, like a browser would:
each step's form POSTs to the step's own address and the browser follows the redirect."""

import html
import re

from django.urls import reverse

from core.tests.http import HTMX

WARNINGS_URL = reverse("assessment:warnings")


def step_of(response) -> str | None:
    """The step a (followed) response shows, from its address: 'warnings', '5', 'review'..."""
    path = response.request["PATH_INFO"]
    match = re.fullmatch(r"/checker/(?:question/(\d+)|(\w+))/", path)
    if not match:
        return None
    return match.group(1) or match.group(2)


def hidden(response, name):
    """A hidden form field of the page (``step`` is the page's own address)."""
    if name == "step":
        return step_of(response)
    match = re.search(rf'name="{name}" value="([^"]*)"', response.content.decode())
    return html.unescape(match.group(1)) if match else None


def post(client, data, htmx=False, url=WARNINGS_URL, follow=True):
    return client.post(url, data, headers=HTMX if htmx else {}, follow=follow)


def submit(client, response, htmx=False, **fields):
    """Press a button on the step shown in ``response`` (default: Continue) and follow the
    redirect to the next step, as a browser does."""
    data = {}
    then = hidden(response, "then")
    if then:
        data["then"] = then
    data.setdefault("action", "next")
    data.update(fields)
    return post(client, data, htmx=htmx, url=response.request["PATH_INFO"])


def begin(client, htmx=False):
    return client.get(WARNINGS_URL, headers=HTMX if htmx else {})


def walk(client, warnings=("none",), answers=None, htmx=False):
    """Answer every step; ``answers`` maps question text to a list of choice labels.

    Unlisted questions get their first choice. Returns the result page response.
    """
    from assessment.models import Question

    answers = answers or {}
    response = submit(client, begin(client, htmx), htmx, warning=list(warnings))
    if step_of(response) == "urgent":
        response = submit(client, response, htmx, action="continue")
    for question in Question.objects.active().prefetch_related("choices"):
        assert step_of(response) == str(question.pk), response.content.decode()[:2000]
        labels = answers.get(question.text)
        choices = list(question.choices.all())
        picked = [c.pk for c in choices if c.label in labels] if labels else [choices[0].pk]
        response = submit(client, response, htmx, choice=picked)
    assert step_of(response) == "review"
    return submit(client, response, htmx, action="result")
