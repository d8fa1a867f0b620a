"""Turn django-simple-history rows into django-reversion revisions (used by two migrations).

Each recorded row becomes one revision holding one version of the object, with the same date,
user and reason, so an editor's earlier history survives the move to django-reversion. Rows of
deletions are skipped (reversion keeps the last version of a deleted object instead). Links that
simple-history did not record (a nutrient's foods and symptoms) are left out of the converted
versions: reverting to one of them changes the fields and leaves the links as they are.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

COMMENTS = {"+": "Added.", "~": "Changed.", "-": "Deleted."}
NAME_FIELDS = ("name", "title", "text", "label")


def _repr(row, fields):
    for name in NAME_FIELDS:
        if fields.get(name):
            return str(fields[name])[:191]
    return f"#{row.id}"


def convert_history(apps, schema_editor, app_label, model_names, m2m=None):
    """Copy ``Historical<Model>`` rows of ``app_label`` into reversion, oldest first.

    ``m2m`` maps a model name to its recorded many-to-many fields: {field: target field name}.
    """
    db = schema_editor.connection.alias
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")
    ContentType = apps.get_model("contenttypes", "ContentType")
    m2m = m2m or {}
    for name in model_names:
        model = apps.get_model(app_label, name)
        historical = apps.get_model(app_label, f"Historical{name}")
        content_type, _ = ContentType.objects.using(db).get_or_create(
            app_label=app_label, model=name.lower()
        )
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        recorded_links = {
            field: (apps.get_model(app_label, f"Historical{name}_{field}"), target)
            for field, target in m2m.get(name, {}).items()
        }
        rows = historical.objects.using(db).exclude(history_type="-")
        for row in rows.order_by("history_date", "history_id").iterator():
            values = {f.name: getattr(row, f.attname) for f in fields}
            links = {
                field: sorted(
                    link_model.objects.using(db)
                    .filter(history_id=row.history_id)
                    .exclude(**{f"{target}_id": None})
                    .values_list(f"{target}_id", flat=True)
                )
                for field, (link_model, target) in recorded_links.items()
            }
            if any(links.values()):
                # A row with no links at all was made by `populate_history`, which records
                # none: leave the links out rather than claim the scenario had no answers.
                values.update(links)
            data = [{"model": f"{app_label}.{name.lower()}", "pk": row.id, "fields": values}]
            revision = Revision.objects.using(db).create(
                date_created=row.history_date,
                user_id=row.history_user_id,
                comment=row.history_change_reason or COMMENTS.get(row.history_type, ""),
            )
            Version.objects.using(db).create(
                revision=revision,
                object_id=str(row.id),
                content_type=content_type,
                db=db,
                format="json",
                serialized_data=json.dumps(data, cls=DjangoJSONEncoder),
                object_repr=_repr(row, values),
            )
