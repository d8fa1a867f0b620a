"""Security in a real browser: the strict CSP holds everywhere, and nothing leaves the site.

Chromium reports every CSP violation both as a console error and as a
``securitypolicyviolation`` event; these tests listen for both.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .test_site import PUBLIC_PATHS

EDITOR_PASSWORD = "a-long-test-password-1"  # the `editor` fixture's password (conftest.py)

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def csp(page):
    """Call ``csp.violations()`` after a page has loaded: every CSP violation it reported."""
    page.add_init_script(RECORD_VIOLATIONS)

    class Recorder:
        @staticmethod
        def violations():
            return page.evaluate("window.__cspViolations || []")

    return Recorder()


def test_public_pages_request_only_the_site_and_break_no_policy(
    seeded_site, page, console, csp, assert_accessible
):
    site = urlsplit(seeded_site.url)
    for path in PUBLIC_PATHS + ["/privacy/"]:
        page.goto(seeded_site.url + path)
        page.wait_for_load_state("networkidle")
        assert csp.violations() == [], path
        if path == "/privacy/":
            assert_accessible(page, path)
    elsewhere = [url for url in console.requests if urlsplit(url).netloc != site.netloc]
    assert elsewhere == []
    assert len(console.requests) > len(PUBLIC_PATHS)  # the watcher did see the pages' requests
    assert [e for e in console.errors if "404" not in e] == []


def test_editor_works_in_admin_under_the_policy(seeded_site, page, console, csp, editor):
    from django.core.management import call_command

    from nutrients.models import Nutrient

    call_command("createinitialrevisions", verbosity=0)  # as `seed_content` does
    original_summary = Nutrient.objects.get(name="Magnesium").summary
    admin = seeded_site.url + reverse("admin:index")
    page.goto(admin)
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Content")).to_be_visible()
    assert csp.violations() == []

    page.goto(seeded_site.url + reverse("admin:nutrients_nutrient_changelist"))
    page.locator("#result_list").get_by_role("link", name="Magnesium", exact=True).click()
    # filter_horizontal: type in the filter box, choose with the arrow button.
    page.locator("#id_symptoms_input").fill("night")
    available = page.locator("#id_symptoms_from option")
    expect(available.first).to_be_visible()
    chosen_name = available.first.inner_text()
    available.first.click()
    page.locator("#id_symptoms_add").click()
    expect(page.locator("#id_symptoms_to")).to_contain_text(chosen_name)
    page.locator("#id_summary").fill("Edited in the browser.")
    assert csp.violations() == []
    page.get_by_role("button", name="Save as draft").click()
    # Editors' changes wait for a clinical reviewer: readers keep the published text.
    expect(page.locator(".messagelist")).to_contain_text("kept as a draft")
    expect(page.locator(".revision-diff")).to_contain_text("Edited in the browser.")
    assert Nutrient.objects.get(name="Magnesium").summary == original_summary
    assert csp.violations() == []

    # History, compare and restore.
    page.goto(seeded_site.url + reverse("admin:nutrients_nutrient_changelist"))
    page.locator("#result_list").get_by_role("link", name="Magnesium", exact=True).click()
    page.get_by_role("link", name="History").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change history")
    assert csp.violations() == []
    page.get_by_role("link", name="with the current version").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compare revisions")
    assert csp.violations() == []
    page.go_back()
    page.locator("#change-history th[scope=row] a").last.click()  # the oldest revision
    expect(page.get_by_role("heading", level=1)).to_contain_text("Revert")
    assert csp.violations() == []
    page.get_by_role("button", name="Restore this revision").first.click()
    expect(page.locator(".messagelist")).to_contain_text("kept as a draft")
    assert Nutrient.objects.get(name="Magnesium").summary == original_summary
    assert csp.violations() == []
    assert console.errors == []


def test_htmx_table_and_checker_stay_on_the_site_under_the_policy(seeded_site, page, console, csp):
    """htmx parts (filters, sorting, every checker step) break no policy, call no one else."""
    from django.core.management import call_command

    from assessment.models import Question

    call_command("loaddata", "checker", verbosity=0)
    questions = Question.objects.active().count()
    page.goto(seeded_site.url + "/compare/")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Tingling").check()
    expect(page).to_have_url(seeded_site.url + "/compare/?symptom=tingling")
    page.locator("#sort-nutrient").click()
    expect(page).to_have_url(re.compile(r"sort=nutrient"))
    assert page.evaluate("window.stillTheSamePage === true"), "htmx should swap, not reload"
    assert csp.violations() == []

    page.goto(seeded_site.url + "/checker/")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("None of these", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    for number in range(1, questions + 1):
        expect(page.locator(".step-caption")).to_have_text(re.compile(rf"Question {number} of"))
        page.locator("#choice-first").check()
        page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    assert page.evaluate("window.stillTheSamePage === true"), "htmx should swap, not reload"
    assert csp.violations() == []

    site = urlsplit(seeded_site.url).netloc
    assert [url for url in console.requests if urlsplit(url).netloc != site] == []
    assert not any("?" in url for url in console.requests if "/checker/" in url)
    assert console.errors == []


def test_lockout_page_is_plain_accessible_and_strict(
    seeded_site, page, console, csp, editor, assert_accessible
):
    page.goto(seeded_site.url + reverse("admin:login"))
    for _ in range(5):
        page.get_by_label("Username").fill(editor.username)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign-in paused after too many attempts"
    )
    expect(page.get_by_text("paused for 15 minutes")).to_be_visible()
    assert_accessible(page, "lockout page")
    assert csp.violations() == []
    assert [e for e in console.errors if "429" not in e] == []
