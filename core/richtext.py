"""Editor Markdown rendered for one page: numbered citations, heading ids and glossary terms.

``render_markdown`` (core/markdown.py) turns one text into safe HTML on its own. A page shows
several texts (an article's introduction, its sections, its safety box ...) that share one
reference list, one set of heading ids and one glossary, so a ``PageText`` renders them all in
reading order:

* ``[^key]`` cites a source by its short key. The first key cited on the page becomes [1],
  the next new one [2], and so on; each becomes a superscript link to ``#ref-<key>`` in the
  page's reference list. A key nobody resolves is shown as "[source missing]" (admin refuses
  such text, see ``citation_keys``), never as raw HTML.
* ``<h2>``–``<h4>`` headings get a stable ``id`` made from their words (unique on the page),
  so a contents list and shared links can point at them.
* The first time the page uses a glossary term (or one of its other spellings), the word
  becomes a link to its glossary entry, and right after that paragraph a closed
  ``<details>`` box gives the meaning: readable in place without JavaScript.

Everything here works on HTML that nh3 has already sanitised, and adds only fixed markup
around escaped text, so the result stays as safe as ``render_markdown``'s. Nothing is inline
styled or scripted (the CSP stays strict).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from .markdown import render_markdown

CITATION = re.compile(r"\[\^([a-z0-9][a-z0-9-]{0,59})\]")
# Private-use characters carry a citation through Markdown and nh3 untouched.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{_OPEN}([a-z0-9-]+){_CLOSE}")
_TOKENS = re.compile(r"(<[^>]*>)")
_TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)([^>]*)>")
_HEADING = re.compile(r"<(h[2-4])>(.*?)</\1>", re.S)
_VOID = {"br", "hr", "img", "wbr"}
# Terms are not linked inside these (a link in a link, a heading, code, a citation ...).
_NO_TERMS = {"a", "h2", "h3", "h4", "code", "pre", "sup", "abbr", "dfn", "summary"}
# Ids the site's own templates use; a heading never takes one of them.
RESERVED_IDS = frozenset(
    {
        "main",
        "page-title",
        "in-this-article",
        "research",
        "intake",
        "foods",
        "safety",
        "upper-limits",
        "careful",
        "at-risk",
        "see-a-gp",
        "glance-title",
        "related-title",
        "references",
    }
)


def without_citations(text: str) -> str:
    """The text with its ``[^key]`` citations removed, for places without a reference list
    (cards, the footer, the checker's advice)."""
    return CITATION.sub("", text or "")


def citation_keys(text: str) -> list[str]:
    """The source keys a text cites, in order, each once."""
    return list(dict.fromkeys(CITATION.findall(text or "")))


@dataclass(frozen=True)
class Term:
    """A glossary entry as the renderer needs it: its anchor, spellings and plain meaning."""

    slug: str
    term: str
    spellings: tuple[str, ...]
    meaning: str


class PageText:
    """Renders the Markdown texts of one page, in reading order (see the module docstring)."""

    def __init__(
        self,
        known_keys: Iterable[str] = (),
        terms: Sequence[Term] = (),
        glossary_url: str = "",
    ):
        self.known = set(known_keys)
        self.numbers: dict[str, int] = {}
        self.ids: set[str] = set(RESERVED_IDS)
        self.glossary_url = glossary_url
        self.terms_by_spelling = {s.casefold(): t for t in terms for s in t.spellings}
        self.terms_used: list[Term] = []
        spellings = sorted(self.terms_by_spelling, key=len, reverse=True)
        self.term_pattern = (
            re.compile(r"\b(" + "|".join(re.escape(s) for s in spellings) + r")\b", re.I)
            if spellings
            else None
        )

    # --- public ----------------------------------------------------------------------------

    def render(self, text: str) -> SafeString:
        """One editor text as safe HTML, continuing this page's numbering."""
        source = (text or "").replace(_OPEN, "").replace(_CLOSE, "")
        source = CITATION.sub(lambda m: f"{_OPEN}{m.group(1)}{_CLOSE}", source)
        html = str(render_markdown(source))
        html = _HEADING.sub(self._heading, html)
        if self.term_pattern is not None:
            html = self._link_terms(html)
        html = _MARKER.sub(self._citation, html)
        return mark_safe(html)  # noqa: S308 - fixed markup around nh3-cleaned, escaped text

    def heading_id(self, words: str) -> str:
        """A unique id for a heading the template writes itself (e.g. "What the research says")."""
        return self._unique(slugify(words) or "section")

    @property
    def cited(self) -> list[str]:
        """The keys cited so far, in the order of their numbers."""
        return list(self.numbers)

    def number(self, key: str) -> int | None:
        return self.numbers.get(key)

    # --- pieces ----------------------------------------------------------------------------

    def _unique(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.ids:
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add(candidate)
        return candidate

    def _heading(self, match: re.Match) -> str:
        tag, inner = match.group(1), match.group(2)
        words = re.sub(r"<[^>]*>|" + _OPEN + "[^" + _CLOSE + "]*" + _CLOSE, "", inner)
        return f'<{tag} id="{self.heading_id(words)}">{inner}</{tag}>'

    def cite(self, key: str) -> SafeString:
        """A citation for data the page shows (a table row's source), numbered like text."""
        return mark_safe(self._cite(key))  # noqa: S308 - fixed markup, key from a slug field

    def _citation(self, match: re.Match) -> str:
        return self._cite(match.group(1))

    def _cite(self, key: str) -> str:
        if key not in self.known:
            return '<sup class="cite cite-missing">[source missing]</sup>'
        number = self.numbers.setdefault(key, len(self.numbers) + 1)
        return (
            f'<sup class="cite"><a href="#ref-{escape(key)}" aria-label="source {number}">'
            f"[{number}]</a></sup>"
        )

    def _link_terms(self, html: str) -> str:
        out: list[str] = []
        open_tags: list[str] = []
        pending: list[Term] = []
        for token in _TOKENS.split(html):
            if not token:
                continue
            tag = _TAG.fullmatch(token)
            if tag:
                closing, name = tag.group(1) == "/", tag.group(2).lower()
                out.append(token)
                if name in _VOID or token.endswith("/>"):
                    continue
                if not closing:
                    open_tags.append(name)
                elif name in open_tags:
                    while open_tags and open_tags.pop() != name:
                        pass
                    if not open_tags and pending:
                        out.extend(self._note(term) for term in pending)
                        pending.clear()
                continue
            if open_tags and not _NO_TERMS.intersection(open_tags):
                token = self.term_pattern.sub(partial(self._term, pending=pending), token)
            out.append(token)
        out.extend(self._note(term) for term in pending)
        return "".join(out)

    def _term(self, match: re.Match, pending: list[Term]) -> str:
        term = self.terms_by_spelling[match.group(1).casefold()]
        if term in self.terms_used:
            return match.group(0)
        self.terms_used.append(term)
        pending.append(term)
        href = f"{self.glossary_url}#{term.slug}"
        return f'<a class="term" href="{escape(href)}">{match.group(0)}</a>'

    def _note(self, term: Term) -> str:
        return (
            f'<details class="term-note"><summary>What does <dfn>{escape(term.term)}</dfn>'
            f" mean?</summary><p>{escape(term.meaning)}</p></details>"
        )


def resolve_keys(texts: Iterable[str], lookup: Callable[[list[str]], Iterable[str]]) -> set[str]:
    """The cited keys among ``texts`` that ``lookup`` knows (one call for all of them)."""
    keys = {key for text in texts for key in citation_keys(text)}
    return set(lookup(sorted(keys))) if keys else set()
