"""Back works on every step: each step has its own address, forms Post/Redirect/Get, and the
answers live in a signed, short-lived, HttpOnly, SameSite=Strict cookie (never in the URL,
the database, the session or the logs)."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from assessment.models import Question
from assessment.state import COOKIE_NAME, COOKIE_PATH, MAX_AGE, SALT

from .walk import HTMX, WARNINGS_URL, begin, step_of, submit

pytestmark = pytest.mark.django_db


def cookie_payload(client):
    return signing.loads(client.cookies[COOKIE_NAME].value, salt=SALT)


def test_each_step_answers_with_a_redirect_to_the_next_address(client, checker_seeded):
    response = client.post(WARNINGS_URL, {"warning": "none"})
    first = Question.objects.active().first()
    assert response.status_code == 303
    assert response["Location"] == reverse("assessment:question", args=[first.pk])


def test_back_to_any_earlier_address_shows_its_answers_ticked(client, checker_seeded):
    """What the browser's Back button does without JavaScript: GET the previous address."""
    response = submit(client, begin(client), warning=["none"])
    visited = []
    for question in Question.objects.active().prefetch_related("choices"):
        picked = question.choices.all()[0]
        visited.append((response.request["PATH_INFO"], picked.pk))
        response = submit(client, response, choice=[picked.pk])
    assert step_of(response) == "review"
    for url, picked in reversed(visited):
        page = client.get(url)
        assert page.status_code == 200
        assert f'value="{picked}" id="choice-first" checked' in page.content.decode()
    warnings = client.get(WARNINGS_URL).content.decode()
    assert 'id="warning-none" data-exclusive checked' in warnings


def test_a_form_with_a_mistake_is_also_answered_with_a_redirect(client, checker_seeded):
    first = submit(client, begin(client), warning=["none"])
    url = first.request["PATH_INFO"]
    response = client.post(url, {"action": "next"})
    assert response.status_code == 303
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "There is a problem" in page
    # Shown once: reloading (or coming back later) shows the question without the error.
    assert "There is a problem" not in client.get(url).content.decode()


def test_the_ticks_of_a_form_with_a_mistake_are_kept(client, checker_seeded):
    response = client.post(WARNINGS_URL, {"warning": ["none", "1"]}, follow=True)
    page = response.content.decode()
    assert "not both" in page
    assert 'id="warning-none" data-exclusive checked' in page


def test_the_cookie_is_signed_httponly_strict_short_lived_and_checker_only(client, checker_seeded):
    client.post(WARNINGS_URL, {"warning": "none"})
    morsel = client.cookies[COOKIE_NAME]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Strict"
    assert morsel["path"] == COOKIE_PATH == "/checker/"
    assert int(morsel["max-age"]) == MAX_AGE == 2 * 60 * 60
    assert cookie_payload(client)["w"] == []


def test_the_cookie_is_secure_in_production(client, checker_seeded, settings):
    settings.SESSION_COOKIE_SECURE = True
    client.post(WARNINGS_URL, {"warning": "none"})
    assert client.cookies[COOKIE_NAME]["secure"]


def test_the_cookie_holds_ids_never_the_words_of_an_answer(client, checker_seeded):
    response = submit(client, begin(client), warning=["none"])
    about = Question.objects.active().first()
    pregnant = about.choices.get(label="You are pregnant")
    submit(client, response, choice=[pregnant.pk])
    value = client.cookies[COOKIE_NAME].value
    assert "pregnant" not in value.lower()
    assert cookie_payload(client)["a"] == {str(about.pk): [pregnant.pk]}


def test_clear_my_answers_deletes_the_cookie(client, checker_seeded):
    client.post(WARNINGS_URL, {"warning": "none"})
    response = client.post(reverse("assessment:clear"))
    assert response.status_code == 303
    assert response["Location"] == reverse("assessment:start")
    assert response.cookies[COOKIE_NAME].value == ""
    assert response.cookies[COOKIE_NAME]["path"] == COOKIE_PATH
    # The questions are empty again.
    client.cookies.pop(COOKIE_NAME, None)
    assert "checked" not in client.get(WARNINGS_URL).content.decode()


def test_clear_is_a_post_only(client, checker_seeded):
    assert client.get(reverse("assessment:clear")).status_code == 405


def test_htmx_pages_put_their_own_address_in_the_history(client, checker_seeded):
    response = client.post(WARNINGS_URL, {"warning": "none"}, headers=HTMX, follow=True)
    first = Question.objects.active().first()
    url = reverse("assessment:question", args=[first.pk])
    assert response.redirect_chain == [(url, 303)]
    assert response["HX-Push-Url"] == url
    assert "<html" not in response.content.decode()


def test_htmx_mistakes_are_swapped_in_place_without_a_history_entry(client, checker_seeded):
    response = client.post(WARNINGS_URL, {"action": "next"}, headers=HTMX)
    assert response.status_code == 200
    assert "HX-Push-Url" not in response
    assert "There is a problem" in response.content.decode()


def test_history_restore_gets_the_whole_page(client, checker_seeded):
    """htmx keeps no copy of checker pages (no history cache): on Back it asks the server for
    the page, without the HX-Request header, and gets it whole."""
    client.post(WARNINGS_URL, {"warning": "none"})
    response = client.get(WARNINGS_URL, headers={"HX-History-Restore-Request": "true"})
    page = response.content.decode()
    assert "<html" in page
    assert 'data-hx-history="false"' in page


def test_changing_an_answer_from_review_and_going_back_returns_to_review(client, checker_seeded):
    response = submit(client, begin(client), warning=["none"])
    for question in Question.objects.active().prefetch_related("choices"):
        response = submit(client, response, choice=[question.choices.all()[0].pk])
    sixty_five = Question.objects.get(text="Are you 65 or over?")
    change = submit(client, response, change=str(sixty_five.pk))
    assert step_of(change) == str(sixty_five.pk)
    assert "?" not in change.request["PATH_INFO"]
    no = sixty_five.choices.get(label="No")
    back_to_review = submit(client, change, choice=[no.pk])
    assert step_of(back_to_review) == "review"
    assert "Are you 65 or over?</dt>\n        <dd>No</dd>" in back_to_review.content.decode()


def test_in_page_back_keeps_the_ticks_made_on_the_page(client, checker_seeded):
    """Tick an answer, press the page's own Back, come forward again: the tick is still there."""
    first_page = submit(client, begin(client), warning=["none"])
    first, second = Question.objects.active().prefetch_related("choices")[:2]
    second_page = submit(client, first_page, choice=[first.choices.all()[0].pk])
    assert step_of(second_page) == str(second.pk)
    ticked = second.choices.all()[0]

    back = submit(client, second_page, action="back", choice=[ticked.pk])
    assert step_of(back) == str(first.pk)
    assert "There is a problem" not in back.content.decode()
    forward = client.get(second_page.request["PATH_INFO"]).content.decode()
    assert f'value="{ticked.pk}" id="choice-first" checked' in forward


@pytest.mark.parametrize("ticks", ["none", "clash"])
def test_in_page_back_with_no_complete_answer_keeps_the_saved_one_and_shows_no_error(
    client, checker_seeded, ticks
):
    multiple = (
        Question.objects.active()
        .filter(kind=Question.Kind.MULTIPLE, choices__is_exclusive=True)
        .exclude(pk=Question.objects.active().first().pk)
        .first()
    )
    response = submit(client, begin(client), warning=["none"])
    while step_of(response) != str(multiple.pk):
        question = Question.objects.get(pk=step_of(response))
        response = submit(client, response, choice=[question.choices.all()[0].pk])
    exclusive = multiple.choices.get(is_exclusive=True)
    response = submit(client, response, choice=[exclusive.pk])  # saved: the opt-out
    response = client.get(reverse("assessment:question", args=[multiple.pk]))
    other = multiple.choices.filter(is_exclusive=False)[0]
    sent = [] if ticks == "none" else [exclusive.pk, other.pk]
    back = submit(client, response, action="back", choice=sent)
    assert "There is a problem" not in back.content.decode()
    again = client.get(reverse("assessment:question", args=[multiple.pk])).content.decode()
    assert f'value="{exclusive.pk}"' in again
    assert re.search(rf'value="{exclusive.pk}"[^>]* checked', again)
    assert not re.search(rf'value="{other.pk}"[^>]* checked', again)


def test_in_page_back_with_a_choice_that_is_not_ours_is_a_400(client, checker_seeded):
    response = submit(client, begin(client), warning=["none"])
    assert submit(client, response, action="back", choice=["999999"]).status_code == 400


def test_reloading_a_question_opened_from_change_still_returns_to_review(client, checker_seeded):
    response = submit(client, begin(client), warning=["none"])
    for question in Question.objects.active().prefetch_related("choices"):
        response = submit(client, response, choice=[question.choices.all()[0].pk])
    sixty_five = Question.objects.get(text="Are you 65 or over?")
    change = submit(client, response, change=str(sixty_five.pk))
    url = change.request["PATH_INFO"]
    for _ in range(2):  # the reader reloads the page, twice
        change = client.get(url)
        assert 'name="then" value="review"' in change.content.decode()
    no = sixty_five.choices.get(label="No")
    assert step_of(submit(client, change, choice=[no.pk])) == "review"


def test_return_to_review_is_forgotten_once_the_reader_goes_elsewhere(client, checker_seeded):
    response = submit(client, begin(client), warning=["none"])
    for question in Question.objects.active().prefetch_related("choices"):
        response = submit(client, response, choice=[question.choices.all()[0].pk])
    first, sixty_five = (
        Question.objects.active().first(),
        Question.objects.get(text="Are you 65 or over?"),
    )
    submit(client, response, change=str(sixty_five.pk))
    client.get(reverse("assessment:question", args=[first.pk]))  # e.g. the browser's Back
    page = client.get(reverse("assessment:question", args=[sixty_five.pk])).content.decode()
    assert 'name="then"' not in page
