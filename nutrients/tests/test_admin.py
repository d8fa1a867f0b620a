import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from nutrients.models import Nutrient, Page

from .factories import make_food, make_nutrient, make_reviewer, nutrient_admin_post_data

pytestmark = pytest.mark.django_db

CONTENT_ADMIN_PAGES = [
    "admin:nutrients_nutrient_changelist",
    "admin:nutrients_nutrient_add",
    "admin:nutrients_foodsource_changelist",
    "admin:nutrients_symptom_changelist",
    "admin:nutrients_factor_changelist",
    "admin:nutrients_relief_changelist",
    "admin:nutrients_page_changelist",
    "admin:nutrients_nutrientsection_changelist",
]


@pytest.mark.parametrize("name", CONTENT_ADMIN_PAGES)
def test_editor_can_open_content_admin(editor_client, name):
    assert editor_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", CONTENT_ADMIN_PAGES)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("name", ["admin:auth_user_changelist", "admin:auth_group_changelist"])
def test_editor_cannot_manage_users_or_groups(editor_client, name):
    assert editor_client.get(reverse(name)).status_code == 403


def test_editors_group_has_only_content_and_feedback_permissions():
    permissions = Group.objects.get(name="Editors").permissions
    labels = set(permissions.values_list("content_type__app_label", flat=True))
    assert labels == {"nutrients", "assessment", "feedback", "core"}
    assert not permissions.filter(codename="publish_content").exists()


def test_reviewer_changes_text_sees_it_and_reverts(reviewer_client, client):
    from django.core.management import call_command
    from reversion.models import Version

    from core.tests.admin_forms import admin_form_data

    nutrient = make_nutrient(
        "Magnesium",
        summary="Original summary.",
        foods=[make_food("nuts")],
        reviewed_by=make_reviewer(),
    )
    call_command("createinitialrevisions", verbosity=0)  # as seed_content does
    change_url = reverse("admin:nutrients_nutrient_change", args=[nutrient.pk])
    data = nutrient_admin_post_data(reviewer_client, nutrient, summary="Edited summary.")
    response = reviewer_client.post(change_url, data)
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    assert "Edited summary." in client.get(nutrient.get_absolute_url()).content.decode()

    first = Version.objects.get_for_object(nutrient).last()
    revert_url = reverse("admin:nutrients_nutrient_revision", args=[nutrient.pk, first.pk])
    page = reviewer_client.get(revert_url)
    assert page.status_code == 200
    assert reviewer_client.post(revert_url, admin_form_data(page)).status_code == 302
    assert Nutrient.objects.get(pk=nutrient.pk).summary == "Original summary."


def test_admin_tells_the_editor_when_a_page_slug_is_taken(editor_client):
    response = editor_client.post(
        reverse("admin:nutrients_page_add"),
        {
            "title": "Other causes",
            "slug": "other-causes-and-relief",
            "placement": "standalone",
            "order": 0,
            "last_reviewed": "2026-01-01",
            "is_published": "on",
        },
    )
    assert response.status_code == 200
    assert "The address /other-causes-and-relief/ is already used" in response.content.decode()
    assert not Page.objects.filter(slug="other-causes-and-relief").exists()


def test_pages_list_says_where_each_text_appears(editor_client):
    from .factories import make_page

    make_page("comparison", placement="section", title="Comparison intro")
    make_page("footer-advice", placement="section", title="Footer advice")
    make_page("about", title="About")
    html = editor_client.get(reverse("admin:nutrients_page_changelist")).content.decode()
    assert "Comparison table, /compare/" in html
    assert "The footer of every page" in html
    assert "Its own page, /about/" in html


def test_long_text_fields_get_boxes_sized_for_their_content(editor_client):
    nutrient = make_nutrient("Magnesium")
    html = editor_client.get(
        reverse("admin:nutrients_nutrient_change", args=[nutrient.pk])
    ).content.decode()
    assert 'class="vTextField text-wide" maxlength="200"' in html  # the summary
    assert 'class="vLargeTextField text-grows"' in html  # the article (beside its preview)
    assert "css/admin-editing.css" in html
