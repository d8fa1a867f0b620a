"""Keeping the search index in step with the content: the one place that does it.

The rule: the index is rebuilt, whole, for each content version. Every content change already
moves the content version (``core.caching``: model signals of every content app, loaddata,
migrate, and the admin POST safety net for bulk actions), so ``ensure_current()``, called before
each search, sees an editor's save on the very next request. The content is small (a few dozen
documents), so a rebuild costs a few milliseconds and there is no per-model bookkeeping to get
wrong. No signals, no ``save()`` overrides.

Several workers may notice a new version at once: the rebuild runs in a transaction that first
locks the single ``SearchIndexState`` row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's
IMMEDIATE transactions take the write lock), so one of them rebuilds and the others see it
done. A version read mid-save is caught too: the content version moves once more when the
editor's transaction commits, and the next search rebuilds again.

Only published content is indexed: search results are the same for every reader (and so can
be served from the page cache); editors preview drafts from the admin.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator

from django.db import connection, transaction
from django.utils.html import strip_tags

from core.caching import content_version
from nutrients import selectors
from nutrients.models import Factor, FoodSource, NutrientSection, Page, Relief, Symptom

from .backends import backend
from .models import SearchDocument, SearchIndexState
from .query import CONTROL

logger = logging.getLogger(__name__)

Kind = SearchDocument.Kind

# Page slots shown inside other pages, whose text is found on the page that shows them.
# The footer advice is on every page, so it would only add noise.
SKIPPED_PAGE_SLOTS = {Page.Slot.FOOTER}

_built_for: dict[str, int] = {}  # this process: database alias -> content version indexed


def plain(html_text: str) -> str:
    """Rendered HTML to the plain text a reader sees, one line, no markers."""
    text = strip_tags(re.sub(r"<(?:br|/p|/li|/h\d|/dd|/dt|/td|/th)\b", " \\g<0>", html_text))
    return " ".join(CONTROL.sub(" ", html.unescape(text)).split())


def joined(*parts: str) -> str:
    """Several texts as one, each ending as a sentence (table cells have no full stop)."""
    texts = [plain(part) for part in parts if part]
    return " ".join(t if t[-1:] in ".!?:" else f"{t}." for t in texts if t)


def documents() -> Iterator[SearchDocument]:
    """Everything readers can find, in the order ties are broken (articles first)."""
    articles = list(selectors.published_articles().values())
    published_ids = {nutrient.pk for nutrient in articles}

    for nutrient in articles:
        foods = ", ".join(link.food.name for link in nutrient.food_links.all())
        symptoms = ", ".join(symptom.name for symptom in nutrient.symptoms.all())
        yield SearchDocument(
            kind=Kind.ARTICLE,
            title=nutrient.name,
            context=nutrient.get_kind_display(),
            body=joined(
                nutrient.summary,
                nutrient.body_html,
                nutrient.primary_role,
                nutrient.deficiency_symptom,
                nutrient.condition_name,
                f"Key food sources: {foods}." if foods else "",
                f"Related signs: {symptoms}." if symptoms else "",
            ),
            url=nutrient.get_absolute_url(),
        )
    for nutrient in articles:
        section: NutrientSection
        for section in nutrient.sections.all():
            yield SearchDocument(
                kind=Kind.SECTION,
                title=section.title,
                context=nutrient.name,
                body=plain(section.body_html),
                url=section.get_absolute_url(),
            )

    symptoms = Symptom.objects.filter(nutrients__in=published_ids).distinct()
    for symptom in symptoms.prefetch_related("nutrients"):
        names = [n.name for n in symptom.nutrients.all() if n.pk in published_ids]
        yield SearchDocument(
            kind=Kind.SYMPTOM,
            title=symptom.name,
            context="Comparison table",
            body=joined(symptom.description, f"Nutrients linked to it: {', '.join(names)}."),
            url=symptom_table_url(symptom),
        )

    for food in FoodSource.objects.prefetch_related("nutrients"):
        names = [n.name for n in food.nutrients.all() if n.pk in published_ids]
        yield SearchDocument(
            kind=Kind.FOOD,
            title=food.name[:1].upper() + food.name[1:],
            context=food.get_group_display(),
            body=joined(
                food.description_html,
                f"A source of {', '.join(names)}." if names else "",
            ),
            url=food.get_absolute_url(),
        )

    for factor in Factor.objects.published():
        yield SearchDocument(
            kind=Kind.FACTOR,
            title=factor.name,
            context="Other causes of cramps",
            body=joined(factor.summary, factor.body_html),
            url=factor.get_absolute_url(),
        )
    for relief in Relief.objects.published():
        yield SearchDocument(
            kind=Kind.RELIEF,
            title=relief.name,
            context=relief.get_when_display(),
            body=plain(relief.body_html),
            url=relief.get_absolute_url(),
        )
    for page in Page.objects.published().exclude(slug__in=SKIPPED_PAGE_SLOTS):
        yield SearchDocument(
            kind=Kind.PAGE,
            title=page.title,
            context="",
            body=joined(page.description, page.body_html),
            url=page.get_absolute_url(),
        )
    for term in selectors.glossary_entries():
        others = ", ".join(term.spellings[1:])
        yield SearchDocument(
            kind=Kind.GLOSSARY,
            title=term.term[:1].upper() + term.term[1:],
            context="Glossary",
            body=joined(term.meaning, f"Also written: {others}." if others else ""),
            url=term.get_absolute_url(),
        )


def symptom_table_url(symptom: Symptom) -> str:
    from django.urls import reverse

    return f"{reverse('nutrients:compare')}?symptom={symptom.slug}"


def rebuild() -> int:
    """Replace every document with fresh ones from the content; returns how many there are."""
    fresh = []
    for order, document in enumerate(documents()):
        document.order = order
        fresh.append(document)
    SearchDocument.objects.all().delete()
    SearchDocument.objects.bulk_create(fresh)
    backend().refresh()
    return len(fresh)


def ensure_current() -> None:
    """Rebuild the index if the content changed since it was built (see the module docstring)."""
    try:
        version = content_version()
    except Exception:
        logger.exception("Content version unavailable; searching the index as it is.")
        return
    alias = connection.alias
    if _built_for.get(alias) == version:
        return
    with transaction.atomic():
        state, _ = SearchIndexState.objects.select_for_update().get_or_create(pk=1)
        if state.content_version != version:
            rebuild()
            state.content_version = version
            state.save(update_fields=["content_version"])
    _built_for[alias] = version
