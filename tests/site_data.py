"""A small published world for site tests, grown by a factor to check query counts."""

from newsroom.coverage.models import PersonName, PlaceName, PublicationStatus
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    EventFactory,
    PersonFactory,
    PlaceFactory,
    RoleFactory,
    SegmentFactory,
    SourceFactory,
    TranscriptFactory,
)


def build_world(scale: int):
    """Create `scale` stories, each citing its own transcript, with people, places, events."""
    source = SourceFactory(slug="main-source")
    place = PlaceFactory(slug="main-place", name="Main Place")
    speaker = PersonFactory(slug="main-speaker", name="Main Speaker")
    event = EventFactory(slug="main-event", place=place)
    for n in range(scale):
        person = PersonFactory()
        PersonName.objects.create(person=person, name=f"Other Name {n}")
        RoleFactory(person=person)
        PlaceName.objects.create(place=place, name=f"Alias {n}")
        transcript = TranscriptFactory(source=source, event=event, place=place)
        segments = [
            SegmentFactory(
                transcript=transcript, position=i, speaker=speaker, speaker_label=f"Label {i}"
            )
            for i in range(1, 4)
        ]
        article = ArticleFactory(
            source=source,
            body=f"{person.name} spoke in Main Place. Second paragraph, with a claim.",
            events=[event],
            people=[person, speaker],
        )
        article.places.add(place)
        article.other_sources.add(SourceFactory())
        event.participants.add(person)
        for segment in segments:
            CitationFactory(article=article, segment=segment)
    return {"source": source, "place": place, "speaker": speaker, "event": event}


def first_published(model):
    return model.objects.filter(status=PublicationStatus.PUBLISHED).order_by("pk").first()


def forget_everything_kept():
    """Empty the shared cache and this process's copies, as after a restart of both."""
    from django.core.cache import cache

    from newsroom.coverage.cache import forget_local

    cache.clear()
    forget_local()
