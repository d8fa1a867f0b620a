"""Review governance: who reviewed each page and when, when it is next due, and the due list."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from nutrients.models import Factor, Nutrient, Page, Relief

from .factories import make_nutrient, make_page, make_reviewer
from .test_content import visible_text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def test_reviewer_reads_name_credentials_and_role():
    assert make_reviewer("Ann Example", credentials="RD", role="dietitian").display_name == (
        "Ann Example, RD (dietitian)"
    )
    assert make_reviewer("The team", role="not a clinician").display_name == (
        "The team (not a clinician)"
    )


def test_next_review_must_follow_the_review_in_the_database():
    with pytest.raises(IntegrityError):
        make_nutrient(reviewed_on=days(-1), next_review_due=days(-1))


def test_next_review_before_review_is_a_plain_form_error():
    nutrient = make_nutrient(reviewed_on=days(-10), next_review_due=days(30))
    nutrient.next_review_due = days(-20)
    with pytest.raises(ValidationError) as error:
        nutrient.full_clean()
    assert error.value.message_dict["next_review_due"] == [
        "The next review must be after the review date."
    ]


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/about/", lambda r: make_page("about", reviewed_by=r)),
        (
            "/other-causes-and-relief/",
            lambda r: Factor.objects.create(slug="f", name="F", summary="s", reviewed_by=r),
        ),
        (
            "/other-causes-and-relief/",
            lambda r: Relief.objects.create(slug="r", name="R", when="now", reviewed_by=r),
        ),
        (
            "/checker/",
            lambda r: make_page("checker-intro", placement="section", reviewed_by=r),
        ),
    ],
)
def test_review_line_on_every_kind_of_page(client, url, make):
    reviewer = make_reviewer("The team", role="not a clinician")
    item = make(reviewer)
    type(item).objects.filter(pk=item.pk).update(
        reviewed_on=datetime.date(2026, 1, 5), next_review_due=datetime.date(2026, 7, 5)
    )
    text = visible_text(client.get(url).content)
    assert (
        "Reviewed by The team (not a clinician) on 5 January 2026; next review due 5 July 2026."
        in text
    )


def test_admin_lists_pages_overdue_or_due_within_30_days(editor_client):
    make_nutrient("Overdue", reviewed_on=days(-200), next_review_due=days(-1))
    make_nutrient("Due soon", reviewed_on=days(-150), next_review_due=days(30))
    make_nutrient("Not yet", reviewed_on=days(-1), next_review_due=days(31))
    make_page("about", title="About us", reviewed_on=days(-100), next_review_due=days(5))
    Relief.objects.create(
        slug="ice", name="Ice", when="now", reviewed_on=days(-9), next_review_due=days(3)
    )
    response = editor_client.get(reverse("admin:nutrients_reviewer_due"))
    assert response.status_code == 200
    text = visible_text(response.content)
    assert "Overdue" in text and "(overdue)" in text
    assert "Due soon" in text and "About us" in text and "Ice" in text
    assert "Not yet" not in text
    assert text.index("Overdue") < text.index("Ice") < text.index("About us")


def test_due_list_is_for_staff_only(client):
    response = client.get(reverse("admin:nutrients_reviewer_due"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize(
    ("choice", "expected"), [("overdue", ["A"]), ("soon", ["B"]), ("due", ["A", "B"])]
)
def test_admin_filter_by_next_review(editor_client, choice, expected):
    make_nutrient("A", reviewed_on=days(-300), next_review_due=days(-3))
    make_nutrient("B", reviewed_on=days(-300), next_review_due=days(10))
    make_nutrient("C", reviewed_on=days(-3), next_review_due=days(90))
    response = editor_client.get(reverse("admin:nutrients_nutrient_changelist"), {"review": choice})
    shown = [n.name for n in response.context["cl"].result_list]
    assert sorted(shown) == expected


def test_sitemap_lastmod_is_the_review_date(client):
    nutrient = make_nutrient("Magnesium")
    Nutrient.objects.filter(pk=nutrient.pk).update(reviewed_on=datetime.date(2026, 2, 3))
    make_page("about")
    Page.objects.filter(slug="about").update(reviewed_on=datetime.date(2026, 4, 5))
    xml = client.get("/sitemap.xml").content.decode()
    assert "<lastmod>2026-02-03</lastmod>" in xml
    assert "<lastmod>2026-04-05</lastmod>" in xml


def test_every_shipped_page_names_its_reviewer_honestly(seeded):
    for model in (Nutrient, Factor, Relief, Page):
        for item in model.objects.select_related("reviewed_by"):
            assert item.reviewed_by is not None, item
            assert item.next_review_due > item.reviewed_on, item
    # No clinician has reviewed the shipped text: the record must not pretend otherwise.
    from nutrients.models import Reviewer

    assert [r.display_name for r in Reviewer.objects.all()] == [
        "The Cramp Nutrients editorial team (not a clinician)"
    ]
