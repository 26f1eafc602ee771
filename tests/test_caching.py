"""Conditional GET and the page cache: fast repeats, fresh after any change."""

import pytest
from django.core.cache import cache

from newsroom.coverage.cache.pages import forget_local
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    forget_local()
    yield
    cache.clear()
    forget_local()


def test_without_a_shared_cache_etag_comes_from_the_content(client, settings):
    settings.PAGE_CACHE = False
    article = ArticleFactory()
    first = client.get(article.get_absolute_url())
    assert first.has_header("ETag")
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.mark.usefixtures("page_cache")
class TestPageCache:
    def test_repeat_visit_is_304_without_a_query(self, client, django_assert_num_queries):
        article = ArticleFactory()
        first = client.get(article.get_absolute_url())
        with django_assert_num_queries(0):
            again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert "must-revalidate" in first["Cache-Control"]

    def test_cached_page_is_served_without_a_query(self, client, django_assert_num_queries):
        article = ArticleFactory(headline="Cached headline")
        client.get(article.get_absolute_url())
        with django_assert_num_queries(0):
            page = client.get(article.get_absolute_url())
        assert "Cached headline" in page.content.decode()

    def test_a_change_invalidates_pages_and_etags(self, client):
        article = ArticleFactory(headline="Before")
        first = client.get(article.get_absolute_url())
        article.headline = "After"
        article.save()
        fresh = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
        assert fresh.status_code == 200
        assert "After" in fresh.content.decode()

    def test_withdrawn_story_disappears_at_once(self, client):
        article = ArticleFactory(headline="Soon withdrawn")
        assert "Soon withdrawn" in client.get("/").content.decode()
        article.status = "withdrawn"
        article.save()
        assert "Soon withdrawn" not in client.get("/").content.decode()
        assert client.get(article.get_absolute_url()).status_code == 410  # the notice

    def test_staff_never_get_cached_pages(self, client):
        article = ArticleFactory(status="draft")
        client.get(article.get_absolute_url())  # anonymous: 404, not cached
        client.force_login(UserFactory(is_staff=True))
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200 and "Draft — not public." in page.content.decode()
        client.logout()
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_api_list_is_cached_for_anonymous_readers(self, client, django_assert_num_queries):
        ArticleFactory(headline="Listed")
        first = client.get("/api/v1/articles/", HTTP_ACCEPT="application/json")
        with django_assert_num_queries(0):
            again = client.get("/api/v1/articles/", HTTP_ACCEPT="application/json")
        assert again.json() == first.json()
        assert again["Content-Type"] == "application/json"
        assert "Accept" in again["Vary"] and "Authorization" in again["Vary"]

    def test_api_formats_are_cached_apart(self, client):
        ArticleFactory()
        client.get("/api/v1/articles/", HTTP_ACCEPT="application/json")
        page = client.get("/api/v1/articles/", HTTP_ACCEPT="text/html")
        assert page["Content-Type"].startswith("text/html")

    def test_api_token_requests_bypass_the_cache(self, client, editor):
        from rest_framework.authtoken.models import Token

        draft = ArticleFactory(status="draft")
        anonymous = client.get("/api/v1/articles/", HTTP_ACCEPT="application/json").json()
        assert draft.slug not in str(anonymous)
        token = Token.objects.create(user=editor)
        staff = client.get(
            "/api/v1/articles/",
            HTTP_ACCEPT="application/json",
            HTTP_AUTHORIZATION=f"Token {token.key}",
        )
        assert draft.slug in str(staff.json())

    def test_list_counts_are_cached_until_content_changes(self, client):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        ArticleFactory.create_batch(3)
        assert client.get("/api/v1/articles/?page_size=1").json()["count"] == 3
        with CaptureQueriesContext(connection) as queries:
            second = client.get("/api/v1/articles/?page_size=1&page=2")  # another page
        assert second.json()["count"] == 3
        # The count was kept (the page's rows count their citations in subqueries).
        assert not [q for q in queries if q["sql"].startswith("SELECT COUNT(")]
        ArticleFactory()  # a story joins the list: the kept count no longer applies
        assert client.get("/api/v1/articles/?page_size=1&page=2").json()["count"] == 4

    def test_staff_counts_are_never_the_public_ones(self, client, editor):
        ArticleFactory.create_batch(2)
        ArticleFactory(status="draft")
        assert client.get("/api/v1/articles/?page_size=1&page=2").json()["count"] == 2
        client.force_login(editor)
        assert client.get("/api/v1/articles/?page_size=1&page=2").json()["count"] == 3
        assert client.get("/stories/?page=1").status_code == 200

    def test_cached_answers_carry_the_security_headers(self, client, settings):
        settings.SECURE_HSTS_SECONDS = 3600
        article = ArticleFactory()
        first = client.get(article.get_absolute_url(), secure=True)
        again = client.get(article.get_absolute_url(), secure=True)
        assert again.content == first.content
        for header in [
            "Content-Security-Policy",
            "Strict-Transport-Security",
            "X-Content-Type-Options",
            "X-Frame-Options",
            "Referrer-Policy",
            "ETag",
        ]:
            assert again[header] == first[header], header
        assert "Cookie" in again["Vary"]

    def test_a_session_cookie_skips_the_early_cache(self, client, editor):
        draft = ArticleFactory(status="draft", headline="Preview me")
        public = ArticleFactory(headline="Cached for readers")
        client.get(public.get_absolute_url())  # cached for anonymous readers
        client.force_login(editor)  # now the request carries a session cookie
        assert "Preview me" in client.get(draft.get_absolute_url()).content.decode()

    def test_a_change_from_another_process_is_seen_within_the_version_ttl(
        self, client, settings, monkeypatch
    ):
        from newsroom.coverage.cache import versions

        def changed_by_another_process(key):
            # Its change log entry lost (evicted): a gap, after which every copy is read again.
            number = cache.incr(versions.SEQUENCE)  # this process's copies do not move
            cache.set(versions.VERSION_PREFIX + key, number, None)

        settings.NEWSROOM_VERSION_TTL = 1.0
        clock = [1000.0]
        monkeypatch.setattr(versions.time, "monotonic", lambda: clock[0])
        article = ArticleFactory(headline="Old headline")
        client.get(article.get_absolute_url())  # cached here, in memory and shared
        # Another process changes the story: the database and the shared version move.
        type(article).objects.filter(pk=article.pk).update(headline="New headline")
        changed_by_another_process(f"story:{article.pk}")
        clock[0] += 0.5
        assert "Old headline" in client.get(article.get_absolute_url()).content.decode()
        clock[0] += 0.6  # past the TTL: this process asks the shared cache again
        assert "New headline" in client.get(article.get_absolute_url()).content.decode()
        settings.NEWSROOM_VERSION_TTL = 0  # no TTL: every request asks
        type(article).objects.filter(pk=article.pk).update(headline="Newest headline")
        changed_by_another_process(f"story:{article.pk}")
        assert "Newest headline" in client.get(article.get_absolute_url()).content.decode()

    def test_cached_pages_are_sent_gzipped_to_clients_that_accept_it(self, client):
        import gzip

        article = ArticleFactory(headline="Compressed once")
        plain = client.get(article.get_absolute_url())
        squeezed = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, br")
        assert squeezed["Content-Encoding"] == "gzip"
        assert gzip.decompress(squeezed.content) == plain.content
        assert len(squeezed.content) < len(plain.content)
        assert "Accept-Encoding" in squeezed["Vary"] and "Accept-Encoding" in plain["Vary"]
        assert not plain.has_header("Content-Encoding")
        assert squeezed["ETag"] == plain["ETag"]


def changed_by_another_process(key):
    """Mark `key` changed as another app process would: this one's copies do not move."""
    from newsroom.coverage.cache import versions

    known, followed = dict(versions._known.versions), versions._known.followed
    versions.bump([key])
    versions._known.versions, versions._known.followed = known, followed


def test_readers_ask_the_shared_cache_once_a_second_not_once_a_request(
    client, settings, monkeypatch
):
    from django.core.cache import cache

    from newsroom.coverage.cache import versions

    settings.NEWSROOM_VERSION_TTL = 1.0
    clock = [1000.0]
    monkeypatch.setattr(versions.time, "monotonic", lambda: clock[0])
    story = ArticleFactory(headline="Read often")
    client.get(story.get_absolute_url())
    asked = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys, **kw: asked.append(keys) or get_many(keys))
    for n in range(5):
        clock[0] += 2  # past the TTL each time: the process looks at the change log
        changed_by_another_process(f"story:{story.pk + 100 + n}")  # the desk, elsewhere
        assert "Read often" in client.get(story.get_absolute_url()).content.decode()
    # Each look read the log entries since the last, never the kept page's own versions.
    assert asked and all(key.startswith(versions.LOG_PREFIX) for keys in asked for key in keys)
    type(story).objects.filter(pk=story.pk).update(headline="Changed elsewhere")
    changed_by_another_process(f"story:{story.pk}")
    assert "Read often" in client.get(story.get_absolute_url()).content.decode()  # within TTL
    clock[0] += 2
    assert "Changed elsewhere" in client.get(story.get_absolute_url()).content.decode()
