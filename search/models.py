"""The search index: rows derived from the content, never edited by hand.

``search/index.py`` rebuilds every row whenever the content version moves (any editor's save,
a fixture load, a migration), so nothing here needs signals or ``save()`` overrides.

Each database gets its own full-text index over these rows, created by migration 0001 for that
database only (a GIN index is not something SQLite can build, so it is not in ``Meta.indexes``):
* PostgreSQL: ``search_vector`` holds the weighted ``tsvector`` (title A, body B, context C)
  with a GIN index ``search_document_vector_gin``;
* SQLite: the FTS5 table ``search_document_fts`` indexes ``title``, ``context`` and ``body`` of
  this table (an external-content table: it stores only the index, not a copy of the text).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """One thing site search can find: an article, one of its sections, a food, a page..."""

    class Kind(models.TextChoices):
        ARTICLE = "article", "Nutrient"
        SECTION = "section", "Part of an article"
        FOOD = "food", "Food"
        SYMPTOM = "symptom", "Symptom"
        FACTOR = "factor", "Other cause"
        RELIEF = "relief", "Relief and prevention"
        PAGE = "page", "Page"
        GLOSSARY = "glossary", "Glossary"
        REFERENCE = "reference", "Reference"

    kind = models.CharField(max_length=20, choices=Kind)
    title = models.CharField(max_length=300)
    context = models.CharField(
        max_length=300, blank=True, help_text="Where it sits, e.g. the article of a section."
    )
    body = models.TextField(blank=True, help_text="Plain text, as readers see it.")
    url = models.CharField(max_length=500)
    order = models.PositiveIntegerField(
        default=0, help_text="Build order; breaks ties between equally good matches."
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class SearchIndexState(models.Model):
    """The content version the documents were last built for (a single row)."""

    content_version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"Search index built for content version {self.content_version}"
