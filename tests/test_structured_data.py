"""JSON-LD that Google's article and event guidelines accept, on the seed's own pages."""

import json

import pytest

pytestmark = pytest.mark.django_db

STORY = "/stories/putin-to-meet-26-newly-elected-regional-heads-by-video-link/"
TRANSCRIPT = "/transcripts/meeting-with-newly-elected-regional-heads-2023-09-28/"
EVENT = "/events/meeting-with-newly-elected-regional-heads-2023-09-28/"
PERSON = "/people/leonid-pasechnik/"


def jsonld(client, path) -> dict:
    page = client.get(path).content.decode()
    assert page.count('<script type="application/ld+json">') == 1, path
    return json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])


def test_news_article(client, seed):
    data = jsonld(client, STORY)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Putin to meet 26 newly elected regional heads by video link"
    assert data["datePublished"] == "2026-11-16T09:10:00+00:00"
    assert data["dateModified"] == data["datePublished"]
    # No byline in the document: the newsroom is the author, never an invented person.
    assert data["author"] == [
        {"@type": "NewsMediaOrganization", "name": "newsroom", "url": "http://testserver/"}
    ]
    publisher = data["publisher"]
    assert publisher["name"] == "newsroom"
    assert publisher["logo"]["url"].endswith("/static/logo.png")
    assert data["isBasedOn"]["name"] == "Kremlin Telegram channel"
    assert "datePublished" not in data["isBasedOn"]  # the source gives no date


def test_citations_are_quotations_of_the_passages(client, seed):
    citations = jsonld(client, STORY)["citation"]
    assert citations and all(c["@type"] == "Quotation" for c in citations)
    first = citations[0]
    assert first["url"].startswith("http://testserver" + TRANSCRIPT + "#p")
    assert first["isPartOf"]["name"] == "Meeting with newly elected regional heads"
    spoken = [c["spokenByCharacter"]["name"] for c in citations if "spokenByCharacter" in c]
    assert "Vladimir Putin" in spoken and "Leonid Pasechnik" in spoken


def test_transcript_is_described(client, seed):
    data = jsonld(client, TRANSCRIPT)
    assert data["@type"] == "CreativeWork" and data["genre"] == "Transcript"
    assert data["dateCreated"] == "2023-09-28"
    assert data["publisher"]["name"] == "Official website of the President of Russia"
    assert data["recordedAt"]["@type"] == "Event"
    assert data["recordedAt"]["url"].endswith(EVENT)
    speakers = {person["name"] for person in data["contributor"]}
    assert {"Vladimir Putin", "Sergei Sobyanin", "Denis Pushilin"} <= speakers


def test_videoconference_is_online_with_a_virtual_location(client, seed):
    data = jsonld(client, EVENT)
    assert data["@type"] == "Event"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation" and data["location"]["url"]
    assert data["startDate"] == "2023-09-28"


def test_an_in_person_event_has_a_place(client):
    from tests.factories import EventFactory, PlaceFactory

    event = EventFactory(format="in_person", place=PlaceFactory(name="Khabarovsk"))
    data = jsonld(client, event.get_absolute_url())
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": "Khabarovsk"}


def test_person_page(client, seed):
    data = jsonld(client, PERSON)
    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"]["name"] == "Leonid Pasechnik"
    assert "story 0" not in json.dumps(data)


def test_no_internal_notes_reach_readers(client, seed):
    for path in [
        "/people/",
        "/people/evgeniy-balitsky/",
        "/people/dmitry-peskov/",
        "/api/v1/people/",
    ]:
        assert "story 00" not in client.get(path).content.decode().lower(), path


def test_the_logo_is_a_512_pixel_png():
    from pathlib import Path

    data = (Path(__file__).parent.parent / "static" / "logo.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20]) == 512 and int.from_bytes(data[20:24]) == 512


def test_seed_story_notes_are_one_per_passage(client, seed):
    """¶1 backs the two sentences announcing the meeting: one note, two back-links, and
    the honest relation; every passage is quoted once in the notes and the JSON-LD."""
    page = client.get(STORY).content.decode()
    notes = page.split('id="notes-heading"')[1]
    assert notes.count("The President had a videoconference with 26 newly elected") == 1
    assert notes.count("Record of the announced event: <a") == 2
    quoted = [c["url"] for c in jsonld(client, STORY)["citation"]]
    assert len(quoted) == len(set(quoted))
    # Pasechnik's thanks back his own election, not Pushilin's.
    assert "Pasechnik took the helm" in page.split("Denis Pushilin to lead the region")[1][:400]


def test_cited_in_counts_distinct_stories(client, seed):
    page = client.get(TRANSCRIPT).content.decode()
    paragraph_1 = page.split('id="p1"')[1].split('class="segment"')[0]
    assert "Cited in 1 story:" in paragraph_1
