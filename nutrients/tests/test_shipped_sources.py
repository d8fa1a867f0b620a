"""The shipped content's sources: every reference is well formed and every citation resolves."""

import pytest
from django.apps import apps

from core.richtext import citation_keys
from nutrients.models import Reference

pytestmark = pytest.mark.django_db


def markdown_texts():
    """Every editable Markdown text in the content app, as (label, text)."""
    for model in apps.get_app_config("nutrients").get_models():
        if model._meta.label.startswith("nutrients.Historical"):
            continue
        fields = [f.name for f in model._meta.get_fields() if f.get_internal_type() == "TextField"]
        for item in model.objects.all():
            for name in fields:
                yield f"{model._meta.label} {item.pk} {name}", getattr(item, name)


def test_every_shipped_reference_is_valid(seeded):
    assert Reference.objects.count() >= 30
    for reference in Reference.objects.all():
        reference.full_clean()


def test_every_citation_in_the_shipped_content_resolves(seeded):
    known = set(Reference.objects.values_list("key", flat=True))
    unresolved = [
        (label, key)
        for label, text in markdown_texts()
        for key in citation_keys(text)
        if key not in known
    ]
    assert unresolved == []


def test_every_section_of_every_article_cites_a_source(seeded):
    from nutrients.models import Nutrient

    uncited = []
    for nutrient in Nutrient.objects.published().prefetch_related("sections"):
        parts = {
            "introduction": nutrient.body,
            "what the research says": nutrient.research,
            "who should be careful": nutrient.careful,
            "who is at risk of low levels": nutrient.at_risk,
        }
        parts |= {f"section {s.title}": s.body for s in nutrient.sections.all()}
        uncited += [
            (nutrient.name, name) for name, text in parts.items() if not citation_keys(text)
        ]
    assert uncited == []


def test_every_article_shows_its_grade_research_safety_box_and_references(seeded, client):
    from nutrients.models import Nutrient

    for nutrient in Nutrient.objects.published():
        html = client.get(nutrient.get_absolute_url()).content.decode()
        assert 'id="research"' in html and nutrient.get_evidence_grade_display() in html
        assert 'id="safety"' in html and 'id="see-a-gp"' in html
        cited = citation_keys(
            " ".join([nutrient.body, nutrient.research, nutrient.careful, nutrient.at_risk])
        )
        for key in cited:
            assert f'<li id="ref-{key}"' in html, (nutrient.slug, key)
        assert "[source missing]" not in html
