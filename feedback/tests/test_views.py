"""Readers' feedback: what is stored (and what never is), limits, spam and bad input."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from feedback import ratelimit
from feedback.models import COMMENT_MAX_LENGTH, Feedback
from nutrients.tests.factories import make_nutrient

pytestmark = pytest.mark.django_db

GIVE = "/feedback/"
CONTACT = "/contact/"
PAGE = "/nutrients/magnesium/"
ADDRESS = "203.0.113.77"


@pytest.fixture
def magnesium(db):
    return make_nutrient("Magnesium")


def send(client, **fields):
    data = {"page": PAGE, "helpful": "yes", "comment": "", "website": "", **fields}
    return client.post(GIVE, data, REMOTE_ADDR=ADDRESS)


def test_content_page_asks_without_a_csrf_token_and_stays_cached(client, magnesium):
    first = client.get(PAGE)
    html = first.content.decode()
    assert "Was this page helpful?" in html
    assert f'action="{GIVE}"' in html and f'name="page" value="{PAGE}"' in html
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in first.cookies
    assert client.get(PAGE)["X-Page-Cache"] == "hit"


def test_checker_pages_ask_about_the_checker_never_about_answers(client):
    html = client.get(reverse("assessment:start")).content.decode()
    box = html[html.index('id="feedback"') :]
    assert 'name="page" value="/checker/"' in box
    assert 'name="state"' not in box and 'name="choice"' not in box
    # A step (a page holding answers) only links to Contact us: no form to send anything.
    step = client.get(reverse("assessment:warnings")).content.decode()
    box = step[step.index('id="feedback"') :]
    assert "<form" not in box[: box.index("</section>")]
    assert 'href="/contact/?page=/checker/"' in box


def test_send_step_carries_the_token_and_is_never_cached(client, magnesium):
    response = client.get(GIVE, {"page": PAGE, "helpful": "no"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html
    assert re.search(r'value="no" id="id_helpful_no" checked', html)
    assert "no-store" in response["Cache-Control"]
    assert not Feedback.objects.exists()  # looking at the form stores nothing


@pytest.mark.parametrize("page", ["", "https://evil.example/", "//evil.example/x", "/no/such/"])
def test_send_step_for_a_page_that_is_not_ours_is_a_400(client, page):
    response = client.get(GIVE, {"page": page, "helpful": "yes"})
    assert response.status_code == 400
    assert "does not point at a page of this site" in response.content.decode()


def test_feedback_is_stored_with_only_what_the_reader_gave(client, magnesium):
    response = send(client, helpful="no", comment="The dose table is hard to read.")
    assert response.status_code == 200
    assert "your feedback was sent" in response.content.decode()
    (stored,) = Feedback.objects.values()
    assert set(stored) == {
        "id", "kind", "page", "helpful", "comment", "received_on", "dealt_with",
    }  # fmt: skip
    assert stored["kind"] == "helpful" and stored["page"] == PAGE
    assert stored["helpful"] is False
    assert stored["comment"] == "The dose table is hard to read."
    assert stored["dealt_with"] is False


def test_nothing_personal_is_stored_or_kept_in_the_cache(client, magnesium):
    send(client, comment="Useful.")
    row = " ".join(str(value) for value in Feedback.objects.values().get().values())
    assert ADDRESS not in row
    assert "Mozilla" not in row
    # The rate limit's cache key is a salted hash, not the address.
    key = ratelimit._key(type("R", (), {"META": {"REMOTE_ADDR": ADDRESS}})())
    assert ADDRESS not in key and cache.get(key) == 1
    assert "sessionid" not in client.cookies


def test_query_string_is_not_kept(client, magnesium):
    send(client, page="/compare/?symptom=tingling")
    assert Feedback.objects.get().page == "/compare/"


def test_honeypot_filled_is_refused_and_not_stored(client, magnesium):
    response = send(client, website="http://spam.example")
    assert response.status_code == 400
    assert "spam robots" in response.content.decode()
    assert not Feedback.objects.exists()


def test_comment_over_the_limit_is_a_400_with_the_limit(client, magnesium):
    response = send(client, comment="x" * (COMMENT_MAX_LENGTH + 1))
    assert response.status_code == 400
    assert f"at most {COMMENT_MAX_LENGTH} characters" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("helpful", ["", "maybe"])
def test_missing_or_odd_answer_is_a_400(client, magnesium, helpful):
    response = send(client, helpful=helpful)
    assert response.status_code == 400
    assert "Choose Yes or No." in response.content.decode()


def test_unknown_page_in_a_post_is_a_400(client):
    response = send(client, page="/admin/")
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_rate_limit_per_reader_without_blocking_others(client, magnesium):
    for _ in range(ratelimit.MESSAGES_PER_WINDOW):
        assert send(client).status_code == 200
    refused = send(client)
    assert refused.status_code == 429
    assert "wait ten minutes" in refused.content.decode()
    assert Feedback.objects.count() == ratelimit.MESSAGES_PER_WINDOW
    other = Client().post(GIVE, {"page": PAGE, "helpful": "yes"}, REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 200


def test_post_needs_the_csrf_token(magnesium):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(GIVE, {"page": PAGE, "helpful": "yes"})
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_post_with_the_token_from_the_send_step_works(magnesium):
    strict = Client(enforce_csrf_checks=True)
    form = strict.get(GIVE, {"page": PAGE, "helpful": "yes"}).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = strict.post(GIVE, {"page": PAGE, "helpful": "yes", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert Feedback.objects.count() == 1


def test_htmx_gets_only_the_box(client, magnesium):
    response = client.get(GIVE, {"page": PAGE, "helpful": "yes"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="feedback" id="feedback"')
    assert "<html" not in html
    sent = client.post(
        GIVE, {"page": PAGE, "helpful": "yes"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "your feedback was sent" in sent and "<html" not in sent


def test_feedback_never_enters_the_page_cache(client, magnesium):
    response = send(client)
    assert "X-Page-Cache" not in response or response["X-Page-Cache"] != "hit"
    again = client.get(GIVE, {"page": PAGE, "helpful": "yes"})
    assert again.get("X-Page-Cache") != "hit"


def test_sending_feedback_does_not_empty_the_page_cache(client, magnesium):
    client.get(PAGE)
    send(client)
    assert Client().get(PAGE)["X-Page-Cache"] == "hit"


def test_wrong_method_is_a_405(client):
    assert client.put(GIVE).status_code == 405


def test_contact_stores_an_error_report(client, magnesium):
    page = client.get(CONTACT, {"page": PAGE})
    assert page.status_code == 200
    assert f'value="{PAGE}"' in page.content.decode()
    response = client.post(
        CONTACT, {"page": PAGE, "comment": "Broken link in sources."}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 200
    stored = Feedback.objects.get()
    assert (stored.kind, stored.page, stored.helpful, stored.comment) == (
        "error",
        PAGE,
        None,
        "Broken link in sources.",
    )


def test_contact_about_the_whole_site_needs_no_page(client):
    response = client.post(CONTACT, {"page": "", "comment": "Text too small on phones."})
    assert response.status_code == 200
    assert Feedback.objects.get().page == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"comment": ""}, "Tell us what is wrong."),
        ({"comment": "x", "page": "https://evil.example/"}, "not an address on this site"),
        ({"comment": "x" * (COMMENT_MAX_LENGTH + 1)}, f"at most {COMMENT_MAX_LENGTH}"),
        ({"comment": "x", "website": "spam"}, "spam robots"),
    ],
)
def test_contact_bad_input_is_a_400_with_a_clear_message(client, data, message):
    response = client.post(CONTACT, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_footer_links_to_contact_us(client, magnesium):
    assert f'href="{CONTACT}"' in client.get(PAGE).content.decode()
