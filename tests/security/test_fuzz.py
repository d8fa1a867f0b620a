"""Bad input, tried systematically (issue 5, item 5).

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

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")),
    deadline=None,
    database=None,
    derandomize=os.environ.get("CI", "").lower() == "true",  # CI runs are repeatable
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
    "x" * 5000,
    "🙂" * 1000,
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
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
    "sort",
    "order",
    "format",
    "group",
    "csrfmiddlewaretoken",
    "__proto__",
    "",
]
# Values the filters understand, so fuzzing also reaches the code behind a valid filter.
GOOD_VALUES = ["vitamin", "mineral", "tingling", "leafy-greens", "nuts", "nutrient", "-kind", "1"]
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
    "nutrients:page": ["about", "conclusion", "privacy", "introduction", "footer-advice"],
}

# Every public route by name: the path parameters it takes (GET pages) or its form (POST).
ROUTES = {
    "sitemap": {},
    "robots-txt": {},
    "favicon": {},
    "assessment:start": {},
    "nutrients:home": {},
    "nutrients:nutrient-list": {},
    "nutrients:nutrient-detail": {"slug"},
    "nutrients:compare": {},
    "nutrients:compare-csv": {},
    "nutrients:food-list": {},
    "nutrients:food-detail": {"slug"},
    "nutrients:factors": {},
    "nutrients:page": {"slug"},
}
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
    if not ROUTES[name]:
        return reverse(name)
    placeholder = reverse(name, kwargs={"slug": "PLACEHOLDER"})
    return placeholder.replace("PLACEHOLDER", quote(slug or "", safe=""))


def assert_not_broken(response, what=""):
    status = response.status_code
    assert status < 500, f"{status} for {what}"
    if status >= 400 and response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        assert "<h1" in html, f"refusal without a readable page: {status} for {what}"


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
    headers = {"HX-Request": "true"} if htmx else {}
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


@pytest.mark.parametrize("name", GET_ROUTES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
def test_wrong_methods_are_refused_readably(seeded, client, name, method):
    url = path_for(name, SEEDED_SLUGS.get(name, [None])[0])
    response = getattr(client, method)(url)
    if name == "favicon":  # a redirect answers any method
        assert response.status_code in (301, 405)
        return
    assert response.status_code == 405, f"{method} {url}"
    assert "does not accept that kind of request" in response.content.decode()


@pytest.mark.parametrize("name", GET_ROUTES)
def test_post_without_csrf_token_gets_the_friendly_403(seeded, name):
    client = Client(enforce_csrf_checks=True)
    url = path_for(name, SEEDED_SLUGS.get(name, [None])[0])
    response = client.post(url, {"anything": "x"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


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
