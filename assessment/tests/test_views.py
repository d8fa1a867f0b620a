import logging
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import Choice, Question, WarningSign
from assessment.state import COOKIE_NAME, State, dump

from .walk import WARNINGS_URL, begin, hidden, post, submit, walk

pytestmark = pytest.mark.django_db

ABOUT_YOU = "About you: do any of these apply?"
DIET = "Which of these describes how you eat?"
MAGNESIUM_ANSWERS = {
    ABOUT_YOU: ["None of these"],
    DIET: ["I eat meat or fish"],
    "When do your cramps usually happen?": ["At night or while sleeping"],
    "Do you also have any of these?": ["Muscle twitching"],
    "Which of these do you eat less than once a week, or never?": ["Leafy greens, such as spinach"],
}


def question(text):
    return Question.objects.get(text=text)


def choice(question_text, label):
    return Choice.objects.get(question__text=question_text, label=label)


def as_reader(client, state):
    """Give the test client the signed answers cookie a reader part-way through would have."""
    client.cookies[COOKIE_NAME] = dump(state)


def question_url(q):
    return reverse("assessment:question", args=[q.pk])


ANSWERED_WARNINGS = State(warnings=frozenset())


# --- Start page ---------------------------------------------------------------------------


def test_start_page_says_what_the_checker_is_and_is_not(client, checker_seeded):
    response = client.get(reverse("assessment:start"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This is not a diagnosis." in page
    assert "simple blood test" in page
    assert "Your answers are never stored" in page
    assert "about 2 minutes" in page
    assert "Start now" in page


def test_start_page_sends_csrf_header_for_htmx(client, checker_seeded):
    page = client.get(reverse("assessment:start")).content.decode()
    assert "hx-headers='{&quot;X-CSRFToken&quot;" in page or 'hx-headers=\'{"X-CSRFToken"' in page


def test_start_page_is_never_cached_or_shared(client, checker_seeded):
    client.get(reverse("assessment:start"))  # a returning reader already has the CSRF cookie
    response = client.get(reverse("assessment:start"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_question_before_the_warning_signs_goes_to_them(client, checker_seeded):
    response = client.get(question_url(question(ABOUT_YOU)))
    assert response.status_code == 303
    assert response["Location"] == WARNINGS_URL


def test_result_without_answers_goes_to_the_warning_signs(client, checker_seeded):
    response = client.get(reverse("assessment:result"))
    assert response.status_code == 303
    assert response["Location"] == WARNINGS_URL


# --- The flow -------------------------------------------------------------------------------


def test_start_shows_warning_signs_first_with_none_of_these(client, checker_seeded):
    response = begin(client)
    page = response.content.decode()
    assert response.status_code == 200
    assert hidden(response, "step") == "warnings"
    assert "Do any of these apply to you?" in page
    assert "A cramp that lasts longer than 10 minutes" in page
    assert "None of these" in page


def test_plain_posts_return_full_pages(client, checker_seeded):
    response = begin(client)
    assert "<html" in response.content.decode()


def test_htmx_posts_return_only_the_checker_region(client, checker_seeded):
    response = begin(client, htmx=True)
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="checker"' in page
    assert page.lstrip().startswith("<title>Warning signs")
    assert "HX-Request" in response["Vary"]


def test_step_responses_are_never_cached(client, checker_seeded):
    response = begin(client)
    assert "no-store" in response["Cache-Control"]


def test_none_of_these_leads_to_about_you_as_question_one(client, checker_seeded):
    response = submit(client, begin(client), warning=["none"])
    page = response.content.decode()
    assert hidden(response, "step") == str(question(ABOUT_YOU).pk)
    assert "Question 1 of 11" in page
    assert "Why we ask this" in page


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_full_run_shows_explained_ranked_result(client, checker_seeded, htmx):
    response = walk(client, answers=MAGNESIUM_ANSWERS, htmx=htmx)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your result" in page
    assert "Magnesium" in page
    assert "Worth looking at" in page
    assert "Because you said:" in page
    assert "“Muscle twitching”" in page
    assert "leafy greens, nuts, seeds, whole grains" in page
    assert reverse("nutrients:nutrient-detail", args=["magnesium"]) in page
    assert "This is not a diagnosis." in page
    assert "Gently stretching the affected muscle can help." in page  # relief advice
    assert "Get medical advice first" not in page
    assert ("<html" in page) is not htmx


def test_nothing_standing_out_says_so_and_gives_general_advice(client, checker_seeded):
    answers = {
        ABOUT_YOU: ["None of these"],
        DIET: ["I eat meat or fish"],
        "When do your cramps usually happen?": ["No clear pattern"],
        "Do you also have any of these?": ["None of these"],
        "How much do you sweat on a typical day?": ["Some"],
        "How much do you drink through the day?": ["About enough"],
        "Which of these do you eat less than once a week, or never?": [
            "I eat all of these most weeks"
        ],
        "How much time do you spend outdoors in daylight?": ["Some time on most days"],
        "Are you 65 or over?": ["No"],
        "Do you take any of these medicines, or have a long-term health condition?": [
            "None of these"
        ],
        "Which of these fit your exercise and stretching habits?": ["None of these"],
    }
    page = walk(client, answers=answers).content.decode()
    assert "No nutrient or other cause stands out from your answers." in page
    assert "leg cramps can happen for no obvious reason" in page
    assert "Staying well-hydrated" in page
    assert "See a GP if…" in page


def test_warning_sign_shows_urgent_advice_at_once_with_its_source(client, checker_seeded):
    sign = WarningSign.objects.get(pk=2)
    response = submit(client, begin(client), warning=[str(sign.pk)])
    page = response.content.decode()
    assert hidden(response, "step") == "urgent"
    assert "Get medical advice first" in page
    assert sign.text in page
    assert "deep vein thrombosis" in page
    assert 'href="https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/"' in page
    assert "Continue to the questions" in page


def test_warning_sign_leads_the_final_result(client, checker_seeded):
    page = walk(client, warnings=["2"], answers=MAGNESIUM_ANSWERS).content.decode()
    assert page.index("Get help today") < page.index("What your answers point to")
    assert page.index("Pain, swelling, warmth or redness in one leg") < page.index("Magnesium")


def test_most_urgent_warning_comes_first(client, checker_seeded):
    response = submit(client, begin(client), warning=["1", "6"])
    page = response.content.decode()
    assert page.index("tetanus") < page.index("urgent GP appointment")


def test_missing_required_answer_rerenders_with_message(client, checker_seeded):
    first = submit(client, begin(client), warning=["none"])
    response = submit(client, first)
    page = response.content.decode()
    assert response.status_code == 200
    assert hidden(response, "step") == hidden(first, "step")
    assert "There is a problem" in page
    assert "Select all the answers that apply, or &#x27;None of these&#x27;." in page
    assert "<title>Error: Question 1 of 11" in page


def test_missing_warning_answer_rerenders_with_message(client, checker_seeded):
    response = submit(client, begin(client))
    assert response.status_code == 200
    assert "Select the signs that apply to you, or select" in response.content.decode()


def test_none_of_these_with_a_sign_is_an_error_not_a_guess(client, checker_seeded):
    response = submit(client, begin(client), warning=["none", "1"])
    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert hidden(response, "step") == "warnings"


def test_exclusive_choice_with_others_is_an_error(client, checker_seeded):
    q = question("Do you also have any of these?")
    as_reader(client, ANSWERED_WARNINGS)
    response = post(
        client,
        {"choice": [choice(q.text, "None of these").pk, choice(q.text, "Muscle twitching").pk]},
        url=question_url(q),
    )
    assert response.status_code == 200
    assert "Select either &#x27;None of these&#x27; or other answers, not both." in (
        response.content.decode()
    )


def test_optional_question_can_be_skipped(client, checker_seeded):
    q = question("Which of these fit your exercise and stretching habits?")
    as_reader(client, ANSWERED_WARNINGS)
    response = post(client, {}, url=question_url(q))
    assert response.status_code == 200
    assert hidden(response, "step") == "review"
    assert "Skipped" in response.content.decode()


def test_back_keeps_the_answers(client, checker_seeded):
    q1 = question(ABOUT_YOU)
    night = choice(q1.text, "Kidney disease, or you have dialysis")
    first = submit(client, begin(client), warning=["none"])
    second = submit(client, first, choice=[night.pk])
    back = submit(client, second, action="back")
    assert hidden(back, "step") == str(q1.pk)
    assert f'value="{night.pk}" id="choice-first" checked' in back.content.decode()
    again = submit(client, back, action="back")
    assert hidden(again, "step") == "warnings"
    assert 'id="warning-none" data-exclusive checked' in again.content.decode()


def test_change_from_review_returns_to_review_with_new_answer(client, checker_seeded):
    review = walk_to_review(client)
    q = question("How often do you get cramps?")
    change = submit(client, review, change=str(q.pk))
    assert hidden(change, "step") == str(q.pk)
    assert hidden(change, "then") == "review"
    weekly = choice(q.text, "Every week")
    back_to_review = submit(client, change, choice=[weekly.pk])
    assert hidden(back_to_review, "step") == "review"
    assert "Every week" in back_to_review.content.decode()


def test_back_while_changing_returns_to_review(client, checker_seeded):
    review = walk_to_review(client)
    q = question("Are you 65 or over?")
    change = submit(client, review, change=str(q.pk))
    assert hidden(submit(client, change, action="back"), "step") == "review"


def test_review_lists_every_answer_with_a_change_button(client, checker_seeded):
    page = walk_to_review(client).content.decode()
    assert "Check your answers" in page
    assert page.count('name="change"') == 12  # warning signs + 11 questions
    assert 'Change<span class="visually-hidden"> Are you 65 or over?</span>' in page


def test_result_sends_reader_back_to_an_unanswered_required_question(client, checker_seeded):
    q = question("Are you 65 or over?")
    as_reader(client, ANSWERED_WARNINGS)
    response = post(client, {"action": "result"}, url=reverse("assessment:review"))
    assert response.status_code == 200
    assert hidden(response, "step") == str(question(ABOUT_YOU).pk)
    assert "Answer this question to see your result." in response.content.decode()
    assert q  # the later question is asked in turn


def test_question_deactivated_while_reader_answers_it_is_skipped_gracefully(client, checker_seeded):
    first = submit(client, begin(client), warning=["none"])
    q1 = question(ABOUT_YOU)
    q1.is_active = False
    q1.save()
    response = submit(client, first, choice=[q1.choices.first().pk])
    page = response.content.decode()
    assert response.status_code == 200
    assert "The questions were updated while you were answering." in page
    assert hidden(response, "step") == str(question("When do your cramps usually happen?").pk)
    assert "Question 1 of 10" in page


def test_deactivated_question_leaves_the_flow(client, checker_seeded):
    q2 = question("When do your cramps usually happen?")
    q2.is_active = False
    q2.save()
    q1 = question(ABOUT_YOU)
    first = submit(client, begin(client), warning=["none"])
    second = submit(client, first, choice=[q1.choices.first().pk])
    assert hidden(second, "step") == str(question("How often do you get cramps?").pk)
    assert "Question 2 of 10" in second.content.decode()


def test_question_step_query_count_is_small(client, checker_seeded, django_assert_max_num_queries):
    first = submit(client, begin(client), warning=["none"])
    night = Choice.objects.get(question__text=ABOUT_YOU, label="None of these").pk
    # settings, questions, choices, weights, warning signs and their triggers, rules, food
    # lists, relief (the questionnaire, read once per content version), footer text
    with django_assert_max_num_queries(10):
        submit(client, first, choice=[night])


def walk_to_review(client):
    response = submit(client, begin(client), warning=["none"])
    for q in Question.objects.active():
        response = submit(client, response, choice=[q.choices.first().pk])
    assert hidden(response, "step") == "review"
    return response


# --- Privacy: no writes, no logs, no URLs -------------------------------------------------


def test_full_run_writes_nothing_to_the_database(client, checker_seeded):
    with CaptureQueriesContext(connection) as queries:
        walk(client, warnings=["2"], answers=MAGNESIUM_ANSWERS)
    statements = [q["sql"].lstrip().split()[0].upper() for q in queries.captured_queries]
    assert statements
    assert set(statements) <= {"SELECT"}, statements


def test_full_run_sets_no_session(client, checker_seeded):
    response = walk(client, answers=MAGNESIUM_ANSWERS)
    assert "sessionid" not in response.cookies
    assert "sessionid" not in client.cookies


def test_no_answer_text_reaches_the_logs(client, checker_seeded, caplog):
    caplog.set_level(logging.DEBUG)
    walk(client, warnings=["2"], answers=MAGNESIUM_ANSWERS)
    client.cookies[COOKIE_NAME] = "tampered"
    client.get(WARNINGS_URL)
    logged = caplog.text
    for label in [
        "At night or while sleeping",
        "Muscle twitching",
        "Leafy greens",
        "Pain, swelling, warmth",
    ]:
        assert label not in logged


def test_answers_never_go_in_a_url(client, checker_seeded):
    response = walk(client, answers=MAGNESIUM_ANSWERS)
    page = response.content.decode()
    assert 'method="post"' in page
    assert 'method="get"' not in page.lower()
    assert "hx-push-url" not in page
    assert "?state=" not in page and "?choice=" not in page
    # Every address the walk went through is a step's own address, with no query string.
    for url, _ in response.redirect_chain:
        assert "?" not in url
        assert url.startswith("/checker/") and url.endswith("/")


def test_steps_require_csrf(checker_seeded):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(WARNINGS_URL, {"warning": "none"})
    assert response.status_code == 403


# --- Bad input: 400, never 500 --------------------------------------------------------------


def first_question():
    return Question.objects.active().first()


def on_first_question(**fields):
    return question_url(first_question()), ANSWERED_WARNINGS, fields


def sixty_five():
    return Question.objects.get(text="Are you 65 or over?")


@pytest.mark.parametrize(
    "make_request",
    [
        pytest.param(lambda: on_first_question(choice="999999"), id="unknown-choice"),
        pytest.param(
            lambda: on_first_question(choice=str(Choice.objects.get(label="Yes").pk)),
            id="choice-of-another-question",
        ),
        pytest.param(lambda: on_first_question(choice="abc"), id="non-numeric-choice"),
        pytest.param(
            lambda: (
                question_url(sixty_five()),
                ANSWERED_WARNINGS,
                {"choice": [str(c.pk) for c in sixty_five().choices.all()]},
            ),
            id="two-answers-to-single-choice",
        ),
        pytest.param(
            lambda: (WARNINGS_URL, State(), {"warning": "424242"}), id="unknown-warning-sign"
        ),
        pytest.param(lambda: (WARNINGS_URL, State(), {"action": "explode"}), id="unknown-action"),
        pytest.param(
            lambda: (WARNINGS_URL, State(), {"then": "elsewhere"}), id="unknown-return-step"
        ),
        pytest.param(lambda: on_first_question(change="1"), id="change-outside-review"),
        pytest.param(
            lambda: (reverse("assessment:review"), ANSWERED_WARNINGS, {"change": "999999"}),
            id="change-to-missing-step",
        ),
    ],
)
def test_bad_input_is_a_400_that_offers_to_start_again(client, checker_seeded, make_request):
    url, state, data = make_request()
    as_reader(client, state)
    response = post(client, data, url=url)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Sorry, we could not use that form" in page
    assert 'href="/checker/"' in page
    assert "Start again" in page


UNICODE_DIGITS = ["²", "١", "𝟙", "1²", "١٢"]


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
@pytest.mark.parametrize("field", ["warning", "choice", "change"])
def test_unicode_digits_are_never_taken_as_ids(client, checker_seeded, field, digits):
    """``"²".isdigit()`` is true and ``int("١") == 1``: neither may reach the database or a 500."""
    if field == "warning":
        url, data = WARNINGS_URL, {"warning": digits}
    elif field == "choice":
        as_reader(client, ANSWERED_WARNINGS)
        url, data = question_url(first_question()), {"choice": digits}
    else:
        as_reader(client, ANSWERED_WARNINGS)
        url, data = reverse("assessment:review"), {"change": digits}
    response = post(client, data, url=url)
    assert response.status_code == 400
    assert "Sorry, we could not use that form" in response.content.decode()


def test_an_arabic_indic_digit_is_not_the_choice_with_that_number(client, checker_seeded):
    first = first_question()
    real = str(first.choices.first().pk)
    arabic = real.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    as_reader(client, ANSWERED_WARNINGS)
    assert post(client, {"choice": real}, url=question_url(first)).status_code == 200
    as_reader(client, ANSWERED_WARNINGS)
    assert post(client, {"choice": arabic}, url=question_url(first)).status_code == 400


@pytest.mark.parametrize(
    "cookie",
    [
        pytest.param("not-a-signed-value", id="garbage"),
        pytest.param(lambda: dump(ANSWERED_WARNINGS)[:-3] + "abc", id="tampered-signature"),
        pytest.param("x" * 5000, id="oversized"),
        pytest.param(lambda: dump(ANSWERED_WARNINGS, {"s": 5}), id="malformed-flash"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_altered_cookie_is_a_400_that_forgets_it(client, checker_seeded, cookie, method):
    client.cookies[COOKIE_NAME] = cookie() if callable(cookie) else cookie
    url = question_url(first_question())
    response = client.get(url) if method == "GET" else post(client, {}, url=url, follow=False)
    assert response.status_code == 400
    assert "could not be read back" in response.content.decode()
    assert response.cookies[COOKIE_NAME].value == ""  # deleted


def test_an_address_for_no_question_is_a_400(client, checker_seeded):
    as_reader(client, ANSWERED_WARNINGS)
    response = client.get("/checker/question/999999/")
    assert response.status_code == 400
    assert "That step of the checker does not exist." in response.content.decode()


def test_bad_input_over_htmx_is_a_400_partial(client, checker_seeded):
    as_reader(client, ANSWERED_WARNINGS)
    response = post(client, {"choice": "abc"}, url=question_url(first_question()), htmx=True)
    assert response.status_code == 400
    assert "<html" not in response.content.decode()
    assert 'id="checker"' in response.content.decode()


def test_expired_answers_are_a_400_that_says_so(client, checker_seeded, monkeypatch):
    signed = dump(ANSWERED_WARNINGS)
    later = time.time() + 3 * 60 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    client.cookies[COOKIE_NAME] = signed
    response = client.get(question_url(first_question()))
    assert response.status_code == 400
    assert "Your answers have expired" in response.content.decode()


def test_oversized_post_is_a_400(client, checker_seeded):
    response = post(client, {"warning": "none", "pad": "x" * 30_000})
    assert response.status_code == 400
    assert "far larger" in response.content.decode()


def test_huge_post_is_a_400_not_a_500(client, checker_seeded):
    response = post(client, {"pad": "x" * 3_000_000})
    assert response.status_code == 400


def test_too_many_fields_is_a_400_not_a_500(client, checker_seeded):
    response = post(client, {f"f{i}": "1" for i in range(1200)})
    assert response.status_code == 400


def test_too_many_choices_is_a_400(client, checker_seeded):
    url, state, _ = on_first_question()
    as_reader(client, state)
    response = post(client, {"choice": ["1"] * 50}, url=url)
    assert response.status_code == 400


def test_start_page_text_is_editable_but_safety_text_stays(client, checker_seeded):
    from nutrients.models import Page

    Page.objects.filter(slug=Page.Slot.CHECKER_INTRO).update(body="Edited introduction.")
    page = client.get(reverse("assessment:start")).content.decode()
    assert "Edited introduction." in page
    assert "about 2 minutes" not in page
    assert "This is not a diagnosis." in page
    assert "call 999 now" in page
