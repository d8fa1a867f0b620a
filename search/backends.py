"""Full-text search on each database, behind one small interface.

Both backends take the same ``ParsedQuery`` and return ``Match`` rows best first, with the
title and a snippet in which matched words sit between ``MARK_START`` and ``MARK_END``
(private-use characters that never occur in indexed text; ``search.selectors`` turns them into
``<mark>`` after escaping everything else).

* PostgreSQL: ``django.contrib.postgres.search``. The query is built from ``Lexeme`` objects
  (quoted safely by Django), so nothing the reader typed is parsed as tsquery syntax; ranked by
  ``SearchRank`` over the weighted vector, highlighted by ``SearchHeadline``.
* SQLite: FTS5. Every word or synonym is a double-quoted string in the MATCH expression, so
  reader input is never FTS5 syntax; ranked by ``bm25`` with the same column weights' spirit
  (title over context over body), highlighted by ``highlight()`` and ``snippet()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper

from .models import SearchDocument
from .query import ParsedQuery

MARK_START = "\ue000"
MARK_END = "\ue001"
ELLIPSIS = "…"
SNIPPET_WORDS = 28
FTS_TABLE = "search_document_fts"
CONFIG = "english"


@dataclass(frozen=True)
class Match:
    kind: str
    title: str
    context: str
    url: str
    title_marked: str
    snippet_marked: str
    title_hit: bool  # every word (or a synonym of it) is in the title


class PostgresBackend:
    def refresh(self) -> None:
        from django.contrib.postgres.search import SearchVector

        SearchDocument.objects.update(
            search_vector=SearchVector("title", weight="A", config=CONFIG)
            + SearchVector("body", weight="B", config=CONFIG)
            + SearchVector("context", weight="C", config=CONFIG)
        )

    @staticmethod
    def tsquery(parsed: ParsedQuery):
        from django.contrib.postgres.search import Lexeme, SearchQuery

        def either(term):
            forms = [Lexeme(term.word, prefix=term.prefix)]
            forms += [Lexeme(alternative) for alternative in term.alternatives]
            return reduce(lambda a, b: a | b, forms)

        combined = reduce(lambda a, b: a & b, (either(term) for term in parsed.terms))
        return SearchQuery(combined, config=CONFIG)

    def search(self, parsed: ParsedQuery, limit: int) -> list[Match]:
        from django.contrib.postgres.search import (
            SearchHeadline,
            SearchRank,
            SearchVector,
            SearchVectorExact,
        )

        query = self.tsquery(parsed)
        rows = (
            SearchDocument.objects.filter(search_vector=query)
            .annotate(
                rank=SearchRank("search_vector", query),
                title_hit=ExpressionWrapper(
                    SearchVectorExact(SearchVector("title", config=CONFIG), query),
                    output_field=BooleanField(),
                ),
                title_marked=SearchHeadline(
                    "title",
                    query,
                    config=CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    highlight_all=True,
                ),
                snippet_marked=SearchHeadline(
                    "body",
                    query,
                    config=CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=SNIPPET_WORDS,
                    min_words=SNIPPET_WORDS // 2,
                    max_fragments=2,
                    fragment_delimiter=f" {ELLIPSIS} ",
                ),
            )
            .order_by("-rank", "order", "pk")
            .values_list(
                "kind", "title", "context", "url", "title_marked", "snippet_marked", "title_hit"
            )[:limit]
        )
        return [Match(*row) for row in rows]


class SqliteBackend:
    def refresh(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('rebuild')")

    @staticmethod
    def quoted(text: str, prefix: bool = False) -> str:
        return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")

    @classmethod
    def match_expression(cls, parsed: ParsedQuery, column: str = "") -> str:
        """``("b12" OR "cobalamin") AND ("night" OR "nocturnal")``, or limited to one column."""
        groups = []
        for term in parsed.terms:
            forms = [cls.quoted(term.word, term.prefix)]
            forms += [cls.quoted(alternative) for alternative in term.alternatives]
            group = "(" + " OR ".join(forms) + ")"
            groups.append(f"{column} : {group}" if column else group)
        return " AND ".join(groups)

    def search(self, parsed: ParsedQuery, limit: int) -> list[Match]:
        # Column order in the FTS table: 0 title, 1 context, 2 body.
        sql = f"""
            SELECT d.kind, d.title, d.context, d.url,
                   highlight({FTS_TABLE}, 0, %s, %s),
                   snippet({FTS_TABLE}, 2, %s, %s, %s, %s),
                   {FTS_TABLE}.rowid IN (
                       SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s
                   )
            FROM {FTS_TABLE}
            JOIN search_searchdocument AS d ON d.id = {FTS_TABLE}.rowid
            WHERE {FTS_TABLE} MATCH %s
            ORDER BY bm25({FTS_TABLE}, 10.0, 2.0, 1.0), d."order", d.id
            LIMIT %s
        """  # noqa: S608 - only constants are formatted in; reader input is a parameter
        params = [
            MARK_START,
            MARK_END,
            MARK_START,
            MARK_END,
            ELLIPSIS,
            SNIPPET_WORDS,
            self.match_expression(parsed, column="title"),
            self.match_expression(parsed),
            limit,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [Match(*row[:-1], title_hit=bool(row[-1])) for row in cursor.fetchall()]


def backend() -> PostgresBackend | SqliteBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(
        f"Site search supports PostgreSQL and SQLite, not {connection.vendor}"
    )
