"""What a checker result shows: the records behind each finding, read once per content version.

Scoring itself is in ``scoring.py`` (pure functions); this module turns a score into the
published nutrients, factors, warning signs and advice the result page renders.
"""

from django.template.loader import render_to_string

from core.caching import per_content_version
from nutrients import selectors

from .models import WarningSign
from .scoring import Result, TargetKind


@per_content_version
def result_records() -> dict:
    """Everything a result can show, read once per content version (see core/caching.py).

    Published nutrients (with their foods), published factors, warning signs and relief:
    a handful of rows each, so the checker's result needs no query of its own.
    """
    nutrients = {n.pk: n for n in selectors.published_articles().values()}
    factors = selectors.published_factors()
    relief, professional = selectors.published_relief()
    return {
        "signs": WarningSign.objects.in_bulk(),
        "nutrients": nutrients,
        "urls": {
            **{(TargetKind.NUTRIENT, pk): n.get_absolute_url() for pk, n in nutrients.items()},
            **{(TargetKind.FACTOR, pk): f.get_absolute_url() for pk, f in factors.items()},
        },
        "foods": {
            pk: ", ".join(link.food.name for link in n.food_links.all())
            for pk, n in nutrients.items()
        },
        "factors": factors,
        "relief": relief,
        "professional": professional,
    }


@per_content_version
def advice_html() -> str:
    """The result's "What to do next" and relief sections: content only, so rendered once
    per content version instead of on every result (see core/caching.py)."""
    records = result_records()
    return render_to_string(
        "assessment/_advice.html",
        {"relief": records["relief"], "professional": records["professional"]},
    )


def result_context(result: Result) -> dict:
    """The records behind a result, from the in-memory copy of the published content."""
    records = result_records()
    signs, nutrients, factors = records["signs"], records["nutrients"], records["factors"]
    findings = []
    for finding in result.findings:
        source = nutrients if finding.target.kind == TargetKind.NUTRIENT else factors
        record = source.get(finding.target.id)
        if record is not None:
            foods = records["foods"].get(record.pk, "") if source is nutrients else ""
            url = records["urls"][(finding.target.kind, finding.target.id)]
            findings.append({"finding": finding, "record": record, "foods": foods, "url": url})
    return {
        "result": result,
        "warnings": [signs[w.id] for w in result.warnings if w.id in signs],
        "findings": findings,
        "relief": records["relief"],
        "professional": records["professional"],
        "advice_html": advice_html(),
    }
