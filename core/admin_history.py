"""History, compare and revert for every content admin, on top of django-reversion.

``VersionAdmin`` wraps each admin save in one revision (the item, its food links or choices, its
sections, its many-to-many links) and reverts a whole revision in one transaction through the
real change form. This adds what editors asked for: a history list that says what changed and
who did it (no link to the user admin, which editors may not open), a field-by-field comparison
of any two revisions or a revision and the current text, and titles and breadcrumbs that say
where the editor is.
"""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from reversion.admin import VersionAdmin
from reversion.models import Revision, Version

from .admin_preview import MarkdownPreviewMixin, note_preview, preview_view, previewing_form
from .admin_widgets import SizedTextMixin
from .revisions import changed_labels, compare, links_recorded, row_from_instance, row_from_version


def revision_label(version: Version) -> str:
    revision = version.revision
    when = localize(template_localtime(revision.date_created))
    who = revision.user.get_username() if revision.user else "unknown editor"
    return f"{when} by {who}"


class ContentVersionAdmin(MarkdownPreviewMixin, SizedTextMixin, VersionAdmin):
    """Base admin for everything editors change: full history, compare and revert."""

    object_history_template = "admin/content_history.html"
    revision_form_template = "admin/content_revision_form.html"
    history_latest_first = True

    class Media:
        css = {"all": ["css/admin-editing.css"]}

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_compare"
        urls = [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=name,
            ),
            path(
                "preview/",
                self.admin_site.admin_view(lambda request: preview_view(request, self)),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            ),
        ]
        return urls + super().get_urls()

    # --- preview: a Preview button (or htmx) shows the rendered text, nothing is saved ---------

    def get_form(self, request, obj=None, **kwargs):
        return previewing_form(super().get_form(request, obj, **kwargs))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        note_preview(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    # --- helpers ---------------------------------------------------------------------------

    def versions_for(self, request, obj):
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        return list(self._reversion_order_version_queryset(request, versions))

    def _url(self, name, *args, query=""):
        opts = self.model._meta
        url = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}", args=args
        )
        return f"{url}?{query}" if query else url

    # --- views -----------------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = get_object_or_404(self.model, pk=unquote(object_id))
        versions = self.versions_for(request, obj)
        oldest_first = sorted(versions, key=lambda v: (v.revision.date_created, v.pk))
        previous, summaries = None, {}
        for version in oldest_first:
            try:
                row = row_from_version(version)
            except Exception:  # unreadable old data: list it, do not fail the page
                summaries[version.pk] = None
                continue
            summaries[version.pk] = changed_labels(previous, row) if previous else None
            previous = row
        action_list = []
        for index, version in enumerate(versions):
            older = versions[index + 1] if index + 1 < len(versions) else None
            action_list.append(
                {
                    "revision": version.revision,
                    "version": version,
                    "url": self._url("revision", quote(version.object_id), version.pk),
                    "changes": summaries.get(version.pk),
                    "first": older is None,
                    "compare_previous": older
                    and self._url(
                        "compare", quote(obj.pk), query=f"from={older.pk}&to={version.pk}"
                    ),
                    "compare_current": self._url(
                        "compare", quote(obj.pk), query=f"from={version.pk}&to=current"
                    ),
                }
            )
        context = {
            "action_list": action_list,
            "versions": versions,
            "compare_url": self._url("compare", quote(obj.pk)),
            **(extra_context or {}),
        }
        # Skip VersionAdmin.history_view (it rebuilds action_list); ModelAdmin's renders ours.
        return super(VersionAdmin, self).history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = get_object_or_404(self.model, pk=unquote(object_id))
        versions = self.versions_for(request, obj)
        if not versions:
            raise Http404("This item has no recorded revisions yet.")
        by_id = {str(v.pk): v for v in versions}
        default_from = versions[1] if len(versions) > 1 else versions[0]
        chosen_from = request.GET.get("from") or str(default_from.pk)
        chosen_to = request.GET.get("to") or "current"
        if chosen_from not in by_id or (chosen_to != "current" and chosen_to not in by_id):
            return TemplateResponse(
                request,
                "admin/content_compare.html",
                {
                    **self.admin_site.each_context(request),
                    **self._compare_context(obj, versions, chosen_from, chosen_to),
                    "error": "Choose two revisions of this item from the lists.",
                },
                status=400,
            )
        old_version = by_id[chosen_from]
        old = row_from_version(old_version)
        new = (
            row_from_instance(obj) if chosen_to == "current" else row_from_version(by_id[chosen_to])
        )
        diffs = compare(old, new)
        context = {
            **self.admin_site.each_context(request),
            **self._compare_context(obj, versions, chosen_from, chosen_to),
            "diffs": diffs,
            "changed_count": sum(1 for d in diffs if d.changed),
            "old_label": revision_label(old_version),
            "new_label": "the current version"
            if chosen_to == "current"
            else revision_label(by_id[chosen_to]),
            "revert_url": self._url("revision", quote(obj.pk), old_version.pk),
            "old_links_recorded": links_recorded(old_version),
        }
        return TemplateResponse(request, "admin/content_compare.html", context)

    def _compare_context(self, obj, versions, chosen_from, chosen_to):
        opts = self.model._meta
        return {
            "title": f"Compare revisions of {obj}",
            "subtitle": None,
            "opts": opts,
            "object": obj,
            "original": obj,
            "app_label": opts.app_label,
            "choices": [(str(v.pk), revision_label(v)) for v in versions],
            "chosen_from": chosen_from,
            "chosen_to": chosen_to,
            "history_url": self._url("history", quote(obj.pk)),
        }

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id, object_id=unquote(object_id))
        context = {
            "title": f"Revert {version.object_repr} to the revision of {revision_label(version)}",
            "subtitle": None,
            "version": version,
            "links_recorded": links_recorded(version),
            "compare_current_url": self._url(
                "compare", quote(unquote(object_id)), query=f"from={version.pk}&to=current"
            ),
            **(extra_context or {}),
        }
        return super().revision_view(request, object_id, version_id, context)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        """Revert old copied versions without deleting today's links (they never recorded any)."""
        if not links_recorded(version):
            revision = version.revision

            def revert_fields_only(delete=False):
                return Revision.revert(revision, delete=False)

            revision.revert = revert_fields_only
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)
