"""Bad input, tried systematically: never a 500, always a readable refusal.

Hypothesis throws random and hostile values at every public URL pattern: path parts, query
strings with repeated keys, wrong methods, htmx requests, missing CSRF tokens. Whatever comes
in, the answer is never a 500, and a refusal is a readable page (a 4xx with a heading).

A route added to the site without an entry in ROUTES fails ``test_every_public_route_is_fuzzed``.
"""

import os
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.tests.http import HTMX

pytestmark = pytest.mark.django_db

CI = os.environ.get("CI", "").lower() == "true"
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")),
    deadline=None,
    database=None,
    derandomize=CI,  # CI runs are repeatable
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "%",
    "%ZZ",
    "' OR '1'='1' --",
    '"; DROP TABLE nutrients_nutrient; --',
    "1 UNION SELECT password FROM auth_user",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "${7*7}",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "../../../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e999",
    "NaN",
    "[]",
    "{}",
    "true",
    "ЁЖ中文🙂",
    "\u202e\u200b\ufeff",
    "e\u0301",
    # Digits that are not ASCII: "²".isdigit() is true but int("²") fails; int("١") is 1.
    "²",
    "١",
    "𝟙",
    "1²",
    "١٢",
    "٣\u200f",
    "1\x00",
    "\u200f1",
    "1\u0301",
    "x" * 5000,
    "🙂" * 1000,
]

# Characters that look like, sit next to or combine with digits: ASCII and Unicode digits
# (superscript, Arabic-Indic, Devanagari, fullwidth, mathematical), NUL, right-to-left and
# zero-width marks, combining accents, signs and separators int() would accept.
HOSTILE_CHARS = "0123456789²³¹١٢٣٠७８𝟙𝟘\x00\u200e\u200f\u202e\u200b\ufeff\u0301\u0308+-_ .e"
id_like = st.text(alphabet=HOSTILE_CHARS, min_size=1, max_size=14)

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    id_like,
    st.text(max_size=40),
    st.binary(max_size=20).map(lambda b: b.decode("latin-1")),
)

# Query keys the public pages read, and some they do not.
QUERY_KEYS = [
    "q",
    "page",
    "nutrient",
    "food",
    "symptom",
    "kind",
    "evidence",
    "grade",
    "sort",
    "order",
    "format",
    "group",
    "csrfmiddlewaretoken",
    "__proto__",
    "",
]
# Values the filters understand, so fuzzing also reaches the code behind a valid filter.
GOOD_VALUES = [
    "vitamin",
    "mineral",
    "tingling",
    "leafy-greens",
    "nuts",
    "nutrient",
    "-kind",
    "1",
    "too-little",
]
query_pairs = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(QUERY_KEYS), hostile_text),
        st.one_of(st.sampled_from(GOOD_VALUES), hostile_text),
    ),
    max_size=8,
)

SEEDED_SLUGS = {
    "nutrients:nutrient-detail": ["magnesium", "b-vitamins"],
    "nutrients:food-detail": ["leafy-greens", "sunlight"],
    "nutrients:page": [
        "about",
        "conclusion",
        "privacy",
        "introduction",
        "footer-advice",
        "how-we-grade-evidence",
    ],
}

# Every public route by name, with the methods it answers. Routes taking a slug get random ones.
READ = {"GET", "HEAD"}
ROUTES = {
    "sitemap": READ,
    "robots-txt": READ,
    "favicon": None,  # a redirect: answers any method
    "assessment:start": READ,
    "assessment:about": READ,
    # Each step shows its question (GET) and takes its answers (POST); clear is a POST only.
    "assessment:warnings": {"GET", "HEAD", "POST"},
    "assessment:urgent": {"GET", "HEAD", "POST"},
    "assessment:question": {"GET", "HEAD", "POST"},
    "assessment:review": {"GET", "HEAD", "POST"},
    "assessment:result": READ,
    "assessment:clear": {"POST"},
    "feedback:give": {"GET", "POST"},  # GET shows the send step; POST stores the message
    "feedback:contact": {"GET", "POST"},
    "nutrients:home": READ,
    "nutrients:nutrient-list": READ,
    "nutrients:nutrient-detail": READ,
    "nutrients:compare": READ,
    "nutrients:compare-csv": READ,
    "nutrients:food-list": READ,
    "nutrients:food-detail": READ,
    "nutrients:factors": READ,
    "nutrients:glossary": READ,
    "nutrients:page": READ,
    "search:search": READ,
}
SLUG_ROUTES = {"nutrients:nutrient-detail", "nutrients:food-detail", "nutrients:page"}
ID_ROUTES = {"assessment:question"}
GET_ROUTES = sorted(ROUTES)


def public_routes() -> dict[str, str]:
    """Every named URL pattern outside the admin, with its route text."""
    found = {}

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = ":".join(filter(None, [namespace, pattern.name or "UNNAMED"]))
                found[name] = prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns)
    return found


def test_every_public_route_is_fuzzed():
    assert set(public_routes()) == set(ROUTES)


def path_for(name: str, slug: str | None) -> str:
    if name in ID_ROUTES:
        return reverse(name, kwargs={"question_id": 1})
    if name not in SLUG_ROUTES:
        return reverse(name)
    placeholder = reverse(name, kwargs={"slug": "PLACEHOLDER"})
    return placeholder.replace("PLACEHOLDER", quote(slug or "", safe=""))


def assert_not_broken(response, what=""):
    status = response.status_code
    assert status < 500, f"{status} for {what}"
    if status >= 400 and response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        # A whole page has its h1; a region htmx swaps in (the feedback box) its own heading.
        readable = "<h1" in html or (response.request.get("HTTP_HX_REQUEST") and "<h2" in html)
        assert readable, f"refusal without a readable page: {status} for {what}"


slugs = st.one_of(
    st.sampled_from(sorted({s for v in SEEDED_SLUGS.values() for s in v})),
    st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
    hostile_text,
)


@pytest.mark.parametrize("name", GET_ROUTES)
@FUZZ
@given(slug=slugs, pairs=query_pairs, htmx=st.booleans())
def test_get_with_hostile_path_and_query_never_breaks(seeded, client, name, slug, pairs, htmx):
    url = path_for(name, slug)
    query = urlencode(pairs)
    headers = HTMX if htmx else {}
    response = client.get(f"{url}?{query}", headers=headers)
    assert_not_broken(response, f"GET {url}?{query[:200]}")


@pytest.mark.parametrize("name", GET_ROUTES)
@FUZZ
@given(raw=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60), st.binary(max_size=60)))
def test_raw_query_strings_never_break(seeded, client, name, raw):
    """Undecoded bytes as a WSGI server passes them on (bad %-escapes, invalid UTF-8...)."""
    url = path_for(name, SEEDED_SLUGS.get(name, [None])[0])
    raw = (raw if isinstance(raw, bytes) else raw.encode()).decode("latin-1")
    response = client.get(url, QUERY_STRING=raw)
    assert_not_broken(response, f"GET {url}?{raw[:200]!r}")


WRONG_METHODS = [
    (name, method)
    for name in GET_ROUTES
    if ROUTES[name]
    for method in ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "HEAD"]
    if method not in ROUTES[name]
]


@pytest.mark.parametrize(("name", "method"), WRONG_METHODS)
def test_wrong_methods_are_refused_readably(seeded, client, name, method):
    url = path_for(name, SEEDED_SLUGS.get(name, [None])[0])
    response = client.generic(method, url)
    assert response.status_code == 405, f"{method} {url}"
    if method != "HEAD":
        assert "does not accept that kind of request" in response.content.decode()


# Pages that, for a reader with no answers yet, redirect to the checker's first step.
NEEDS_ANSWERS = {"assessment:result"}


@pytest.mark.parametrize(
    "name", [name for name in GET_ROUTES if ROUTES[name] == READ and name not in NEEDS_ANSWERS]
)
def test_head_answers_like_get_with_the_security_headers(seeded, client, name):
    """``curl -I`` shows what a browser gets: the status and the strict policy."""
    url = path_for(name, SEEDED_SLUGS.get(name, [None])[0])
    head, get = client.head(url), client.get(url)
    assert head.status_code == get.status_code == 200
    assert head["Content-Security-Policy"] == get["Content-Security-Policy"]
    assert head["Permissions-Policy"] == get["Permissions-Policy"]
    assert head.content == b""


@pytest.mark.parametrize("name", GET_ROUTES)
def test_post_without_csrf_token_gets_the_friendly_403(seeded, name):
    client = Client(enforce_csrf_checks=True)
    url = path_for(name, SEEDED_SLUGS.get(name, [None])[0])
    response = client.post(url, {"anything": "x"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


# --- The symptom checker's steps ----------------------------------------------------------------

CHECKER_FIELDS = ["then", "change", "action", "warning", "choice"]
CHECKER_VALUES = ["next", "back", "result", "continue", "change", "none", "warnings", "review"]


@pytest.fixture
def checker_states(db, client):
    """(answers cookie, step address) at every point of one walk through the shipped checker."""
    from django.core.management import call_command

    from assessment.models import Question
    from assessment.state import COOKIE_NAME
    from assessment.tests.walk import begin, submit

    call_command("loaddata", "content", "checker", verbosity=0)
    response = begin(client)
    states = [("", response.request["PATH_INFO"])]
    response = submit(client, response, warning=["none"])
    for question in Question.objects.active().prefetch_related("choices"):
        states.append((client.cookies[COOKIE_NAME].value, response.request["PATH_INFO"]))
        response = submit(client, response, choice=[question.choices.all()[0].pk])
    states.append((client.cookies[COOKIE_NAME].value, response.request["PATH_INFO"]))
    assert states[-1][1] == reverse("assessment:review")
    ids = [str(pk) for pk in Question.objects.values_list("choices__pk", flat=True)]
    return states, ids


checker_pairs = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(CHECKER_FIELDS), hostile_text),
        st.one_of(
            st.sampled_from(CHECKER_VALUES), st.integers(-5, 500).map(str), id_like, hostile_text
        ),
    ),
    max_size=8,
)


@FUZZ
@given(
    at=st.integers(0, 1000),
    keep_state=st.booleans(),
    pairs=checker_pairs,
    htmx=st.booleans(),
    real_choice=st.booleans(),
)
def test_checker_steps_with_hostile_answers_never_break(
    checker_states, client, caplog, at, keep_state, pairs, htmx, real_choice
):
    from assessment.state import COOKIE_NAME

    states, choice_ids = checker_states
    state, url = states[at % len(states)]
    client.cookies.pop(COOKIE_NAME, None)
    if keep_state and state:
        client.cookies[COOKIE_NAME] = state
    fields = [("choice", choice_ids[at % len(choice_ids)])] if real_choice else []
    fields += pairs
    caplog.clear()
    response = client.post(
        url,
        urlencode(fields),
        content_type="application/x-www-form-urlencoded",
        headers=HTMX if htmx else {},
    )
    assert_not_broken(response, f"POST {url} {fields!r:.300}")
    if response.status_code >= 400:
        assert "Sorry, we could not use that form" in response.content.decode()
    # Nothing typed in is kept: no session, only the CSRF cookie and the signed answers (ids),
    # no answer in a redirect address, nothing in the logs.
    assert set(response.cookies) <= {"csrftoken", COOKIE_NAME}
    assert "Location" not in response or "?" not in response["Location"]
    logged = " ".join(r.getMessage() for r in caplog.records).replace(url, "")
    for _, value in pairs:
        if len(value) >= 8:
            assert value not in logged
            if COOKIE_NAME in response.cookies:
                assert value not in response.cookies[COOKIE_NAME].value


def test_checker_rejects_a_forged_cookie_readably(checker_states, client):
    from assessment.state import COOKIE_NAME

    states, _ = checker_states
    token, url = states[1]
    client.cookies[COOKIE_NAME] = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    response = client.post(url, {"choice": "1"})
    assert response.status_code == 400
    assert "could not be read back" in response.content.decode()


def test_checker_rejects_a_huge_form_readably(checker_states, client):
    response = client.post(reverse("assessment:warnings"), {"choice": "x" * 50_000})
    assert response.status_code == 400
    assert "far larger than any of our steps" in response.content.decode()


# --- Requests refused before any view runs -------------------------------------------------------


def test_too_many_query_fields_is_a_readable_400(seeded, client):
    query = "&".join(f"k{i}=v" for i in range(1500))
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 400
    assert "We could not understand that request" in response.content.decode()


def test_unknown_host_is_a_readable_400(seeded):
    client = Client(raise_request_exception=False)  # Django logs it as a security event
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "We could not understand that request" in response.content.decode()


# --- Readers' feedback forms -------------------------------------------------------------------

FEEDBACK_FIELDS = ["page", "helpful", "comment", "website", "csrfmiddlewaretoken"]
FEEDBACK_VALUES = ["/nutrients/magnesium/", "/compare/?x=1", "yes", "no", "", "//evil.example"]
feedback_pairs = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(FEEDBACK_FIELDS), hostile_text),
        st.one_of(st.sampled_from(FEEDBACK_VALUES), hostile_text),
    ),
    max_size=8,
)


@pytest.mark.parametrize("name", ["feedback:give", "feedback:contact"])
@FUZZ
@given(pairs=feedback_pairs, htmx=st.booleans())
def test_feedback_posts_never_break(seeded, client, name, pairs, htmx):
    from unittest import mock

    from feedback import ratelimit

    headers = {"HX-Request": "true"} if htmx else {}
    # Without this the rate limit would answer every later example with a 429.
    with mock.patch.object(ratelimit, "MESSAGES_PER_WINDOW", 10**9):
        response = client.post(
            reverse(name),
            urlencode(pairs),
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )
    assert_not_broken(response, f"POST {name} {pairs!r:.200}")
