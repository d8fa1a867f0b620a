"""The review step in the admin: editors prepare, clinical reviewers approve and publish.

On health content and checker rules (admins using ``ReviewedAdminMixin``):

* An editor without the publish permission who saves a change (or restores a revision) gets a
  *change awaiting review* instead: the form runs exactly as usual inside a transaction, the
  result is snapshotted and the transaction is rolled back, so the live rows (what readers see)
  do not move. *Save and send for review* marks it ready; *Save* keeps it as a draft.
* New items an editor adds start unpublished (articles) or inactive (checker questions and
  warning signs); deleting, and editing points straight in a list, are for reviewers only.
* A reviewer's own save publishes at once, its revision stamped with their name and the date,
  after the admin's ``publish_problems`` check (the checker's scenarios): if that fails, the
  save is undone, the change is kept aside for review and the message says which scenarios fail
  and why.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from reversion.models import Version

from .caching import bump_content_version
from .models import PUBLISH_PERMISSION
from .review import display_name, keep_as_draft, snapshot

READY_BUTTON = "_send_for_review"


class _Captured(Exception):
    """Carries a saved item and its snapshot out of the transaction that is rolled back."""

    def __init__(self, obj, data, problems=()):
        super().__init__("captured")
        self.obj = obj
        self.data = data
        self.problems = list(problems)


def can_publish(request) -> bool:
    return request.user.has_perm(PUBLISH_PERMISSION)


class ReviewedAdminMixin:
    """Mix into a ``ContentVersionAdmin`` subclass whose model needs clinical review."""

    # Field set to False on items an editor adds, so readers do not see them before review.
    hidden_until_review_field: str | None = None
    # Whether editors may add items here at all (rows owned by another item are added there).
    editors_may_add = True
    change_form_template = "admin/reviewed_change_form.html"

    def publish_problems(self) -> list[str]:
        """Reasons the current live content may not be published (none by default)."""
        return []

    # --- who may do what -------------------------------------------------------------------

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_publish(request)

    def has_add_permission(self, request, *args):
        allowed = super().has_add_permission(request, *args)
        return allowed and (self.editors_may_add or can_publish(request))

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        if can_publish(request):
            return changelist

        class ReviewedChangeList(changelist):
            """Editors change points and switches through the review step, not in the list."""

            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.list_editable = ()

        return ReviewedChangeList

    def changelist_view(self, request, extra_context=None):
        """Reviewers' edits in the list (points, switches) pass the same checks as a save."""
        if request.method != "POST" or "_save" not in request.POST:
            return super().changelist_view(request, extra_context)
        try:
            with transaction.atomic():
                response = super().changelist_view(request, extra_context)
                problems = self.publish_problems() if response.status_code == 302 else []
                if problems:
                    raise _Captured(None, "", problems)
        except _Captured as captured:
            bump_content_version()
            self._forget_messages(request)
            messages.error(
                request,
                "Not published: " + " ".join(captured.problems) + " Nothing was changed.",
            )
            return HttpResponseRedirect(request.get_full_path())
        return response

    def save_model(self, request, obj, form, change):
        field = self.hidden_until_review_field
        if not change and field and not can_publish(request):
            setattr(obj, field, False)
            messages.info(
                request,
                "New items start hidden from readers; a clinical reviewer publishes them.",
            )
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        request._review_saved_object = obj
        return super().response_change(request, obj)

    # --- saving -----------------------------------------------------------------------------

    def _review_context(self, request, object_id, extra_context):
        return {
            **(extra_context or {}),
            "can_publish": can_publish(request),
            "open_change": self._open_change(object_id),
        }

    def add_view(self, request, form_url="", extra_context=None):
        context = self._review_context(request, None, extra_context)
        return super().add_view(request, form_url, context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Wraps VersionAdmin.change_view, so a save kept aside leaves no revision behind.
        context = self._review_context(request, object_id, extra_context)
        inner = super().change_view
        if request.method != "POST" or "_preview" in request.POST:
            return inner(request, object_id, form_url, context)
        return self._saved_or_kept(
            request, lambda: self._run_and_capture(request, inner, object_id, form_url, context)
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if getattr(request, "_review_outer", False) and "_preview" not in request.POST:
            # Restoring a revision: capture inside django-reversion's transaction, so that
            # its revert is rolled back with the save (see revision_view).
            context = self._review_context(request, object_id, extra_context)
            inner = super().changeform_view
            return self._run_and_capture(request, inner, object_id, form_url, context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "reviewed": True,
            "can_publish": can_publish(request),
        }
        if request.method != "POST" or "_preview" in request.POST:
            return super().revision_view(request, object_id, version_id, extra_context)
        request._review_outer = True
        return self._saved_or_kept(
            request,
            lambda: super(ReviewedAdminMixin, self).revision_view(
                request, object_id, version_id, extra_context
            ),
        )

    def _run_and_capture(self, request, inner, object_id, form_url, extra_context):
        response = inner(request, object_id, form_url, extra_context)
        saved = getattr(request, "_review_saved_object", None)
        if response.status_code != 302 or saved is None:
            return response  # the form had errors: shown as usual, nothing saved
        if not can_publish(request):
            raise _Captured(saved, snapshot(saved))  # read the rows before they roll back
        problems = self.publish_problems()
        if problems:
            raise _Captured(saved, snapshot(saved), problems)
        return response

    def _saved_or_kept(self, request, run):
        """Run the save. Editors' saves, and reviewers' blocked ones, become drafts instead."""
        try:
            with transaction.atomic():
                response = run()
        except _Captured as captured:
            # The save ran inside the rolled-back transaction: the live rows did not move.
            # Anything memoised for the content version meanwhile is wrong: move it on.
            bump_content_version()
            return self._keep(request, captured)
        saved = getattr(request, "_review_saved_object", None)
        if saved is not None and response.status_code == 302:
            self._stamp_approval(request, saved)
        return response

    def _keep(self, request, captured):
        obj, publisher = captured.obj, can_publish(request)
        ready = publisher or READY_BUTTON in request.POST
        note = request.POST.get("_note", "")
        change = keep_as_draft(obj, request.user, ready=ready, note=note, data=captured.data)
        self._forget_messages(request)
        if captured.problems:
            messages.error(
                request,
                "Not published: " + " ".join(captured.problems) + " Your change was kept "
                "aside (readers still see the published version); fix the problem and publish "
                "it from here.",
            )
        else:
            what = "sent for review" if ready else "kept as a draft"
            messages.success(
                request,
                f"Your change to \u201c{obj}\u201d was {what}. Readers still see the published "
                "version until a clinical reviewer approves it.",
            )
        return HttpResponseRedirect(reverse("admin:core_pendingchange_change", args=[change.pk]))

    def _stamp_approval(self, request, obj):
        """A reviewer's own save is published: say so, with their name and the date, in history."""
        version = Version.objects.get_for_object(obj).select_related("revision").first()
        if version is None:
            return
        revision = version.revision
        when = localize(template_localtime(revision.date_created))
        stamp = f"Approved and published by {display_name(request.user)} on {when}."
        if not revision.comment.startswith("Approved and published"):
            revision.comment = f"{stamp} {revision.get_comment()}".strip()
            revision.save(update_fields=["comment"])

    @staticmethod
    def _forget_messages(request):
        storage = messages.get_messages(request)
        for _ in storage:
            pass
        storage.used = True

    def _open_change(self, object_id):
        if object_id is None:
            return None
        from .models import PendingChange

        return PendingChange.objects.open().for_item(self.model, object_id).first()
