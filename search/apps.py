from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search: an index derived from the content, the query, and the /search/ page.

    The words editors manage (synonyms) are content and live in ``nutrients``; this app only
    reads content through ``nutrients.models`` and ``nutrients.selectors``.
    """

    name = "search"
    verbose_name = "Site search"
