"""The comparison table in a real browser: filtering with htmx and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

SHARED = "/compare/?symptom=tingling&food=leafy-greens"
ALL_ROWS = ["Magnesium", "Calcium", "Vitamin D", "Potassium", "B Vitamins", "Vitamin K2"]


def rows(page):
    return page.locator("tbody th[scope=row] a")


def open_filters(page):
    """Open the filter panel if it is closed (it starts closed on phones and without JS)."""
    if not page.locator("#filters-panel").evaluate("panel => panel.open"):
        page.locator("#filters-panel > summary").click()


def in_view(page, locator):
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def mark_page(page):
    """A flag that survives htmx swaps but not a page load."""
    page.evaluate("window.stillTheSamePage = true")


def is_same_page(page):
    return page.evaluate("window.stillTheSamePage === true")


def test_two_clicks_narrow_the_table_with_htmx_and_the_link_reproduces_it(
    seeded_site, page, console
):
    page.goto(seeded_site.url + "/compare/")
    expect(rows(page)).to_have_text(ALL_ROWS)
    mark_page(page)

    page.get_by_label("Tingling").check()
    expect(page).to_have_url(seeded_site.url + "/compare/?symptom=tingling")
    page.get_by_label("Leafy greens").check()
    expect(page).to_have_url(seeded_site.url + SHARED)

    expect(rows(page)).to_have_text(["B Vitamins"])
    expect(page.locator("#compare-count")).to_have_text("Showing 1 of 6 nutrients")
    # Screen readers hear the new count from the live region that stays in place.
    expect(page.locator("#compare-announce")).to_have_text("Showing 1 of 6 nutrients")
    expect(page.locator("#compare-loading")).to_be_hidden()
    assert is_same_page(page), "the table should be swapped in, not the page reloaded"
    expect(page).to_have_title(re.compile(r": Tingling, leafy greens · "))

    page.reload()
    expect(rows(page)).to_have_text(["B Vitamins"])
    expect(page.get_by_label("Tingling")).to_be_checked()
    expect(page.get_by_label("Leafy greens")).to_be_checked()
    assert console.errors == []


def test_htmx_requests_leave_out_empty_fields(seeded_site, page):
    page.goto(seeded_site.url + "/compare/")
    with page.expect_request(lambda request: request.headers.get("hx-request")) as sent:
        page.get_by_label("Tingling").check()
    assert sent.value.url == seeded_site.url + "/compare/?symptom=tingling"


def test_back_and_forward_restore_each_view(seeded_site, page, console):
    page.goto(seeded_site.url + "/compare/")
    page.get_by_label("Leafy greens").check()
    expect(rows(page)).to_have_text(["Magnesium", "Calcium", "B Vitamins"])
    page.get_by_label("Tingling").check()
    expect(rows(page)).to_have_text(["B Vitamins"])

    page.go_back()
    expect(page).to_have_url(seeded_site.url + "/compare/?food=leafy-greens")
    expect(rows(page)).to_have_text(["Magnesium", "Calcium", "B Vitamins"])
    expect(page.get_by_label("Tingling")).not_to_be_checked()
    page.go_back()
    expect(page).to_have_url(seeded_site.url + "/compare/")
    expect(rows(page)).to_have_text(ALL_ROWS)
    page.go_forward()
    expect(rows(page)).to_have_text(["Magnesium", "Calcium", "B Vitamins"])
    assert console.errors == []


def test_removing_a_chip_updates_table_form_and_focus(seeded_site, page, console):
    page.goto(seeded_site.url + SHARED)
    mark_page(page)
    page.get_by_role("link", name="Remove filter: Symptom: Tingling").click()
    expect(page).to_have_url(seeded_site.url + "/compare/?food=leafy-greens")
    expect(rows(page)).to_have_text(["Magnesium", "Calcium", "B Vitamins"])
    expect(page.get_by_label("Tingling")).not_to_be_checked()
    expect(page.get_by_label("Leafy greens")).to_be_checked()
    expect(page.locator("#compare-count")).to_be_focused()
    page.get_by_role("link", name="Clear all filters").click()
    expect(page).to_have_url(seeded_site.url + "/compare/")
    expect(rows(page)).to_have_text(ALL_ROWS)
    expect(page.get_by_label("Leafy greens")).not_to_be_checked()
    assert is_same_page(page)
    assert console.errors == []


def test_typing_a_search_filters_after_a_pause(seeded_site, page, console):
    page.goto(seeded_site.url + "/compare/")
    page.get_by_label("Search the table").press_sequentially("nerve", delay=30)
    expect(page).to_have_url(seeded_site.url + "/compare/?q=nerve")
    expect(rows(page)).to_have_text(["Magnesium", "Calcium", "B Vitamins"])
    expect(page.get_by_label("Search the table")).to_be_focused()
    assert console.errors == []


def test_a_failed_htmx_request_falls_back_to_loading_the_page(seeded_site, page):
    page.goto(seeded_site.url + "/compare/")
    mark_page(page)

    def fail_htmx_only(route):
        if route.request.headers.get("hx-request"):
            route.abort()
        else:
            route.continue_()

    page.route(re.compile(r"/compare/\?"), fail_htmx_only)
    page.get_by_label("Tingling").check()
    expect(page).to_have_url(seeded_site.url + "/compare/?symptom=tingling")
    expect(rows(page)).to_have_text(["B Vitamins"])
    assert not is_same_page(page)


def test_sorting_marks_the_sorted_column(seeded_site, page):
    page.goto(seeded_site.url + "/compare/")
    page.get_by_label("Sort by").select_option(label="Nutrient, Z to A")
    expect(page).to_have_url(seeded_site.url + "/compare/?sort=-nutrient")
    expect(rows(page).first).to_have_text("Vitamin K2")
    expect(page.get_by_role("columnheader", name="Nutrient")).to_have_attribute(
        "aria-sort", "descending"
    )


def test_clicking_a_column_header_sorts_and_keeps_focus(seeded_site, page):
    page.goto(seeded_site.url + "/compare/?food=leafy-greens")
    header = page.get_by_role("link", name="Nutrient", exact=True)
    header.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(seeded_site.url + "/compare/?food=leafy-greens&sort=nutrient")
    expect(rows(page)).to_have_text(["B Vitamins", "Calcium", "Magnesium"])
    expect(page.get_by_label("Sort by")).to_have_value("nutrient")
    expect(page.get_by_role("link", name="Nutrient", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(rows(page)).to_have_text(["Magnesium", "Calcium", "B Vitamins"])
    expect(page.get_by_role("columnheader", name="Nutrient")).to_have_attribute(
        "aria-sort", "descending"
    )


def test_keyboard_only_filtering(seeded_site, page):
    page.goto(seeded_site.url + "/compare/")
    page.get_by_label("Tingling").focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(seeded_site.url + "/compare/?symptom=tingling")
    expect(rows(page)).to_have_text(["B Vitamins"])


def test_without_javascript_the_form_filters_and_the_link_reproduces_it(seeded_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(seeded_site.url + "/compare/")
        open_filters(page)
        page.get_by_label("Tingling").check()
        page.get_by_label("Leafy greens").check()
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(seeded_site.url + SHARED)
        expect(rows(page)).to_have_text(["B Vitamins"])
        expect(page.locator("#compare-count")).to_have_text("Showing 1 of 6 nutrients")

        page.reload()
        expect(rows(page)).to_have_text(["B Vitamins"])

        page.get_by_role("link", name="Remove filter: Food: leafy greens").click()
        expect(page).to_have_url(seeded_site.url + "/compare/?symptom=tingling")
        open_filters(page)
        expect(page.get_by_label("Leafy greens")).not_to_be_checked()
    finally:
        context.close()


def test_a_shared_link_shows_the_same_rows_to_someone_else(seeded_site, browser):
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        try:
            page.goto(seeded_site.url + SHARED)
            expect(rows(page)).to_have_text(["B Vitamins"])
        finally:
            context.close()


def test_food_page_links_to_the_table_filtered_by_that_food(seeded_site, page):
    page.goto(seeded_site.url + "/foods/leafy-greens/")
    page.get_by_role("link", name=re.compile("in the table")).click()
    expect(page).to_have_url(seeded_site.url + "/compare/?food=leafy-greens")
    expect(rows(page)).to_have_text(["Magnesium", "Calcium", "B Vitamins"])


@pytest.mark.parametrize("width", [1280, 320])
def test_filtered_table_passes_axe_and_fits_the_screen(
    seeded_site, page, console, assert_accessible, width
):
    page.set_viewport_size({"width": width, "height": 900})
    for path in [
        SHARED + "&sort=kind",
        "/compare/?symptom=tingling&kind=mineral",  # no rows
        "/compare/?food=chocolate&q=" + "x" * 101,  # notes about ignored input
    ]:
        page.goto(seeded_site.url + path)
        assert_accessible(page, f"{path} at {width}px")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    # And after an htmx swap, not just on first load.
    page.goto(seeded_site.url + "/compare/")
    open_filters(page)
    page.get_by_label("Tingling").check()
    expect(rows(page)).to_have_text(["B Vitamins"])
    assert_accessible(page, f"after htmx swap at {width}px")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert console.errors == []


# --- On a phone (360 px) ---------------------------------------------------------------------


def test_on_a_phone_the_filters_fold_away_and_a_change_shows_the_new_count_and_first_row(
    seeded_site, page, console, assert_accessible
):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(seeded_site.url + "/compare/")
    panel = page.locator("#filters-panel")
    summary = panel.locator("summary")
    expect(summary).to_contain_text("Showing 6 of 6 nutrients")
    assert not panel.evaluate("el => el.open"), "the panel starts closed on a phone"
    expect(page.get_by_label("Tingling")).to_be_hidden()
    assert_accessible(page, "phone table, filters closed")

    summary.click()
    # Live filtering: no "Apply filters" button while JavaScript runs.
    expect(page.get_by_role("button", name="Apply filters")).to_be_hidden()
    page.get_by_label("Tingling").check()
    expect(rows(page)).to_have_text(["B Vitamins"])
    expect(summary).to_contain_text("Showing 1 of 6 nutrients")
    count = page.locator("#compare-count")
    expect(count).to_have_text("Showing 1 of 6 nutrients")
    assert in_view(page, count), "the new count is on screen"
    assert in_view(page, page.locator("tbody th").first), "the first row is on screen"
    assert_accessible(page, "phone table, filters open")

    # A filter further down the panel: the result still comes into view.
    page.get_by_label("Leafy greens").check()
    expect(page).to_have_url(seeded_site.url + SHARED)
    assert in_view(page, count) and in_view(page, page.locator("tbody th").first)
    assert console.errors == []


def test_apply_filters_is_offered_only_without_javascript(seeded_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(seeded_site.url + "/compare/")
        open_filters(page)
        expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
    finally:
        context.close()
