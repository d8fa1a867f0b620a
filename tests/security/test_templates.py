"""Template rules that keep the strict CSP and valid HTML possible.

Checked on the template sources so a slip is caught even where no test renders that branch.
"""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
RULES = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
        "inline <script> (use a file in static/js/)",
    ),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute (use a class in site.css)"),
    (re.compile(r"<style\b", re.I), "<style> element (use site.css)"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on* event handler (use addEventListener in static/js/)"),
    (re.compile(r"\s(?:data-)?hx-on", re.I), "hx-on (needs eval; use static/js/)"),
    (re.compile(r"(?<![-\w])hx-[a-z-]+\s*=", re.I), "hx-* attribute: write data-hx-* (valid HTML)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_were_found():
    assert len(TEMPLATES) > 20


def test_templates_keep_to_the_csp_and_html_rules():
    problems = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            for pattern, why in RULES:
                if pattern.search(line):
                    problems.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {why}")
    assert problems == []


def test_rules_catch_what_they_describe():
    bad = [
        "<script>alert(1)</script>",
        '<p style="color:red">',
        "<style>p{}</style>",
        '<a onclick="x()">',
        '<form hx-on::after-request="x">',
        '<a hx-get="/x">',
        '<a href="javascript:x">',
    ]
    for line in bad:
        assert any(pattern.search(line) for pattern, _ in RULES), line
    good = ['<script src="/static/js/checker.js" defer></script>', '<a data-hx-get="/x">']
    for line in good:
        assert not any(pattern.search(line) for pattern, _ in RULES), line
