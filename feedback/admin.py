"""Editors read readers' feedback here: counts and comments per page, marked dealt with."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Messages are read-only (they are what a reader wrote); editors only mark them dealt with."""

    list_display = ["received_on", "page", "kind", "answer", "comment_start", "dealt_with"]
    list_filter = ["dealt_with", "kind", "helpful", "page"]
    search_fields = ["comment", "page"]
    readonly_fields = ["kind", "page", "helpful", "comment", "received_on"]
    fields = ["received_on", "kind", "page", "helpful", "comment", "dealt_with"]
    actions = ["mark_dealt_with"]
    change_list_template = "admin/feedback/feedback/change_list.html"
    date_hierarchy = "received_on"

    def has_add_permission(self, request):
        return False

    @admin.display(description="answer", ordering="helpful")
    def answer(self, obj):
        if obj.helpful is None:
            return "—"
        return "Yes" if obj.helpful else "No"

    @admin.display(description="comment")
    def comment_start(self, obj):
        # Plain text: the admin escapes it; never marked safe, never linked.
        return Truncator(obj.comment).chars(120) or "—"

    @admin.action(description="Mark selected messages as dealt with")
    def mark_dealt_with(self, request, queryset):
        count = queryset.update(dealt_with=True)
        self.message_user(request, f"{count} message(s) marked as dealt with.", messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "per-page/",
                self.admin_site.admin_view(self.per_page_view),
                name="feedback_feedback_per_page",
            ),
            *super().get_urls(),
        ]

    def per_page_view(self, request):
        """One row per page: Yes and No counts, comments, error reports and how many are open."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = (
            Feedback.objects.values("page")
            .annotate(
                yes=Count("pk", filter=Q(helpful=True)),
                no=Count("pk", filter=Q(helpful=False)),
                comments=Count("pk", filter=~Q(comment="")),
                errors=Count("pk", filter=Q(kind=Feedback.Kind.ERROR)),
                open=Count("pk", filter=Q(dealt_with=False)),
            )
            .order_by("-open", "page")
        )
        changelist = reverse("admin:feedback_feedback_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Feedback per page",
            "rows": rows,
            "changelist": changelist,
        }
        return TemplateResponse(request, "admin/feedback/feedback/per_page.html", context)
