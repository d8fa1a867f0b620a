"""The symptom checker in a real browser: keyboard only, with htmx and without JavaScript,
with axe-core on every step and on the result."""

import pytest
from playwright.sync_api import expect

MAX_TABS = 80


def tab_to(page, locator):
    """Press Tab until ``locator`` has keyboard focus (as a keyboard-only reader would)."""
    for _ in range(MAX_TABS):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {locator} with the Tab key")


def press_button(page, name, navigates=False):
    tab_to(page, page.get_by_role("button", name=name, exact=True))
    if navigates:
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        page.keyboard.press("Enter")


def tick(page, label):
    tab_to(page, page.get_by_label(label, exact=True))
    page.keyboard.press("Space")


def heading(page):
    return page.get_by_role("heading", level=1)


QUESTIONS = 11


def answer_all_questions(page, assert_accessible=None, check_focus=False, navigates=False):
    """Pick the first answer of every question, as the keyboard reaches it (so the reader
    says they have kidney disease: the result must leave out potassium and magnesium)."""
    for number in range(1, QUESTIONS + 1):
        expect(page.locator(".step-caption")).to_have_text(f"Question {number} of {QUESTIONS}")
        if check_focus:
            expect(heading(page)).to_be_focused()
        if assert_accessible:
            assert_accessible(page, f"question {number}")
        first = page.locator("#choice-first")
        tab_to(page, first)
        page.keyboard.press("Space")
        expect(first).to_be_checked()
        press_button(page, "Continue", navigates=navigates)


def test_keyboard_only_with_htmx_every_step_accessible(
    checker_site, page, console, assert_accessible
):
    page.goto(checker_site.url + "/checker/")
    assert_accessible(page, "start")
    page.evaluate("window.stillTheSamePage = true")

    press_button(page, "Start now")
    expect(heading(page)).to_have_text("Do any of these apply to you?")
    expect(heading(page)).to_be_focused()
    assert_accessible(page, "warning signs")

    # Continue with nothing ticked: the error is shown, announced and focused.
    press_button(page, "Continue")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    assert_accessible(page, "warning signs with an error")

    tick(page, "None of these")
    press_button(page, "Continue")
    answer_all_questions(page, assert_accessible, check_focus=True)

    expect(heading(page)).to_have_text("Check your answers")
    expect(heading(page)).to_be_focused()
    assert_accessible(page, "check your answers")
    press_button(page, "See my result")

    expect(heading(page)).to_have_text("Your result")
    expect(heading(page)).to_be_focused()
    first = page.locator(".finding").first
    expect(first.get_by_role("heading")).to_contain_text("Underlying health conditions")
    expect(first).to_contain_text("Because you said:")
    expect(page.locator(".withheld")).to_contain_text("Magnesium")
    expect(page.get_by_text("This is not a diagnosis.")).to_be_visible()
    expect(page.get_by_role("button", name="Print this summary")).to_be_visible()
    assert_accessible(page, "result")

    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page, "result at 320px")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    assert page.evaluate("window.stillTheSamePage === true"), "htmx should swap, not reload"
    # Each step has its own address, pushed into the history; never an answer in it.
    assert page.url == checker_site.url + "/checker/result/", "answers must never reach the URL"
    assert console.errors == []


def test_keyboard_only_without_javascript(checker_site, browser, assert_accessible):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(checker_site.url + "/checker/")
        press_button(page, "Start now")
        expect(heading(page)).to_have_text("Do any of these apply to you?")
        assert page.url == checker_site.url + "/checker/warnings/"

        tick(page, "None of these")
        press_button(page, "Continue")
        answer_all_questions(page)

        expect(heading(page)).to_have_text("Check your answers")
        press_button(page, "See my result")
        expect(heading(page)).to_have_text("Your result")
        expect(page.locator(".finding").first.get_by_role("heading")).to_contain_text(
            "Underlying health conditions"
        )
        # The print button needs JavaScript, so it stays hidden.
        expect(page.get_by_role("button", name="Print this summary")).to_be_hidden()
        assert page.url == checker_site.url + "/checker/result/"
    finally:
        context.close()


def test_full_page_steps_pass_axe(checker_site, page, assert_accessible):
    """The pages readers without JavaScript get (axe itself needs JavaScript, so htmx is
    blocked instead: every step is then a plain POST answered with a whole page)."""
    page.route("**/django_htmx/**", lambda route: route.abort())
    page.goto(checker_site.url + "/checker/")
    press_button(page, "Start now", navigates=True)
    expect(page).to_have_url(checker_site.url + "/checker/warnings/")
    assert_accessible(page, "full page: warning signs")
    press_button(page, "Continue", navigates=True)
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, "full page: warning signs with an error")
    tick(page, "A cramp that lasts longer than 10 minutes")
    press_button(page, "Continue", navigates=True)
    assert_accessible(page, "full page: urgent advice")
    press_button(page, "Continue to the questions", navigates=True)
    answer_all_questions(page, assert_accessible, navigates=True)
    assert_accessible(page, "full page: check your answers")
    press_button(page, "See my result", navigates=True)
    expect(heading(page)).to_have_text("Your result")
    assert_accessible(page, "full page: result")


def test_warning_sign_leads_with_urgent_advice(checker_site, page, console, assert_accessible):
    page.goto(checker_site.url + "/checker/")
    press_button(page, "Start now")
    tick(page, "Pain, swelling, warmth or redness in one leg, usually the calf")
    press_button(page, "Continue")

    expect(heading(page)).to_have_text("Get help today")
    expect(heading(page)).to_be_focused()
    expect(page.locator(".warning-advice")).to_contain_text("deep vein thrombosis")
    expect(page.get_by_role("link", name="NHS: Deep vein thrombosis (DVT)")).to_be_visible()
    assert_accessible(page, "urgent advice")

    press_button(page, "Continue to the questions")
    answer_all_questions(page)
    press_button(page, "See my result")
    expect(heading(page)).to_have_text("Your result")
    sections = page.locator("#checker h2").all_inner_texts()
    assert sections[0] == "Get help today"
    assert_accessible(page, "result with a warning sign")
    assert console.errors == []


def test_back_and_change_keep_the_answers(checker_site, page):
    page.goto(checker_site.url + "/checker/")
    press_button(page, "Start now")
    tick(page, "None of these")
    press_button(page, "Continue")
    tick(page, "You are pregnant")
    press_button(page, "Continue")
    expect(page.locator(".step-caption")).to_have_text(f"Question 2 of {QUESTIONS}")
    press_button(page, "Back")
    expect(page.get_by_label("You are pregnant", exact=True)).to_be_checked()

    press_button(page, "Continue")
    answer_rest = [f"Question {n} of {QUESTIONS}" for n in range(2, QUESTIONS + 1)]
    for caption in answer_rest:
        expect(page.locator(".step-caption")).to_have_text(caption)
        tab_to(page, page.locator("#choice-first"))
        page.keyboard.press("Space")
        press_button(page, "Continue")
    expect(heading(page)).to_have_text("Check your answers")

    press_button(page, "Change Are you 65 or over?")
    expect(heading(page)).to_have_text("Are you 65 or over?")
    expect(page.get_by_label("Yes", exact=True)).to_be_checked()
    # Arrow keys move the choice within a radio group, as in any form.
    tab_to(page, page.get_by_label("Yes", exact=True))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("No", exact=True)).to_be_checked()
    press_button(page, "Continue")
    expect(heading(page)).to_have_text("Check your answers")
    expect(page.locator(".summary-row", has_text="Are you 65 or over?")).to_contain_text("No")


def test_result_prints_as_a_summary_for_a_doctor(checker_site, page):
    page.goto(checker_site.url + "/checker/")
    press_button(page, "Start now")
    tick(page, "A cramp that lasts longer than 10 minutes")
    press_button(page, "Continue")
    press_button(page, "Continue to the questions")
    answer_all_questions(page)
    press_button(page, "See my result")
    expect(heading(page)).to_have_text("Your result")

    page.emulate_media(media="print")
    expect(page.locator(".site-header nav")).to_be_hidden()
    expect(page.get_by_role("link", name="Change my answers")).to_be_hidden()
    expect(page.get_by_text("Printed to take to a healthcare professional")).to_be_visible()
    expect(page.get_by_role("heading", name="Your answers", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Get help today")).to_be_visible()


def start_and_answer_everything(page, base, navigates):
    """From the start page to "Check your answers", ticking the first answer of each step.
    Returns the (caption, first answer's label) of every question, in order."""
    page.goto(base + "/checker/")
    press_button(page, "Start now", navigates=navigates)
    tick(page, "None of these")
    press_button(page, "Continue", navigates=navigates)
    asked = []
    for number in range(1, QUESTIONS + 1):
        caption = f"Question {number} of {QUESTIONS}"
        expect(page.locator(".step-caption")).to_have_text(caption)
        label = page.locator('label[for="choice-first"]').inner_text()
        tick(page, label)
        asked.append((caption, label))
        press_button(page, "Continue", navigates=navigates)
    expect(heading(page)).to_have_text("Check your answers")
    return asked


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_browser_back_returns_to_every_step_with_its_answer(checker_site, browser, javascript):
    """The browser's own Back button, the most used action on phones: every step comes back
    with its answer ticked, never a "Confirm form resubmission" (no POST is sent again)."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    posts = []
    page.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    try:
        asked = start_and_answer_everything(page, checker_site.url, navigates=not javascript)
        sent = len(posts)
        for caption, label in reversed(asked):
            page.go_back()
            expect(page.locator(".step-caption")).to_have_text(caption)
            expect(page.get_by_label(label, exact=True)).to_be_checked()
            assert "?" not in page.url
        page.go_back()
        expect(heading(page)).to_have_text("Do any of these apply to you?")
        expect(page.get_by_label("None of these", exact=True)).to_be_checked()
        assert posts[sent:] == [], "going back must not send any form again"
        # And forward again to "Check your answers", answers intact.
        page.go_forward()
        expect(page.locator(".step-caption")).to_have_text(asked[0][0])
        expect(page.get_by_label(asked[0][1], exact=True)).to_be_checked()
    finally:
        context.close()


def test_clear_my_answers_forgets_them(checker_site, page):
    start_and_answer_everything(page, checker_site.url, navigates=False)
    press_button(page, "See my result")
    expect(heading(page)).to_have_text("Your result")
    press_button(page, "Clear my answers", navigates=True)
    expect(heading(page)).to_have_text("Symptom checker")
    assert [c for c in page.context.cookies() if c["name"] == "checker"] == []
    press_button(page, "Start now")
    expect(page.get_by_label("None of these", exact=True)).not_to_be_checked()
