"""Site search in a real browser: live results with htmx, the plain form without JavaScript."""

import pytest
from playwright.sync_api import expect


def hits(page):
    return page.locator(".search-hit h2 a")


def test_typing_in_the_header_box_then_live_results(seeded_site, page, console, assert_accessible):
    page.goto(seeded_site.url + "/nutrients/")
    page.get_by_role("searchbox", name="Search this site").fill("bananas")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(seeded_site.url + "/search/?q=bananas")
    page.wait_for_load_state("load")  # htmx has set up the form
    expect(hits(page).first).to_have_text("Bananas")

    page.evaluate("window.stillTheSamePage = true")
    box = page.get_by_label("Search for")
    box.fill("night cramps")
    expect(hits(page).first).to_have_text("Nocturnal leg cramps")
    expect(page).to_have_url(seeded_site.url + "/search/?q=night+cramps")
    expect(page.locator("#search-announce")).to_contain_text("results for “night cramps”")
    assert page.evaluate("window.stillTheSamePage === true"), "results swapped, not reloaded"
    expect(page.locator(".search-hit mark").first).to_be_visible()
    assert_accessible(page, "search results")

    hits(page).first.click()
    expect(page).to_have_url(seeded_site.url + "/compare/?symptom=nocturnal-leg-cramps")
    assert console.errors == []


@pytest.mark.parametrize("java_script_enabled", [False])
def test_search_works_without_javascript(seeded_site, browser, java_script_enabled):
    context = browser.new_context(java_script_enabled=java_script_enabled)
    page = context.new_page()
    page.goto(seeded_site.url + "/search/")
    page.get_by_label("Search for").fill("B12")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(seeded_site.url + "/search/?q=B12")
    expect(hits(page).nth(0)).to_be_visible()
    assert {"Vitamin B12 (cobalamin)", "B Vitamins"} == set(hits(page).all_inner_texts()[:2])
    context.close()
