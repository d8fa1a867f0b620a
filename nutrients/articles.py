"""Pages rendered with their sources.

Every Markdown text of a page goes, in reading order, through one ``core.richtext.PageText``:
citations are numbered across the whole page, headings get unique ids, and the page ends with
the references it cited (and only those), numbered the same way.

Published nutrient articles are built once per content version (``selectors``); drafts and the
other pages are built per request (the page cache stores those pages whole).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from core.richtext import PageText, citation_keys

from .models import Reference


@dataclass(frozen=True)
class CitedReference:
    number: int
    reference: Reference


@dataclass
class RenderedPage:
    """A page's texts as HTML by name, its records' texts in order, and its reference list."""

    html: dict[str, SafeString] = field(default_factory=dict)
    records: dict[str, list[tuple[object, SafeString]]] = field(default_factory=dict)
    references: list[CitedReference] = field(default_factory=list)


def references_for(texts: Iterable[str]) -> dict[str, Reference]:
    """The references the texts cite, by key, in one query (none when nothing is cited)."""
    keys = {key for text in texts for key in citation_keys(text)}
    if not keys:
        return {}
    return {ref.key: ref for ref in Reference.objects.filter(key__in=keys)}


class PageBuilder:
    """Render a page's texts in reading order, then ``finish()`` for the reference list."""

    def __init__(self, references: dict[str, Reference]):
        self.references = references
        self.text = PageText(known_keys=references)
        self.page = RenderedPage()

    def add(self, name: str, markdown: str) -> SafeString:
        html = self.text.render(markdown)
        self.page.html[name] = html
        return html

    def add_records(self, name: str, records: Iterable, text_of=lambda record: record.body):
        self.page.records[name] = [(r, self.text.render(text_of(r))) for r in records]

    def finish(self) -> RenderedPage:
        self.page.references = [
            CitedReference(self.text.number(key), self.references[key]) for key in self.text.cited
        ]
        return self.page


def render_simple_page(parts: list[tuple[str, str]], records: dict | None = None) -> RenderedPage:
    """A page of named texts (in order) followed by groups of records with a ``body``."""
    records = records or {}
    texts = [text for _, text in parts]
    texts += [r.body for group in records.values() for r in group]
    builder = PageBuilder(references_for(texts))
    for name, text in parts:
        builder.add(name, text)
    for name, group in records.items():
        builder.add_records(name, group)
    return builder.finish()


def article_texts(nutrient, gp_advice: str = "") -> list[str]:
    """Every Markdown text a nutrient's article shows (to look their references up at once)."""
    return [
        nutrient.body,
        *(s.body for s in nutrient.sections.all()),
        nutrient.research,
        nutrient.careful,
        nutrient.at_risk,
        gp_advice,
    ]


def build_article(nutrient, references: dict[str, Reference], gp_advice: str = "") -> RenderedPage:
    """A nutrient's article in reading order (the template shows the parts in this order):
    introduction, sections, what the research says, then the safety box."""
    builder = PageBuilder(references)
    builder.add("body", nutrient.body)
    builder.add_records("sections", nutrient.sections.all())
    builder.add("research", nutrient.research)
    builder.add("careful", nutrient.careful)
    builder.add("at_risk", nutrient.at_risk)
    builder.add("gp_advice", gp_advice)
    return builder.finish()


def attach_articles(nutrients: list, gp_advice: str = "") -> list:
    """Give each nutrient its rendered ``article`` (one reference query for all of them).

    ``gp_advice`` is the shared "When to see a GP" text shown in every safety box.
    """
    references = references_for(text for n in nutrients for text in article_texts(n, gp_advice))
    for nutrient in nutrients:
        nutrient.article = build_article(nutrient, references, gp_advice)
    return nutrients
