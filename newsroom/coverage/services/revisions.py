"""Versions of stories and transcripts: kept on every save, compared, restored.

django-reversion stores a copy of the object in each revision. Every face that saves
(the admin form, the API, the workflow, imports) does so inside `keep_version`, so
each save is one version with who made it.
"""

import contextlib
import contextvars

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import receiver
from reversion.models import Version
from reversion.signals import post_revision_commit

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
# What a version's note names when it changed (the compared fields, and these).
NOTED = {
    Article: (*COMPARED[Article], "source", "other_sources", "people", "events", "places"),
    Transcript: (*COMPARED[Transcript], "source", "event", "place", "publish_at"),
}
# What every save changes by itself: not a change anyone made.
CHANGED_BY_EVERY_SAVE = {"id", "version", "updated_at"}
# What else a save did, said by the services that did it (citations decided).
_said: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("said", default=None)

for _model in RESTORED:
    if not reversion.is_registered(_model):
        # A version keeps what an editor wrote, not what the database derives from it.
        generated = tuple(f.name for f in _model._meta.concrete_fields if f.generated)
        reversion.register(_model, exclude=generated)


@contextlib.contextmanager
def keep_version(user=None, comment: str = ""):
    """Keep one version of each story or transcript saved inside this block.

    Without a `comment`, the version's note says what changed (`describe`).
    """
    token = _said.set([]) if _said.get() is None else None
    try:
        with reversion.create_revision():
            if user is not None and user.pk:
                reversion.set_user(user)
            if comment:
                reversion.set_comment(comment)
            yield
    finally:
        if token is not None:
            _said.reset(token)


def say_in_version(note: str) -> None:
    """Add `note` to the note of the version being kept, if one is."""
    said = _said.get()
    if said is not None and note not in said:
        said.append(note)


def keep_version_of(obj) -> None:
    """Keep a version of `obj` in the version being kept though it is not saved (what
    was done to it elsewhere, such as citations decided, is its note)."""
    if reversion.is_active():
        reversion.add_to_revision(obj)


@receiver(post_revision_commit)
def _note_what_changed(sender, revision, versions, **kwargs):
    if revision.comment:
        return
    notes = []
    for version in versions:
        model = ContentType.objects.get_for_id(version.content_type_id).model_class()
        if model in NOTED:
            notes += describe(model, _previous(version), version)
    notes += _said.get() or []
    if notes:
        revision.comment = "; ".join(notes)[:1000]
        revision.save(update_fields=["comment"])
    else:
        # A save that changed nothing (a button that saves the form on its way, such as
        # "Suggest citations") keeps no version: the list holds changes only.
        revision.delete()


def _previous(version: Version) -> Version | None:
    return (
        Version.objects.filter(content_type_id=version.content_type_id, object_id=version.object_id)
        .filter(pk__lt=version.pk)
        .order_by("-pk")
        .first()
    )


def describe(model, older: Version | None, newer: Version) -> list[str]:
    """Say what `newer` changed from `older`: the fields, the people, events, places and
    sources added or removed."""
    if older is None:
        return ["First version"]
    new_data, old_data = newer.field_dict, older.field_dict
    fields, notes = [], []
    for name in NOTED[model]:
        field = model._meta.get_field(name)
        old, new = old_data.get(field.attname), new_data.get(field.attname)
        if field.many_to_many:
            added, removed = _names(
                field, set(new or ()) - set(old or ()), set(old or ()) - set(new or ())
            )
            notes += [f"added {field.verbose_name}: {', '.join(added)}"] if added else []
            notes += [f"removed {field.verbose_name}: {', '.join(removed)}"] if removed else []
        elif old != new:
            fields.append(str(field.verbose_name))
    if not fields and not notes:
        # Nothing an editor reads changed: name what did (a new publication time).
        fields = [
            str(field.verbose_name)
            for field in model._meta.concrete_fields
            if field.name not in NOTED[model]
            and field.name not in CHANGED_BY_EVERY_SAVE
            and not field.generated
            and old_data.get(field.attname) != new_data.get(field.attname)
        ]
    return ([f"changed {', '.join(fields)}"] if fields else []) + notes


def _names(field, *groups: set) -> list[list[str]]:
    """Return the names of the related rows of each group of primary keys, in one query
    (a row deleted since is named by its number)."""
    pks = set().union(*groups)
    related = field.related_model._base_manager.filter(pk__in=pks) if pks else ()
    names = {o.pk: str(o) for o in related}
    return [sorted(names.get(pk, f"#{pk}") for pk in group) for group in groups]


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
    """Return `(label, old text, new text)` for each compared field that differs, and
    for the people, events, places and sources it is about (their names, a line each)."""
    model = type(obj)
    changed = []
    for name in COMPARED[model]:
        old, new = (str(_field_value(model, name, v.field_dict) or "") for v in (older, newer))
        if old != new:
            changed.append((model._meta.get_field(name).verbose_name, old, new))
    for name in NOTED[model]:
        field = model._meta.get_field(name)
        if not field.many_to_many:
            continue
        old, new = (set(v.field_dict.get(field.attname) or ()) for v in (older, newer))
        if old != new:
            before, after = _names(field, old, new)
            changed.append((field.verbose_name, "\n\n".join(before), "\n\n".join(after)))
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
