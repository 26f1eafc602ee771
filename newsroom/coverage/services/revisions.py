"""Versions of stories and transcripts: kept on every save, compared, restored.

django-reversion stores a copy of the object in each revision. Every face that saves
(the admin form, the API, the workflow, imports) does so inside `keep_version`, so
each save is one version with who made it.
"""

import contextlib

import reversion
from django.db import transaction
from reversion.models import Version

from newsroom.coverage.models import Article, Transcript
from newsroom.coverage.services.audit import log, require

# What a version restores: the words and what they are about, never the publication
# state, which changes only through the editorial workflow.
RESTORED = {
    Article: (
        "headline",
        "standfirst",
        "body",
        "source",
        "other_sources",
        "source_url",
        "byline",
        "dateline",
        "people",
        "events",
        "places",
    ),
    Transcript: ("title", "summary", "dateline", "source_url", "date", "source", "event", "place"),
}
# The text fields shown word by word when two versions are compared.
COMPARED = {
    Article: ("headline", "standfirst", "body", "byline", "dateline", "source_url", "status"),
    Transcript: ("title", "summary", "dateline", "source_url", "date", "status"),
}

for _model in RESTORED:
    if not reversion.is_registered(_model):
        # A version keeps what an editor wrote, not what the database derives from it.
        generated = tuple(f.name for f in _model._meta.concrete_fields if f.generated)
        reversion.register(_model, exclude=generated)


@contextlib.contextmanager
def keep_version(user=None, comment: str = ""):
    """Keep one version of each story or transcript saved inside this block."""
    with reversion.create_revision():
        if user is not None and user.pk:
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)
        yield


def versions_of(obj):
    """Return the versions of `obj`, newest first, with who saved each."""
    return (
        Version.objects.get_for_object(obj)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def _field_value(model, name, data):
    field = model._meta.get_field(name)
    return data.get(field.attname)


def compare(obj, older: Version, newer: Version) -> list[tuple[str, str, str]]:
    """Return `(label, old text, new text)` for each compared field that differs."""
    model = type(obj)
    changed = []
    for name in COMPARED[model]:
        old, new = (str(_field_value(model, name, v.field_dict) or "") for v in (older, newer))
        if old != new:
            changed.append((model._meta.get_field(name).verbose_name, old, new))
    return changed


def restore(*, obj, version: Version, user):
    """Bring back the words of `version` as a new version; the publication state stays."""
    model = type(obj)
    require(user, f"coverage.change_{model._meta.model_name}", "restore versions")
    data = version.field_dict
    with transaction.atomic(), keep_version(user, f"Restored the version of {_when(version)}"):
        many = {}
        for name in RESTORED[model]:
            field = model._meta.get_field(name)
            if field.many_to_many:
                many[name] = data.get(field.attname, [])
            else:
                setattr(obj, field.attname, data.get(field.attname))
        obj.save()
        for name, pks in many.items():
            getattr(obj, name).set(pks)
        log(user, obj, f"Restored the version of {_when(version)}")
    return obj


def _when(version: Version) -> str:
    return f"{version.revision.date_created:%Y-%m-%d %H:%M:%S %Z}"
