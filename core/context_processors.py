import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from nutrients.selectors import footer_advice

NAVIGATION = [
    ("nutrients:home", "Home"),
    ("nutrients:nutrient-list", "Nutrients"),
    ("nutrients:compare", "Compare"),
    ("nutrients:food-list", "Foods"),
    ("nutrients:factors", "Other causes & relief"),
    ("assessment:start", "Symptom checker"),
]
FOOTER_LINKS = [
    ("nutrients:page", ("about",), "About and medical disclaimer"),
    ("nutrients:page", ("privacy",), "Privacy"),
    ("feedback:contact", (), "Contact us"),
    ("assessment:start", (), "Symptom checker"),
]


@functools.cache
def navigation_urls(script_prefix: str, urlconf: str | None) -> dict[str, str]:
    """The main navigation's addresses, reversed once per process (per prefix and URLconf).

    A ``{% url %}`` per link on every page cost about a tenth of an uncached render.
    """
    names = [name for name, _ in NAVIGATION] + ["search:search"]
    return {name: reverse(name, urlconf=urlconf) for name in names}


@functools.cache
def footer_links(script_prefix: str, urlconf: str | None) -> list[tuple[str, str]]:
    """The footer's (address, label) pairs, reversed once per process like the navigation."""
    return [
        (reverse(name, args=args, urlconf=urlconf), label) for name, args, label in FOOTER_LINKS
    ]


def site(request):
    """Site name, navigation with the current section marked, the search box and footer advice.

    The header's search box is left out on the search page itself, which has its own, and
    in the symptom checker, whose pages carry only POST forms (answers never reach a URL).
    """
    match = getattr(request, "resolver_match", None)
    current = f"{match.namespace}:{match.url_name}" if match else ""
    header_search = current != "search:search" and not current.startswith("assessment:")
    if current == "nutrients:nutrient-detail":
        current = "nutrients:nutrient-list"
    elif current == "nutrients:food-detail":
        current = "nutrients:food-list"
    elif current.startswith("assessment:"):
        current = "assessment:start"

    prefix, urlconf = get_script_prefix(), get_urlconf()
    urls = navigation_urls(prefix, urlconf)
    return {
        "site_name": settings.SITE_NAME,
        "home_url": urls["nutrients:home"],
        "search_url": urls["search:search"],
        "header_search": header_search,
        "footer_links": footer_links(prefix, urlconf),
        "navigation": [(urls[name], label, name == current) for name, label in NAVIGATION],
        "footer_advice": footer_advice,
    }
