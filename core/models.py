"""Models the apps share: changes to health content waiting for a clinical reviewer."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

PUBLISH_PERMISSION = "core.publish_content"


class PendingChangeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[PendingChange.Status.DRAFT, PendingChange.Status.READY])

    def for_item(self, model, object_id):
        """Changes to one item, given its model (or an instance of it) and its id."""
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=str(object_id))


class PendingChange(models.Model):
    """An editor's change to health content or checker rules, kept aside until approved.

    The live rows stay as they are, so readers keep seeing the last published version; the
    change is a snapshot of the item and the rows it owns (the same follow rules as its history).
    A clinical reviewer approves it, which writes it to the live rows as one revision with the
    reviewer's name and the date.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        READY = "ready", "Ready for review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("item", max_length=200)
    data = models.TextField(help_text="The changed item and its rows, as serialized JSON.")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    note = models.TextField(
        "note for the reviewer",
        blank=True,
        help_text="What changed and why, with the source checked (optional).",
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    prepared_by_name = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_by_name = models.CharField("approved by", max_length=150, blank=True)
    reviewed_at = models.DateTimeField("approved on", null=True, blank=True)
    review_note = models.TextField(blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = "change awaiting review"
        verbose_name_plural = "changes awaiting review"
        permissions = [
            ("publish_content", "Can approve and publish health content and checker rules")
        ]

    def __str__(self):
        return f"{self.object_repr} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status in (self.Status.DRAFT, self.Status.READY)

    @property
    def model(self):
        return self.content_type.model_class()
