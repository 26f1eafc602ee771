"""Factories: tests build their own small data."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from newsroom.coverage import models


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    name = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")
    kind = models.SourceKind.OFFICIAL_WEBSITE


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Place

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.Sequence(lambda n: f"place-{n}")
    kind = models.PlaceKind.REGION


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    sort_name = factory.LazyAttribute(lambda o: o.name)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Role

    person = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"Governor {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = models.EventKind.MEETING
    status = models.EventStatus.HELD
    date = dt.date(2023, 9, 28)


class TranscriptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Transcript

    title = factory.Sequence(lambda n: f"Transcript {n}")
    slug = factory.Sequence(lambda n: f"transcript-{n}")
    source = factory.SubFactory(SourceFactory)
    date = dt.date(2023, 9, 28)
    status = models.PublicationStatus.PUBLISHED


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Segment

    transcript = factory.SubFactory(TranscriptFactory)
    position = factory.Sequence(lambda n: n + 1)
    speaker = factory.SubFactory(PersonFactory)
    text = factory.Sequence(lambda n: f"Paragraph {n} of what was said.")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    body = "First paragraph of the story.\n\nSecond paragraph, with a claim."
    source = factory.SubFactory(SourceFactory)
    status = models.PublicationStatus.PUBLISHED

    @factory.post_generation
    def events(self, create, extracted, **kwargs):
        if create and extracted:
            self.events.set(extracted)

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        if create and extracted:
            self.people.set(extracted)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Citation

    article = factory.SubFactory(ArticleFactory)
    segment = factory.SubFactory(SegmentFactory)
    quote = "Second paragraph, with a claim."
    relation = models.CitationRelation.PARAPHRASE
    status = models.CitationStatus.CONFIRMED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")


def transcript_with(paragraphs, **fields):
    """Create a published transcript of (speaker or None for narration, text) paragraphs."""
    transcript = TranscriptFactory(status=models.PublicationStatus.PUBLISHED, **fields)
    for position, (speaker, text) in enumerate(paragraphs, start=1):
        SegmentFactory(
            transcript=transcript,
            position=position,
            speaker=speaker,
            kind=models.SegmentKind.SPEECH if speaker else models.SegmentKind.NARRATION,
            text=text,
        )
    return transcript
