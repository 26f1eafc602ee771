from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "newsroom.coverage"
    label = "coverage"  # tables, migrations, permissions and fixtures keep this name
    verbose_name = "Coverage"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_migrate,
            post_save,
            pre_save,
        )

        from newsroom.coverage import loading
        from newsroom.coverage.caching import bump_content_version
        from newsroom.coverage.services import revisions  # noqa: F401 (registers versions)

        for model in self.get_models():
            if model._meta.model_name == "segmentterm":
                continue  # the linking index is derived data, not page content
            post_save.connect(bump_content_version, sender=model, dispatch_uid=f"bump-{model}")
            post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"del-{model}")
        m2m_changed.connect(bump_content_version, dispatch_uid="bump-m2m")
        pre_save.connect(loading.fill_segment_key, sender="coverage.Segment", dispatch_uid="key")
        pre_save.connect(
            loading.fill_citation_record, sender="coverage.Citation", dispatch_uid="record"
        )
        post_migrate.connect(_repair_sqlite_schema, sender=self, dispatch_uid="sqlite-schema")


def _repair_sqlite_schema(using, **kwargs):
    """Put back SQLite triggers a table rebuild (any later AlterField) dropped."""
    from django.db import connections

    from newsroom.coverage.sqlite_schema import repair

    repair(connections[using])
