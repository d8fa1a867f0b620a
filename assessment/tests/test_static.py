"""The checker's static files: stylesheet section intact, script free of inline-code tricks."""

from pathlib import Path

from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"


def test_site_css_braces_balance_so_no_rule_is_swallowed():
    # A brace lost in a merge silently nests every later rule inside an @media block.
    depth = 0
    for number, line in enumerate((STATIC / "css/site.css").read_text().splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"unbalanced '}}' at line {number}"
    assert depth == 0


CHECKER_SECTION = "/* Symptom checker */"


def test_checker_css_section_is_at_top_level():
    css = (STATIC / "css/site.css").read_text()
    # Renaming the marker must fail here, not quietly compare the whole file with itself.
    assert css.count(CHECKER_SECTION) == 1, f"{CHECKER_SECTION!r} must appear exactly once"
    before, after = css.split(CHECKER_SECTION)
    assert before.count("{") == before.count("}")
    assert after.lstrip().startswith(".checker"), "the section starts with the checker's rules"


def test_checker_js_uses_no_eval_or_inline_handlers():
    js = (STATIC / "js/checker.js").read_text()
    for banned in ["eval(", "new Function", "innerHTML", 'setAttribute("on', ".style."]:
        assert banned not in js
