"""Editors' preview and readers' feedback in a real browser, with JavaScript on and off."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .test_security import EDITOR_PASSWORD, RECORD_VIOLATIONS


def log_in(page, site, editor):
    page.goto(site.url + reverse("admin:login"))
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Content")).to_be_visible()


def open_magnesium(page, site):
    from nutrients.models import Nutrient

    magnesium = Nutrient.objects.get(slug="magnesium")
    page.goto(site.url + reverse("admin:nutrients_nutrient_change", args=[magnesium.pk]))
    return magnesium


def violations(page):
    return page.evaluate("window.__cspViolations || []")


def test_preview_follows_typing_with_javascript(seeded_site, page, console, editor):
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, seeded_site, editor)
    magnesium = open_magnesium(page, seeded_site)
    page.evaluate("window.stillTheSamePage = true")
    page.locator("#id_body").fill("Live **preview** works.")
    preview = page.locator("#id_body-preview")
    expect(preview.locator("strong")).to_have_text("preview")
    assert page.evaluate("window.stillTheSamePage === true"), "htmx should not reload the page"
    magnesium.refresh_from_db()
    assert "Live" not in magnesium.body  # previewing saves nothing
    assert violations(page) == []
    assert [e for e in console.errors if "favicon" not in e] == []


@pytest.mark.parametrize("width", [1280, 1600])
def test_text_box_and_preview_sit_side_by_side_without_overlapping(
    seeded_site, page, editor, width
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, seeded_site, editor)
    open_magnesium(page, seeded_site)
    box = page.locator("#id_body").bounding_box()
    preview = page.locator("#id_body-preview").bounding_box()
    assert box["width"] > 300 and preview["width"] > 300
    assert box["x"] + box["width"] <= preview["x"], "the text box covers the preview"


def test_weights_list_fits_a_1280_px_screen_for_a_reviewer(checker_site, page, reviewer):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(checker_site.url + reverse("admin:login"))
    page.get_by_label("Username").fill(reviewer.username)
    page.get_by_label("Password").fill("a-long-test-password-2")
    page.get_by_role("button", name="Log in").click()
    page.goto(checker_site.url + reverse("admin:assessment_weight_changelist"))
    results = page.locator("#changelist .results")
    expect(results.locator("thead")).to_contain_text("Names the cause", ignore_case=True)
    overflow = results.evaluate("element => element.scrollWidth - element.clientWidth")
    assert overflow <= 0, f"the list scrolls sideways by {overflow} px"
    visible = results.bounding_box()
    points = page.locator("#result_list .field-points input").first.bounding_box()
    assert points["x"] + points["width"] <= visible["x"] + visible["width"]


def test_preview_button_without_javascript_keeps_the_form(seeded_site, browser, editor):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, seeded_site, editor)
        magnesium = open_magnesium(page, seeded_site)
        page.locator("#id_body").fill("Button *preview* works.")
        page.locator("#id_summary").fill("A summary I typed.")
        page.locator('button[name="_preview"][value="body"]').click()
        expect(page.locator(".messagelist")).to_contain_text("Preview only")
        expect(page.locator("#id_body-preview em")).to_have_text("preview")
        expect(page.locator("#id_summary")).to_have_value("A summary I typed.")
        expect(page.locator("#id_body")).to_have_value("Button *preview* works.")
        magnesium.refresh_from_db()
        assert "Button" not in magnesium.body
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_reader_says_a_page_was_not_helpful(seeded_site, browser, javascript):
    from feedback.models import Feedback

    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    try:
        page.goto(seeded_site.url + "/nutrients/magnesium/")
        box = page.locator("#feedback")
        box.get_by_role("button", name="No").click()
        expect(page.get_by_label("No", exact=True)).to_be_checked()
        page.get_by_label("Anything to add? (optional)").fill("The food list could be longer.")
        page.get_by_role("button", name="Send feedback").click()
        expect(
            page.get_by_role("heading", name="Thank you: your feedback was sent")
        ).to_be_visible()
        if javascript:
            # Swapped in place: still the article, focus on the new heading.
            assert page.url == seeded_site.url + "/nutrients/magnesium/"
            expect(page.get_by_role("heading", level=1)).to_have_text("Magnesium")
            expect(
                page.get_by_role("heading", name="Thank you: your feedback was sent")
            ).to_be_focused()
            assert violations(page) == []
        stored = Feedback.objects.get()
        assert (stored.page, stored.helpful, stored.comment) == (
            "/nutrients/magnesium/",
            False,
            "The food list could be longer.",
        )
    finally:
        context.close()
