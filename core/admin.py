"""Changes awaiting review: what an editor prepared, compared with what readers see now."""

import copy
from urllib.parse import urlsplit

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, Resolver404, path, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.text import capfirst

from .admin_preview import MARKDOWN_HINT, render_preview
from .admin_review import can_publish
from .caching import bump_content_version
from .ids import parse_id
from .models import PendingChange
from .review import PublishBlocked, apply, display_name, publish, row_from_snapshot
from .revisions import compare, row_from_instance


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ["object_repr", "kind", "status", "prepared_by_name", "updated_at"]
    list_filter = ["status", "content_type"]
    search_fields = ["object_repr", "note"]
    list_select_related = ["content_type"]

    @admin.display(description="kind")
    def kind(self, obj):
        return obj.content_type.name

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("content_type")

    def get_urls(self):
        on_site = self.admin_site.admin_view(self.on_site_view)
        return [
            path("<path:object_id>/on-site/", on_site, name="core_pendingchange_on_site"),
            *super().get_urls(),
        ]

    def _get_change(self, request, object_id) -> PendingChange:
        change = get_object_or_404(PendingChange, pk=parse_id(object_id) or 0)
        if not self.has_view_or_change_permission(request, change):
            raise PermissionDenied
        return change

    def on_site_view(self, request, object_id):
        """The item's own page as readers would see it with this change published.

        The change is written inside a transaction that is always rolled back, the page's own
        view renders it for this staff member only, and the content version moves on after, so
        nothing memoised or cached from the preview can reach a reader. The page says plainly
        that it is a preview.
        """
        change = self._get_change(request, object_id)
        if request.method != "GET":
            return HttpResponseRedirect(request.path)
        with transaction.atomic():
            try:
                obj = apply(change)
            except change.model.DoesNotExist:
                raise Http404("The published item no longer exists.") from None
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
            response = self._render_page(request, urlsplit(url).path, change) if url else None
            transaction.set_rollback(True)
        bump_content_version()  # anything memoised from the preview is never served
        if response is None:
            raise Http404("This kind of item has no page of its own to preview.")
        add_never_cache_headers(response)
        return response

    @staticmethod
    def _render_page(request, page_path, change):
        try:
            match = resolve(page_path)
        except Resolver404:
            return None
        page = copy.copy(request)
        page.method = "GET"
        page.path = page.path_info = page_path
        page.META = {**request.META, "REQUEST_METHOD": "GET", "QUERY_STRING": ""}
        page.GET = QueryDict()
        page.resolver_match = match
        page.pending_change = change  # base.html says this is a preview
        response = match.func(page, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self._get_change(request, object_id)
        if request.method == "POST":
            return self.act(request, change)
        model = change.model
        live = model._default_manager.filter(pk=change.object_id).first()
        proposed = row_from_snapshot(change)
        diffs = compare(row_from_instance(live), proposed) if live else []
        model_admin = self.admin_site._registry.get(model)
        lookup = getattr(model_admin, "citation_lookup", None)
        glossary = getattr(model_admin, "glossary_lookup", None)
        changed = {diff.label for diff in diffs if diff.changed}
        previews = [  # the Markdown this change alters (all of it for an item that is gone)
            (
                field.verbose_name,
                render_preview(getattr(proposed.instance, field.attname), lookup, glossary),
            )
            for field in model._meta.concrete_fields
            if MARKDOWN_HINT in str(field.help_text)
            and (not diffs or capfirst(field.verbose_name) in changed)
        ]
        opts = model._meta
        try:
            live_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[live.pk])
        except (NoReverseMatch, AttributeError):
            live_url = None
        on_site_url = (
            reverse("admin:core_pendingchange_on_site", args=[change.pk])
            if live is not None and hasattr(live, "get_absolute_url")
            else None
        )
        context = {
            **self.admin_site.each_context(request),
            "on_site_url": on_site_url,
            "opts": self.model._meta,
            "title": f"Change to \u201c{change.object_repr}\u201d: {change.get_status_display()}",
            "change": change,
            "diffs": diffs,
            "changed_count": sum(1 for d in diffs if d.changed),
            "previews": previews,
            "live": live,
            "live_url": live_url,
            "can_publish": can_publish(request),
            "can_change": self.has_change_permission(request, change),
        }
        return TemplateResponse(request, "admin/core/pendingchange/review.html", context)

    def act(self, request, change):
        here = reverse("admin:core_pendingchange_change", args=[change.pk])
        if not self.has_change_permission(request, change):
            raise PermissionDenied
        if not change.is_open:
            messages.error(request, "This change is closed: it was published or withdrawn.")
            return HttpResponseRedirect(here)
        if "_publish" in request.POST:
            if not can_publish(request):
                raise PermissionDenied  # only clinical reviewers publish
            model_admin = self.admin_site._registry.get(change.model)
            check = getattr(model_admin, "publish_problems", None)
            try:
                publish(change, request.user, check=check, note=request.POST.get("_note", ""))
            except PublishBlocked as blocked:
                messages.error(request, "Not published: " + " ".join(blocked.problems))
                return HttpResponseRedirect(here)
            messages.success(
                request,
                f"Published, approved by {display_name(request.user)}. Readers see it now.",
            )
        elif "_ready" in request.POST:
            change.status = PendingChange.Status.READY
            change.save()
            messages.success(request, "Sent for review.")
        elif "_withdraw" in request.POST:
            change.status = PendingChange.Status.WITHDRAWN
            change.save()
            messages.success(request, "Withdrawn: the published version stays as it is.")
        else:
            messages.error(request, "Choose what to do with this change.")
        return HttpResponseRedirect(here)
