"""Pages rendered with their sources.

Every Markdown text of a page goes, in reading order, through one ``core.richtext.PageText``:
citations are numbered across the whole page, headings get unique ids, and the page ends with
the references it cited (and only those), numbered the same way.

Published nutrient articles are built once per content version (``selectors``); drafts and the
other pages are built per request (the page cache stores those pages whole).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import slugify

from core.richtext import PageText, Term, citation_keys

from .charts import BarChart, bar_chart, format_amount
from .models import IntakeValue, Reference


@dataclass(frozen=True)
class CitedReference:
    number: int
    reference: Reference


@dataclass
class RenderedPage:
    """A page's texts as HTML by name, its records' texts in order, its data tables (with their
    charts and citations) and its reference list."""

    html: dict[str, SafeString] = field(default_factory=dict)
    records: dict[str, list[tuple[object, SafeString]]] = field(default_factory=dict)
    intakes: list[DataGroup] = field(default_factory=list)
    foods: list[DataGroup] = field(default_factory=list)
    upper_limits: list[dict] = field(default_factory=list)
    references: list[CitedReference] = field(default_factory=list)


@dataclass
class DataGroup:
    """One table and its chart: all of a nutrient (or of one vitamin within a group) in one
    unit. ``rows`` are dicts of display values plus ``cite`` (the source's citation HTML)."""

    id: str
    heading: str
    unit: str
    rows: list[dict]
    chart: BarChart

    @property
    def lower_heading(self) -> str:
        """For use inside a sentence: "magnesium", "vitamin B6 (pyridoxine)"."""
        return self.heading[:1].lower() + self.heading[1:]


def references_for(texts: Iterable[str]) -> dict[str, Reference]:
    """The references the texts cite, by key, in one query.

    The query runs even when nothing is cited (it then matches nothing), so a page costs the
    same number of queries whatever its text says: query-count tests stay meaningful.
    """
    keys = {key for text in texts for key in citation_keys(text)} or {""}
    return {ref.key: ref for ref in Reference.objects.filter(key__in=keys)}


class PageBuilder:
    """Render a page's texts in reading order, then ``finish()`` for the reference list.

    ``terms`` is the glossary: the first use of each term on the page links to its entry and
    the meaning follows the paragraph (see core/richtext.py).
    """

    def __init__(self, references: dict[str, Reference], terms: Sequence[Term] = ()):
        self.references = dict(references)
        self.text = PageText(
            known_keys=references,
            terms=terms,
            glossary_url=reverse("nutrients:glossary") if terms else "",
        )
        self.page = RenderedPage()

    def add(self, name: str, markdown: str) -> SafeString:
        html = self.text.render(markdown)
        self.page.html[name] = html
        return html

    def add_records(self, name: str, records: Iterable, text_of=lambda record: record.body):
        self.page.records[name] = [(r, self.text.render(text_of(r))) for r in records]

    def cite(self, reference: Reference | None) -> SafeString:
        if reference is None:
            return SafeString("")
        self.references.setdefault(reference.key, reference)
        self.text.known.add(reference.key)
        return self.text.cite(reference.key)

    def group_id(self, words: str) -> str:
        return self.text.heading_id(words)

    def finish(self) -> RenderedPage:
        self.page.references = [
            CitedReference(self.text.number(key), self.references[key]) for key in self.text.cited
        ]
        return self.page


def render_simple_page(
    parts: list[tuple[str, str]], records: dict | None = None, terms: Sequence[Term] = ()
) -> RenderedPage:
    """A page of named texts (in order) followed by groups of records with a ``body``."""
    records = records or {}
    texts = [text for _, text in parts]
    texts += [r.body for group in records.values() for r in group]
    builder = PageBuilder(references_for(texts), terms)
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


def _grouped(rows: Iterable, key) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return list(groups.items())


def intake_groups(builder: PageBuilder, nutrient) -> list[DataGroup]:
    """Daily amounts by vitamin (one group for a single nutrient), each row cited."""
    groups = []
    for component, rows in _grouped(nutrient.intakes.all(), lambda r: r.component):
        name = component or nutrient.name
        shown, previous = [], None
        for row in rows:
            # A source is cited on the first row it applies to (the caption says so).
            cite = builder.cite(row.source) if row.source_id != previous else ""
            previous = row.source_id
            shown.append(
                {
                    "who": row.who,
                    "country": row.country,
                    "kind": row.get_kind_display(),
                    "amount": f"{format_amount(row.amount)} {row.unit}",
                    "upper": (
                        f"{format_amount(row.upper_limit)} {row.unit}" if row.upper_limit else ""
                    ),
                    "upper_note": row.upper_limit_note,
                    "cite": cite,
                }
            )
        chart = bar_chart(
            f"chart-intake-{slugify(name)}",
            f"Daily amounts of {name[:1].lower() + name[1:]} for adults",
            [
                (
                    f"{r['who']} ({'UK' if row.kind == IntakeValue.Kind.UK_RNI else 'US/Canada'})",
                    row.amount,
                    r["amount"],
                )
                for r, row in zip(shown, rows, strict=True)
            ],
            css=["bar-uk" if row.kind == IntakeValue.Kind.UK_RNI else "bar-us" for row in rows],
        )
        groups.append(
            DataGroup(builder.group_id(f"intake {name}"), name, rows[0].unit, shown, chart)
        )
    return groups


def food_groups(builder: PageBuilder, nutrient) -> list[DataGroup]:
    """Amounts in a typical serving, biggest first, by vitamin, each row cited."""
    groups = []
    for component, rows in _grouped(nutrient.food_amounts.all(), lambda r: r.component):
        name = component or nutrient.name
        rows = sorted(rows, key=lambda r: (-r.amount, r.description))
        shown = [
            {
                "food": row.food,
                "description": row.description,
                "serving": row.serving,
                "amount": f"{format_amount(row.amount)} {row.unit}",
                "note": row.note,
                "cite": builder.cite(row.source),
                "note_cite": builder.cite(row.note_source),
            }
            for row in rows
        ]
        chart = bar_chart(
            f"chart-foods-{slugify(name)}",
            f"{name} in a typical serving of each food",
            [
                (f"{r['description']}, {r['serving']}", row.amount, r["amount"])
                for r, row in zip(shown, rows, strict=True)
            ],
        )
        groups.append(
            DataGroup(builder.group_id(f"foods {name}"), name, rows[0].unit, shown, chart)
        )
    return groups


def upper_limits(builder: PageBuilder, nutrient) -> list[dict]:
    """Each different upper limit once (a country may set one for several groups), cited."""
    seen, limits = set(), []
    for row in nutrient.intakes.all():
        if row.upper_limit is None:
            continue
        key = (row.component, row.country, row.upper_limit, row.unit, row.upper_limit_note)
        if key in seen:
            continue
        seen.add(key)
        limits.append(
            {
                "component": row.component,
                "country": row.country,
                "amount": f"{format_amount(row.upper_limit)} {row.unit}",
                "note": row.upper_limit_note,
                "cite": builder.cite(row.limit_source),
            }
        )
    return limits


def build_article(
    nutrient, references: dict[str, Reference], gp_advice: str = "", terms: Sequence[Term] = ()
) -> RenderedPage:
    """A nutrient's article in reading order (the template shows the parts in this order):
    introduction, sections, what the research says, how much you need, amounts in foods, then
    the safety box (upper limits, who should be careful, who is at risk, when to see a GP)."""
    builder = PageBuilder(references, terms)
    builder.add("body", nutrient.body)
    builder.add_records("sections", nutrient.sections.all())
    builder.add("research", nutrient.research)
    builder.page.intakes = intake_groups(builder, nutrient)
    builder.page.foods = food_groups(builder, nutrient)
    builder.page.upper_limits = upper_limits(builder, nutrient)
    builder.add("careful", nutrient.careful)
    builder.add("at_risk", nutrient.at_risk)
    builder.add("gp_advice", gp_advice)
    return builder.finish()


def attach_articles(nutrients: list, gp_advice: str = "", terms: Sequence[Term] = ()) -> list:
    """Give each nutrient its rendered ``article`` (one reference query for all of them).

    ``gp_advice`` is the shared "When to see a GP" text shown in every safety box.
    """
    references = references_for(text for n in nutrients for text in article_texts(n, gp_advice))
    for nutrient in nutrients:
        nutrient.article = build_article(nutrient, references, gp_advice, terms)
    return nutrients
