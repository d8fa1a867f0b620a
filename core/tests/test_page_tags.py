"""Contents lists built from rendered headings, and absolute link targets for print."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from core.templatetags.page_tags import contents_of


def render(source, **context):
    template = Template("{% load page_tags %}" + source)
    return template.render(Context(context))


def test_contents_lists_h2_headings_with_h3_that_have_ids_nested():
    html = (
        '<h2 id="a">First</h2><h3 id="a1">Part &amp; one</h3><h3>No id</h3>'
        '<h2 id="b">Second <em>bit</em></h2>'
    )
    _, entries = contents_of(html)
    assert [(e.id, e.label, [(c.id, c.label) for c in e.children]) for e in entries] == [
        ("a", "First", [("a1", "Part & one")]),
        ("b", "Second bit", []),
    ]


def test_h2_without_an_id_gets_a_unique_one_from_its_text():
    html, entries = contents_of('<h2 id="why">Why</h2><h2>Why</h2><h2 class="x">Who &amp; how</h2>')
    assert [e.id for e in entries] == ["why", "why-2", "who-how"]
    assert '<h2 id="why-2">Why</h2>' in html and '<h2 id="who-how" class="x">' in html


def test_the_list_appears_where_asked_only_with_three_or_more_entries():
    three = render(
        "{% withcontents %}<p>intro</p>{% contents %}<h2>One</h2><h2>Two</h2><h2>Three</h2>"
        "{% endwithcontents %}"
    )
    assert three.index('<nav class="toc contents"') < three.index('<h2 id="one">')
    assert '<a href="#three">Three</a>' in three
    two = render("{% withcontents %}{% contents %}<h2>One</h2><h2>Two</h2>{% endwithcontents %}")
    assert "<nav" not in two and "contents-list" not in two


def test_printlinks_adds_absolute_addresses_to_this_sites_links_only(settings):
    settings.ALLOWED_HOSTS = ["cramps.example.org"]
    request = RequestFactory().get("/", HTTP_HOST="cramps.example.org")
    html = render(
        '{% printlinks %}<a href="/foods/?a=1&amp;b=2">x</a> <a class="c" href="https://nhs.uk/x">n</a>'
        ' <a href="#ref-1">1</a> <a href="mailto:a@b.c">m</a>{% endprintlinks %}',
        request=request,
    )
    assert (
        '<a href="/foods/?a=1&amp;b=2" data-print-url="http://cramps.example.org/foods/?a=1&amp;b=2">'
        in html
    )
    assert '<a class="c" href="https://nhs.uk/x">n</a>' in html  # print.css shows its href
    assert '<a href="#ref-1">1</a>' in html and '<a href="mailto:a@b.c">m</a>' in html


@pytest.mark.django_db
def test_long_pages_have_a_contents_list(client, seeded):
    for url in ["/other-causes-and-relief/", "/nutrients/b-vitamins/", "/privacy/", "/foods/"]:
        page = client.get(url).content.decode()
        assert page.count('<nav class="toc contents"') == 1, url
    factors = client.get("/other-causes-and-relief/").content.decode()
    assert '<a href="#relief-title">' in factors and '<a href="#overexertion-title">' in factors
    b_vitamins = client.get("/nutrients/b-vitamins/").content.decode()
    assert '<a href="#vitamin-b12-title">Vitamin B12 (cobalamin)</a>' in b_vitamins


@pytest.mark.django_db
def test_short_pages_have_none(client, seeded):
    for url in ["/", "/compare/", "/conclusion/"]:
        assert '<nav class="toc contents"' not in client.get(url).content.decode(), url
