"""Markdown preview in the admin: beside the field, by button (no JavaScript) or htmx."""

import pytest
from django.urls import reverse

from core.tests.admin_forms import admin_form_data
from nutrients.models import Nutrient
from nutrients.tests.factories import make_nutrient, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def magnesium(db):
    return make_nutrient("Magnesium", body="Old **text**.", reviewed_by=make_reviewer())


def change_url(nutrient):
    return reverse("admin:nutrients_nutrient_change", args=[nutrient.pk])


def test_change_form_shows_the_rendered_text_beside_the_field(editor_client, magnesium):
    html = editor_client.get(change_url(magnesium)).content.decode()
    assert 'id="id_body-preview"' in html
    assert "Old <strong>text</strong>." in html
    assert 'name="_preview" value="body"' in html  # the no-JavaScript button


def test_preview_button_keeps_everything_and_saves_nothing(editor_client, magnesium):
    data = admin_form_data(editor_client.get(change_url(magnesium)))
    data.update(body="New *draft* with a [link](https://www.nhs.uk/).", summary="Typed summary.")
    data["_preview"] = "body"
    response = editor_client.post(change_url(magnesium), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "New <em>draft</em>" in html
    assert 'value="Typed summary."' in html  # nothing the editor typed is lost
    assert "Preview only: nothing has been saved yet." in html
    magnesium.refresh_from_db()
    assert magnesium.body == "Old **text**." and magnesium.summary != "Typed summary."


def test_save_after_preview_saves(reviewer_client, magnesium):
    data = admin_form_data(reviewer_client.get(change_url(magnesium)), body="Final text.")
    assert reviewer_client.post(change_url(magnesium), data).status_code == 302
    assert Nutrient.objects.get(pk=magnesium.pk).body == "Final text."


def test_htmx_preview_returns_only_the_rendered_text(editor_client, magnesium):
    url = reverse("admin:nutrients_nutrient_preview")
    response = editor_client.post(
        url, {"_preview": "body", "body": "Hi <script>x()</script> *you*"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<em>you</em>" in html and "<script" not in html and "<html" not in html


def test_text_areas_ask_for_a_live_preview(editor_client, magnesium):
    html = editor_client.get(change_url(magnesium)).content.decode()
    assert 'data-hx-post="/admin/nutrients/nutrient/preview/"' in html
    assert 'data-hx-target="#id_body-preview"' in html
    assert "htmx-2.min.js" in html and "admin-htmx-config.js" in html


def test_section_bodies_in_the_inline_get_a_preview_too(editor_client, magnesium):
    from nutrients.models import NutrientSection

    NutrientSection.objects.create(nutrient=magnesium, title="Food", anchor="food", body="*Nuts*")
    html = editor_client.get(change_url(magnesium)).content.decode()
    assert 'id="id_sections-0-body-preview"' in html
    assert "<em>Nuts</em>" in html


@pytest.mark.parametrize("data", [{}, {"_preview": "body"}, {"_preview": "nope", "body": "x"}])
def test_preview_without_a_field_is_a_400(editor_client, data):
    response = editor_client.post(reverse("admin:nutrients_nutrient_preview"), data)
    assert response.status_code == 400


def test_preview_needs_a_logged_in_editor(client):
    response = client.post(reverse("admin:nutrients_nutrient_preview"), {"_preview": "body"})
    assert response.status_code == 302  # to the login page


def test_preview_is_post_only(editor_client):
    assert editor_client.get(reverse("admin:nutrients_nutrient_preview")).status_code == 405


def test_preview_numbers_known_citations_and_flags_unknown_ones_in_place(editor_client):
    from nutrients.tests.factories import make_reference

    make_reference("nhs-cramps")
    url = reverse("admin:nutrients_nutrient_preview")
    text = "Stretching helps.[^nhs-cramps] Magnesium does not.[^no-such-source]"
    html = editor_client.post(url, {"_preview": "body", "body": text}).content.decode()
    assert 'href="#ref-nhs-cramps"' in html and "[1]" in html
    assert '<sup class="cite cite-missing">[source missing]</sup>' in html


def test_preview_beside_the_field_flags_unknown_citations_too(editor_client, magnesium):
    Nutrient.objects.filter(pk=magnesium.pk).update(body="Odd claim.[^nowhere]")
    html = editor_client.get(change_url(magnesium)).content.decode()
    assert "[source missing]" in html


def test_preview_links_and_explains_glossary_terms_as_readers_see_them(editor_client):
    from nutrients.models import GlossaryTerm

    GlossaryTerm.objects.create(
        term="Electrolyte",
        slug="electrolyte",
        other_spellings="electrolytes",
        meaning="A mineral that carries an electric charge in the body.",
    )
    url = reverse("admin:nutrients_nutrient_preview")
    text = "Sweat loses **electrolytes**. Electrolytes matter."
    html = editor_client.post(url, {"_preview": "body", "body": text}).content.decode()
    assert f'href="{reverse("nutrients:glossary")}#electrolyte"' in html
    assert html.count('class="term"') == 1  # only the first use, as on the page
    assert "A mineral that carries an electric charge in the body." in html
    assert "<dfn>Electrolyte</dfn>" in html


def test_preview_beside_the_field_shows_glossary_terms_too(editor_client, magnesium):
    from nutrients.models import GlossaryTerm

    GlossaryTerm.objects.create(term="Deficiency", slug="deficiency", meaning="Too little.")
    Nutrient.objects.filter(pk=magnesium.pk).update(body="A deficiency is rare.")
    html = editor_client.get(change_url(magnesium)).content.decode()
    assert 'class="term" href="/glossary/#deficiency"' in html
