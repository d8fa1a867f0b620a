import re

from core.richtext import PageText, Term, citation_keys, without_citations

GLOSSARY = [
    Term("tetany", "tetany", ("tetany",), "Strong muscle spasms you cannot control."),
    Term(
        "hypocalcaemia",
        "hypocalcaemia",
        ("hypocalcaemia", "hypocalcemia"),
        "Too little calcium in the blood.",
    ),
]


def test_citations_are_numbered_in_order_of_first_use_across_texts():
    page = PageText(known_keys={"a", "b"})
    first = page.render("One.[^b] Two.[^a]")
    second = page.render("Three.[^b]")
    assert re.findall(r"\[(\d)\]</a>", first + second) == ["1", "2", "1"]
    assert page.cited == ["b", "a"]
    assert '<sup class="cite"><a href="#ref-b" aria-label="source 1">' in first


def test_citation_link_has_words_for_screen_readers():
    html = PageText({"nhs"}).render("Fact.[^nhs]")
    assert 'aria-label="source 1">[1]</a>' in html


def test_unknown_key_is_shown_as_missing_not_as_a_link():
    page = PageText({"known"})
    html = page.render("Claim.[^nobody-knows]")
    assert "[source missing]" in html
    assert "ref-nobody-knows" not in html
    assert page.cited == []


def test_citation_keys_lists_each_once_in_order():
    assert citation_keys("x[^b] y[^a] z[^b] [^Bad] [^ok-2]") == ["b", "a", "ok-2"]


def test_without_citations_removes_only_citations():
    assert without_citations("Night.[^a] Day [note]") == "Night. Day [note]"


def test_markup_in_text_cannot_ride_on_a_citation():
    page = PageText({"a"})
    html = page.render('<script>x()</script>[^a]\ue000a" onclick="x\ue001 [^a"><b>]')
    assert "<script" not in html
    assert not re.search(r"<[^>]*onclick", html)  # only ever text, never an attribute
    assert html.count("<sup") == 1


def test_headings_get_unique_ids_and_never_the_sites_own():
    page = PageText()
    html = page.render(
        "## References\n\nx\n\n## Calcium and *Vitamin D*\n\n## Calcium and Vitamin D"
    )
    assert '<h2 id="references-2">' in html
    assert '<h2 id="calcium-and-vitamin-d">Calcium and <em>Vitamin D</em></h2>' in html
    assert '<h2 id="calcium-and-vitamin-d-2">' in html
    assert page.heading_id("Calcium and Vitamin D") == "calcium-and-vitamin-d-3"


def test_first_use_of_a_term_links_it_and_explains_it_after_the_paragraph():
    page = PageText(terms=GLOSSARY, glossary_url="/glossary/")
    html = page.render("Low calcium (hypocalcemia) can cause tetany.\n\nMore tetany here.")
    assert '<a class="term" href="/glossary/#hypocalcaemia">hypocalcemia</a>' in html
    assert html.count('class="term"') == 2  # tetany once, hypocalcaemia once
    first_paragraph_end = html.index("</p>")
    note = html.index('<details class="term-note">')
    assert note == first_paragraph_end + len("</p>")
    assert "<dfn>hypocalcaemia</dfn>" in html
    assert "Too little calcium in the blood." in html
    # The word itself is unchanged, so sentences read exactly as written.
    assert re.sub(r"<[^>]+>", "", html).startswith("Low calcium (hypocalcemia) can cause tetany.")


def test_terms_are_not_linked_in_headings_links_or_twice_on_a_page():
    page = PageText(terms=GLOSSARY, glossary_url="/glossary/")
    first = page.render("## Tetany\n\n[tetany](https://example.org/)\n\n- a list with tetany")
    second = page.render("Tetany again.")
    assert first.count('class="term"') == 1
    assert "<li>a list with <a" in first
    assert first.index("</ul>") < first.index("<details")
    assert 'class="term"' not in second
