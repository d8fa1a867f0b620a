"""The clinical review step: keep an editor's change aside, then publish it once approved.

``snapshot`` serializes an item and the rows its revisions follow (a nutrient's food links and
sections, a question's choices and their points); ``publish`` writes such a snapshot to the
live rows in one transaction, as one revision naming the reviewer, after the admin's own checks
(the checker's scenarios) pass. Plain functions, called by the admin and tested directly.
"""

import reversion
from django.core import serializers
from django.db import transaction
from django.utils import timezone
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from reversion.revisions import _follow_relations_recursive

from .caching import bump_content_version
from .models import PendingChange
from .revisions import Row, _follow_names, _sort_key


class PublishBlocked(Exception):
    """Publishing would break something (e.g. a failing scenario); nothing was written."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def display_name(user) -> str:
    if user is None:
        return "unknown"
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def snapshot(obj) -> str:
    """The item and every row it owns, as serialized JSON (parents before children)."""
    objects = list(_follow_relations_recursive(obj))
    objects.sort(key=lambda o: (o is not obj,))
    return serializers.serialize("json", objects)


def row_from_snapshot(change: PendingChange) -> Row:
    """The change as a ``Row``, so it can be compared with the live item like a revision."""
    deserialized = list(serializers.deserialize("json", change.data, ignorenonexistent=True))
    model = change.model
    by_model: dict[type, list] = {}
    for item in deserialized:
        by_model.setdefault(type(item.object), []).append(item)

    def build(item) -> Row:
        instance = item.object
        children = {}
        for name in _follow_names(type(instance)):
            relation = instance._meta.get_field(name)
            link = relation.field.attname
            found = [
                build(child)
                for child in by_model.get(relation.related_model, [])
                if str(getattr(child.object, link)) == str(instance.pk)
            ]
            children[name] = sorted(found, key=_sort_key)
        m2m = {name: list(pks) for name, pks in (item.m2m_data or {}).items()}
        return Row(instance, m2m, children)

    main = next(
        item
        for item in deserialized
        if type(item.object) is model and str(item.object.pk) == change.object_id
    )
    return build(main)


def apply(change: PendingChange):
    """Write the snapshot to the live rows: save its objects, delete owned rows it lacks."""
    model = change.model
    live = model._default_manager.get(pk=change.object_id)
    current = [o for o in _follow_relations_recursive(live) if o is not live]
    deserialized = list(serializers.deserialize("json", change.data, ignorenonexistent=True))
    kept = {(type(item.object), str(item.object.pk)) for item in deserialized}
    # Children the change removed go first (a unique order or anchor may be reused).
    for obj in reversed(current):
        if (type(obj), str(obj.pk)) not in kept:
            obj.delete()
    for item in deserialized:
        item.save()
    return model._default_manager.get(pk=change.object_id)


def keep_as_draft(obj, user, ready: bool, note: str = "", data: str | None = None) -> PendingChange:
    """Store (or update) the one open change of ``obj``: ``data`` (a snapshot) or its state now."""
    from django.contrib.contenttypes.models import ContentType

    status = PendingChange.Status.READY if ready else PendingChange.Status.DRAFT
    change = PendingChange.objects.open().for_item(obj, obj.pk).first() or PendingChange(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    )
    change.object_repr = str(obj)[:200]
    change.data = data if data is not None else snapshot(obj)
    change.status = status
    change.prepared_by = user
    change.prepared_by_name = display_name(user)
    if note:
        change.note = note
    change.save()
    return change


def publish(change: PendingChange, reviewer, check=None, note: str = "") -> None:
    """Approve and publish ``change``: one transaction, one revision naming the reviewer.

    ``check`` (optional) runs after the change is written and returns problems; any problem
    undoes everything and raises ``PublishBlocked``.
    """
    if not change.is_open:
        raise PublishBlocked(["This change is not open any more."])
    now = timezone.now()
    name = display_name(reviewer)
    with transaction.atomic():
        with reversion.create_revision():
            obj = apply(change)
            reversion.add_to_revision(obj)
            reversion.set_user(reviewer)
            reversion.set_comment(
                f"Approved and published by {name} on {localize(template_localtime(now))}. "
                f"Prepared by {change.prepared_by_name or 'unknown'}."
                + (f" Note: {change.note}" if change.note else "")
            )
        problems = check() if check else []
        if problems:
            transaction.set_rollback(True)
    if problems:
        bump_content_version()  # nothing memoised during the undone write may be served
        raise PublishBlocked(problems)
    change.status = PendingChange.Status.PUBLISHED
    change.reviewed_by_name = name
    change.reviewed_at = now
    change.review_note = note
    change.save()
