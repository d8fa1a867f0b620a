"""Page parts built from what a page renders: contents, print link targets, sharing metadata.

``{% withcontents %}…{% contents %}…{% endwithcontents %}`` renders the block, reads its ``<h2>``
headings (and ``<h3>`` headings that have an id, nested under them), gives any ``<h2>`` without
an id one made from its text, and puts ``includes/contents.html`` where ``{% contents %}`` stands
when there are three or more entries. A view can pass its own list instead:
``{% include "includes/contents.html" with items=contents %}``.
"""

import html as html_lib
import json
import re
from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.template.loader_tags import BlockNode
from django.templatetags.static import static
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

register = template.Library()

MIN_ENTRIES = 3
MARKER = "<!--contents-list-->"
HEADING = re.compile(r"<(h[23])\b([^>]*)>(.*?)</\1>", re.S | re.I)
ID_ATTR = re.compile(r'\bid="([^"]+)"')


@dataclass
class Entry:
    id: str
    label: str
    children: list["Entry"] = field(default_factory=list)


def contents_of(rendered: str) -> tuple[str, list[Entry]]:
    """The HTML with an id on every ``<h2>``, and its contents (h2 entries, h3 nested)."""
    used = set(ID_ATTR.findall(rendered))
    entries: list[Entry] = []

    def visit(match: re.Match) -> str:
        tag, attrs, inner = match.group(1).lower(), match.group(2), match.group(3)
        label = " ".join(html_lib.unescape(strip_tags(inner)).split())
        found = ID_ATTR.search(attrs)
        if found:
            anchor = found.group(1)
        elif tag == "h2" and label:
            anchor = unique_id(slugify(label) or "section", used)
            attrs = f' id="{anchor}"{attrs}'
        else:
            return match.group(0)
        if "data-contents-skip" in attrs or not label:
            return match.group(0)
        if tag == "h2":
            entries.append(Entry(anchor, label))
        elif entries:
            entries[-1].children.append(Entry(anchor, label))
        return f"<{tag}{attrs}>{inner}</{tag}>"

    return HEADING.sub(visit, rendered), entries


def unique_id(base: str, used: set[str]) -> str:
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def count(entries: list[Entry]) -> int:
    return sum(1 + len(entry.children) for entry in entries)


@register.simple_tag
def contents():
    """Where ``{% withcontents %}`` puts the contents list."""
    return mark_safe(MARKER)  # noqa: S308 - a constant comment


class WithContentsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        rendered, entries = contents_of(self.nodelist.render(context))
        listing = ""
        if count(entries) >= MIN_ENTRIES:
            listing = render_to_string("includes/contents.html", {"items": entries})
        return mark_safe(rendered.replace(MARKER, listing, 1))  # noqa: S308 - rendered template


@register.tag
def withcontents(parser, token):
    nodelist = parser.parse(("endwithcontents",))
    parser.delete_first_token()
    return WithContentsNode(nodelist)


# --- Print: link targets as absolute addresses -------------------------------------------------

LINK = re.compile(r'<a\b([^>]*?)\shref="([^"]*)"')


class PrintLinksNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        rendered = self.nodelist.render(context)
        request = context.get("request")
        if request is None:
            return rendered

        def add(match: re.Match) -> str:
            attrs, href = match.group(1), match.group(2)
            target = html_lib.unescape(href)
            # Only this site's own paths: print.css shows other addresses from href itself.
            if "data-print-url" in attrs or not target.startswith("/") or target.startswith("//"):
                return match.group(0)
            absolute = request.build_absolute_uri(target)
            return f'<a{attrs} href="{href}" data-print-url="{escape(absolute)}"'

        return mark_safe(LINK.sub(add, rendered))  # noqa: S308 - adds escaped attributes only


@register.tag
def printlinks(parser, token):
    """``{% printlinks %}…{% endprintlinks %}``: links inside print with their absolute address.

    Every link to a page of this site (a bare path) gets ``data-print-url`` with the address made
    absolute from the request; print.css shows it after the link text (CSS alone could only show
    the bare path). Links to other sites print their ``href``, which is already absolute.
    """
    nodelist = parser.parse(("endprintlinks",))
    parser.delete_first_token()
    return PrintLinksNode(nodelist)


# --- Shared links and search engines -------------------------------------------------------------

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data) -> SafeString:
    """A ``<script type="application/ld+json">`` data block, escaped like ``json_script``.

    Browsers never run a data block, so the strict CSP (script-src 'self') does not apply to it;
    templates stay free of inline ``<script>`` because this tag writes it.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag
def json_ld(data):
    return json_ld_script(data)


class ReblockNode(template.Node):
    """Render a block of the page again, e.g. the title for ``og:title``.

    A fresh ``BlockNode`` with the same name renders the most derived version of the block
    (``{{ block.super }}`` included) from the template's block context, like Django does the
    first time.
    """

    def __init__(self, name: str):
        self.name = name

    def render(self, context):
        text = BlockNode(self.name, template.NodeList()).render(context)
        return mark_safe(" ".join(text.split()))  # noqa: S308 - already escaped by the block


@register.tag
def reblock(parser, token):
    """``{% reblock "title" %}``: the block's rendered content again, whitespace collapsed."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("reblock takes one block name")
    return ReblockNode(bits[1].strip("\"'"))


@register.simple_tag(takes_context=True)
def absolute_static(context, path):
    return context["request"].build_absolute_uri(static(path))


def reviewer_data(reviewer) -> dict:
    """A reviewer with credentials is a person; one without is the team that reviewed."""
    kind = "Person" if reviewer.credentials else "Organization"
    data = {"@type": kind, "name": reviewer.name}
    if reviewer.credentials:
        data["hasCredential"] = reviewer.credentials
    if reviewer.role:
        data["description"] = reviewer.role
    return data


def webpage_data(request, schema_type, page, name, description="") -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": str(name),
        "url": request.build_absolute_uri(request.path),
        "inLanguage": "en-GB",
        "isPartOf": {
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri("/"),
        },
    }
    if description:
        data["description"] = str(description)
    reviewed_on = getattr(page, "reviewed_on", None)
    if reviewed_on:
        data["lastReviewed"] = reviewed_on.isoformat()
    reviewer = getattr(page, "reviewed_by", None)
    if reviewer is not None:
        data["reviewedBy"] = reviewer_data(reviewer)
    return data


@register.simple_tag(takes_context=True)
def medical_webpage(context, page, name, description=""):
    """schema.org ``MedicalWebPage`` for a page of health information, with its review."""
    return json_ld_script(
        webpage_data(context["request"], "MedicalWebPage", page, name, description)
    )


@register.simple_tag(takes_context=True)
def web_page(context, page, name, description=""):
    """schema.org ``WebPage`` for a page about the site itself (e.g. privacy)."""
    return json_ld_script(webpage_data(context["request"], "WebPage", page, name, description))
