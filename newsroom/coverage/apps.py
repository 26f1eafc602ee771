from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "newsroom.coverage"
    label = "coverage"  # tables, migrations, permissions and fixtures keep this name
    verbose_name = "Coverage"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import (
            m2m_changed,
            post_init,
            post_migrate,
            post_save,
            pre_delete,
            pre_save,
        )

        from newsroom.coverage import loading
        from newsroom.coverage.cache import invalidation, keys
        from newsroom.coverage.cache.collecting import record_loaded
        from newsroom.coverage.search import lexicon
        from newsroom.coverage.services import revisions  # noqa: F401 (registers versions)

        # What pages show, and what changes touch: see newsroom/coverage/cache.
        for model in self.get_models():
            name = model._meta.model_name
            if name in keys.UNSEEN:
                continue  # derived data and the machinery: no reader's page shows it
            post_save.connect(invalidation.on_save, sender=model, dispatch_uid=f"cache-{name}")
            pre_delete.connect(invalidation.on_delete, sender=model, dispatch_uid=f"uncache-{name}")
            if keys.OBJECTS.get(name) or keys.PARTS.get(name):
                post_init.connect(record_loaded, sender=model, dispatch_uid=f"shown-{name}")
        m2m_changed.connect(invalidation.on_relation, dispatch_uid="cache-relations")
        pre_save.connect(loading.fill_segment_key, sender="coverage.Segment", dispatch_uid="key")
        pre_save.connect(
            loading.fill_citation_record, sender="coverage.Citation", dispatch_uid="record"
        )
        post_migrate.connect(_repair_sqlite_schema, sender=self, dispatch_uid="sqlite-schema")
        lexicon.connect_signals()


def _repair_sqlite_schema(using, **kwargs):
    """Put back SQLite triggers a table rebuild (any later AlterField) dropped."""
    from django.db import connections

    from newsroom.coverage.sqlite_schema import repair

    repair(connections[using])
