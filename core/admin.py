"""Changes awaiting review: what an editor prepared, compared with what readers see now."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse

from .admin_preview import render_preview
from .admin_review import can_publish
from .models import PendingChange
from .review import PublishBlocked, display_name, publish, row_from_snapshot
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = get_object_or_404(PendingChange, pk=object_id)
        if not self.has_view_or_change_permission(request, change):
            raise PermissionDenied
        if request.method == "POST":
            return self.act(request, change)
        model = change.model
        live = model._default_manager.filter(pk=change.object_id).first()
        proposed = row_from_snapshot(change)
        diffs = compare(row_from_instance(live), proposed) if live else []
        model_admin = self.admin_site._registry.get(model)
        lookup = getattr(model_admin, "citation_lookup", None)
        glossary = getattr(model_admin, "glossary_lookup", None)
        previews = [
            (
                field.verbose_name,
                render_preview(getattr(proposed.instance, field.attname), lookup, glossary),
            )
            for field in model._meta.concrete_fields
            if "Leave an empty line between paragraphs" in str(field.help_text)
        ]
        opts = model._meta
        try:
            live_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[live.pk])
        except (NoReverseMatch, AttributeError):
            live_url = None
        context = {
            **self.admin_site.each_context(request),
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
