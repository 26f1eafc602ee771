"""Never leak a draft: on every public route, unpublished content is absent for anonymous
readers, whether it is asked for directly or reached through what it is linked to.

For each state a reader must not see (draft, in review, scheduled, withdrawn, and
published but dated in the future) the world holds a story and a transcript, linked
to the same person, event, place and source as the published ones, and cross-cited
with them. Each carries a marker word in its slug, title and text; no route may
print a marker. Hidden objects' own addresses must answer 404.
"""

import datetime as dt

import pytest
from django.utils import timezone

from newsroom.coverage.models import Citation, PublicationStatus
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

LATER = timezone.now() + dt.timedelta(days=3)
HIDDEN = {
    "zqdraft": {"status": PublicationStatus.DRAFT},
    "zqreview": {"status": PublicationStatus.IN_REVIEW},
    "zqscheduled": {"status": PublicationStatus.SCHEDULED, "publish_at": LATER},
    "zqwithdrawn": {"status": PublicationStatus.WITHDRAWN},
    "zqfuture": {"status": PublicationStatus.PUBLISHED, "published_at": LATER},
}


@pytest.fixture
def world():
    person = PersonFactory(slug="speaker", name="Public Speaker")
    event = EventFactory(slug="meeting")
    place = PlaceFactory(slug="city")
    source = SourceFactory(slug="agency")
    public_transcript = TranscriptFactory(slug="public-record", event=event, place=place)
    public_segment = SegmentFactory(
        transcript=public_transcript, position=1, speaker=person, text="A public paragraph."
    )
    public_story = ArticleFactory(
        slug="public-story",
        source=source,
        body="First paragraph of the story.\n\nSecond paragraph, with a claim.",
        events=[event],
        people=[person],
    )
    public_story.places.add(place)
    CitationFactory(article=public_story, segment=public_segment)
    hidden = {"stories": {}, "transcripts": {}, "segments": {}, "citations": {}}
    for marker, state in HIDDEN.items():
        fields = {k: v for k, v in state.items() if k != "publish_at"}
        transcript = TranscriptFactory(
            slug=f"{marker}-record",
            title=f"Record {marker}",
            summary=marker,
            event=event,
            place=place,
            source=source,
            **fields,
        )
        segment = SegmentFactory(
            transcript=transcript, position=1, speaker=person, text=f"Said {marker} here."
        )
        story = ArticleFactory(
            slug=f"{marker}-story",
            headline=f"Headline {marker}",
            standfirst=marker,
            body=f"About {marker}.\n\nSecond paragraph, with a claim.",
            source=source,
            events=[event],
            people=[person],
            **state,
        )
        story.places.add(place)
        story.other_sources.add(source)
        hidden["stories"][marker] = story
        hidden["transcripts"][marker] = transcript
        hidden["segments"][marker] = segment
        # A hidden story citing a public passage, and a public story citing a hidden one.
        hidden["citations"][marker] = [
            CitationFactory(article=story, segment=public_segment),
            CitationFactory(article=public_story, segment=segment),
        ]
    return {"public_story": public_story, "public_transcript": public_transcript, **hidden}


ROUTES = [
    "/",
    "/stories/",
    "/stories/public-story/",
    "/transcripts/",
    "/transcripts/public-record/",
    "/people/",
    "/people/speaker/",
    "/events/",
    "/events/meeting/",
    "/places/city/",
    "/sources/agency/",
    "/search/?q={marker}",
    "/search/?q={marker}&kind=stories",
    "/search/?q={marker}&kind=passages",
    "/search/?q=paragraph&person=speaker",
    "/feeds/stories/rss/",
    "/feeds/stories/atom/",
    "/feeds/people/speaker/rss/",
    "/feeds/people/speaker/atom/",
    "/feeds/events/meeting/rss/",
    "/feeds/events/meeting/atom/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/api/v1/articles/",
    "/api/v1/articles/?expand=citations",
    "/api/v1/articles/?search={marker}",
    "/api/v1/articles/?person=speaker",
    "/api/v1/articles/?event=meeting",
    "/api/v1/articles/public-story/",
    "/api/v1/transcripts/",
    "/api/v1/transcripts/public-record/",
    "/api/v1/segments/",
    "/api/v1/segments/?speaker=speaker",
    "/api/v1/segments/?transcript={marker}-record",
    "/api/v1/citations/",
    "/api/v1/citations/?article={marker}-story",
    "/api/v1/people/",
    "/api/v1/people/speaker/",
    "/api/v1/events/",
    "/api/v1/events/meeting/",
    "/api/v1/places/",
    "/api/v1/places/city/",
    "/api/v1/sources/",
    "/api/v1/sources/agency/",
]


def shown(route: str, body: str, marker: str) -> str:
    """Return what `route` shows of the archive, leaving out the reader's own words."""
    if route.startswith("/search/"):  # the form and the summary repeat the query
        return body.split('<ol class="results">', 1)[1].split("</ol>", 1)[0]
    if "{marker}" in route:  # a refused filter value is quoted back in the error
        echoed = route.split("=", 1)[1].format(marker=marker)
        return body.replace(echoed, "")
    return body


@pytest.mark.parametrize("route", ROUTES)
def test_route_shows_no_hidden_content(client, world, route):
    for marker in HIDDEN:
        response = client.get(route.format(marker=marker), HTTP_ACCEPT="application/json")
        assert response.status_code in (200, 400), (route, response.status_code)
        body = shown(route, response.content.decode().lower(), marker)
        leaked = [m for m in HIDDEN if m in body]
        assert not leaked, f"{route} shows {leaked}"


def test_public_pages_carry_json_ld_without_hidden_content(client, world):
    for route in ["/stories/public-story/", "/people/speaker/", "/events/meeting/"]:
        page = client.get(route).content.decode()
        assert '<script type="application/ld+json">' in page, route
        jsonld = page.split('<script type="application/ld+json">', 1)[1].split("</script>")[0]
        assert not [m for m in HIDDEN if m in jsonld.lower()], route


@pytest.mark.parametrize("marker", HIDDEN)
def test_hidden_objects_own_addresses_answer_404(client, world, marker):
    story = world["stories"][marker]
    transcript = world["transcripts"][marker]
    segment = world["segments"][marker]
    addresses = [
        story.get_absolute_url(),
        transcript.get_absolute_url(),
        f"/api/v1/articles/{story.slug}/",
        f"/api/v1/transcripts/{transcript.slug}/",
        f"/api/v1/segments/{segment.pk}/",
        *(f"/api/v1/citations/{c.pk}/" for c in world["citations"][marker]),
    ]
    for address in addresses:
        assert client.get(address).status_code == 404, address


def test_the_world_is_what_the_routes_are_tested_against(client, world):
    """Guard the test itself: the same routes do show the public content and, to staff,
    the hidden content, so an empty page cannot pass for a safe one."""
    assert "public-story" in client.get("/stories/").content.decode()
    assert "A public paragraph." in client.get("/api/v1/segments/").content.decode()
    assert Citation.objects.count() == 1 + 2 * len(HIDDEN)
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    staff_view = client.get("/api/v1/articles/?page_size=100").content.decode()
    assert all(m in staff_view for m in HIDDEN)
