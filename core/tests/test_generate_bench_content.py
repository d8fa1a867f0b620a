"""The benchmark data generator: realistic shapes, only into a database without users."""

import pytest
from django.core.management import CommandError, call_command

from assessment.models import Choice, Question, Weight
from core import caching
from nutrients.models import FoodSource, Nutrient, NutrientFood

pytestmark = pytest.mark.django_db


def test_generates_the_totals_asked_for_with_links_of_the_shipped_kind():
    call_command("seed_content", verbosity=0)
    before = caching.content_version()
    call_command("generate_bench_content", nutrients=20, foods=100, questions=15, verbosity=0)
    assert Nutrient.objects.count() == 20
    assert FoodSource.objects.count() == 100
    assert Question.objects.count() == 15
    generated = Nutrient.objects.filter(slug__contains="-sample-")
    assert generated.count() == 20 - 6
    assert all(n.is_published and n.body for n in generated)
    assert NutrientFood.objects.filter(nutrient__in=generated).count() == 10 * generated.count()
    assert all(n.symptoms.count() >= 2 and n.related.count() >= 2 for n in generated)
    assert Choice.objects.filter(question__text__contains="(sample").count() > 0
    assert Weight.objects.filter(choice__question__text__contains="(sample").count() > 0
    assert caching.content_version() != before  # cached pages are not served stale


def test_refuses_a_database_with_user_accounts(editor):
    call_command("seed_content", verbosity=0)
    with pytest.raises(CommandError, match="user accounts"):
        call_command("generate_bench_content", verbosity=0)
    assert not Nutrient.objects.filter(slug__contains="-sample-").exists()
