"""Editor Markdown to safe HTML: the one place where body text is rendered."""

from functools import lru_cache

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "a", "ul", "ol", "li",
    "blockquote", "code", "pre", "abbr", "sup", "sub", "table", "thead", "tbody", "tr",
    "th", "td", "caption", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"scope"},
}


@lru_cache(maxsize=512)
def render_markdown(text: str) -> SafeString:
    """Render editor Markdown and strip anything that could run code or restyle the page.

    Raw HTML in the text is escaped by nh3's allow-list: scripts, event handlers,
    style attributes, SVG and ``javascript:``/``data:`` links never survive.
    """
    html = md.markdown(
        text or "", extensions=["sane_lists", "tables", "abbr"], output_format="html"
    )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
