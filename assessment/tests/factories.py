"""Small makers for focused checker data."""

import itertools

from assessment.models import CheckerSettings, Choice, Question, WarningSign, Weight

_counter = itertools.count(1)


def make_question(text=None, choices=(), **fields):
    n = next(_counter)
    fields.setdefault("order", n)
    question = Question.objects.create(text=text or f"Question {n}?", **fields)
    for order, label in enumerate(choices):
        Choice.objects.create(question=question, label=label, order=order)
    return question


def make_choice(question, label=None, **fields):
    return Choice.objects.create(
        question=question, label=label or f"Choice {next(_counter)}", **fields
    )


def make_weight(choice, target, points=3):
    from nutrients.models import Nutrient

    key = "nutrient" if isinstance(target, Nutrient) else "factor"
    return Weight.objects.create(choice=choice, points=points, **{key: target})


def make_warning(text=None, **fields):
    n = next(_counter)
    defaults = {
        "advice": f"Advice {n}.",
        "source_name": "NHS: Leg cramps",
        "source_url": "https://www.nhs.uk/conditions/leg-cramps/",
        "order": n,
    }
    defaults.update(fields)
    return WarningSign.objects.create(text=text or f"Warning sign {n}", **defaults)


def make_settings(threshold=3, strong_threshold=5):
    return CheckerSettings.objects.create(threshold=threshold, strong_threshold=strong_threshold)
