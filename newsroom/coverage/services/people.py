"""Merging duplicate people: everything that points at them moves to the survivor."""

from django.db import transaction

from newsroom.coverage.cache import invalidation
from newsroom.coverage.models import Person, PersonName, Role, Segment
from newsroom.coverage.services.audit import log, require


def merge_people(*, survivor: Person, duplicates: list[Person], user) -> Person:
    """Move segments, roles, other names, story and event links to `survivor`; delete the rest."""
    require(user, "coverage.delete_person", "merge people")
    with transaction.atomic():
        for duplicate in duplicates:
            if duplicate.pk == survivor.pk:
                continue
            Segment.objects.filter(speaker=duplicate).update(speaker=survivor)
            # Bulk updates send no signal: what the survivor said and holds changed.
            invalidation.changed({f"person:{survivor.pk}", f"person:{survivor.pk}:passages"})
            for role in Role.objects.filter(person=duplicate):
                if Role.objects.filter(person=survivor, title=role.title).exists():
                    role.delete()
                else:
                    Role.objects.filter(pk=role.pk).update(person=survivor)
            known = {survivor.name, *survivor.other_names.values_list("name", flat=True)}
            for name in [duplicate.name, *duplicate.other_names.values_list("name", flat=True)]:
                if name not in known:
                    PersonName.objects.create(person=survivor, name=name, note="Merged")
                    known.add(name)
            for article in duplicate.articles.all():
                article.people.add(survivor)
            for event in duplicate.events.all():
                event.participants.add(survivor)
            log(user, survivor, f"Merged {duplicate.name} ({duplicate.slug}) into this person")
            duplicate.delete()
    return survivor
