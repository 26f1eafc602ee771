"""The layer in front of the site: surrogate-key headers and the purge backends, and
fragments rendered again right after a change (newsroom/coverage/cache)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.coverage.cache import purging
from newsroom.coverage.models import PublicationStatus
from tests.factories import ArticleFactory, CitationFactory, PersonFactory

pytestmark = pytest.mark.django_db


class Receiver:
    """A real HTTP server standing for a CDN's API or Varnish: it records each request."""

    def __init__(self, status=200):
        self.requests, self.status = [], status
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver.requests.append((self.command, self.path, headers, body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_POST = do_PURGE = _record

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.mark.parametrize(
    ("header", "separator"), [("xkey", " "), ("Surrogate-Key", " "), ("Cache-Tag", ",")]
)
def test_readers_pages_name_their_keys_in_the_chosen_header(client, settings, header, separator):
    settings.NEWSROOM_SURROGATE_KEYS = header
    person = PersonFactory()
    story = ArticleFactory(people=[person])
    response = client.get(story.get_absolute_url())
    keys = set(response[header].split(separator))
    assert {f"story:{story.pk}", f"person:{person.pk}", f"source:{story.source_id}"} <= keys
    assert response["Surrogate-Control"] == "max-age=86400"
    listed = client.get("/stories/")
    assert {"stories", f"story:{story.pk}"} <= set(listed[header].split(separator))


def test_no_keys_for_staff_or_when_off(client, settings, editor):
    story = ArticleFactory()
    assert not client.get(story.get_absolute_url()).has_header("xkey")  # off by default
    settings.NEWSROOM_SURROGATE_KEYS = "xkey"
    client.force_login(editor)
    assert not client.get(story.get_absolute_url()).has_header("xkey")  # never kept


def test_varnish_backend_purges_the_keys_of_a_change(settings, receiver):
    settings.NEWSROOM_PURGE = "varnish"
    settings.NEWSROOM_PURGE_URLS = [receiver.url + "/", receiver.url + "/second/"]
    story = ArticleFactory(status=PublicationStatus.DRAFT)
    receiver.requests.clear()
    purging.purge([f"story:{story.pk}", "stories"])
    assert [(r[0], r[1], r[2]["xkey-purge"]) for r in receiver.requests] == [
        ("PURGE", "/", f"story:{story.pk} stories"),
        ("PURGE", "/second/", f"story:{story.pk} stories"),
    ]


def test_fastly_and_cloudflare_get_their_own_requests_in_batches(settings, receiver):
    settings.NEWSROOM_PURGE_API = receiver.url
    settings.NEWSROOM_PURGE_TOKEN = "secret-token"
    settings.NEWSROOM_FASTLY_SERVICE = "svc1"
    settings.NEWSROOM_CLOUDFLARE_ZONE = "zone9"
    keys = [f"story:{n}" for n in range(40)]
    settings.NEWSROOM_PURGE = "fastly"
    assert purging.purge(keys) == 1
    method, path, headers, _ = receiver.requests[0]
    assert (method, path, headers["fastly-key"]) == ("POST", "/service/svc1/purge", "secret-token")
    assert headers["surrogate-key"].split() == keys
    receiver.requests.clear()
    settings.NEWSROOM_PURGE = "cloudflare"
    assert purging.purge(keys) == 2  # 30 tags a request
    sent = [json.loads(body)["tags"] for _, _, _, body in receiver.requests]
    assert sent == [keys[:30], keys[30:]]
    assert {r[1] for r in receiver.requests} == {"/zones/zone9/purge_cache"}
    assert receiver.requests[0][2]["authorization"] == "Bearer secret-token"


def test_a_change_is_purged_once_committed_through_the_task_queue(
    settings, receiver, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PURGE = "varnish"
    settings.NEWSROOM_PURGE_URLS = [receiver.url + "/"]
    person = PersonFactory()
    receiver.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        person.name = "Renamed"
        person.save()
        assert receiver.requests == []  # not before the change is committed
    # One purge for the transaction (the test's, which also created the person).
    assert [set(r[2]["xkey-purge"].split()) for r in receiver.requests] == [
        {"people", f"person:{person.pk}"}
    ]


def test_a_failing_purge_is_retried_then_reported(settings, monkeypatch):
    monkeypatch.setattr(purging, "ATTEMPTS", (0, 0))
    settings.NEWSROOM_PURGE = "varnish"
    settings.NEWSROOM_PURGE_URLS = ["http://127.0.0.1:9/"]  # nothing listens there
    with pytest.raises(OSError):
        purging.purge(["story:1"])


def test_a_published_story_is_rendered_before_its_first_reader(
    client, django_capture_on_commit_callbacks
):
    citation = CitationFactory()
    story = citation.article
    client.get(story.get_absolute_url())  # a reader: the site's address is now known
    with CaptureQueriesContext(connection) as kept:
        client.get(story.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        story.headline = "Rendered on the write path"
        story.save()
    with CaptureQueriesContext(connection) as first:
        body = client.get(story.get_absolute_url()).content.decode()
    assert "Rendered on the write path" in body
    assert len(first) == len(kept)  # the first reader after the edit renders nothing


def test_a_draft_is_not_rendered_ahead(client, django_capture_on_commit_callbacks):
    from newsroom.coverage.cache import fragments

    public = ArticleFactory()
    client.get(public.get_absolute_url())
    draft = ArticleFactory(status=PublicationStatus.DRAFT)
    before = len(fragments._local.items)
    with django_capture_on_commit_callbacks(execute=True):
        draft.headline = "Still a draft"
        draft.save()
    assert len(fragments._local.items) == before
