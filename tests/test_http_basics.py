"""HTTP basics of the reader site: methods, compression, error pages, icons, feeds, static."""

import gzip

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, RequestFactory

from newsroom.middleware import ReaderGZipMiddleware
from tests.factories import ArticleFactory, EventFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

READER_PATHS = [
    "/",
    "/stories/",
    "/search/?q=Putin",
    "/feeds/stories/rss/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("path", READER_PATHS)
@pytest.mark.parametrize("method", ["post", "put", "delete", "options", "trace"])
def test_reader_routes_answer_only_get_and_head(path, method):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # as a browser meets it: CSRF on
    response = client.generic(method.upper(), path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", READER_PATHS)
def test_head_is_answered_without_a_body(client, path):
    response = client.head(path)
    assert response.status_code == 200 and response.content == b""


def test_story_and_detail_routes_refuse_post_too(client):
    article = ArticleFactory()
    assert client.post(article.get_absolute_url()).status_code == 405


def test_html_is_compressed_for_readers(client):
    ArticleFactory(headline="A compressed story")
    response = client.get("/stories/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "A compressed story" in gzip.decompress(response.content).decode()
    assert "Accept-Encoding" in response["Vary"]


def test_a_large_page_is_compressed_faster_and_still_whole(client):
    from tests.factories import SegmentFactory, TranscriptFactory

    transcript = TranscriptFactory()
    for position in range(1, 301):
        SegmentFactory(transcript=transcript, position=position, text=f"Words {position} " * 30)
    plain = client.get(transcript.get_absolute_url()).content
    response = client.get(transcript.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert len(plain) > ReaderGZipMiddleware.LARGE
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content) == plain
    assert response["Content-Length"] == str(len(response.content)) and response["ETag"][:2] == "W/"
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    answer = staff.get(transcript.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert not answer.has_header("Content-Encoding")


def test_html_for_signed_in_staff_is_not_compressed(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/stories/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and not response.has_header("Content-Encoding")
    admin = client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert not admin.has_header("Content-Encoding")  # forms with CSRF tokens: BREACH


def test_not_found_page_has_the_site_layout(client):
    response = client.get("/stories/no-such-story/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'class="site-header"' in page and "Nothing at this address" in page


def test_server_error_page_has_the_site_look_without_the_database():
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page and "css/site.css" in page


def test_favicon_is_linked_and_served(client):
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    moved = client.get("/favicon.ico")
    assert moved.status_code == 301 and moved["Location"].endswith("favicon.svg")


def test_person_and_event_pages_announce_their_feeds(client):
    person, event = PersonFactory(), EventFactory()
    person_page = client.get(person.get_absolute_url()).content.decode()
    event_page = client.get(event.get_absolute_url()).content.decode()
    assert f'href="/feeds/people/{person.slug}/atom/"' in person_page
    assert 'rel="alternate" type="application/atom+xml"' in person_page
    assert f'href="/feeds/events/{event.slug}/rss/"' in event_page


def test_production_static_files_have_hashed_names(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command(
        "collectstatic",
        "--noinput",
        "-v",
        "0",
        "-i",
        "admin",
        "-i",
        "rest_framework",
        "-i",
        "drf_spectacular_sidecar",
    )
    url = static("css/site.css")
    assert url.startswith("/static/css/site.") and url != "/static/css/site.css"
    assert (tmp_path / url.removeprefix("/static/")).exists()
    assert (tmp_path / (url.removeprefix("/static/") + ".gz")).exists()


def test_server_errors_under_the_api_are_json():
    from newsroom.errors import server_error

    response = server_error(RequestFactory().get("/api/v1/articles/"))
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    assert b"has been logged" in response.content
