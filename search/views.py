from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from .selectors import site_search


@require_safe
@vary_on_headers("HX-Request")
def search(request):
    """Site search. htmx requests (live results while typing) get only ``#search-results``."""
    values = request.GET.getlist("q")
    results = site_search(values[0] if values else "")
    notes = list(results.notes)
    if len(values) > 1:
        notes.append("Only the first search was used.")
    context = {"results": results, "notes": notes}
    if request.htmx and not request.htmx.history_restore_request:
        address = reverse("search:search")
        if results.text:
            address += "?" + urlencode({"q": results.text})
        return push_url(render(request, "search/search.html#results", context), address)
    response = render(request, "search/search.html", context)
    if request.htmx:
        # A history restore sent as an htmx request: whole page, kept out of shared caches.
        patch_cache_control(response, private=True)
    return response
