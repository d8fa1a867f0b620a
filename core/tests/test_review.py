"""The review step: editors prepare, clinical reviewers approve and publish; readers see only
published text; checker changes are published only while every scenario passes."""

import re

import pytest
import reversion
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from assessment.models import Choice, Weight
from core.models import PendingChange
from core.tests.admin_forms import admin_form_data, inline_index
from nutrients.models import Nutrient
from nutrients.tests.factories import (
    make_food,
    make_nutrient,
    make_reference,
    make_reviewer,
    make_symptom,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def checker_seeded(db):
    from django.core.management import call_command

    call_command("loaddata", "content", "checker", verbosity=0)


@pytest.fixture
def magnesium(db):
    return make_nutrient(
        "Magnesium",
        summary="Published summary.",
        foods=[make_food("nuts"), make_food("seeds")],
        reviewed_by=make_reviewer(),
    )


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def post_change(client, obj, edit=None, **extra):
    data = admin_form_data(client.get(change_url(obj)))
    if edit:
        edit(data)
    data.update(extra)
    return client.post(change_url(obj), data)


def review_url(change):
    return reverse("admin:core_pendingchange_change", args=[change.pk])


def test_clinical_reviewers_group_publishes_and_editors_do_not():
    reviewers = Group.objects.get(name="Clinical reviewers").permissions
    editors = Group.objects.get(name="Editors").permissions
    assert reviewers.filter(codename="publish_content").exists()
    assert not editors.filter(codename="publish_content").exists()
    assert editors.count() + 1 == reviewers.count()


def test_editor_change_waits_and_readers_keep_the_published_text(editor_client, magnesium):
    response = post_change(editor_client, magnesium, summary="Draft summary.")
    change = PendingChange.objects.get()
    assert response.status_code == 302 and response["Location"] == review_url(change)
    assert change.status == PendingChange.Status.DRAFT
    assert change.prepared_by_name == "editor"
    assert Nutrient.objects.get(pk=magnesium.pk).summary == "Published summary."
    page = Client().get(magnesium.get_absolute_url()).content.decode()
    assert "Published summary." in page and "Draft summary." not in page
    assert not Version.objects.get_for_object(magnesium).exists()  # nothing published yet


def test_send_for_review_button_marks_it_ready(editor_client, magnesium):
    post_change(editor_client, magnesium, summary="Draft.", _send_for_review="1")
    assert PendingChange.objects.get().status == PendingChange.Status.READY


def test_saving_again_updates_the_one_open_change(editor_client, magnesium):
    post_change(editor_client, magnesium, summary="First draft.")
    post_change(editor_client, magnesium, summary="Second draft.")
    (change,) = PendingChange.objects.all()
    assert "Second draft." in change.data


def test_review_page_shows_what_changes(editor_client, magnesium):
    def drop_seeds(data):
        seeds = magnesium.food_links.get(food__name="seeds")
        data[f"food_links-{inline_index(data, 'food_links', 'id', seeds.pk)}-DELETE"] = "on"

    post_change(editor_client, magnesium, drop_seeds, summary="Draft summary.")
    html = editor_client.get(review_url(PendingChange.objects.get())).content.decode()
    assert "<ins>Draft</ins> summary." in html and "<del>Published</del> summary." in html
    assert "seeds</del>" in html
    assert "Approve and publish" not in html  # editors do not get the button


def test_editor_cannot_publish(editor_client, magnesium):
    post_change(editor_client, magnesium, summary="Draft summary.")
    change = PendingChange.objects.get()
    response = editor_client.post(review_url(change), {"_publish": "1"})
    assert response.status_code == 403
    assert Nutrient.objects.get(pk=magnesium.pk).summary == "Published summary."
    change.refresh_from_db()
    assert change.is_open


def test_reviewer_approves_and_publishes_with_name_and_date_in_history(
    editor_client, reviewer_client, magnesium
):
    def drop_seeds(data):
        seeds = magnesium.food_links.get(food__name="seeds")
        data[f"food_links-{inline_index(data, 'food_links', 'id', seeds.pk)}-DELETE"] = "on"

    post_change(editor_client, magnesium, drop_seeds, summary="Reviewed summary.")
    change = PendingChange.objects.get()
    response = reviewer_client.post(review_url(change), {"_publish": "1", "_note": "Checked NHS."})
    assert response.status_code == 302
    magnesium.refresh_from_db()
    assert magnesium.summary == "Reviewed summary."
    assert [link.food.name for link in magnesium.food_links.all()] == ["nuts"]
    assert "Reviewed summary." in Client().get(magnesium.get_absolute_url()).content.decode()
    change.refresh_from_db()
    assert change.status == PendingChange.Status.PUBLISHED
    assert change.reviewed_by_name == "Rita Reviewer (reviewer)" and change.reviewed_at
    revision = Version.objects.get_for_object(magnesium).first().revision
    assert revision.comment.startswith("Approved and published by Rita Reviewer (reviewer) on ")
    assert "Prepared by editor" in revision.comment
    history = reviewer_client.get(reverse("admin:nutrients_nutrient_history", args=[magnesium.pk]))
    assert "Approved and published by Rita Reviewer" in history.content.decode()


def test_reviewer_save_publishes_at_once_with_approval_in_history(reviewer_client, magnesium):
    response = post_change(reviewer_client, magnesium, summary="Straight to readers.")
    assert response.status_code == 302
    assert Nutrient.objects.get(pk=magnesium.pk).summary == "Straight to readers."
    revision = Version.objects.get_for_object(magnesium).first().revision
    assert revision.comment.startswith("Approved and published by Rita Reviewer")
    assert not PendingChange.objects.exists()


def test_editor_restoring_a_revision_also_waits_for_review(
    editor_client, reviewer_client, magnesium
):
    post_change(reviewer_client, magnesium)  # a first revision
    first = Version.objects.get_for_object(magnesium).first()
    post_change(reviewer_client, magnesium, summary="Newer text.")
    url = reverse("admin:nutrients_nutrient_revision", args=[magnesium.pk, first.pk])
    response = editor_client.post(url, admin_form_data(editor_client.get(url)))
    assert response.status_code == 302
    assert Nutrient.objects.get(pk=magnesium.pk).summary == "Newer text."
    assert "Published summary." in PendingChange.objects.get().data


def test_editors_cannot_delete_health_content(editor_client, magnesium):
    url = reverse("admin:nutrients_nutrient_delete", args=[magnesium.pk])
    assert editor_client.get(url).status_code == 403
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Nutrient.objects.filter(pk=magnesium.pk).exists()


def test_new_article_from_an_editor_starts_unpublished(editor_client):
    url = reverse("admin:nutrients_factor_add")
    data = admin_form_data(editor_client.get(url))
    data.update(
        name="Heat", slug="heat", summary="Hot weather.", body="Drink water.", is_published="on"
    )
    data.update(reviewed_by=str(make_reviewer().pk), order="1")
    assert editor_client.post(url, data).status_code == 302
    from nutrients.models import Factor

    assert not Factor.objects.get(slug="heat").is_published


# --- The checker: no publishing while a scenario fails -------------------------------------------


def twitching_weight():
    return Weight.objects.get(choice__label="Muscle twitching", nutrient__slug="magnesium")


def set_points(data, weight, points):
    index = inline_index(data, "weights", "id", weight.pk)
    data[f"weights-{index}-points"] = str(points)


def test_checker_change_that_breaks_a_scenario_cannot_be_published(
    editor_client, reviewer_client, checker_seeded
):
    weight = twitching_weight()
    before = weight.points
    choice = Choice.objects.get(pk=weight.choice_id)
    post_change(editor_client, choice, lambda data: set_points(data, weight, -5))
    change = PendingChange.objects.get()
    assert Weight.objects.get(pk=weight.pk).points == before  # not live

    response = reviewer_client.post(review_url(change), {"_publish": "1"}, follow=True)
    html = response.content.decode()
    assert "Not published" in html
    assert "Magnesium should appear but does not." in html  # which scenario, and why
    assert "fails" in html
    assert Weight.objects.get(pk=weight.pk).points == before
    change.refresh_from_db()
    assert change.is_open


def test_checker_change_that_keeps_scenarios_passing_is_published(
    editor_client, reviewer_client, checker_seeded
):
    from assessment.tests.test_admin import harmless_points_change

    weight, points = harmless_points_change()
    choice = Choice.objects.get(pk=weight.choice_id)
    post_change(editor_client, choice, lambda data: set_points(data, weight, points))
    change = PendingChange.objects.get()
    reviewer_client.post(review_url(change), {"_publish": "1"})
    assert Weight.objects.get(pk=weight.pk).points == points


def test_reviewer_save_that_breaks_a_scenario_is_kept_aside(reviewer_client, checker_seeded):
    weight = twitching_weight()
    before = weight.points
    choice = Choice.objects.get(pk=weight.choice_id)
    response = post_change(reviewer_client, choice, lambda data: set_points(data, weight, -5))
    assert response.status_code == 302
    assert Weight.objects.get(pk=weight.pk).points == before
    change = PendingChange.objects.get()
    page = reviewer_client.get(response["Location"]).content.decode()
    assert "Not published" in page and "Magnesium should appear but does not." in page
    assert change.is_open


def test_withdrawn_change_cannot_be_published(editor_client, reviewer_client, magnesium):
    post_change(editor_client, magnesium, summary="Draft.")
    change = PendingChange.objects.get()
    editor_client.post(review_url(change), {"_withdraw": "1"})
    reviewer_client.post(review_url(change), {"_publish": "1"})
    assert Nutrient.objects.get(pk=magnesium.pk).summary == "Published summary."


# --- Foods, symptoms, glossary terms and references are health content too -----------------


@pytest.fixture
def glossary_term(db):
    from nutrients.models import GlossaryTerm

    return GlossaryTerm.objects.create(term="Cramp", slug="cramp", meaning="A sudden tight pain.")


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (lambda: make_food("spinach", description="Leafy."), "description", "Cures cramps."),
        (
            lambda: make_symptom("Twitching"),
            "description",
            "Always serious.",
        ),
        (
            lambda: make_reference("nhs"),
            "title",
            "A different source",
        ),
    ],
    ids=["food", "symptom", "reference"],
)
def test_editor_changes_to_other_health_content_wait_for_review(editor_client, make, field, value):
    obj = make()
    before = getattr(obj, field)
    response = post_change(editor_client, obj, **{field: value})
    change = PendingChange.objects.get()
    assert response.status_code == 302 and response["Location"] == review_url(change)
    obj.refresh_from_db()
    assert getattr(obj, field) == before  # readers still see the published text


def test_glossary_meaning_waits_for_review_and_a_reviewer_publishes_it(
    editor_client, reviewer_client, glossary_term
):
    post_change(editor_client, glossary_term, meaning="A changed meaning.", _send_for_review="1")
    glossary_term.refresh_from_db()
    assert glossary_term.meaning == "A sudden tight pain."
    change = PendingChange.objects.get()
    response = reviewer_client.post(review_url(change), {"_publish": "1"})
    assert response.status_code == 302
    glossary_term.refresh_from_db()
    assert glossary_term.meaning == "A changed meaning."


@pytest.mark.parametrize("model_name", ["foodsource", "symptom", "glossaryterm"])
def test_only_reviewers_add_foods_symptoms_and_glossary_terms(
    editor_client, reviewer_client, model_name
):
    url = reverse(f"admin:nutrients_{model_name}_add")
    assert editor_client.get(url).status_code == 403
    assert reviewer_client.get(url).status_code == 200


def test_editors_add_references_which_readers_see_only_once_reviewed_text_cites_them(
    editor_client,
):
    assert editor_client.get(reverse("admin:nutrients_reference_add")).status_code == 200


# --- The page itself, with the change, for staff only -----------------------------------------


def on_site_url(change):
    return reverse("admin:core_pendingchange_on_site", args=[change.pk])


def test_staff_see_the_real_page_with_the_change_and_readers_never_do(
    editor_client, magnesium, django_assert_max_num_queries
):
    post_change(editor_client, magnesium, summary="Draft summary.")
    change = PendingChange.objects.get()
    review = editor_client.get(review_url(change)).content.decode()
    assert f'href="{on_site_url(change)}"' in review

    response = editor_client.get(on_site_url(change))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft summary." in page and "Published summary." not in page
    assert "Preview of a change awaiting review." in page
    assert f'href="{review_url(change)}"' in page
    assert "no-store" in response["Cache-Control"]

    # Nothing was written, and nothing memoised or cached during the preview reaches readers.
    assert Nutrient.objects.get(pk=magnesium.pk).summary == "Published summary."
    for _ in range(2):
        reader = Client().get(magnesium.get_absolute_url()).content.decode()
        assert "Published summary." in reader and "Draft summary." not in reader
        assert "Preview of a change" not in reader


def test_preview_shows_removed_food_links_gone(editor_client, magnesium):
    seeds = magnesium.food_links.get(food__name="seeds")

    def drop_seeds(data):
        data[f"food_links-{inline_index(data, 'food_links', 'id', seeds.pk)}-DELETE"] = "on"

    post_change(editor_client, magnesium, edit=drop_seeds)
    change = PendingChange.objects.get()
    page = editor_client.get(on_site_url(change)).content.decode()
    reader = Client().get(magnesium.get_absolute_url()).content.decode()
    assert "/foods/seeds/" in reader and "/foods/seeds/" not in page
    assert magnesium.food_links.count() == 2


def test_on_site_preview_is_for_staff_only(editor_client, magnesium):
    post_change(editor_client, magnesium, summary="Draft summary.")
    change = PendingChange.objects.get()
    response = Client().get(on_site_url(change))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("bad", ["0", "99999", "abc", "١"])
def test_on_site_preview_of_a_missing_change_is_a_404(editor_client, bad):
    url = reverse("admin:core_pendingchange_on_site", args=[1]).replace("/1/", f"/{bad}/")
    assert editor_client.get(url).status_code == 404


def test_a_change_without_a_page_of_its_own_has_no_on_site_preview(editor_client, checker_seeded):
    choice = Choice.objects.filter(weights__isnull=False).first()
    post_change(editor_client, choice, label="A new label")
    change = PendingChange.objects.get()
    review = editor_client.get(review_url(change)).content.decode()
    assert "See the page with this change" not in review
    assert editor_client.get(on_site_url(change)).status_code == 404
    assert Choice.objects.get(pk=choice.pk).label != "A new label"


def test_line_breaks_a_browser_sends_are_not_changes(editor_client, reviewer_client, magnesium):
    """Browsers send CRLF in text areas; the fixtures hold LF. Only real edits count."""
    Nutrient.objects.filter(pk=magnesium.pk).update(body="One.\n\nTwo.", careful="- Kidneys.\n")

    def as_a_browser_sends_it(data):
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.replace("\n", "\r\n")

    post_change(editor_client, magnesium, as_a_browser_sends_it, summary="Draft summary.")
    html = editor_client.get(review_url(PendingChange.objects.get())).content.decode()
    assert "What this change does (1 field changed)" in html

    with reversion.create_revision():  # a revision holding the LF text
        Nutrient.objects.get(pk=magnesium.pk).save()
    post_change(reviewer_client, magnesium, as_a_browser_sends_it, summary="New summary.")
    history = reverse("admin:nutrients_nutrient_history", args=[magnesium.pk])
    page = reviewer_client.get(history).content.decode()
    assert "<td>Summary</td>" in page


def test_approval_reads_as_one_sentence_with_a_24_hour_time(
    editor_client, reviewer_client, magnesium
):
    post_change(editor_client, magnesium, summary="Draft summary.")
    change = PendingChange.objects.get()
    reviewer_client.post(review_url(change), {"_publish": "1"})
    comment = Version.objects.get_for_object(magnesium).first().revision.comment
    assert re.fullmatch(
        r"Approved and published by Rita Reviewer \(reviewer\) on \d{1,2} \w{3} \d{4}, \d\d:\d\d\. "
        r"Prepared by editor\.",
        comment,
    ), comment


def test_review_page_previews_only_the_text_the_change_alters(editor_client, magnesium):
    Nutrient.objects.filter(pk=magnesium.pk).update(body="Old body.", careful="Careful text.")
    post_change(editor_client, magnesium, body="New *body*.")
    html = editor_client.get(review_url(PendingChange.objects.get())).content.decode()
    previews = html.split("The changed text as readers will see it")[1]
    assert "New <em>body</em>." in previews
    assert "Careful text." not in previews
