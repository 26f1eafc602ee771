"""Stories and transcripts as IPTC ninjs 3.1: valid against IPTC's published schema, the
citations pointing at paragraphs that hold their words, kill notices for withdrawn items."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from referencing import Registry, Resource
from rest_framework.test import APIClient

from newsroom.coverage.models import Article, Citation, PublicationStatus, Segment, Transcript
from newsroom.coverage.services.publishing import add_correction, withdraw
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    PersonFactory,
    SegmentFactory,
    TranscriptFactory,
)

IPTC = Path(__file__).parent / "ninjs_iptc"
SCHEMA = json.loads((IPTC / "ninjs-schema_3.1.json").read_text())
GEOJSON = json.loads((IPTC / "GeoJSON-schema.json").read_text())
REGISTRY = Registry().with_resource(
    "https://geojson.org/schema/GeoJSON.json", Resource.from_contents(GEOJSON)
)
NINJS = "application/ninjs+json"


def validator(*, formats: bool):
    """IPTC's runner validates without format checks; ours also checks dates and URIs."""
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER if formats else None
    return jsonschema.Draft202012Validator(SCHEMA, registry=REGISTRY, format_checker=checker)


def iptc_files(folder):
    return sorted((IPTC / folder).glob("*.json"), key=lambda path: path.name)


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", iptc_files("should_pass"), ids=lambda p: p.name)
def test_iptc_should_pass_examples_pass(path):
    validator(formats=False).validate(read(path))


@pytest.mark.parametrize("path", iptc_files("examples"), ids=lambda p: p.name)
def test_iptc_published_examples_pass(path):
    validator(formats=False).validate(read(path))


@pytest.mark.parametrize("path", iptc_files("should_fail"), ids=lambda p: p.name)
def test_iptc_should_fail_examples_fail(path):
    with pytest.raises((jsonschema.ValidationError, json.JSONDecodeError)):
        validator(formats=False).validate(read(path))


def test_the_validator_refuses_what_the_schema_refuses():
    """A document missing its uri, or with a status ninjs does not know, is refused."""
    strict = validator(formats=True)
    assert not strict.is_valid({"type": "text"})
    assert not strict.is_valid({"uri": "http://x.test/a", "pubStatus": "killed"})
    assert not strict.is_valid({"uri": "http://x.test/a", "versionCreated": "yesterday"})
    assert strict.is_valid({"uri": "http://x.test/a", "pubStatus": "withheld"})


@pytest.fixture
def api():
    return APIClient()


def ninjs_of(api, kind, slug, **kwargs):
    response = api.get(f"/api/v1/{kind}/{slug}/", {"format": "ninjs"}, **kwargs)
    assert response["Content-Type"].startswith(NINJS), response["Content-Type"]
    return response, json.loads(response.content)


def test_every_published_seed_item_is_valid_ninjs(api, seed):
    strict = validator(formats=True)
    stories = Article.objects.published()
    transcripts = Transcript.objects.published()
    assert stories.count() >= 2 and transcripts.exists()
    for kind, items in (("articles", stories), ("transcripts", transcripts)):
        for item in items:
            response, document = ninjs_of(api, kind, item.slug)
            assert response.status_code == 200
            errors = [e.message for e in strict.iter_errors(document)]
            assert not errors, (item.slug, errors)
            assert document["uri"] == settings.NEWSROOM_SITE_URL + item.get_absolute_url()
            assert document["pubStatus"] == "usable"
            assert document["version"] == str(item.version)
            assert response["ETag"] == f'"{item.version}"'


def test_asked_for_by_media_type_the_answer_is_the_same(api, seed):
    story = Article.objects.published().first()
    by_format = ninjs_of(api, "articles", story.slug)[1]
    response = api.get(f"/api/v1/articles/{story.slug}/", HTTP_ACCEPT=NINJS)
    assert response["Content-Type"].startswith(NINJS)
    assert json.loads(response.content) == by_format
    plain = api.get(f"/api/v1/articles/{story.slug}/")
    assert plain["Content-Type"].startswith("application/json")
    assert "headline" in plain.json() and "uri" not in plain.json()


def test_a_story_carries_its_text_people_and_citations_to_the_paragraphs_that_hold_them(api, seed):
    cited = Citation.objects.shown_on_stories().values_list("article", flat=True)
    story = Article.objects.published().filter(pk__in=cited).first()
    assert story is not None, "the seed has a published story with confirmed citations"
    document = ninjs_of(api, "articles", story.slug)[1]

    assert document["headlines"] == [
        {"role": "main", "contentType": "text/plain", "value": story.headline}
    ]
    body = document["bodies"][0]
    assert body["value"] == "\n\n".join(story.paragraphs)
    assert body["wordCount"] == len(body["value"].split())
    assert {p["literal"] for p in document.get("people", [])} == set(
        story.people.values_list("slug", flat=True)
    )
    assert document["infoSources"][0]["literal"] == story.source.slug

    citations = list(
        Citation.objects.shown_on_stories()
        .filter(article=story)
        .select_related("segment__transcript")
        .order_by("segment__transcript__date", "segment__position", "pk")
    )
    associations = document["associations"]
    assert len(associations) == len(citations) > 0
    for association, citation in zip(associations, citations, strict=True):
        # Where the evidence points: the uri names a paragraph, and that paragraph holds
        # the words the association carries, and the words the story quotes.
        page, anchor = association["uri"].split("#")
        transcript = Transcript.objects.get(
            slug=page.rstrip("/").rsplit("/", 1)[1], status=PublicationStatus.PUBLISHED
        )
        paragraph = transcript.segments.get(key=int(anchor[1:]))
        assert paragraph.pk == citation.segment_id
        assert association["bodies"][0]["value"] == paragraph.text
        if citation.relation == "quote":
            words = " ".join(citation.quote.split())
            assert words.casefold() in " ".join(paragraph.text.split()).casefold()
        assert association["rel"] == citation.relation


def test_a_transcript_gives_each_paragraph_its_address_and_escapes_what_it_holds(api, db):
    transcript = TranscriptFactory(status=PublicationStatus.PUBLISHED)
    speaker = PersonFactory(name="Ann <Lee>")
    SegmentFactory(
        transcript=transcript,
        position=1,
        speaker=speaker,
        speaker_label="Ann <Lee>",
        text="We said <script>alert(1)</script> & more.",
    )
    SegmentFactory(transcript=transcript, position=2, speaker=speaker, text="Second.")
    document = ninjs_of(api, "transcripts", transcript.slug)[1]
    validator(formats=True).validate(document)
    plain, html = document["bodies"]
    assert plain["value"] == "Ann <Lee>: We said <script>alert(1)</script> & more.\n\nSecond."
    assert html["contentType"] == "text/html"
    assert "<script>" not in html["value"] and "&lt;script&gt;" in html["value"]
    assert '<p id="p1"><b>Ann &lt;Lee&gt;:</b> We said' in html["value"]
    assert '<p id="p2">Second.</p>' in html["value"]
    assert document["people"] == [
        {
            "name": "Ann <Lee>",
            "rel": "speaker",
            "uri": settings.NEWSROOM_SITE_URL + speaker.get_absolute_url(),
            "literal": speaker.slug,
        }
    ]


def test_a_transcript_names_the_published_stories_citing_it_and_no_draft(api, db):
    transcript = TranscriptFactory(status=PublicationStatus.PUBLISHED)
    segment = SegmentFactory(transcript=transcript, position=1, text="Words.")
    public = ArticleFactory(status=PublicationStatus.PUBLISHED, headline="Out there")
    draft = ArticleFactory(status=PublicationStatus.DRAFT, headline="Secret draft")
    for story in (public, draft):
        CitationFactory(article=story, segment=segment, transcript=transcript, status="confirmed")
    document = ninjs_of(api, "transcripts", transcript.slug)[1]
    assert [a["headlines"][0]["value"] for a in document["associations"]] == ["Out there"]
    assert "Secret draft" not in json.dumps(document)


def test_a_withdrawn_story_is_a_kill_notice_with_its_reason_and_none_of_its_text(api, seed, editor):
    story = Article.objects.published().first()
    withdraw(article=story, user=editor, reason="Reported under the wrong date.")
    response, document = ninjs_of(api, "articles", story.slug)
    assert response.status_code == 410
    validator(formats=True).validate(document)
    assert document["pubStatus"] == "withheld"
    assert document["edNote"] == "Withdrawn: Reported under the wrong date."
    assert document["headlines"][0]["value"] == story.headline
    assert "bodies" not in document and "associations" not in document
    assert story.paragraphs[0][:40] not in response.content.decode()


def test_a_draft_is_not_found_by_readers_and_withheld_for_staff(api, db, editor):
    draft = ArticleFactory(status=PublicationStatus.DRAFT, body="Secret text.")
    response = api.get(f"/api/v1/articles/{draft.slug}/", {"format": "ninjs"})
    assert response.status_code == 404
    assert b"Secret text" not in response.content
    api.force_authenticate(editor)
    response, document = ninjs_of(api, "articles", draft.slug)
    assert response.status_code == 200
    assert document["pubStatus"] == "withheld"


def test_a_correction_is_a_new_version_carrying_the_correction(api, seed, editor):
    story = Article.objects.published().first()
    before = ninjs_of(api, "articles", story.slug)[1]
    add_correction(article=story, user=editor, text="The meeting was on Tuesday.")
    after = ninjs_of(api, "articles", story.slug)[1]
    assert int(after["version"]) > int(before["version"])
    assert after["versionCreated"] >= before["versionCreated"]
    corrections = [d for d in after["descriptions"] if d["role"] == "correction"]
    assert len(corrections) == 1 and corrections[0]["value"].endswith("The meeting was on Tuesday.")


def test_a_list_has_no_ninjs_form_and_an_empty_or_unknown_format_is_not_found(api, seed):
    assert api.get("/api/v1/articles/", {"format": "ninjs"}).status_code == 404
    story = Article.objects.published().first()
    for asked in ("", "xml"):
        response = api.get(f"/api/v1/articles/{story.slug}/", {"format": asked})
        assert response.status_code == 404 and response.json()["detail"]


def queries_for(api, slug):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"/api/v1/articles/{slug}/", {"format": "ninjs"})
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_citations(api, db, settings):
    settings.PAGE_CACHE = False
    transcript = TranscriptFactory(status=PublicationStatus.PUBLISHED)
    story = ArticleFactory(status=PublicationStatus.PUBLISHED)

    def cite(n):
        for _ in range(n):
            segment = SegmentFactory(transcript=transcript, speaker=PersonFactory())
            CitationFactory(
                article=story, segment=segment, transcript=transcript, status="confirmed"
            )
            story.people.add(PersonFactory())

    cite(1)
    few = queries_for(api, story.slug)
    cite(10)
    assert queries_for(api, story.slug) == few <= 10
    assert Segment.objects.filter(transcript=transcript).count() == 11


def test_the_schema_documents_both_forms(api, db):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/v1/articles/{slug}/", "/api/v1/transcripts/{slug}/"):
        get = schema["paths"][path]["get"]
        assert set(get["responses"]["200"]["content"]) == {"application/json", NINJS}
        assert set(get["responses"]["410"]["content"]) == {NINJS}
        formats = [p for p in get["parameters"] if p["name"] == "format"]
        assert formats[0]["schema"]["enum"] == ["json", "ninjs"]


def test_a_story_s_byline_dateline_standfirst_and_source_date_are_carried(api, db):
    import datetime as dt

    story = ArticleFactory(
        status=PublicationStatus.PUBLISHED,
        byline="Ann Lee",
        dateline="MOSCOW, Sept 28",
        standfirst="Twenty-six new heads of regions.",
        source_date=dt.date(2023, 9, 28),
        source_date_approximate=False,
    )
    document = ninjs_of(api, "articles", story.slug)[1]
    validator(formats=True).validate(document)
    assert document["by"] == "Ann Lee" and document["located"] == "MOSCOW, Sept 28"
    assert document["descriptions"] == [
        {"role": "summary", "contentType": "text/plain", "value": story.standfirst}
    ]
    assert {"role": "source-date", "value": "2023-09-28"} in document["altIds"]
