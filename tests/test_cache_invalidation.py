"""Each kind of change makes stale exactly what shows it (newsroom/coverage/cache).

Two sides of the same shape, a and b: a story citing a transcript, its person, event,
place and source. Every page is kept, then one thing on side a changes. A page that
shows it must be rendered again and show the change; a page that does not must still
be answered from the cache, which is counted: a kept page is answered before any
query runs.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsroom.coverage.models import (
    Article,
    Citation,
    CitationStatus,
    PublicationStatus,
)
from newsroom.coverage.services import publishing
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    EventFactory,
    PersonFactory,
    PlaceFactory,
    SegmentFactory,
    SourceFactory,
    TranscriptFactory,
)

pytestmark = pytest.mark.django_db

SIDE_PAGES = ("story", "transcript", "person", "event", "place", "source")
LISTS = {
    "home": "/",
    "stories": "/stories/",
    "transcripts": "/transcripts/",
    "people": "/people/",
    "events": "/events/",
}


def side(name):
    source = SourceFactory(name=f"Source {name}")
    place = PlaceFactory(name=f"Place {name}")
    person = PersonFactory(name=f"Speaker {name}")
    event = EventFactory(title=f"Event {name}", place=place)
    event.participants.add(person)
    transcript = TranscriptFactory(
        title=f"Transcript {name}", source=source, event=event, place=place
    )
    said = SegmentFactory(transcript=transcript, speaker=person, text=f"Words said on side {name}.")
    story = ArticleFactory(
        headline=f"Story {name}",
        source=source,
        body=f"Speaker {name} spoke. Words said on side {name}.",
        people=[person],
        events=[event],
    )
    story.places.add(place)
    citation = CitationFactory(article=story, segment=said, quote=f"Words said on side {name}.")
    return {
        "story": story,
        "transcript": transcript,
        "person": person,
        "event": event,
        "place": place,
        "source": source,
        "said": said,
        "citation": citation,
    }


@pytest.fixture
def world(settings, client):
    settings.PAGE_CACHE = True
    a, b = side("a"), side("b")
    urls = {
        f"{s}.{page}": w[page].get_absolute_url()
        for s, w in (("a", a), ("b", b))
        for page in SIDE_PAGES
    }
    urls |= LISTS
    for url in urls.values():  # kept, and shown to be kept
        assert client.get(url).status_code == 200, url
        assert read(client, url)[2] == 0, url
    return {"a": a, "b": b, "urls": urls}


def read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, response.content.decode(), len(queries)


def check(client, world, *, fresh, kept, shows=None):
    """Assert that pages `fresh` are rendered again (showing `shows`), `kept` are not."""
    urls = world["urls"]
    for name in kept:
        status, _, queries = read(client, urls[name])
        assert (status, queries) == (200, 0), f"{name} should still be kept"
    answered = {}
    for name in fresh:
        status, content, queries = read(client, urls[name])
        assert queries > 0, f"{name} should be rendered again"
        if status == 200 and shows is not None:
            assert shows in content, f"{name} should show {shows!r}"
        answered[name] = status
    for name in fresh:  # and kept again (what answers 200: a withdrawn story's 410 is not)
        assert (read(client, urls[name])[2] == 0) == (answered[name] == 200), name


B_SIDE = [f"b.{page}" for page in SIDE_PAGES]


def test_a_draft_saved_on_the_desk_touches_no_reader_page(client, world):
    draft = ArticleFactory(status=PublicationStatus.DRAFT, people=[world["a"]["person"]])
    draft.headline = "Saved again"
    draft.save()
    check(client, world, fresh=[], kept=list(world["urls"]))


def test_story_edited(client, world):
    story = world["a"]["story"]
    story.headline = "Story a, edited"
    story.save()
    check(
        client,
        world,
        fresh=[
            "a.story",
            "a.transcript",
            "a.person",
            "a.event",
            "a.place",
            "a.source",
            "home",
            "stories",
        ],
        kept=[*B_SIDE, "transcripts", "people", "events"],
        shows="Story a, edited",
    )


def test_passage_edited(client, world):
    said = world["a"]["said"]
    said.text = "Words said on side a, corrected."
    said.save()
    check(
        client,
        world,
        fresh=["a.transcript", "a.story", "a.person"],
        kept=[*B_SIDE, "stories", "people", "events"],
    )
    assert "Words said on side a, corrected." in read(client, world["urls"]["a.transcript"])[1]


def test_person_renamed(client, world):
    person = world["a"]["person"]
    person.name = "Speaker a, renamed"
    person.save()
    check(
        client,
        world,
        fresh=["a.person", "a.story", "a.transcript", "a.event", "people"],
        kept=[*B_SIDE, "stories", "transcripts", "events"],
        shows="Speaker a, renamed",
    )


def test_event_renamed(client, world):
    event = world["a"]["event"]
    event.title = "Event a, renamed"
    event.save()
    check(
        client,
        world,
        fresh=["a.event", "a.story", "a.person", "a.place", "events"],
        kept=[*B_SIDE, "stories", "people"],
        shows="Event a, renamed",
    )


def test_place_renamed(client, world):
    place = world["a"]["place"]
    place.name = "Place a, renamed"
    place.save()
    check(
        client,
        world,
        fresh=["a.place", "a.event", "a.transcript", "a.story"],
        kept=[*B_SIDE, "stories", "people"],
        shows="Place a, renamed",
    )


def test_source_renamed(client, world):
    source = world["a"]["source"]
    source.name = "Source a, renamed"
    source.save()
    check(
        client,
        world,
        fresh=["a.source", "a.story", "a.transcript", "stories"],
        kept=[*B_SIDE, "people", "events"],
    )
    assert "Source a, renamed" in read(client, world["urls"]["a.source"])[1]


def test_citation_decided(client, world, editor):
    publishing.set_citation_status(
        citation=world["a"]["citation"], user=editor, status=CitationStatus.REJECTED
    )
    check(
        client,
        world,
        fresh=["a.story", "a.transcript"],
        kept=[*B_SIDE, "transcripts", "people", "events"],
    )
    transcript_page = read(client, world["urls"]["a.transcript"])[1]
    assert "Story a" not in transcript_page  # no longer cited there


def test_correction(client, world, editor):
    publishing.add_correction(article=world["a"]["story"], user=editor, text="A date was wrong.")
    check(
        client,
        world,
        fresh=["a.story"],
        kept=[*B_SIDE, "transcripts", "people", "events"],
        shows="A date was wrong.",
    )


def test_publish(client, world, editor):
    a = world["a"]
    story = ArticleFactory(
        headline="Newly published", status=PublicationStatus.DRAFT, people=[a["person"]]
    )
    CitationFactory(article=story, segment=a["said"], quote="Words said on side a.")
    publishing.publish(article=story, user=editor, override="Checked by hand in a test.")
    check(
        client,
        world,
        fresh=["home", "stories", "a.person", "a.transcript"],
        kept=[*B_SIDE, "transcripts", "people", "events"],
        shows="Newly published",
    )


def test_withdraw(client, world, editor):
    publishing.withdraw(article=world["a"]["story"], user=editor, reason="Sources retracted.")
    check(
        client,
        world,
        fresh=["a.story", "home", "stories", "a.person", "a.transcript", "a.event"],
        kept=[*B_SIDE, "transcripts", "people", "events"],
    )
    assert read(client, world["urls"]["a.story"])[0] == 410
    assert "Story a" not in read(client, world["urls"]["a.person"])[1]


def test_schedule_coming_due(client, world, editor):
    from newsroom.coverage.background.tasks import publish_when_due

    story = ArticleFactory(
        headline="Goes live by the clock",
        status=PublicationStatus.SCHEDULED,
        publish_at=timezone.now() - timedelta(seconds=1),
        people=[world["a"]["person"]],
    )
    check(client, world, fresh=[], kept=list(world["urls"]))  # scheduled: nothing shows it
    publish_when_due.call("coverage.article", story.pk)  # the worker, at its time
    assert Article.objects.get(pk=story.pk).status == PublicationStatus.PUBLISHED
    check(
        client,
        world,
        fresh=["home", "stories", "a.person"],
        kept=[*B_SIDE, "transcripts", "people", "events", "a.transcript"],
        shows="Goes live by the clock",
    )


def test_bulk_speaker_change_touches_the_transcripts_it_changed(client, world, editor):
    from newsroom.coverage.services.transcripts import set_turn_speaker

    b_person = world["b"]["person"]
    segments = Citation.objects.filter(pk=world["a"]["citation"].pk).values_list(
        "segment", flat=True
    )
    from newsroom.coverage.models import Segment

    set_turn_speaker(
        segments=Segment.objects.filter(pk__in=segments), speaker=b_person, user=editor
    )
    check(
        client,
        world,
        fresh=["a.transcript", "a.story", "b.person"],
        kept=["b.story", "b.transcript", "stories"],
    )


def test_a_person_added_to_a_public_story(client, world):
    world["a"]["story"].people.add(world["b"]["person"])
    check(
        client,
        world,
        fresh=["a.story", "b.person", "stories"],
        kept=["b.story", "b.transcript", "b.event", "transcripts", "people"],
        shows="Story a",
    )


def test_a_person_added_to_a_draft_touches_only_the_draft(client, world):
    draft = ArticleFactory(status=PublicationStatus.DRAFT)
    draft.people.add(world["a"]["person"], world["b"]["person"])
    check(client, world, fresh=[], kept=list(world["urls"]))


def test_a_transcript_published_refreshes_the_stories_citing_it(client, world, editor):
    a = world["a"]
    draft = TranscriptFactory(title="Just released", status=PublicationStatus.DRAFT)
    passage = SegmentFactory(transcript=draft, speaker=a["person"], text="Released words.")
    CitationFactory(article=a["story"], segment=passage, quote="Speaker a spoke.")
    check(client, world, fresh=[], kept=[*B_SIDE, "transcripts", "people"])
    publishing.publish(article=draft, user=editor)
    check(client, world, fresh=["a.story", "transcripts", "home"], kept=[*B_SIDE, "people"])
    assert "Released words." in read(client, world["urls"]["a.story"])[1]


def test_a_change_made_while_the_shared_cache_was_unreachable(client, world, monkeypatch):
    from django.core.cache import cache

    story = world["a"]["story"]
    with monkeypatch.context() as down:
        down.setattr(cache, "incr", lambda *args, **kwargs: None)  # as django-redis, ignoring
        story.headline = "Edited while Redis was away"
        story.save()
    # Back: the change could not be marked, so everything kept is stale once.
    check(
        client,
        world,
        fresh=["a.story", "b.story", "people"],
        kept=[],
        shows=None,
    )
    assert "Edited while Redis was away" in read(client, world["urls"]["a.story"])[1]
