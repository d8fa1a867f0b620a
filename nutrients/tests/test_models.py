import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from nutrients.models import Nutrient, NutrientFood, Page

from .factories import make_food, make_nutrient, make_page

pytestmark = pytest.mark.django_db


def test_published_queryset_hides_drafts():
    shown = make_nutrient("Shown")
    make_nutrient("Hidden", is_published=False)
    assert list(Nutrient.objects.published()) == [shown]


def test_staff_see_drafts(admin_user, django_user_model):
    make_nutrient("Hidden", is_published=False)
    reader = django_user_model.objects.create_user("reader")
    assert Nutrient.objects.visible_to(admin_user).count() == 1
    assert Nutrient.objects.visible_to(reader).count() == 0


def test_food_listed_once_per_nutrient():
    food = make_food("nuts")
    nutrient = make_nutrient(foods=[food])
    with pytest.raises(IntegrityError):
        NutrientFood.objects.create(nutrient=nutrient, food=food)


def test_related_nutrients_link_both_ways():
    calcium, vitamin_d = make_nutrient("Calcium"), make_nutrient("Vitamin D")
    calcium.related.add(vitamin_d)
    assert list(vitamin_d.related.all()) == [calcium]


def test_review_date_cannot_be_in_future():
    nutrient = make_nutrient(reviewed_on=datetime.date.today() + datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        nutrient.full_clean()
    assert "reviewed_on" in error.value.message_dict


def test_page_slug_cannot_take_a_site_address():
    with pytest.raises(IntegrityError):
        make_page("compare")


@pytest.mark.parametrize(
    "slug", ["compare", "other-causes-and-relief", "nutrients", "foods", "checker", "admin"]
)
def test_a_standalone_page_cannot_take_an_address_the_site_uses(slug):
    page = Page(slug=slug, title="Taken", placement=Page.Placement.STANDALONE)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert f"/{slug}/" in " ".join(error.value.message_dict["slug"])


def test_reserved_addresses_follow_the_urlconf(settings):
    """Moving the admin (DJANGO_ADMIN_URL) reserves its new address, not a fixed list."""
    settings.ROOT_URLCONF = "nutrients.tests.urls_moved_admin"
    with pytest.raises(ValidationError) as error:
        Page(slug="editors", title="Editors").clean()
    assert "/editors/" in " ".join(error.value.message_dict["slug"])


def test_static_address_is_reserved():
    with pytest.raises(ValidationError) as error:
        Page(slug="static", title="Static").clean()
    assert "/static/" in " ".join(error.value.message_dict["slug"])


def test_free_slugs_and_sections_are_fine():
    Page(slug="about-us", title="About us").clean()
    # A section has no address of its own, so it takes nobody's.
    Page(slug="compare", title="Notes", placement=Page.Placement.SECTION).clean()


def test_page_urls_follow_placement():
    assert make_page("introduction", placement="section").get_absolute_url() == "/"
    assert make_page("about").get_absolute_url() == "/about/"
    assert make_page("comparison", placement="section").get_absolute_url() == "/compare/"


def test_body_html_is_rendered_and_sanitised():
    nutrient = make_nutrient(body="Hello <script>x()</script> *there*")
    assert "<em>there</em>" in nutrient.body_html
    assert "<script" not in nutrient.body_html


def test_history_records_edits_made_in_a_revision():
    import reversion
    from reversion.models import Version

    with reversion.create_revision():
        nutrient = make_nutrient("Magnesium")
    with reversion.create_revision():
        nutrient.summary = "Changed."
        nutrient.save()
    versions = Version.objects.get_for_object(nutrient)
    assert versions.count() == 2
    versions.last().revision.revert(delete=True)
    nutrient.refresh_from_db()
    assert nutrient.summary == "Summary of Magnesium."
