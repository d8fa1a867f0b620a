"""Reading django-reversion revisions as editors see them: what changed, and a word-level diff.

A version of an item is described as a list of (label, text) pairs: its own fields in form
order, its many-to-many links by name, and the rows it owns (food links in order, sections,
choices with their weights) as one entry per relation. The same description is made from the
live item, so any two revisions, or a revision and the current state, can be compared.
"""

import difflib
import re
from dataclasses import dataclass

from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from reversion.models import Version
from reversion.revisions import _get_options

# Bookkeeping fields that change on every save and tell an editor nothing.
SKIPPED_FIELDS = {"updated_at"}
NOT_RECORDED = "Not recorded in this revision (it was kept before links were recorded)."


@dataclass(frozen=True)
class Row:
    """An object at one point in time: the instance (unsaved copy for a version) and links."""

    instance: models.Model
    m2m: dict[str, list]
    children: dict[str, list["Row"]]


def _follow_names(model) -> tuple[str, ...]:
    try:
        return _get_options(model).follow
    except Exception:  # not registered
        return ()


def _sort_key(row: Row):
    return (getattr(row.instance, "order", 0) or 0, row.instance.pk or 0)


def row_from_instance(instance: models.Model) -> Row:
    """The live state of ``instance`` and of everything its revisions follow."""
    m2m = {
        field.name: list(getattr(instance, field.name).values_list("pk", flat=True))
        for field in instance._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    }
    children = {
        name: sorted(
            (row_from_instance(child) for child in getattr(instance, name).all()), key=_sort_key
        )
        for name in _follow_names(type(instance))
    }
    return Row(instance, m2m, children)


def row_from_version(version: Version, siblings: list[Version] | None = None) -> Row:
    """The state recorded in ``version``; followed rows come from the same revision."""
    deserialized = version._object_version
    instance = deserialized.object
    m2m = {name: list(pks) for name, pks in (deserialized.m2m_data or {}).items()}
    if siblings is None:
        siblings = list(version.revision.version_set.all())
    children = {}
    if not links_recorded(version, siblings):
        return Row(instance, m2m, children)
    for name in _follow_names(type(instance)):
        relation = instance._meta.get_field(name)
        child_model = relation.related_model
        link = relation.field.attname
        found = [
            row_from_version(sibling, siblings)
            for sibling in siblings
            if sibling.content_type_id != version.content_type_id
            and sibling._model is child_model
            and str(getattr(sibling._object_version.object, link)) == str(instance.pk)
        ]
        children[name] = sorted(found, key=_sort_key)
    return Row(instance, m2m, children)


def links_recorded(version: Version, siblings: list[Version] | None = None) -> bool:
    """False for versions copied from the old history, which kept no links or owned rows.

    Those versions carry no many-to-many data at all (a version saved since always carries
    every link field, even when empty) and their revision holds nothing else. Reverting to one
    must change the item's fields and leave its links and rows alone.
    """
    model = version._model
    link_fields = [
        f.name for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created
    ]
    if not link_fields and not _follow_names(model):
        return True
    if link_fields and (version._object_version.m2m_data or {}):
        return True
    if siblings is None:
        siblings = list(version.revision.version_set.all())
    return any(sibling.pk != version.pk for sibling in siblings) and not link_fields


def _field_text(instance, field) -> str:
    value = getattr(instance, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if field.is_relation:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else f"(deleted, #{value})"
    return as_compared(str(value))


def as_compared(value):
    """Text as compared: one kind of line break and no space around it. A browser sends CRLF
    where the fixtures have LF, and the form strips the ends; neither is an editor's change."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value


def _own_fields(model, parent_link: str | None = None):
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in SKIPPED_FIELDS or field.name == parent_link:
            continue
        yield field


def _child_text(row: Row, parent_link: str) -> str:
    """One block per owned row: its name, then its text fields and its own children."""
    instance = row.instance
    fields = [f for f in _own_fields(type(instance), parent_link) if f.name != "order"]
    if len(fields) == 1 and fields[0].is_relation:
        # A plain link row (a food on a nutrient's list): its target is the whole story.
        return _field_text(instance, fields[0])
    parts, texts = [], []
    for field in fields:
        value = getattr(instance, field.attname)
        if value is None or value == "" or value is False:
            continue
        if isinstance(field, models.TextField):
            texts.append(value)
        elif isinstance(field, models.BooleanField):
            parts.append(str(field.verbose_name))
        else:
            parts.append(f"{capfirst(field.verbose_name)}: {_field_text(instance, field)}")
    lines = ["; ".join(parts), *texts]
    for name, children in row.children.items():
        link = instance._meta.get_field(name).field.name
        lines.extend("  " + _child_text(child, link) for child in children)
    return "\n".join(lines)


def describe(row: Row) -> list[tuple[str, str]]:
    """(label, text) pairs in form order, for the diff and the change summary."""
    instance = row.instance
    model = type(instance)
    pairs = []
    for field in _own_fields(model):
        try:
            text = _field_text(instance, field)
        except Exception:  # an unexpected value in old data: show it raw
            text = str(getattr(instance, field.attname, ""))
        pairs.append((capfirst(field.verbose_name), text))
    for field in model._meta.many_to_many:
        if field.name not in row.m2m:
            continue
        names = [
            str(obj)
            for obj in field.related_model._default_manager.filter(pk__in=row.m2m[field.name])
        ]
        pairs.append((capfirst(field.verbose_name), "\n".join(names)))
    for name, children in row.children.items():
        relation = model._meta.get_field(name)
        label = capfirst(relation.related_model._meta.verbose_name_plural)
        texts = [_child_text(child, relation.field.name) for child in children]
        joiner = "\n\n" if any("\n" in text for text in texts) else "\n"
        pairs.append((label, joiner.join(texts)))
    return pairs


# --- Word diff --------------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """``old`` with removed words in ``<del>``, ``new`` with added words in ``<ins>`` (escaped).

    Changed words separated only by spaces are marked as one run, so a rewritten sentence reads
    as one deletion and one insertion rather than a word-by-word patchwork.
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    # (changed?, old text, new text) runs, whitespace-only equal runs between changes folded in.
    runs: list[list] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        changed = tag != "equal"
        between_changes = 0 < index < len(opcodes) - 1 and not before.strip()
        if not changed and between_changes:
            changed = True
        if runs and runs[-1][0] == changed:
            runs[-1][1] += before
            runs[-1][2] += after
        else:
            runs.append([changed, before, after])
    left, right = [], []
    for changed, before, after in runs:
        if not changed:
            left.append(escape(before))
            right.append(escape(after))
            continue
        if before:
            left.append(f"<del>{escape(before)}</del>")
        if after:
            right.append(f"<ins>{escape(after)}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 (escaped above)


@dataclass(frozen=True)
class FieldDiff:
    label: str
    old: SafeString
    new: SafeString
    changed: bool


def compare(old: Row, new: Row) -> list[FieldDiff]:
    """Field-by-field comparison of two states of one item, in form order."""
    old_pairs, new_pairs = describe(old), describe(new)
    before_map, after_map = dict(old_pairs), dict(new_pairs)
    labels = [label for label, _ in new_pairs]
    labels += [label for label, _ in old_pairs if label not in after_map]
    diffs = []
    for label in labels:
        if label not in before_map or label not in after_map:
            text = escape(before_map.get(label, after_map.get(label, "")))
            missing = mark_safe(f"<em>{NOT_RECORDED}</em>")  # noqa: S308 (constant text)
            left, right = (missing, text) if label not in before_map else (text, missing)
            diffs.append(FieldDiff(label, left, right, False))
            continue
        before, after = before_map[label], after_map[label]
        left, right = word_diff(before, after)
        diffs.append(FieldDiff(label, left, right, before != after))
    return diffs


# --- What changed, for the history list (no extra queries per field) ----------------------------


def _raw(row: Row) -> dict[str, object]:
    instance = row.instance
    state = {
        capfirst(f.verbose_name): as_compared(getattr(instance, f.attname))
        for f in _own_fields(type(instance))
    }
    for name, pks in row.m2m.items():
        state[capfirst(instance._meta.get_field(name).verbose_name)] = sorted(pks)
    for name, children in row.children.items():
        model = instance._meta.get_field(name).related_model
        state[capfirst(model._meta.verbose_name_plural)] = [
            (child.instance.pk, sorted(_raw(child).items(), key=lambda kv: kv[0]))
            for child in children
        ]
    return state


def changed_labels(old: Row | None, new: Row) -> list[str]:
    """Labels of the fields and relations that differ between two states ([] for the first)."""
    if old is None:
        return []
    before, after = _raw(old), _raw(new)
    return [label for label, value in after.items() if label in before and before[label] != value]
