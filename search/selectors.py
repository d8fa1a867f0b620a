"""Site search as the views (and tests) use it: one function, the same contract on every database.

``site_search(q)`` returns ``SearchResults``: the cleaned query, notes about anything left out,
the synonyms looked for as well, and ``SearchHit`` rows best first. A hit's title and snippet
are safe HTML in which only ``<mark>`` is markup: everything else is escaped.

Ranking: hits whose title holds every word (or a synonym of it) come first, glossary
definitions last within each group (the symptom "Nocturnal leg cramps" before its definition);
within that, the database's own ranking (``SearchRank`` on PostgreSQL, ``bm25`` on SQLite, both
weighting the title above the text); ties keep the index's build order (articles, sections,
symptoms, foods, causes, relief, pages, glossary terms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from nutrients.selectors import search_synonyms

from . import index
from .backends import MARK_END, MARK_START, Match, backend
from .models import SearchDocument
from .query import ParsedQuery, parse_query

MAX_HITS = 30
_MARKERS = re.compile(f"([{MARK_START}{MARK_END}])")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str
    title: str
    title_html: SafeString
    context: str
    url: str
    snippet_html: SafeString
    title_matched: bool


@dataclass(frozen=True)
class SearchResults:
    query: ParsedQuery
    hits: tuple[SearchHit, ...] = ()

    @property
    def text(self) -> str:
        return self.query.text

    @property
    def notes(self) -> tuple[str, ...]:
        return self.query.notes

    @property
    def searched(self) -> bool:
        """Whether any words were looked for (an empty or refused query is not a search)."""
        return bool(self.query.terms)


def marked_html(text: str) -> SafeString:
    """Escape ``text`` and turn the backends' match markers into balanced ``<mark>`` elements."""
    out: list[str] = []
    is_open = False
    for part in _MARKERS.split(text or ""):
        if part == MARK_START:
            if not is_open:
                out.append("<mark>")
                is_open = True
        elif part == MARK_END:
            if is_open:
                out.append("</mark>")
                is_open = False
        elif part:
            out.append(escape(part))
    if is_open:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every text part is escaped just above


def hit_from(match: Match) -> SearchHit:
    return SearchHit(
        kind=match.kind,
        kind_label=SearchDocument.Kind(match.kind).label,
        title=match.title,
        title_html=marked_html(match.title_marked),
        context=match.context,
        url=match.url,
        snippet_html=marked_html(match.snippet_marked),
        title_matched=match.title_hit,
    )


def site_search(q: str, limit: int = MAX_HITS) -> SearchResults:
    """Search everything readers can open; see the module docstring for the contract."""
    parsed = parse_query(q, search_synonyms())
    if not parsed.terms:
        return SearchResults(parsed)
    index.ensure_current()
    hits = [hit_from(match) for match in backend().search(parsed, limit)]
    # Stable sort: title matches first, a glossary definition after the pages about the same
    # thing, the database's order kept within each group.
    hits.sort(key=lambda hit: (not hit.title_matched, hit.kind == SearchDocument.Kind.GLOSSARY))
    return SearchResults(parsed, tuple(hits))
