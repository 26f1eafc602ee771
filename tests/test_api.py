"""The REST API: every resource lists, shows, filters, orders and pages; drafts stay hidden;
writes need authentication and permission; query counts are locked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from newsroom.coverage.models import Article, Citation, PublicationStatus
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
from tests.site_data import build_world, forget_everything_kept

pytestmark = pytest.mark.django_db

API = "/api/v1"
# Queries per list page, whatever the number of rows.
LIST_QUERIES = {
    "articles/": 2,  # the count, then the page's rows with their counts
    "articles/?expand=citations": 3,
    "transcripts/": 2,
    "segments/": 3,
    "citations/": 2,
    "people/": 4,
    "events/": 3,
    "sources/": 2,
    "places/": 3,
}


@pytest.fixture
def api():
    return APIClient()


def count(api, url):
    """Count the queries of `url` with nothing kept (list counts are kept until they change)."""
    forget_everything_kept()
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(queries)


@pytest.mark.parametrize("resource", LIST_QUERIES)
def test_list_query_count_is_locked_and_does_not_grow_tenfold(api, resource):
    build_world(2)
    few = count(api, f"{API}/{resource}")
    build_world_more(18)
    assert count(api, f"{API}/{resource}") == few == LIST_QUERIES[resource]


def build_world_more(n):
    from tests.test_site_pages import build_world_more as grow

    grow(n)


@pytest.mark.parametrize(
    ("resource", "make", "key"),
    [
        ("articles", lambda: ArticleFactory(), "slug"),
        ("transcripts", lambda: TranscriptFactory(), "slug"),
        ("segments", lambda: SegmentFactory(), "pk"),
        ("citations", lambda: CitationFactory(), "pk"),
        ("people", lambda: PersonFactory(), "slug"),
        ("events", lambda: EventFactory(), "slug"),
    ],
)
def test_detail_carries_page_and_api_urls(api, resource, make, key):
    obj = make()
    response = api.get(f"{API}/{resource}/{getattr(obj, key)}/")
    assert response.status_code == 200
    data = response.json()
    assert data["api_url"] == f"http://testserver{API}/{resource}/{getattr(obj, key)}/"
    if "page_url" in data:
        assert data["page_url"].startswith("http://testserver/")
    assert api.get(f"{API}/{resource}/does-not-exist-9999/").status_code == 404


def test_article_carries_source_people_events_and_confirmed_citations(api):
    citation = CitationFactory(segment__position=4, segment__text="The backing passage.")
    CitationFactory(article=citation.article, status="suggested", segment__text="Only suggested.")
    article = citation.article
    person = PersonFactory()
    article.people.add(person)
    data = api.get(f"{API}/articles/{article.slug}/").json()
    assert data["source"] == article.source.slug
    assert data["people"] == [person.slug]
    (cited,) = data["citations"]
    assert cited["segment"]["text"] == "The backing passage."
    assert cited["segment"]["page_url"].endswith(
        f"{citation.segment.transcript.get_absolute_url()}#p4"
    )
    assert cited["segment"]["speaker_name"] == citation.segment.speaker.name


class TestArticleList:
    """A list item carries what a list needs; the story's own answer carries the rest."""

    def test_item_has_headline_dates_links_and_counts_not_the_text(self, api):
        citation = CitationFactory(segment__text="The backing passage.")
        article = citation.article
        article.corrections.create(text="A date was wrong.")
        CitationFactory(article=article, status="suggested")
        hidden = CitationFactory(article=article, segment__transcript__status="draft")
        (item,) = api.get(f"{API}/articles/").json()["results"]
        assert item["headline"] == article.headline and item["source"] == article.source.slug
        assert item["published_at"] == api.get(item["api_url"]).json()["published_at"]
        assert item["page_url"] == f"http://testserver{article.get_absolute_url()}"
        assert item["api_url"] == f"http://testserver{API}/articles/{article.slug}/"
        # Counted as readers see them: confirmed, of published transcripts only.
        assert item["citation_count"] == 1 and item["correction_count"] == 1
        assert not {"body", "citations", "people", "corrections"} & item.keys()
        assert hidden.segment.transcript.slug not in str(item)

    def test_expand_citations_lists_them_as_the_story_answer_does(self, api):
        citation = CitationFactory()
        CitationFactory(article=citation.article, segment__transcript__status="draft")
        ArticleFactory()  # a story without citations gets an empty list
        items = api.get(f"{API}/articles/?expand=citations").json()["results"]
        by_slug = {item["slug"]: item for item in items}
        detail = api.get(f"{API}/articles/{citation.article.slug}/").json()
        assert by_slug[citation.article.slug]["citations"] == detail["citations"]
        assert len(detail["citations"]) == 1
        assert [i["citations"] for i in items if i["slug"] != citation.article.slug] == [[]]

    @pytest.mark.parametrize("value", ["body", "citations,people", "citations,", "", "Citations"])
    def test_unknown_expansion_is_refused(self, api, value):
        response = api.get(f"{API}/articles/", {"expand": value})
        assert response.status_code == 400 and "expand" in response.json()

    def test_schema_says_what_a_list_item_and_the_expansion_hold(self, api):
        schema = api.get(f"{API}/schema/", HTTP_ACCEPT="application/json").json()
        listing = schema["paths"]["/api/v1/articles/"]["get"]
        assert [p["schema"]["enum"] for p in listing["parameters"] if p["name"] == "expand"] == [
            ["citations"]
        ]
        item = schema["components"]["schemas"]["ArticleListItem"]
        assert "citations" not in item.get("required", []) and "body" not in item["properties"]
        assert "citation_count" in item["required"]


def test_segment_carries_its_citing_articles(api):
    citation = CitationFactory()
    CitationFactory(segment=citation.segment, article__status="draft")
    data = api.get(f"{API}/segments/{citation.segment.pk}/").json()
    assert [a["slug"] for a in data["citing_articles"]] == [citation.article.slug]


class TestDrafts:
    @pytest.fixture
    def drafts(self):
        ArticleFactory(status="published", slug="public-story")
        hidden = [ArticleFactory(status=s) for s in ["draft", "review", "scheduled", "withdrawn"]]
        transcript = TranscriptFactory(status="draft", slug="draft-transcript")
        SegmentFactory(transcript=transcript)
        CitationFactory(article=hidden[0])
        return hidden

    def test_invisible_to_anonymous_clients_and_their_counts(self, api, drafts):
        data = api.get(f"{API}/articles/").json()
        assert data["count"] == 1 and [a["slug"] for a in data["results"]] == ["public-story"]
        for article in drafts:
            assert api.get(f"{API}/articles/{article.slug}/").status_code == 404
        assert api.get(f"{API}/transcripts/draft-transcript/").status_code == 404
        assert api.get(f"{API}/segments/?transcript=draft-transcript").json()["count"] == 0
        assert api.get(f"{API}/citations/").json()["count"] == 0

    def test_visible_to_staff(self, api, drafts, editor):
        api.force_authenticate(editor)
        assert api.get(f"{API}/articles/").json()["count"] == 5
        assert api.get(f"{API}/transcripts/draft-transcript/").status_code == 200


class TestFilters:
    def test_articles(self, api):
        person, event = PersonFactory(slug="p1"), EventFactory(slug="e1")
        cited = CitationFactory(article__people=[person], article__events=[event]).article
        cited.places.add(place := PlaceFactory(slug="pl"))
        other = ArticleFactory(
            headline="Unrelated harvest news", published_at="2020-01-01T00:00:00Z"
        )

        def slugs(**params):
            response = api.get(f"{API}/articles/", params)
            assert response.status_code == 200, response.content
            return [a["slug"] for a in response.json()["results"]]

        assert slugs(person="p1") == slugs(event="e1") == slugs(place="pl") == [cited.slug]
        assert slugs(source=cited.source.slug) == [cited.slug]
        assert slugs(has_citations="true") == [cited.slug]
        assert slugs(has_citations="false") == [other.slug]
        assert slugs(text="harvest") == [other.slug]
        assert slugs(published_before="2021-01-01T00:00:00Z") == [other.slug]
        assert other.slug not in slugs(published_after="2021-01-01T00:00:00Z")
        assert place.slug == "pl"

    def test_segments_citations_people_events(self, api):
        citation = CitationFactory(
            relation="quote", segment__kind="speech", segment__text="About Donbass."
        )
        segment = citation.segment
        assert [
            s["id"]
            for s in api.get(f"{API}/segments/", {"transcript": segment.transcript.slug}).json()[
                "results"
            ]
        ] == [segment.pk]
        assert api.get(f"{API}/segments/", {"speaker": segment.speaker.slug}).json()["count"] == 1
        assert (
            api.get(f"{API}/segments/", {"text": "donbass", "kind": "speech"}).json()["count"] == 1
        )
        assert api.get(f"{API}/segments/", {"kind": "narration"}).json()["count"] == 0
        for params in [
            {"article": citation.article.slug},
            {"transcript": segment.transcript.slug},
            {"speaker": segment.speaker.slug},
            {"relation": "quote"},
            {"status": "confirmed"},
        ]:
            assert api.get(f"{API}/citations/", params).json()["count"] == 1, params
        assert api.get(f"{API}/citations/", {"relation": "context"}).json()["count"] == 0

        from newsroom.coverage.models import PersonName
        from tests.factories import RoleFactory

        person = PersonFactory(name="Evgeniy Balitsky")
        PersonName.objects.create(person=person, name="Yevgeny Balitsky")
        RoleFactory(
            person=person, title="Governor of the Zaporozhye region", place=PlaceFactory(slug="zap")
        )
        for params in [{"name": "Yevgeny"}, {"place": "zap"}, {"role": "zaporozhye"}]:
            assert [p["slug"] for p in api.get(f"{API}/people/", params).json()["results"]] == [
                person.slug
            ]

        event = EventFactory(status="announced", kind="visit", place=PlaceFactory(slug="chukotka"))
        event.participants.add(person)
        for params in [
            {"status": "announced"},
            {"kind": "visit"},
            {"place": "chukotka"},
            {"participant": person.slug},
            {"date_after": "2023-09-01", "date_before": "2023-09-30"},
        ]:
            assert event.slug in [
                e["slug"] for e in api.get(f"{API}/events/", params).json()["results"]
            ], params

    @pytest.mark.parametrize(
        "url",
        [
            "/articles/?published_after=yesterday",
            "/articles/?published_before=0551-02-15T17:58:48%2B25:12",
            "/articles/?published_before=",
            "/articles/?has_citations=",
            "/articles/?published_after=0001-01-01T00:00:00%2B14:00",
            "/articles/?has_citations=perhaps",
            "/segments/?kind=song",
            "/citations/?status=maybe",
            "/events/?date_after=2023-13-45",
            "/events/?status=rumoured",
        ],
    )
    def test_invalid_filter_values_are_400_with_field_messages(self, api, url):
        response = api.get(API + url)
        assert response.status_code == 400
        field = url.split("?")[1].split("=")[0]
        assert field in response.json()

    def test_any_rfc_3339_offset_is_read(self, api):
        # RFC 3339 allows offsets to ±23:59; real zones stop at +14:00, but clients may
        # send what the standard allows.
        response = api.get(f"{API}/articles/?published_before=2023-09-28T23:00:00%2B17:23")
        assert response.status_code == 200

    def test_an_empty_free_text_filter_is_no_filter(self, api):
        assert api.get(f"{API}/articles/?text=").status_code == 200

    @pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5", "２"])
    def test_a_page_size_that_is_not_a_whole_number_is_400(self, api, value):
        response = api.get(f"{API}/articles/", {"page_size": value})
        assert response.status_code == 400 and "page_size" in response.json()

    def test_page_size_given_twice_is_400_and_above_the_maximum_is_the_maximum(self, api):
        assert api.get(f"{API}/articles/?page_size=2&page_size=3").status_code == 400
        assert api.get(f"{API}/articles/?page_size=1000").status_code == 200


def test_ordering_and_bounded_pagination(api):
    for i in range(5):
        ArticleFactory(headline=f"Story {chr(69 - i)}")
    ascending = [
        a["headline"]
        for a in api.get(f"{API}/articles/", {"ordering": "headline"}).json()["results"]
    ]
    assert ascending == sorted(ascending)
    descending = [
        a["headline"]
        for a in api.get(f"{API}/articles/", {"ordering": "-headline"}).json()["results"]
    ]
    assert descending == sorted(ascending, reverse=True)
    page = api.get(f"{API}/articles/", {"page_size": 2, "page": 2}).json()
    assert page["count"] == 5 and len(page["results"]) == 2 and page["next"] and page["previous"]
    assert len(api.get(f"{API}/articles/", {"page_size": 10_000}).json()["results"]) == 5
    assert (
        api.get(f"{API}/articles/", {"page": "abc"}).status_code == 400
    )  # not a number: the client must mend it


class TestWrites:
    BODY = {"headline": "New story", "slug": "new-story", "body": "Text of the story."}

    def test_refused_without_authentication(self, api):
        assert api.post(f"{API}/articles/", self.BODY, format="json").status_code == 401
        article = ArticleFactory()
        assert (
            api.patch(
                f"{API}/articles/{article.slug}/", {"headline": "X"}, format="json"
            ).status_code
            == 401
        )
        assert api.delete(f"{API}/articles/{article.slug}/").status_code == 401
        assert Article.objects.count() == 1

    def test_a_story_without_a_slug_gets_one_from_its_headline(self, api, editor):
        api.force_authenticate(editor)
        body = {"headline": "Harvest talks in Kazan", "body": "Text of the story."}
        first = api.post(f"{API}/articles/", body, format="json")
        second = api.post(f"{API}/articles/", body, format="json")
        assert (first.status_code, second.status_code) == (201, 201)
        assert (first.json()["slug"], second.json()["slug"]) == (
            "harvest-talks-in-kazan",
            "harvest-talks-in-kazan-2",
        )
        taken = api.post(
            f"{API}/articles/", {**body, "slug": "harvest-talks-in-kazan"}, format="json"
        )
        assert taken.status_code == 409 and "slug" in taken.json()  # held by another story

    def test_renaming_a_published_story_keeps_its_old_address(self, api, editor, client):
        api.force_authenticate(editor)
        article = ArticleFactory(status="published", slug="old-address")
        response = api.patch(f"{API}/articles/old-address/", {"slug": "new-address"}, format="json")
        assert response.status_code == 200
        moved = client.get("/stories/old-address/")
        assert (moved.status_code, moved["Location"]) == (301, "/stories/new-address/")
        assert client.get("/stories/new-address/").status_code == 200
        assert article.redirects.get().old_slug == "old-address"

    def test_refused_without_permission(self, api):
        from tests.factories import UserFactory

        api.force_authenticate(UserFactory(is_staff=True))
        assert api.post(f"{API}/articles/", self.BODY, format="json").status_code == 403
        assert not Article.objects.filter(slug="new-story").exists()

    def test_reporter_writes_drafts_but_cannot_publish_or_confirm(self, api, reporter):
        token = Token.objects.create(user=reporter)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        assert api.post(f"{API}/articles/", self.BODY, format="json").status_code == 201
        response = api.patch(f"{API}/articles/new-story/", {"status": "published"}, format="json")
        assert response.status_code == 403
        assert Article.objects.get(slug="new-story").status == PublicationStatus.DRAFT
        citation = CitationFactory(status="suggested")
        assert (
            api.patch(
                f"{API}/citations/{citation.pk}/", {"status": "confirmed"}, format="json"
            ).status_code
            == 403
        )
        assert Citation.objects.get(pk=citation.pk).status == "suggested"

    def test_editor_publishes_and_confirms(self, api, editor):
        api.force_authenticate(editor)
        api.post(f"{API}/articles/", self.BODY, format="json")
        refused = api.patch(f"{API}/articles/new-story/", {"status": "published"}, format="json")
        assert refused.status_code == 400  # a story with no source fails its checks
        assert "no source" in refused.json()["checks"][0]
        SourceFactory(slug="kremlin")
        assert (
            api.patch(
                f"{API}/articles/new-story/",
                {"status": "published", "source": "kremlin"},
                format="json",
            ).status_code
            == 200
        )
        assert Article.objects.get(slug="new-story").published_at is not None
        citation = CitationFactory(status="suggested")
        assert (
            api.patch(
                f"{API}/citations/{citation.pk}/", {"status": "confirmed"}, format="json"
            ).status_code
            == 200
        )

    def test_bad_bodies_are_400_with_field_messages(self, api, editor):
        api.force_authenticate(editor)
        response = api.post(
            f"{API}/articles/", {"headline": "", "source": "no-such-source"}, format="json"
        )
        assert response.status_code == 400
        assert {"headline", "body", "source"} <= set(response.json())
        assert "slug" not in response.json()  # made from the headline when not given
        citation = CitationFactory()
        response = api.post(
            f"{API}/citations/",
            {
                "article": citation.article.slug,
                "segment": citation.segment.pk,
                "quote": "Words not in it.",
                "relation": "quote",
            },
            format="json",
        )
        assert response.status_code == 400 and "quote" in response.json()
        assert (
            api.post(f"{API}/articles/", "not json", content_type="application/json").status_code
            == 400
        )

    def test_creating_a_story_can_suggest_citations(self, api, editor, seed):
        api.force_authenticate(editor)
        body = (
            "President Vladimir Putin had a videoconference with 26 newly elected heads of "
            "Russian regions and congratulated them on winning the elections."
        )
        data = {**self.BODY, "body": body, "suggest_citations": True}
        assert api.post(f"{API}/articles/", data, format="json").status_code == 201
        assert Citation.objects.filter(article__slug="new-story", status="suggested").exists()


def test_schema_and_docs_are_served_from_the_project(api):
    schema = api.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert schema["openapi"].startswith("3.")
    params = {p["name"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    assert {
        "person",
        "event",
        "place",
        "published_after",
        "has_citations",
        "text",
        "ordering",
        "page_size",
    } <= params
    docs = api.get(f"{API}/docs/").content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in docs and "cdn" not in docs.lower()


def test_anonymous_clients_are_throttled(api, settings):
    from django.core.cache import cache
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    cache.clear()
    AnonRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/minute"}
    try:
        statuses = [api.get(f"{API}/sources/").status_code for _ in range(4)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        cache.clear()
    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize(
    ("proxies", "expected"),
    [(None, [200, 200, 429, 429]), (1, [200, 200, 200, 200])],
)
def test_the_throttle_counts_the_clients_address(api, settings, proxies, expected):
    """As configured (no proxy), a made-up X-Forwarded-For is no new client; behind one
    proxy (DJANGO_PROXY_COUNT=1), the address it forwards is."""
    from django.core.cache import cache
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    if proxies is not None:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    cache.clear()
    AnonRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "2/minute"}
    try:
        statuses = [
            api.get(f"{API}/sources/", HTTP_X_FORWARDED_FOR=address).status_code
            for address in ["203.0.113.1", "203.0.113.1", "203.0.113.2", "203.0.113.3"]
        ]
        # The first reader's third request, behind a proxy or not, is one too many.
        limited = api.get(f"{API}/sources/", HTTP_X_FORWARDED_FOR="203.0.113.1")
    finally:
        AnonRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        cache.clear()
    assert statuses == expected
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0


class TestDatabaseRefusalsAreClientErrors:
    def test_deleting_a_source_still_in_use_is_409(self, api, editor):
        transcript = TranscriptFactory()
        api.force_authenticate(editor)
        response = api.delete(f"{API}/sources/{transcript.source.slug}/")
        assert response.status_code == 409
        assert "Still used by transcripts" in response.json()["detail"]

    def test_segment_constraints_are_400_and_a_taken_position_409(self, api, editor):
        segment = SegmentFactory(position=1)
        other = SegmentFactory(transcript=segment.transcript, position=2)
        api.force_authenticate(editor)
        url = f"{API}/segments/{other.pk}/"
        assert api.patch(url, {"position": 0}, format="json").status_code == 400
        response = api.patch(url, {"position": 1}, format="json")
        assert response.status_code == 409 and "non_field_errors" in response.json()

    @pytest.mark.parametrize("value", ["a\x00b", "x" * 300, "\x1b[31m"])
    def test_impossible_slugs_are_400_or_404(self, api, editor, value):
        api.force_authenticate(editor)
        body = {"transcript": value, "position": 3, "text": "T", "kind": "speech"}
        assert api.post(f"{API}/segments/", body, format="json").status_code == 400
        assert api.get(f"{API}/segments/99999999999999999999999/").status_code == 404


@pytest.mark.parametrize(
    ("resource", "make", "field"),
    [
        ("articles", lambda i: ArticleFactory(headline=f"Headline {i}"), "headline"),
        ("transcripts", lambda i: TranscriptFactory(title=f"Title {i}"), "title"),
        ("segments", lambda i: SegmentFactory(position=i + 1), "id"),
        ("citations", lambda i: CitationFactory(), "id"),
        ("people", lambda i: PersonFactory(name=f"Name {i}", sort_name=f"Name {i}"), "sort_name"),
        ("events", lambda i: EventFactory(title=f"Title {i}"), "title"),
        (
            "sources",
            lambda i: SourceFactory(),
            "name",
        ),
        ("places", lambda i: PlaceFactory(), "name"),
    ],
)
def test_every_list_orders_and_pages(api, resource, make, field):
    for i in range(5):
        make(i)
    key = "id" if field == "id" else ("name" if field == "sort_name" else field)
    values = [
        r[key]
        for r in api.get(f"{API}/{resource}/", {"ordering": f"-{field}", "page_size": 50}).json()[
            "results"
        ]
    ]
    assert len(values) >= 5 and values == sorted(values, reverse=True)
    page = api.get(f"{API}/{resource}/", {"page_size": 2, "page": 2}).json()
    assert len(page["results"]) == 2 and page["count"] >= 5 and page["previous"]


@pytest.mark.parametrize("query", ["page=", "page=last", "page=1&page=2", "page=x"])
def test_a_page_that_is_not_one_number_is_400(api, query):
    response = api.get(f"{API}/articles/?{query}")
    assert response.status_code == 400 and "page" in response.json()


def test_a_page_past_the_last_is_404(api):
    assert api.get(f"{API}/articles/?page=99").status_code == 404


def test_an_empty_slug_for_a_relation_is_400_not_null(api, editor):
    event = EventFactory()
    api.force_authenticate(editor)
    response = api.patch(f"{API}/events/{event.slug}/", {"place": ""}, format="json")
    assert response.status_code == 400 and "place" in response.json()
    assert (
        api.patch(f"{API}/events/{event.slug}/", {"place": None}, format="json").status_code == 200
    )
