"""Sources: the reference record, [^key] citations in editors' text, and the reference list."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nutrients.models import Reference

from .factories import (
    make_nutrient,
    make_page,
    make_reference,
    nutrient_admin_post_data,
)
from .test_content import visible_text

pytestmark = pytest.mark.django_db


def test_reference_checks_its_identifiers():
    reference = make_reference(pmid="PMID 3946", doi="doi:10.1001/x")
    with pytest.raises(ValidationError) as error:
        reference.full_clean()
    assert set(error.value.message_dict) == {"pmid", "doi"}


def test_reference_shows_its_key_in_admin_lists():
    assert str(make_reference("garrison-2020", title="Magnesium")) == "[^garrison-2020] Magnesium"


def test_unknown_citation_key_is_a_plain_error_on_the_field():
    make_reference("known")
    nutrient = make_nutrient(body="Fine.[^known] Not fine.[^unknown-key]")
    with pytest.raises(ValidationError) as error:
        nutrient.full_clean()
    message = error.value.message_dict["body"][0]
    assert "[^unknown-key]" in message and "Add it under References" in message


def test_section_citations_are_checked_too():
    nutrient = make_nutrient()
    section = nutrient.sections.create(title="B12", anchor="b12", body="Claim.[^nope]")
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "[^nope]" in error.value.message_dict["body"][0]


def test_admin_refuses_unknown_citation_and_says_why(editor_client):
    nutrient = make_nutrient()
    url = reverse("admin:nutrients_nutrient_change", args=[nutrient.pk])
    data = nutrient_admin_post_data(editor_client, nutrient, body="Claim.[^no-such-source]")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "No reference has the key [^no-such-source]" in response.content.decode()
    nutrient.refresh_from_db()
    assert "no-such-source" not in nutrient.body


def test_article_numbers_citations_and_lists_only_cited_references(client):
    make_reference("nhs", title="NHS page", publisher="NHS", year=2024)
    make_reference("trial", title="A trial", pmid="39466236", doi="10.1001/x.1")
    make_reference("unused", title="Never cited")
    nutrient = make_nutrient(body="First.[^trial] Second.[^nhs] Again.[^trial]")
    nutrient.sections.create(title="More", anchor="more", body="In a section.[^nhs]")
    page = client.get(nutrient.get_absolute_url()).content.decode()
    assert re.findall(r"\[(\d)\]</a></sup>", page) == ["1", "2", "1", "2"]
    references = page[page.index('id="references"') :]
    assert references.index('id="ref-trial"') < references.index('id="ref-nhs"')
    assert 'value="1"' in references and 'value="2"' in references
    assert "Never cited" not in page
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/39466236/"' in references
    assert 'href="https://doi.org/10.1001/x.1"' in references


def test_pages_without_a_reference_list_drop_the_citations(client):
    make_reference("nhs")
    make_nutrient("Magnesium", body="Cited fact.[^nhs]", summary="Card text.")
    make_page("introduction", placement="section", body="Intro fact.[^nhs]")
    home = visible_text(client.get("/").content)
    assert "Intro fact." in home
    assert "[^nhs]" not in home and "[1]" not in home


def test_stand_alone_page_has_its_own_reference_list(client):
    make_reference("mhra", title="Quinine advice")
    make_page("conclusion", body="Quinine only from a doctor.[^mhra]")
    html = client.get("/conclusion/").content.decode()
    assert 'href="#ref-mhra"' in html
    assert 'id="ref-mhra"' in html and "Quinine advice" in html


def test_factors_page_numbers_across_intro_factors_and_relief(client):
    from nutrients.models import Factor, Relief

    make_reference("a")
    make_reference("b")
    make_page("other-causes", placement="section", body="Intro.[^b]")
    Factor.objects.create(slug="f", name="F", summary="s", body="Factor.[^a]")
    Relief.objects.create(slug="r", name="R", when="now", body="Relief.[^b]")
    page = client.get(reverse("nutrients:factors")).content.decode()
    assert re.findall(r"\[(\d)\]</a></sup>", page) == ["1", "2", "1"]
    assert page.count('<li id="ref-') == 2


@pytest.mark.parametrize("count", [2, 8])
def test_article_query_count_does_not_grow_with_references(
    client, django_assert_num_queries, count
):
    keys = [make_reference().key for _ in range(count)]
    nutrient = make_nutrient(body=" ".join(f"Fact.[^{key}]" for key in keys))
    for key in keys:
        nutrient.sections.create(title=key, anchor=key, body=f"Section.[^{key}]")
    # The article's own reads (nutrient and reviewer, foods, daily amounts, amounts in foods,
    # sections, symptoms, related, the shared GP advice), the footer advice, and one for all its
    # references, however many; the glossary (once per content version).
    with django_assert_num_queries(11):
        response = client.get(nutrient.get_absolute_url())
    assert response.content.decode().count('<li id="ref-') == count


def test_every_reference_kind_has_a_label():
    assert {value for value, _ in Reference.Kind.choices} >= {
        "guideline",
        "systematic-review",
        "trial",
        "fact-sheet",
    }
