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
