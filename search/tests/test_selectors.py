"""Site search results and ranking: the same contract on SQLite (FTS5) and PostgreSQL.

CI runs this file on both databases; the assertions are the same for each.
"""

import pytest

from nutrients.models import Factor, Nutrient, Page, Relief, SearchSynonym
from nutrients.tests.factories import make_food, make_nutrient
from search import index
from search.selectors import marked_html, site_search

pytestmark = pytest.mark.django_db


def titles(results, n=None):
    return [hit.title for hit in results.hits[:n]]


def urls(results):
    return [hit.url for hit in results.hits]


# --- What readers search for on the shipped content ("Done when" in the issue) ---------------


def test_b12_finds_the_b12_section_and_the_b_vitamins_article_first(seeded):
    results = site_search("B12")
    assert set(urls(results)[:2]) == {
        "/nutrients/b-vitamins/#vitamin-b12",
        "/nutrients/b-vitamins/",
    }
    assert results.query.also_searched == ("cobalamin", "b vitamins")


def test_night_cramps_finds_nocturnal_leg_cramps_first_then_the_nutrients_linked(seeded):
    results = site_search("night cramps")
    assert results.hits[0].title == "Nocturnal leg cramps"
    assert results.hits[0].url == "/compare/?symptom=nocturnal-leg-cramps"
    assert {"/nutrients/magnesium/", "/nutrients/vitamin-k2/"} <= set(urls(results))
    # Its glossary definition is found too, after the pages about it (on both databases).
    assert urls(results).index("/glossary/#nocturnal-leg-cramps") > 0


def test_bananas_finds_the_food_first_then_potassium(seeded):
    results = site_search("bananas")
    assert titles(results, 2) == ["Bananas", "Potassium"]
    assert results.hits[0].url == "/foods/bananas/"


def test_every_kind_of_content_can_be_found(seeded):
    found = {
        "article": site_search("magnesium"),
        "section": site_search("thiamine"),
        "food": site_search("avocados"),
        "symptom": site_search("twitching"),
        "factor": site_search("overexertion"),
        "relief": site_search("massage"),
        "page": site_search("privacy"),
        "glossary": site_search("hypokalemia"),
    }
    for kind, results in found.items():
        assert kind in {hit.kind for hit in results.hits}, kind


def test_words_are_matched_by_their_stem_and_the_last_one_as_a_prefix(seeded):
    assert "Magnesium" in titles(site_search("magnes"))
    assert "Stretching" in titles(site_search("stretches"))


def test_every_word_must_match(seeded):
    assert titles(site_search("bananas avocados")) == ["Potassium"]
    assert site_search("bananas zebra").hits == ()


def test_title_matches_come_before_text_matches(seeded):
    results = site_search("potassium")
    assert results.hits[0].title == "Potassium"
    flags = [hit.title_matched for hit in results.hits]
    assert flags == sorted(flags, reverse=True)


def test_matches_are_marked_and_everything_else_escaped(seeded):
    hit = site_search("bananas").hits[0]
    assert str(hit.title_html) == "<mark>Bananas</mark>"
    snippet = str(site_search("potassium").hits[0].snippet_html)
    assert "<mark>potassium</mark>" in snippet.lower()


def test_markup_in_content_is_shown_as_text(db):
    Relief.objects.create(
        slug="odd", name="Heat <img src=x onerror=alert(1)>", when="now", body="<b>warm</b> & dry"
    )
    hit = site_search("heat").hits[0]
    assert str(hit.title_html) == "<mark>Heat</mark> &lt;img src=x onerror=alert(1)&gt;"
    assert "<b>" not in str(hit.snippet_html)


def test_marked_html_keeps_marks_balanced_and_escapes_the_rest():
    assert marked_html("a \ue000<b>\ue001 \ue000c") == "a <mark>&lt;b&gt;</mark> <mark>c</mark>"
    assert marked_html("\ue001x\ue000\ue000y") == "x<mark>y</mark>"


def test_unpublished_content_is_not_found(seeded):
    potassium = Nutrient.objects.get(slug="potassium")
    potassium.is_published = False
    potassium.save()
    assert titles(site_search("bananas")) == ["Bananas"]


# --- Synonyms editors manage -----------------------------------------------------------------


def test_a_synonym_an_editor_adds_is_used_on_the_next_search(db):
    make_nutrient("Magnesium", body="Helps with nocturnal cramps.")
    assert site_search("night").hits == ()
    SearchSynonym.objects.create(term="Night", alternatives="nocturnal")
    assert titles(site_search("night")) == ["Magnesium"]


def test_synonym_phrases_match_as_phrases(db):
    make_nutrient("B Vitamins", body="Several of them.")
    make_nutrient("Vitamin C", body="B is a letter; vitamins are many.")
    SearchSynonym.objects.create(term="b12", alternatives="B vitamins")
    assert titles(site_search("b12")) == ["B Vitamins"]


# --- Keeping the index in step with editors ------------------------------------------------------


def test_an_editors_change_is_searchable_on_the_next_search(db):
    nutrient = make_nutrient("Zinc", body="Nothing special here.")
    assert site_search("oysters").hits == ()
    nutrient.body = "Found in oysters."
    nutrient.save()
    assert titles(site_search("oysters")) == ["Zinc"]
    nutrient.delete()
    assert site_search("oysters").hits == ()


def test_new_records_of_every_kind_are_searchable_at_once(db):
    make_food("quinoa grains")
    Factor.objects.create(slug="cold", name="Cold weather", summary="Chilly muscles.")
    assert titles(site_search("quinoa")) == ["Quinoa grains"]
    assert titles(site_search("chilly")) == ["Cold weather"]


def test_the_index_is_rebuilt_once_per_content_version(db, django_assert_num_queries):
    make_nutrient("Zinc", body="Found in oysters.")
    site_search("oysters")  # builds the index for this content version
    with django_assert_num_queries(1):  # the search itself, nothing else
        assert titles(site_search("oysters")) == ["Zinc"]


def test_a_stale_index_in_another_process_is_noticed(db):
    make_nutrient("Zinc", body="Found in oysters.")
    site_search("oysters")
    index._built_for.clear()  # another worker: it has not seen this version yet
    assert titles(site_search("oysters")) == ["Zinc"]


def test_a_glossary_term_is_found_by_its_other_spellings_and_its_meaning(db):
    from nutrients.models import GlossaryTerm

    GlossaryTerm.objects.create(
        term="tetany", slug="tetany", other_spellings="tetanic spasms", meaning="Muscles lock."
    )
    for query in ("tetany", "tetanic", "muscles lock"):
        hit = site_search(query).hits[0]
        assert (hit.title, hit.kind, hit.url) == ("Tetany", "glossary", "/glossary/#tetany")


def test_documents_cover_published_content_only(db):
    make_nutrient("Zinc")
    make_nutrient("Draft", is_published=False)
    Page.objects.create(slug="footer-advice", title="Consult", placement="section", body="x")
    index.rebuild()
    from search.models import SearchDocument

    assert set(SearchDocument.objects.values_list("title", flat=True)) == {"Zinc"}
