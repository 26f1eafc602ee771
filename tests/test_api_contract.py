"""The API's published contract: what a client generated from the schema relies on."""

import pytest
import yaml
from rest_framework.throttling import AnonRateThrottle

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_reads_are_documented_as_needing_no_credentials(schema):
    reads = [(p, op) for p, m, op in operations(schema) if m == "get"]
    own = ("/api/v1/jobs/", "/api/v1/webhooks/")  # a client's own: credentials needed
    public = [(p, op) for p, op in reads if not p.startswith(own)]
    assert public and all({} in op["security"] for _, op in public)
    webhooks = [op for p, op in reads if p.startswith("/api/v1/webhooks/")]
    assert len(webhooks) == 3 and not any({} in op["security"] for op in webhooks)
    # Editors' background work is theirs: credentials, and 403 without the permission.
    jobs = [op for p, op in reads if p.startswith("/api/v1/jobs/")]
    assert len(jobs) == 2 and not any({} in op["security"] for op in jobs)
    assert all("403" in op["responses"] for op in jobs)
    writes = [(p, op) for p, m, op in operations(schema) if m in ("post", "put", "patch", "delete")]
    assert writes and not any({} in op.get("security", []) for _, op in writes)


def test_every_operation_documents_its_errors_with_a_body(schema):
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        assert {"401", "429"} <= codes, (method, path)
        if method != "get":
            assert {"400", "403"} <= codes, (method, path)
        if "{" in path:
            assert "404" in codes, (method, path)
        for code in codes - {"200", "201", "204", "414"}:
            content = operation["responses"][code]["content"]
            # A withdrawn item asked for as ninjs: the kill notice is its 410's body.
            kill_notice = code == "410" and "application/ninjs+json" in content
            assert "application/json" in content or kill_notice, (code, path)
        # The web server refuses an over-long address before the API reads it.
        assert "text/html" in operation["responses"]["414"]["content"], (method, path)


def test_versioned_writes_document_if_match_and_412(schema):
    patch = schema["paths"]["/api/v1/articles/{slug}/"]["patch"]
    assert "412" in patch["responses"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in patch["parameters"])


def test_choice_filters_are_enums(schema):
    parameters = schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    by_name = {p["name"]: p["schema"] for p in parameters}
    assert by_name["has_citations"]["enum"] == ["false", "true"]
    assert set(by_name["status"]["enum"]) >= {"published", "draft"}


def test_descriptions_are_written_for_api_users(schema):
    text = yaml.safe_dump(schema)
    assert "admin log" not in text and "cache anonymous" not in text
    assert schema["paths"]["/api/v1/people/"]["get"]["description"].startswith("People named")


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v1/articles/no-such-story/"])
def test_api_404s_are_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_the_schema_is_not_throttled_with_the_data(client, monkeypatch):
    from django.core.cache import cache

    cache.clear()  # the throttle's history of earlier tests' requests
    monkeypatch.setattr(AnonRateThrottle, "rate", "2/minute", raising=False)
    ArticleFactory()
    answers = [client.get(f"/api/v1/articles/?page_size={n}").status_code for n in (1, 2, 3)]
    assert answers == [200, 200, 429]
    assert [client.get("/api/v1/schema/").status_code for _ in range(3)] == [200, 200, 200]
    assert client.get("/api/v1/docs/").status_code == 200


def test_ordering_takes_the_documented_values_only(client, schema):
    ArticleFactory(headline="B"), ArticleFactory(headline="A")
    documented = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    }["ordering"]["enum"]
    assert "-published_at" in documented and "headline" in documented
    sorted_ = client.get("/api/v1/articles/?ordering=headline").json()["results"]
    assert [a["headline"] for a in sorted_] == ["A", "B"]
    for wrong in ["body", "", "headline,-published_at", "headline&ordering=headline"]:
        response = client.get(f"/api/v1/articles/?ordering={wrong}")
        assert response.status_code == 400 and "ordering" in response.json(), wrong


def test_conflicts_with_stored_data_are_409_with_detail_and_fields(editor):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    taken = ArticleFactory(slug="taken")
    body = {"headline": "H", "body": "B.", "slug": taken.slug}
    response = api.post("/api/v1/articles/", body, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] and "slug" in response.json()
    missing = api.post(
        "/api/v1/articles/", {**body, "slug": "new", "source": "no-such-source"}, format="json"
    )
    assert missing.status_code == 409 and "source" in missing.json()
    malformed = api.post("/api/v1/articles/", {**body, "slug": "new2", "source": ""}, format="json")
    assert malformed.status_code == 400 and "source" in malformed.json()


@pytest.mark.parametrize(
    ("field", "value"),
    [("headline", 5), ("suggest_citations", "true"), ("people", "vladimir-putin"), ("body", [])],
)
def test_a_json_body_gives_each_field_its_own_type(editor, field, value):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    body = {"headline": "H", "body": "B.", field: value}
    response = api.post("/api/v1/articles/", body, format="json")
    assert response.status_code == 400 and field in response.json()


def test_a_malformed_body_is_400_whatever_its_if_match(editor):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    article = ArticleFactory(status="draft")
    response = api.put(f"/api/v1/articles/{article.slug}/", {}, format="json", HTTP_IF_MATCH="")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("publish_at", "2030-01-01"),
        ("publish_at", "2030-01-01T10:00:00"),  # no offset
        ("publish_at", "2030-01-01 10:00Z"),
        ("source_date", "2023-9-8"),
        ("source_url", "https://example.org/?\x03"),
    ],
)
def test_dates_times_and_addresses_are_taken_as_the_schema_writes_them(editor, field, value):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    response = api.post(
        "/api/v1/articles/", {"headline": "H", "body": "B.", field: value}, format="json"
    )
    assert response.status_code == 400 and field in response.json()


def test_a_new_source_is_located_at_its_api_address_not_its_own_web_address(editor):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    body = {"slug": "tass", "name": "TASS", "kind": "news_agency", "url": "https://tass.com/"}
    response = api.post("/api/v1/sources/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response["Location"].endswith("/api/v1/sources/tass/")


def test_bodies_are_json(editor):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    form = api.post("/api/v1/articles/", {"headline": "H", "body": "B."}, format="multipart")
    assert form.status_code == 415
    assert "application/json" in str(form.json()) or form.json()["detail"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/events/", {"slug": "e", "title": "T", "kind": "meeting", "place": 0}, "place"),
        ("/api/v1/articles/", {"headline": "H", "body": "B.", "places": [0]}, "places"),
    ],
)
def test_a_relation_is_named_by_its_slug_text(editor, path, body, field):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    response = api.post(path, body, format="json")
    assert response.status_code == 400 and field in response.json()


def test_a_correction_is_text(editor):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    article = ArticleFactory()
    response = api.post(f"/api/v1/articles/{article.slug}/corrections/", {"text": 0})
    assert response.status_code == 400 and "text" in response.json()


def test_a_job_on_every_record_says_so_with_nulls_the_schema_allows(schema):
    job = schema["components"]["schemas"]["BackgroundJob"]["properties"]
    assert job["article"].get("nullable") and job["transcript"].get("nullable")
