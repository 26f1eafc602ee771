"""Create the Reporter and Editor groups with their permissions.

Reporter: write and edit draft stories and suggest citations; cannot publish or
confirm. Editor: everything on content, publishing and confirming citations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = ["add_article", "change_article", "add_citation", "change_citation"]
EDITOR_EXTRA = ["publish_article", "confirm_citation"]


def create_groups(apps, schema_editor):
    app_config = apps.get_app_config("coverage")
    app_config.models_module = True  # lets create_permissions see the historical models
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coverage = Permission.objects.filter(content_type__app_label="coverage")
    reporter, _ = Group.objects.get_or_create(name="Reporter")
    reporter.permissions.set(
        coverage.filter(codename__startswith="view_") | coverage.filter(codename__in=REPORTER)
    )
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(coverage)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reporter", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0004_editorial_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
