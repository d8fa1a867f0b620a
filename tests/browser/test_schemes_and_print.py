"""Dark mode, print and shared links in a real browser."""

import json
import re

from playwright.sync_api import expect

from .test_site import PUBLIC_PATHS

A4_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def walk_to_result(page, base_url):
    """Through the checker with clicks: no warning signs, the first answer to each question."""
    page.goto(base_url + "/checker/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("None of these", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    heading = page.get_by_role("heading", level=1)
    for _ in range(30):
        expect(heading).not_to_have_text("Do any of these apply to you?")
        if heading.inner_text() == "Check your answers":
            break
        caption = page.locator(".step-caption").inner_text()
        page.locator("#choice-first").check()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_function(
            "c => (document.querySelector('.step-caption') || {}).textContent !== c", arg=caption
        )
    page.get_by_role("button", name="See my result").click()
    expect(heading).to_have_text("Your result")


def test_every_public_page_passes_axe_in_the_dark_scheme(
    seeded_site, page, console, assert_accessible
):
    page.emulate_media(color_scheme="dark")
    for path in PUBLIC_PATHS:
        page.goto(seeded_site.url + path)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        assert_accessible(page, f"{path} in the dark scheme")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 24, 29)", "the dark palette is in use"
    assert [e for e in console.errors if "404" not in e] == []


def test_the_checker_result_passes_axe_in_both_schemes(checker_site, page, assert_accessible):
    walk_to_result(page, checker_site.url)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page, f"checker result, {scheme}")


def test_printed_article_shows_absolute_link_targets(seeded_site, page):
    page.goto(seeded_site.url + "/nutrients/magnesium/")
    page.emulate_media(media="print")
    after = page.evaluate(
        """() => [...document.querySelectorAll('main article a[href^="/"]')]
            .map(a => getComputedStyle(a, '::after').content)"""
    )
    assert after, "the article links to other pages"
    assert all(seeded_site.url in content for content in after), after[:3]
    assert page.locator(".site-header nav").is_hidden()
    assert page.locator("#site-search-q").is_hidden()


def test_a_typical_checker_result_prints_on_two_a4_pages_with_absolute_links(checker_site, page):
    walk_to_result(page, checker_site.url)
    page.emulate_media(media="print")
    link = page.locator(".finding a[href^='/']").first
    content = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert checker_site.url + "/" in content
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(A4_PAGE.findall(pdf))
    assert 1 <= pages <= 2, f"the result printed on {pages} A4 pages"


def test_shared_links_and_structured_data_are_in_the_page(seeded_site, page, console):
    page.goto(seeded_site.url + "/nutrients/magnesium/")
    meta = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
            'meta[property^="og:"], meta[name^="twitter:"]')]
            .map(m => [m.getAttribute('property') || m.getAttribute('name'), m.content]))"""
    )
    assert meta["og:title"] == "Magnesium and muscle cramps"
    assert meta["og:url"] == seeded_site.url + "/nutrients/magnesium/"
    assert meta["twitter:card"] == "summary_large_image"
    image = page.request.get(meta["og:image"])
    assert image.ok and image.headers["content-type"] == "image/png"
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    types = {json.loads(block)["@type"] for block in blocks}
    assert types == {"MedicalWebPage", "BreadcrumbList"}
    assert console.errors == [], "data blocks do not trip the Content-Security-Policy"
