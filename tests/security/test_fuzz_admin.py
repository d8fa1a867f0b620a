"""Bad input in the editors' admin gets a message, never a 500 (DEVELOPERS.md: "admin" too).

For every content model an editor may change: its list with hostile search, ordering, filter
and page parameters, and its add form posted with hostile values in every field.
"""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from .test_fuzz import FUZZ, HOSTILE, assert_not_broken, hostile_text

pytestmark = pytest.mark.django_db

CONTENT_MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in settings.CONTENT_APPS
)
FORM_FIELDS: dict[str, list[str]] = {}
LIST_KEYS = ["q", "o", "p", "e", "all", "_changelist_filters", "is_published__exact", "id__in"]


def test_content_models_were_found():
    assert ("nutrients", "nutrient") in CONTENT_MODELS
    assert ("assessment", "question") in CONTENT_MODELS


@pytest.mark.parametrize(("app", "model"), CONTENT_MODELS)
@FUZZ
@given(
    pairs=st.lists(
        st.tuples(st.one_of(st.sampled_from(LIST_KEYS), hostile_text), hostile_text), max_size=5
    )
)
def test_admin_lists_with_hostile_parameters_never_break(seeded, editor_client, app, model, pairs):
    url = reverse(f"admin:{app}_{model}_changelist") + "?" + urlencode(pairs)
    response = editor_client.get(url)
    assert_not_broken(response, url)


@pytest.mark.parametrize(("app", "model"), CONTENT_MODELS)
@FUZZ
@given(values=st.lists(st.one_of(st.sampled_from(HOSTILE), hostile_text), min_size=1))
def test_admin_add_forms_with_hostile_values_never_break(
    seeded, reviewer_client, app, model, values
):
    # A clinical reviewer: every add form (editors add some rows only through their parent).
    url = reverse(f"admin:{app}_{model}_add")
    if url not in FORM_FIELDS:  # read once: an earlier example may have used up a one-off form
        FORM_FIELDS[url] = list(reviewer_client.get(url).context["adminform"].form.fields)
    data = {name: values[i % len(values)] for i, name in enumerate(FORM_FIELDS[url])}
    response = reviewer_client.post(url, data)
    assert_not_broken(response, f"POST {url} {data!r:.300}")
    if response.status_code == 200:  # refused: the form is shown again with what was typed
        assert "Please correct the error" in response.content.decode()


@pytest.mark.parametrize("tampered", ["abc", "\x00", " ", "1.5", "99999999999999999999999"])
def test_tampered_autocomplete_choice_is_a_form_error(seeded, reviewer_client, tampered):
    """Found by the fuzz test above: Django's autocomplete widget raised on a non-id value."""
    url = reverse("admin:assessment_weight_add")
    response = reviewer_client.post(url, {"choice": tampered, "points": "1"})
    assert response.status_code == 200
    assert "Please correct the error" in response.content.decode()


@pytest.mark.parametrize("tampered", ["abc", "\x00", "1e3"])
def test_tampered_autocomplete_food_in_the_inline_is_a_form_error(seeded, editor_client, tampered):
    url = reverse("admin:nutrients_nutrient_add")
    data = {
        "name": "Zinc",
        "slug": "zinc",
        "kind": "mineral",
        "summary": "s",
        "primary_role": "r",
        "deficiency_symptom": "d",
        "evidence_grade": "too-little",
        "order": "0",
        "reviewed_on": "2026-01-01",
        "food_links-TOTAL_FORMS": "1",
        "food_links-INITIAL_FORMS": "0",
        "food_links-0-food": tampered,
        "food_links-0-order": "0",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "intakes-TOTAL_FORMS": "0",
        "intakes-INITIAL_FORMS": "0",
        "food_amounts-TOTAL_FORMS": "0",
        "food_amounts-INITIAL_FORMS": "0",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Please correct the error" in response.content.decode()


def test_tampered_many_to_many_id_too_big_for_the_database_is_a_400(seeded, editor_client):
    """Found by the fuzz test: on SQLite Django's pk__in lookup raised OverflowError (a 500)."""
    url = reverse("admin:assessment_scenario_add")
    response = editor_client.post(url, {"name": "x", "choices": "99999999999999999999999999"})
    if connection.vendor == "sqlite":
        assert response.status_code == 400
        assert "We could not understand that request" in response.content.decode()
    else:  # PostgreSQL simply finds no such answer
        assert response.status_code == 200
        assert "Please correct the error" in response.content.decode()


@pytest.mark.parametrize("term", ["\x00", "a\x00b", "%", "_", "'", "\\"])
def test_admin_search_with_awkward_characters_never_breaks(seeded, editor_client, term):
    """PostgreSQL refuses NUL characters in text: the search must not turn that into a 500."""
    url = reverse("admin:nutrients_nutrient_changelist") + "?" + urlencode({"q": term})
    response = editor_client.get(url)
    assert response.status_code == 200
