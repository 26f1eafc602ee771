"""Cache keys: what a page shows, and what a change touches.

Three kinds of key:

- **An object as readers see it**: `story:12` (headline, text, notes), `transcript:3`
  (also its paragraphs), `person:7`, `event:`, `place:`, `source:`.
- **A list about an object**: `person:7:stories` (the published stories naming them),
  `event:2:transcripts`, `person:7:passages` (what they said in public records),
  `place:4:events`, `place:4:places` (its parts), `cited:3` (the published stories
  citing transcript 3). Publishing a story touches the lists of the people, events,
  places and source it names, not every page naming them.
- **A whole list**: `stories`, `transcripts`, `people`, `events`, `places`,
  `sources`, `citations`; and `all`, carried by everything kept, touched by a change
  this module does not know.

`shown_by` gives the keys of an instance a page loaded (collecting.py gathers them);
`touched_by` and `relation_changed` give the keys a change makes stale. They agree:
whatever a page shows is named by a key the changes of what it shows touch. An edit
touches the object's own key, and the lists showing it carry that key; a list's key is
touched only when what it holds changes (a row added or deleted, a story or transcript
made public or not, its date or its source, event or place changed).
"""

from newsroom.coverage.models import PublicationStatus

EVERYTHING = "all"

# The list key of each model whose public rows pages list.
LISTS = {
    "article": "stories",
    "transcript": "transcripts",
    "segment": "passages",
    "person": "people",
    "event": "events",
    "place": "places",
    "source": "sources",
    "citation": "citations",
}
# The key prefix of each model with pages of its own.
OBJECTS = {
    "article": "story",
    "transcript": "transcript",
    "person": "person",
    "event": "event",
    "place": "place",
    "source": "source",
}
# Rows shown as part of another object, by the field naming it.
PARTS = {
    "segment": ("transcript", "transcript_id"),
    "personname": ("person", "person_id"),
    "role": ("person", "person_id"),
    "placename": ("place", "place_id"),
    "correction": ("story", "article_id"),
    "articleredirect": ("story", "article_id"),
    "citation": ("story", "article_id"),
    "transcriptrevision": ("transcript", "transcript_id"),
}
# Rows no reader's page shows: their changes touch nothing.
UNSEEN = {
    "segmentterm",
    "termstat",
    "backgroundjob",
    "workerheartbeat",
    "editsession",
    "webhooksubscription",
    "webhookdelivery",
    "webhookattempt",
    "alert",
    "alertmatch",
    "synonym",  # read by search, whose answers are never cached
}
# The fields that place a story or transcript in the lists about other objects.
PLACED_BY = {
    "article": {"source_id": "source"},
    "transcript": {"source_id": "source", "event_id": "event", "place_id": "place"},
}


def about(prefix: str, pk, listed: str) -> str:
    """Return the key of the list `listed` on the page of object `prefix:pk`."""
    return f"{prefix}:{pk}:{listed}"


def list_of(model) -> str | None:
    """Return the list key of `model`'s public rows, if pages list them."""
    return LISTS.get(model._meta.model_name)


def object_key(model, pk) -> str | None:
    prefix = OBJECTS.get(model._meta.model_name)
    return None if prefix is None else f"{prefix}:{pk}"


def shown_by(instance) -> tuple[str, ...]:
    """Return the keys of `instance` as a page that loaded it shows it."""
    name = instance._meta.model_name
    if (prefix := OBJECTS.get(name)) is not None:
        return (f"{prefix}:{instance.pk}",)
    if (part := PARTS.get(name)) is not None:
        owner = instance.__dict__.get(part[1])
        return () if owner is None else (f"{part[0]}:{owner}",)
    return ()


def touched_by(instance, *, created=False, deleted=False) -> set[str]:
    """Return the keys a save (`created` or not) or a delete of `instance` makes stale."""
    name = instance._meta.model_name
    if name in UNSEEN or instance._meta.app_label != "coverage":
        return set()  # the machinery, and other apps' rows (users, groups, the admin log)
    if name not in OBJECTS and name not in PARTS:
        return {EVERYTHING}
    keys = set(shown_by(instance))
    added_or_gone = created or deleted
    if name in PLACED_BY:
        if _moved_in_public_lists(instance, deleted):
            keys |= lists_holding(instance)
    elif name in LISTS and (added_or_gone or name == "citation"):
        keys.add(LISTS[name])  # a citation's decision moves it in and out of lists
    if name == "citation":
        keys.add(f"cited:{instance.transcript_id}")
    elif name == "event":
        keys.add(about("place", instance.place_id, "events"))
    elif name == "place" and added_or_gone:
        keys.add(about("place", instance.parent_id, "places"))
    elif name == "segment":
        loaded = getattr(instance, "_loaded_speaker", None)
        if added_or_gone or loaded != instance.speaker_id:
            keys |= {about("person", pk, "passages") for pk in (loaded, instance.speaker_id)}
    return {key for key in keys if "None" not in key.split(":")}


def _moved_in_public_lists(item, deleted: bool) -> bool:
    """Tell whether a save or delete of a story or transcript moved it in public lists."""
    loaded = getattr(item, "_loaded", {})
    was = loaded.get("status") == PublicationStatus.PUBLISHED
    now = item.status == PublicationStatus.PUBLISHED and not deleted
    moved = ("published_at", *PLACED_BY[item._meta.model_name])
    return was != now or (now and any(loaded.get(f) != getattr(item, f) for f in moved))


def lists_holding(item) -> set[str]:
    """Return the keys of every public list a story or transcript is in, or was in."""
    name = item._meta.model_name
    listed = LISTS[name]
    loaded = getattr(item, "_loaded", {})
    keys = {listed, "citations"}  # its citations join or leave the public ones
    for field, prefix in PLACED_BY[name].items():
        for pk in {loaded.get(field), getattr(item, field)}:
            keys.add(about(prefix, pk, listed))
    if name == "article":
        for relation, prefix in (("people", "person"), ("events", "event"), ("places", "place")):
            pks = getattr(item, relation).values_list("pk", flat=True)
            keys |= {about(prefix, pk, listed) for pk in pks}
        keys |= cited_by(item)
    else:
        speakers = item.segments.values_list("speaker_id", flat=True).distinct()
        keys |= {"passages", *(about("person", pk, "passages") for pk in speakers)}
        keys |= citing(item)
    return keys


def came_public(instance) -> set[str]:
    """Return the keys touched when a published story or transcript's date comes."""
    return {*shown_by(instance), *lists_holding(instance)}


def cited_by(article) -> set[str]:
    """Return the `cited:` keys of the transcripts `article` cites."""
    from newsroom.coverage.models import Citation

    transcripts = Citation.objects.filter(article=article).values_list("transcript_id", flat=True)
    return {f"cited:{pk}" for pk in set(transcripts)}


def citing(transcript) -> set[str]:
    """Return the keys of the stories citing `transcript`, whose notes show it or not."""
    from newsroom.coverage.models import Citation

    stories = Citation.objects.filter(transcript=transcript).values_list("article_id", flat=True)
    return {f"story:{pk}" for pk in set(stories)}


def paragraphs_of(transcript_pk, speakers=()) -> set[str]:
    """Return the keys touched when a transcript's paragraphs change in bulk."""
    from newsroom.coverage.models import Segment

    if not speakers:
        rows = Segment.objects.filter(transcript_id=transcript_pk)
        speakers = rows.values_list("speaker_id", flat=True).distinct()
    return {
        f"transcript:{transcript_pk}",
        *(about("person", pk, "passages") for pk in speakers if pk is not None),
    }


def relation_changed(instance, model, pks, reverse: bool) -> set[str]:
    """Return the keys a many-to-many change makes stale (a story's people, an event's
    participants): the page of the side holding the relation, and the lists about the
    other side's rows (a person's stories), which show only what is public."""
    from newsroom.coverage.models import Article

    if instance._meta.app_label != "coverage" or model._meta.app_label != "coverage":
        return set()
    if reverse:
        holder_model, holders, others = model, set(pks), [(type(instance), instance.pk)]
    else:
        holder_model, holders, others = type(instance), {instance.pk}, [(model, pk) for pk in pks]
    keys = {key for pk in holders if (key := object_key(holder_model, pk))}
    if holder_model is Article:
        public = Article.objects.filter(pk__in=holders, status=PublicationStatus.PUBLISHED)
        if not public.exists():
            return keys  # a draft's people are on no reader's page but its own
    listed = list_of(holder_model)
    for other_model, pk in others:
        if (prefix := OBJECTS.get(other_model._meta.model_name)) and listed:
            keys.add(about(prefix, pk, listed))
    return keys


def all_of(model) -> set[str]:
    """Return the keys touched when any row of `model` may have changed."""
    if model._meta.model_name in UNSEEN or model._meta.app_label != "coverage":
        return set()
    return {EVERYTHING}
