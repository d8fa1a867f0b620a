"""Admin widget fixes shared by every app's admin (bad input never gives a 500)."""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, without its 500 on a tampered value.

    When a form is shown again with errors, Django's widget looks up the submitted value
    as it is; a value that is not an id at all (``"abc"``, a null byte, a number too big for the
    database) makes that query raise and the page fail. Values that cannot be an id are
    dropped before the lookup; the form field itself still reports the error to the editor.
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(remote.field_name)
        ops = connections[self.db or DEFAULT_DB_ALIAS].ops
        low, high = ops.integer_field_range(target.get_internal_type())
        usable = []
        for item in value:
            try:
                prepared = target.get_prep_value(target.to_python(item))
            except (TypeError, ValueError, ValidationError):
                continue
            if isinstance(prepared, int) and not (
                (low is None or prepared >= low) and (high is None or prepared <= high)
            ):
                continue  # an id the database could not even hold
            usable.append(item)
        return super().optgroups(name, usable, attr)


class SafeAutocompleteMixin:
    """For ModelAdmin and inline classes with ``autocomplete_fields``."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SizedTextMixin:
    """Text boxes as wide as what they hold, for ModelAdmin and inline classes.

    Long one-line fields (a 200-character summary) get a wide box instead of Django's 20em; text
    areas grow with their text (CSS ``field-sizing``, a fixed taller box where unsupported).
    The classes are styled in ``static/css/admin-editing.css``.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None or db_field.choices:
            return formfield
        css = None
        if isinstance(db_field, models.CharField) and (db_field.max_length or 0) >= 100:
            css = "text-wide"
        elif isinstance(db_field, models.TextField):
            css = "text-grows"
        if css:
            attrs = formfield.widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
        return formfield
