from django.db import migrations

# Holidays and measures news reports name otherwise than the records do.
GROUPS = [
    ("Chinese New Year\nSpring Festival\nLunar New Year", "Foreign and Chinese names."),
    ("life expectancy\nlife span", ""),
]


def add_groups(apps, schema_editor):
    Synonym = apps.get_model("coverage", "Synonym")
    known = set(Synonym.objects.values_list("wordings", flat=True))
    Synonym.objects.bulk_create(Synonym(wordings=w, note=n) for w, n in GROUPS if w not in known)


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0022_search_synonyms"),
    ]

    operations = [
        migrations.RunPython(add_groups, migrations.RunPython.noop),
    ]
