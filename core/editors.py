"""The "Editors" group: may change all site content, never users or groups."""

from django.apps import apps as global_apps
from django.conf import settings

EDITORS_GROUP = "Editors"


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
    return Permission.objects.filter(content_type__app_label__in=settings.EDITOR_APPS)


def sync_editor_permissions(sender=None, apps=global_apps, using="default", **kwargs):
    """Give the Editors group every permission on content models, including new ones.

    Runs after each ``migrate`` so that a model added later (e.g. a checker question
    type) is editable without a manual step.
    """
    Group = apps.get_model("auth", "Group")
    try:
        group, _ = Group.objects.using(using).get_or_create(name=EDITORS_GROUP)
    except Exception:  # auth tables not there yet (first migrate of a partial app set)
        return
    group.permissions.add(*editor_permissions(apps).using(using))
