"""Build the POST a browser would send for an admin change form, from its rendered context."""

from django.forms import MultiWidget


def _field_data(form, data):
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            parts = field.widget.decompress(value) if value else [None] * len(field.widget.widgets)
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else str(part)
            continue
        if value is None:
            value = ""
        if isinstance(value, bool):
            if value:
                data[key] = "on"
            continue
        if isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = str(value)


def change_form_data(response, **changes) -> dict:
    """Return the unchanged form's POST data, with `changes` applied (name: value)."""
    data = {}
    _field_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.forms:
            _field_data(form, data)
    data.update(changes)
    return data
