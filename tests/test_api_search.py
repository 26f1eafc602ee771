"""Search in the API: the site's search (parser, ranking, public rules), paginated JSON."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from newsroom.coverage.linking.index import index_pending
from newsroom.coverage.search import searched
from tests.factories import ArticleFactory, PersonFactory, SegmentFactory, TranscriptFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def found():
    speaker = PersonFactory(slug="ivan-petrov", name="Ivan Petrov")
    titled = SegmentFactory(
        speaker_label="Krasnoyarsk Territory Governor Mikhail Kotyukov",
        text="May I, Mr President? Kotyukov, Krasnoyarsk.",
    )
    spoken = SegmentFactory(text="The governors were elected in September.", speaker=speaker)
    story = ArticleFactory(headline="Putin meets newly elected governors", body="Elections.")
    ArticleFactory(status="draft", headline="Governors in a draft", body="Draft.")
    SegmentFactory(transcript=TranscriptFactory(status="draft"), text="Governors, drafted.")
    return titled, spoken, story


def test_answers_what_the_site_finds_in_the_same_order(api, client, found):
    titled, _, story = found
    answer = api.get(URL, {"q": "governors"})
    assert answer.status_code == 200
    items = answer.json()["results"]
    site = client.get("/search/", {"q": "governors"}).context["page"].object_list
    assert [(i["kind"], i["slug"]) for i in items] == [
        (r.kind, r.object.slug if r.kind == "story" else r.object.transcript.slug) for r in site
    ]
    assert answer.json()["count"] == 3  # no draft, of either kind
    last = items[-1]
    assert (last["found_in"], last["position"]) == ("speaker's title", titled.position)
    assert {"text": "Governor", "match": True} in last["title"]
    first_story = next(i for i in items if i["kind"] == "story")
    assert first_story["api_url"].endswith(f"/api/v1/articles/{story.slug}/")
    assert first_story["page_url"].endswith(story.get_absolute_url())
    assert {"text": "governors", "match": True} in first_story["title"]


def test_filters_and_pages_as_the_site_does(api, found):
    _, spoken, _ = found
    passages = api.get(URL, {"q": "governors", "kind": "passages", "person": "ivan-petrov"})
    [item] = passages.json()["results"]
    assert (item["kind"], item["speaker"]) == ("passage", "Ivan Petrov")
    assert item["position"] == spoken.position
    assert item["api_url"].endswith(f"/api/v1/segments/{spoken.pk}/")
    page = api.get(URL, {"q": "governors", "page_size": 1, "page": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 1
    assert page["next"] and page["previous"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "governors", "kind": "people"}, "kind"),
        ({"q": "governors", "kind": ""}, "kind"),
        ({"q": "governors", "date_from": "nope"}, "date_from"),
        ({"q": "governors", "page": "two"}, "page"),
    ],
)
def test_malformed_parameters_are_400_with_the_fields_message(api, found, params, field):
    answer = api.get(URL, params)
    assert answer.status_code == 400 and field in answer.json()


def test_a_query_of_only_exclusions_or_an_unknown_person_finds_nothing(api, found):
    assert api.get(URL, {"q": "-governors"}).json()["count"] == 0
    assert api.get(URL, {"q": " \x1d "}).json()["count"] == 0
    nobody = api.get(URL, {"q": "governors", "person": "nobody-at-all"})
    assert nobody.status_code == 200 and nobody.json()["count"] == 0


def test_query_count_is_locked_and_does_not_grow(api, found):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api.get(URL, {"q": "governors"}).status_code == 200
        return len(queries)

    searched("warm up")  # PostgreSQL asks once per process whether RUM ranks
    index_pending()  # as the worker's sweep does: the statistics the ranking reads
    api.get(URL, {"q": "warm"})
    # The ranking's statistics, read once a minute: the paragraphs' totals and how many
    # hold "governor".
    first = count()
    small = count()
    assert first == small + 2
    for n in range(15):
        SegmentFactory(text=f"Governors meeting {n}.")
        ArticleFactory(headline=f"Governors {n}", body="Governors again.")
    index_pending()
    # New people (the passages' speakers) are new names: the next search reads the
    # names and synonyms again, in one query, and the one after does not.
    assert count() == small + 1
    # One query per kind finding the best matches; the words of those matches (one per
    # kind); one per kind reading the rows shown. PostgreSQL first plans them for the
    # words searched.
    assert count() == small == 6 + (connection.vendor == "postgresql")


def test_the_schema_documents_search(api):
    schema = api.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "kind", "person", "date_from", "date_to", "page", "page_size"} <= names


def test_says_which_name_or_synonym_it_searched_as_the_page_does(api, seeded_synonyms):
    PersonFactory(name="Sergei Shoigu")
    SegmentFactory(text="Minister Shoigu met the cosmonauts.")
    answer = api.get(URL, {"q": "Shoygu astronauts"}).json()
    assert [r["snippet"] for r in answer["results"]] == [
        [
            {"text": "Minister ", "match": False},
            {"text": "Shoigu", "match": True},
            {"text": " met the ", "match": False},
            {"text": "cosmonauts", "match": True},
            {"text": ".", "match": False},
        ]
    ]
    readings = {r["typed"]: r for r in answer["readings"]}
    assert readings["Shoygu"] == {
        "typed": "Shoygu",
        "searched": ["Shoigu"],
        "kind": "name",
        "label": "Sergei Shoigu",
    }
    assert readings["astronauts"]["kind"] == "synonym"
    assert "cosmonaut" in readings["astronauts"]["searched"]
    assert api.get(URL, {"q": "minister"}).json()["readings"] == []


def test_the_schema_documents_the_readings(api):
    schema = api.get("/api/v1/schema/?format=json").json()
    page = schema["paths"]["/api/v1/search/"]["get"]["responses"]["200"]["content"]
    listed = page["application/json"]["schema"]
    if "$ref" in listed:
        listed = schema["components"]["schemas"][listed["$ref"].rsplit("/", 1)[1]]
    assert "readings" in listed["required"]
    assert listed["properties"]["readings"]["items"]["properties"]["kind"]["enum"] == [
        "name",
        "synonym",
    ]
