"""Every change an editor makes is kept and can be compared and restored, links included.

All through the real admin: the change form, the history list, the compare page and the revert
form, posted the way a browser posts them.
"""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from core.tests.admin_forms import admin_form_data, inline_index
from nutrients.models import Nutrient, NutrientSection

from .factories import make_food, make_nutrient, make_reviewer, make_symptom

pytestmark = pytest.mark.django_db


def change_url(nutrient):
    return reverse("admin:nutrients_nutrient_change", args=[nutrient.pk])


def save(client, nutrient, edit):
    """Open the nutrient's change form, let ``edit`` change the posted data, save it."""
    data = admin_form_data(client.get(change_url(nutrient)))
    edit(data)
    response = client.post(change_url(nutrient), data)
    assert response.status_code == 302, response.context and response.context["errors"]


def revert_to(client, nutrient, version):
    url = reverse("admin:nutrients_nutrient_revision", args=[nutrient.pk, version.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, admin_form_data(page))
    assert response.status_code == 302
    return page


@pytest.fixture
def magnesium(db):
    foods = [make_food(name) for name in ("leafy greens", "nuts", "seeds", "whole grains")]
    symptoms = [make_symptom(name) for name in ("Night cramps", "Twitching", "Tetany")]
    calcium = make_nutrient("Calcium")
    nutrient = make_nutrient(
        "Magnesium", foods=foods, symptoms=symptoms, reviewed_by=make_reviewer()
    )
    nutrient.related.set([calcium])
    NutrientSection.objects.create(nutrient=nutrient, title="Food", anchor="food", body="Eat nuts.")
    return nutrient


def foods(nutrient):
    return [link.food.name for link in nutrient.food_links.all()]


def state(nutrient):
    nutrient.refresh_from_db()
    return {
        "foods": foods(nutrient),
        "symptoms": sorted(nutrient.symptoms.values_list("name", flat=True)),
        "related": sorted(nutrient.related.values_list("name", flat=True)),
        "sections": list(nutrient.sections.values_list("title", "body")),
        "summary": nutrient.summary,
    }


def first_save(client, nutrient):
    """Save once unchanged, so there is a revision holding the starting state."""
    save(client, nutrient, lambda data: None)
    return Version.objects.get_for_object(nutrient).first()


def test_deleted_food_link_and_removed_symptom_are_kept_and_restored(reviewer_client, magnesium):
    before = state(magnesium)
    first = first_save(reviewer_client, magnesium)
    twitching = magnesium.symptoms.get(name="Twitching")

    def edit(data):
        seeds = magnesium.food_links.get(food__name="seeds")
        data[f"food_links-{inline_index(data, 'food_links', 'id', seeds.pk)}-DELETE"] = "on"
        data["symptoms"] = [pk for pk in data["symptoms"] if pk != str(twitching.pk)]

    save(reviewer_client, magnesium, edit)
    assert "seeds" not in foods(magnesium)
    assert not magnesium.symptoms.filter(pk=twitching.pk).exists()

    history = reviewer_client.get(reverse("admin:nutrients_nutrient_history", args=[magnesium.pk]))
    text = history.content.decode()
    assert "Key food sources" in text and "Symptoms" in text  # the "What changed" column

    revert_to(reviewer_client, magnesium, first)
    assert state(magnesium) == before


def test_food_order_is_restored(reviewer_client, magnesium):
    before = state(magnesium)
    first = first_save(reviewer_client, magnesium)

    def reverse_order(data):
        total = int(data["food_links-TOTAL_FORMS"])
        for index in range(total):
            if data.get(f"food_links-{index}-id"):
                data[f"food_links-{index}-order"] = str(10 - index)

    save(reviewer_client, magnesium, reverse_order)
    assert foods(magnesium) == list(reversed(before["foods"]))
    revert_to(reviewer_client, magnesium, first)
    assert foods(magnesium) == before["foods"]


def test_added_food_link_is_removed_again_by_revert(reviewer_client, magnesium):
    first = first_save(reviewer_client, magnesium)
    extra = make_food("sunflower seeds")

    def add_food(data):
        index = int(data["food_links-TOTAL_FORMS"]) - 1  # the empty extra row
        data[f"food_links-{index}-food"] = str(extra.pk)
        data[f"food_links-{index}-order"] = "9"

    save(reviewer_client, magnesium, add_food)
    assert "sunflower seeds" in foods(magnesium)
    revert_to(reviewer_client, magnesium, first)
    assert "sunflower seeds" not in foods(magnesium)


def test_related_nutrients_and_sections_are_restored(reviewer_client, magnesium):
    before = state(magnesium)
    first = first_save(reviewer_client, magnesium)

    def edit(data):
        data["related"] = []
        data["sections-0-body"] = "Eat seeds instead."
        data["summary"] = "A new summary."

    save(reviewer_client, magnesium, edit)
    assert state(magnesium)["related"] == []
    assert state(magnesium)["sections"] == [("Food", "Eat seeds instead.")]
    revert_to(reviewer_client, magnesium, first)
    assert state(magnesium) == before


def test_deleted_section_comes_back(reviewer_client, magnesium):
    before = state(magnesium)
    first = first_save(reviewer_client, magnesium)
    save(reviewer_client, magnesium, lambda data: data.update({"sections-0-DELETE": "on"}))
    assert not magnesium.sections.exists()
    revert_to(reviewer_client, magnesium, first)
    assert state(magnesium) == before


def test_revert_form_shows_the_old_links_not_todays(reviewer_client, magnesium):
    first = first_save(reviewer_client, magnesium)
    twitching = magnesium.symptoms.get(name="Twitching")
    save(
        reviewer_client,
        magnesium,
        lambda data: data.update(symptoms=[p for p in data["symptoms"] if p != str(twitching.pk)]),
    )
    url = reverse("admin:nutrients_nutrient_revision", args=[magnesium.pk, first.pk])
    shown = admin_form_data(reviewer_client.get(url))
    assert str(twitching.pk) in shown["symptoms"]
    # Only looking does not restore anything.
    assert not magnesium.symptoms.filter(pk=twitching.pk).exists()


def test_compare_shows_removed_words_and_links(reviewer_client, magnesium):
    first = first_save(reviewer_client, magnesium)

    def edit(data):
        data["summary"] = "Helps muscles relax after work."
        seeds = magnesium.food_links.get(food__name="seeds")
        data[f"food_links-{inline_index(data, 'food_links', 'id', seeds.pk)}-DELETE"] = "on"

    save(reviewer_client, magnesium, edit)
    second = Version.objects.get_for_object(magnesium).first()
    url = reverse("admin:nutrients_nutrient_compare", args=[magnesium.pk])
    for to in (second.pk, "current"):
        response = reviewer_client.get(url, {"from": first.pk, "to": to})
        assert response.status_code == 200
        html = response.content.decode()
        assert re.search(r"<del>((?!</del>).)*seeds((?!</del>).)*</del>", html, re.S)
        assert "<ins>Helps muscles relax after work.</ins>" in html
        assert "<del>Summary of Magnesium.</del>" in html
    backwards = reviewer_client.get(url, {"from": second.pk, "to": first.pk}).content.decode()
    assert re.search(r"<ins>((?!</ins>).)*seeds((?!</ins>).)*</ins>", backwards, re.S)


def test_compare_is_reachable_from_history(reviewer_client, magnesium):
    first_save(reviewer_client, magnesium)
    save(reviewer_client, magnesium, lambda data: data.update(summary="Changed."))
    history = reviewer_client.get(reverse("admin:nutrients_nutrient_history", args=[magnesium.pk]))
    compare = reverse("admin:nutrients_nutrient_compare", args=[magnesium.pk])
    assert f'href="{compare}?from=' in history.content.decode()


@pytest.mark.parametrize("query", [{"from": "nope"}, {"from": "999999", "to": "current"}])
def test_compare_with_unknown_revisions_is_a_400(reviewer_client, magnesium, query):
    first_save(reviewer_client, magnesium)
    url = reverse("admin:nutrients_nutrient_compare", args=[magnesium.pk])
    response = reviewer_client.get(url, query)
    assert response.status_code == 400
    assert "Choose two revisions" in response.content.decode()


def test_history_names_editor_without_a_link_and_never_says_none(reviewer_client, magnesium):
    first_save(reviewer_client, magnesium)
    response = reviewer_client.get(reverse("admin:nutrients_nutrient_history", args=[magnesium.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "reviewer" in html
    assert "/admin/auth/user/" not in html  # editors may not open users: no link to a 403
    assert ">None<" not in html and "None\n" not in html


def test_revert_page_has_a_plain_title_and_breadcrumb_bar(reviewer_client, magnesium):
    first = first_save(reviewer_client, magnesium)
    url = reverse("admin:nutrients_nutrient_revision", args=[magnesium.pk, first.pk])
    html = reviewer_client.get(url).content.decode()
    assert "Historical" not in html
    assert "<title>Revert Magnesium" in html
    assert '<ol class="breadcrumbs">' in html


def test_anonymous_cannot_compare(client, magnesium):
    url = reverse("admin:nutrients_nutrient_compare", args=[magnesium.pk])
    assert client.get(url).status_code == 302


def test_seeding_records_a_first_revision_with_links(db):
    from django.core.management import call_command

    call_command("seed_content", verbosity=0)
    magnesium = Nutrient.objects.get(slug="magnesium")
    (version,) = Version.objects.get_for_object(magnesium)
    assert version.field_dict["symptoms"]
    food_versions = version.revision.version_set.filter(content_type__model="nutrientfood")
    assert food_versions.count() == magnesium.food_links.count()


def test_history_shows_times_on_the_uk_clock(reviewer_client, magnesium):
    """A save at noon UTC in July was made at 13:00 in the UK (BST): editors see 13:00."""
    import datetime

    first = first_save(reviewer_client, magnesium)
    summer_noon = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC)
    type(first.revision).objects.filter(pk=first.revision_id).update(date_created=summer_noon)
    history = reverse("admin:nutrients_nutrient_history", args=[magnesium.pk])
    page = reviewer_client.get(history).content.decode()
    assert "1 Jul 2026, 13:00" in page
