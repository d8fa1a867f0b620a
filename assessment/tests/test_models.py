import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessment.models import CheckerSettings, Weight
from nutrients.models import Factor
from nutrients.tests.factories import make_nutrient

from .factories import make_choice, make_question, make_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def choice():
    return make_choice(make_question())


@pytest.fixture
def factor():
    return Factor.objects.create(name="Overexertion", slug="overexertion", summary="s")


def test_weight_to_a_nutrient_is_saved(choice):
    weight = Weight.objects.create(choice=choice, nutrient=make_nutrient(), points=2)
    assert weight.target == weight.nutrient


def test_weight_to_a_factor_is_saved(choice, factor):
    weight = Weight.objects.create(choice=choice, factor=factor, points=2)
    assert weight.target == factor


def test_database_refuses_weight_with_both_targets(choice, factor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Weight.objects.create(choice=choice, nutrient=make_nutrient(), factor=factor, points=1)


def test_database_refuses_weight_without_target(choice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Weight.objects.create(choice=choice, points=1)


def test_full_clean_explains_the_target_rule_in_plain_words(choice, factor):
    weight = Weight(choice=choice, nutrient=make_nutrient(), factor=factor, points=1)
    with pytest.raises(ValidationError, match="either a nutrient or a contributing factor"):
        weight.full_clean()


def test_same_choice_cannot_weigh_a_nutrient_twice(choice):
    nutrient = make_nutrient()
    Weight.objects.create(choice=choice, nutrient=nutrient, points=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Weight.objects.create(choice=choice, nutrient=nutrient, points=2)


def test_strong_threshold_below_threshold_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckerSettings.objects.create(threshold=5, strong_threshold=4)


def test_current_settings_default_without_a_write(django_assert_num_queries):
    with django_assert_num_queries(1):
        settings = CheckerSettings.current()
    assert settings.pk is None
    assert (settings.threshold, settings.strong_threshold) == (3, 5)


def test_current_settings_are_the_saved_ones():
    make_settings(threshold=4, strong_threshold=7)
    assert CheckerSettings.current().strong_threshold == 7


def test_inactive_questions_are_not_active():
    make_question(is_active=False)
    active = make_question()
    assert list(type(active).objects.active()) == [active]


def test_editable_models_keep_history(choice):
    import reversion
    from reversion.models import Version

    for label in ("First", "Edited"):
        with reversion.create_revision():
            choice.label = label
            choice.save()
    assert Version.objects.get_for_object(choice).count() == 2
    assert Version.objects.get_for_object(choice.question).count() == 0  # follows down, not up
