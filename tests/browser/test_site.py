"""What a reader sees and does in a real browser, and axe-core on every public page."""

import re

import pytest
from playwright.sync_api import expect

from core.public_paths import PAGES

PUBLIC_PATHS = [
    *PAGES,
    "/search/?q=night+cramps",
    "/search/?q=zebra",
    "/contact/",
    "/feedback/?page=/nutrients/magnesium/&helpful=yes",
    "/no-such-page/",
]


def test_home_to_article_and_back(seeded_site, page, console):
    page.goto(seeded_site.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The Connection Between Vitamins, Minerals, and Muscle Function"
    )
    page.get_by_role("link", name="Magnesium", exact=True).first.click()
    expect(page).to_have_url(seeded_site.url + "/nutrients/magnesium/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Magnesium")
    expect(page.get_by_text("Reviewed by")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(seeded_site.url + "/")
    assert console.errors == []


def test_skip_link_is_first_and_moves_focus(seeded_site, page):
    page.goto(seeded_site.url + "/nutrients/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("width", [1280, 320])
def test_every_public_page_passes_axe(seeded_site, page, console, assert_accessible, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in PUBLIC_PATHS:
        page.goto(seeded_site.url + path)
        assert_accessible(page, f"{path} at {width}px")
        # No sideways scrolling on small screens.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    assert [e for e in console.errors if "404" not in e] == []


def in_view(page, locator):
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_home_first_screen_on_a_phone_shows_the_two_ways_in(seeded_site, page, console):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(seeded_site.url + "/")
    nutrients = page.get_by_role("link", name="Read about the nutrients")
    checker = page.get_by_role("link", name="Start the symptom checker")
    assert in_view(page, nutrients), "'Read about the nutrients' is on the first screen"
    assert in_view(page, checker), "'Start the symptom checker' is on the first screen"
    checker.click()
    expect(page).to_have_url(seeded_site.url + "/checker/")
    assert console.errors == []


def test_a_readers_path_home_nutrient_foods_table_checker(seeded_site, page, console):
    page.goto(seeded_site.url + "/")
    page.get_by_role("link", name="Read about the nutrients").click()
    expect(page).to_have_url(seeded_site.url + "/nutrients/")
    page.get_by_role("link", name="Magnesium", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Magnesium")
    page.get_by_role("link", name="Leafy greens").first.click()
    expect(page).to_have_url(seeded_site.url + "/foods/leafy-greens/")
    page.get_by_role("link", name=re.compile("in the table")).click()
    expect(page).to_have_url(seeded_site.url + "/compare/?food=leafy-greens")
    expect(page.locator("tbody th[scope=row] a")).to_have_text(
        ["Magnesium", "Calcium", "B Vitamins"]
    )
    page.get_by_role("link", name="Try the symptom checker").click()
    expect(page).to_have_url(seeded_site.url + "/checker/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert console.errors == []
