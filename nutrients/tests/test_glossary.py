"""The glossary editors keep (issue 10): its page, and terms explained in place without JS."""

import re

import pytest
from django.core.exceptions import ValidationError

from nutrients.models import GlossaryTerm, Nutrient, Page


@pytest.mark.django_db
def test_glossary_page_lists_every_term_with_an_anchor(client, seeded):
    response = client.get("/glossary/")
    assert response.status_code == 200
    html = response.content.decode()
    terms = list(GlossaryTerm.objects.all())
    assert len(terms) >= 12
    for term in terms:
        assert f'<dt id="{term.slug}"><dfn>' in html
        assert term.meaning in html
    for word in ("hypocalcaemia", "hypokalaemia", "tetany", "electrolyte"):
        assert GlossaryTerm.objects.filter(term=word).exists()


@pytest.mark.django_db
def test_glossary_terms_link_in_place_with_their_meaning(client, seeded):
    """Each nutrient page links the first use of a term and explains it in a <details> box."""
    linked = 0
    for nutrient in Nutrient.objects.all():
        html = client.get(nutrient.get_absolute_url()).content.decode()
        # Print styles may add attributes (data-print-url) after the href.
        hrefs = re.findall(r'<a class="term" href="/glossary/#([a-z-]+)"[ >]', html)
        assert len(hrefs) == len(set(hrefs)), "a term is linked once per page"
        for slug in hrefs:
            term = GlossaryTerm.objects.get(slug=slug)
            assert f"<dfn>{term.term}</dfn> mean?</summary><p>{term.meaning}</p>" in html
        linked += len(hrefs)
    assert linked >= 5
    main = html.split("</header>", 1)[-1].split("<footer", 1)[0]
    # No script runs for the glossary; JSON-LD data blocks (breadcrumbs) are not scripts.
    assert re.findall(r"<script(?![^>]*application/ld\+json)", main) == []


@pytest.mark.django_db
def test_a_new_term_shows_up_on_pages_that_use_it(client, seeded):
    GlossaryTerm.objects.create(
        term="cramp",
        slug="cramp",
        other_spellings="cramps",
        meaning="A sudden, painful tightening.",
    )
    html = client.get("/nutrients/magnesium/").content.decode()
    assert '<a class="term" href="/glossary/#cramp"' in html
    assert "A sudden, painful tightening." in html


@pytest.mark.django_db
def test_glossary_address_is_reserved_for_pages(seeded):
    page = Page(title="Clash", slug="glossary", body="Text.")
    with pytest.raises(ValidationError):
        page.full_clean()
