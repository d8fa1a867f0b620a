"""What readers tell editors: "Was this page helpful?" answers and error reports.

Nothing personal is kept: no network address, no cookie or session, no browser name, no time
of day (only the date), and the comment is whatever the reader chose to write. The checker's
answers never reach this table: its forms are separate and the feedback form holds only the
page's address.
"""

from django.db import models

COMMENT_MAX_LENGTH = 600


class FeedbackQuerySet(models.QuerySet):
    def open(self):
        return self.filter(dealt_with=False)


class Feedback(models.Model):
    """One message from a reader about one page (or about the site, for a general report)."""

    class Kind(models.TextChoices):
        HELPFUL = "helpful", "Was this page helpful?"
        ERROR = "error", "Error report (Contact us)"

    kind = models.CharField(max_length=10, choices=Kind, default=Kind.HELPFUL)
    page = models.CharField(
        max_length=200,
        blank=True,
        help_text="The address of the page the reader was on, e.g. /nutrients/magnesium/.",
    )
    helpful = models.BooleanField(
        null=True, blank=True, help_text="The reader's Yes or No (empty for error reports)."
    )
    comment = models.TextField(
        max_length=COMMENT_MAX_LENGTH,
        blank=True,
        help_text="Exactly what the reader wrote. Shown as plain text, never as a link or HTML.",
    )
    received_on = models.DateField(auto_now_add=True)
    dealt_with = models.BooleanField(
        default=False, help_text="Tick once an editor has read it and acted if needed."
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["dealt_with", "-received_on", "-pk"]
        verbose_name = "feedback message"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="error") | models.Q(helpful__isnull=False),
                name="feedback_helpful_answered",
                violation_error_message="A 'Was this page helpful?' message needs Yes or No.",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.ERROR:
            return f"Error report about {self.page or 'the site'}"
        return f"{'Yes' if self.helpful else 'No'} on {self.page}"
