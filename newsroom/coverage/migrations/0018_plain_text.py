"""Clean text stored before the text fields cleaned what they store (models/fields.py).

Only rows holding a character `plain_text` changes are read and written again.
"""

from django.db import migrations, models

from newsroom.coverage.models.fields import plain_text

# The characters plain_text removes or turns into line breaks, as one character class both
# databases' regular expressions read (NUL and lone surrogates cannot be stored in either).
_CHANGED = "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]"
# The machinery's rows (jobs, heartbeats, a revision's record of its changes) stay as written.
_SKIPPED = {"backgroundjob", "workerheartbeat", "transcriptrevision"}


def clean_stored_text(apps, schema_editor):
    for model in apps.get_app_config("coverage").get_models():
        if model._meta.model_name in _SKIPPED:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField)):
                continue
            one_line = not isinstance(field, models.TextField)
            rows = model._base_manager.filter(**{f"{field.attname}__regex": _CHANGED})
            for pk, value in rows.values_list("pk", field.attname).iterator():
                model._base_manager.filter(pk=pk).update(
                    **{field.attname: plain_text(value, one_line=one_line)}
                )


class Migration(migrations.Migration):
    dependencies = [("coverage", "0017_background_work")]

    operations = [migrations.RunPython(clean_stored_text, migrations.RunPython.noop)]
