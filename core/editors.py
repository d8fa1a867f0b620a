"""The "Editors" and "Clinical reviewers" groups.

Editors may change all site content (and read readers' feedback), never users or groups; their
changes to health content and checker rules wait for review. Clinical reviewers have the same
permissions plus ``core.publish_content``: they approve and publish.
"""

from django.apps import apps as global_apps
from django.conf import settings

EDITORS_GROUP = "Editors"
REVIEWERS_GROUP = "Clinical reviewers"
PUBLISH_CODENAME = "publish_content"


def is_editor(user) -> bool:
    """The one rule for "may see drafts and skip the page cache": an active staff account.

    Used by ``PublishedQuerySet.visible_to``, the page cache and the views.
    """
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
    )


def editor_permissions(apps=global_apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label__in=settings.EDITOR_APPS).exclude(
        content_type__app_label="core", codename=PUBLISH_CODENAME
    )


def reviewer_permissions(apps=global_apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label__in=settings.EDITOR_APPS)


def sync_editor_permissions(sender=None, apps=global_apps, using="default", **kwargs):
    """Give both groups every permission on content models, including new ones.

    Runs after each ``migrate`` so that a model added later (e.g. a checker question
    type) is editable without a manual step.
    """
    Group = apps.get_model("auth", "Group")
    try:
        editors, _ = Group.objects.using(using).get_or_create(name=EDITORS_GROUP)
        reviewers, _ = Group.objects.using(using).get_or_create(name=REVIEWERS_GROUP)
    except Exception:  # auth tables not there yet (first migrate of a partial app set)
        return
    editors.permissions.add(*editor_permissions(apps).using(using))
    reviewers.permissions.add(*reviewer_permissions(apps).using(using))
