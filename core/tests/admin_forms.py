"""Submit Django admin forms the way a browser does: from the page the editor was shown."""


def _add(data, form):
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(getattr(item, "pk", item)) for item in value]
        else:
            data[bound.html_name] = str(getattr(value, "pk", value))


def admin_form_data(response, **changes):
    """POST data of a rendered admin change (or revert) form: main form and every inline row.

    ``changes`` replace single values; edit the returned dict for anything else.
    """
    data = {}
    _add(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add(data, formset.management_form)
        for form in formset.forms:
            _add(data, form)
    data.update(changes)
    return data


def inline_index(data, prefix, field, value):
    """Index of the inline row whose ``field`` is ``value`` (e.g. the 'seeds' food link)."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for index in range(total):
        if data.get(f"{prefix}-{index}-{field}") == str(value):
            return index
    raise AssertionError(f"no {prefix} row with {field}={value}")
