"""What a checker result shows: the records behind each part of the advice, read once per
content version.

Scoring and the rules about the person are in ``scoring.py`` (pure functions); this module
turns :class:`~assessment.scoring.Advice` into the published nutrients, factors, warning
signs, relief and foods the result page renders.
"""

from core.caching import per_content_version
from nutrients import selectors
from nutrients.models import FoodSource

from .models import WarningSign
from .scoring import Advice, Questionnaire, TargetKind, Tier, triggered_by


@per_content_version
def result_records() -> dict:
    """Everything a result can show, read once per content version (see core/caching.py).

    Published nutrients (with their foods and sections), published factors, warning signs,
    relief and foods: a handful of rows each, so the checker's result needs no query of its
    own.
    """
    nutrients = {n.pk: n for n in selectors.published_articles().values()}
    factors = selectors.published_factors()
    relief, professional = selectors.published_relief()
    signs = WarningSign.objects.in_bulk()
    return {
        "signs": signs,
        "see_gp": [
            sign
            for sign in sorted(signs.values(), key=lambda s: (s.order, s.pk))
            if sign.is_active and sign.urgency == WarningSign.Urgency.SOON
        ],
        "nutrients": nutrients,
        "factors": factors,
        "relief": {item.pk: item for item in relief},
        "professional": professional,
        "foods": FoodSource.objects.in_bulk(),
        "urls": {
            **{(TargetKind.NUTRIENT, pk): n.get_absolute_url() for pk, n in nutrients.items()},
            **{(TargetKind.FACTOR, pk): f.get_absolute_url() for pk, f in factors.items()},
        },
    }


def warnings_context(questionnaire: Questionnaire, answers, warnings) -> list[dict]:
    """The warning signs that apply, most urgent first, each with the answers behind it when
    the reader did not tick it themselves."""
    signs = result_records()["signs"]
    return [
        {"sign": signs[w.id], "because": triggered_by(questionnaire, answers, w)}
        for w in warnings
        if w.id in signs
    ]


def result_context(questionnaire: Questionnaire, answers, advice: Advice) -> dict:
    """The records behind a result, from the in-memory copy of the published content."""
    records = result_records()
    nutrients, factors = records["nutrients"], records["factors"]
    suggestions = []
    for suggestion in advice.suggestions:
        target = suggestion.target
        is_nutrient = target.kind == TargetKind.NUTRIENT
        record = (nutrients if is_nutrient else factors).get(target.id)
        if record is None:
            continue
        url = records["urls"][target.key]
        suggestions.append(
            {
                "finding": suggestion.finding,
                "record": record,
                "url": url,
                "foods": [
                    records["foods"][food.id]
                    for food in suggestion.foods
                    if food.id in records["foods"]
                ],
                "cautions": suggestion.cautions,
                "sections": [
                    {"title": section.title, "url": f"{url}#{section.anchor}"}
                    for section in suggestion.finding.sections
                ],
            }
        )
    relief = [
        {"record": records["relief"][item.target.id], "cautions": item.cautions}
        for item in advice.relief
        if item.target.id in records["relief"]
    ]
    return {
        "advice": advice,
        "tier": advice.tier,
        "tiers": Tier,
        "warnings": warnings_context(questionnaire, answers, advice.warnings),
        "suggestions": suggestions,
        "withheld": advice.withheld,
        "cautions": advice.cautions,
        "relief": relief,
        "professional": records["professional"],
        "see_gp": records["see_gp"],
    }
