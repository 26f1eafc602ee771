from django.apps import apps


def without_generated_fields(rows: list[dict]) -> list[dict]:
    """Drop the columns the database computes (the search vectors) from dumped `rows`:
    they are derived, and on PostgreSQL each is a whole document's worth of text."""
    generated = {}
    for row in rows:
        if row["model"] not in generated:
            model = apps.get_model(row["model"])
            generated[row["model"]] = [f.name for f in model._meta.concrete_fields if f.generated]
        for name in generated[row["model"]]:
            row["fields"].pop(name, None)
    return rows
