"""Faults in the services behind the site: Redis down, the database unreachable."""

import gzip
import logging

import pytest
from django.core.cache import cache
from django.db import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from newsroom.coverage.cache.pages import forget_local
from tests.factories import ArticleFactory, CitationFactory

pytestmark = pytest.mark.django_db

NOWHERE = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


def redis_cache(location: str) -> dict:
    """Return CACHES for the production backend (django-redis) at `location`."""
    from django.conf import settings

    production = {
        "BACKEND": "django_redis.cache.RedisCache",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.1},
    }
    assert settings.DJANGO_REDIS_LOGGER == "newsroom.cache"
    return {"default": {**production, "LOCATION": location}}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_cache(NOWHERE)
    settings.PAGE_CACHE = True
    forget_local()
    # The once-a-minute filter may have passed a line in an earlier test: forget it.
    for log_filter in logging.getLogger("newsroom.cache").filters:
        log_filter.passed.clear()
    yield
    forget_local()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.usefixtures("redis_down")
def test_pages_api_and_writes_keep_working_without_redis(client, caplog):
    article = ArticleFactory(headline="Still served")
    for path in ["/", article.get_absolute_url(), "/api/v1/articles/", "/search/?q=served"]:
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Still served" in client.get(article.get_absolute_url()).content.decode()
    article.headline = "Edited while Redis was down"
    article.save()  # cannot mark its keys stale: must not raise
    assert "Edited while" in client.get(article.get_absolute_url()).content.decode()
    assert cache.get("anything", "fallback") == "fallback"
    ignored = [r for r in caplog.records if r.name == "newsroom.cache"]
    assert len(ignored) == 1, "logged once, not once per cache call"
    assert ignored[0].levelno == logging.ERROR
    assert isinstance(ignored[0].exc_info[1].__cause__, RedisConnectionError)


def test_pages_round_trip_through_a_real_redis(client, settings, django_assert_num_queries):
    """A page stored in Redis is read back by a process that has none in memory."""
    settings.CACHES = redis_cache("redis://127.0.0.1:6379/14")
    settings.PAGE_CACHE = True
    try:
        cache.clear()
        forget_local()
        article = ArticleFactory(headline="Kept in Redis")
        first = client.get(article.get_absolute_url())
        assert first.status_code == 200
        forget_local()  # as if another app process answered next
        with django_assert_num_queries(0):
            again = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
        assert again["Content-Encoding"] == "gzip"
        assert again["ETag"] == first["ETag"]
        assert "Kept in Redis" in gzip.decompress(again.content).decode()
    finally:
        cache.clear()
        forget_local()
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_fragments_round_trip_through_a_real_redis(client, settings, django_assert_num_queries):
    """A story's kept text and notes, stored in Redis, serve a process with none in memory."""
    from newsroom.coverage.cache import fragments

    settings.CACHES = redis_cache("redis://127.0.0.1:6379/14")
    settings.PAGE_CACHE = False
    try:
        cache.clear()
        fragments.forget_local()
        citation = CitationFactory(segment__text="Words kept in Redis.")
        first = client.get(citation.article.get_absolute_url())
        fragments.forget_local()  # as if another app process answered next
        with django_assert_num_queries(1):  # the story's row: may this reader open it?
            again = client.get(citation.article.get_absolute_url())
        assert again.content == first.content and b"Words kept in Redis." in again.content
    finally:
        cache.clear()
        fragments.forget_local()
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_lost_database_answers_503_with_retry_after(client, monkeypatch, caplog):
    from newsroom.coverage.views import stories

    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(stories.Article.objects, "visible_to", unreachable)
    monkeypatch.setattr(stories, "paginate", unreachable)
    for path in ["/stories/", "/stories/any-story/"]:
        caplog.clear()
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "5"
        assert "briefly unavailable" in response.content.decode()
        [logged] = [r for r in caplog.records if r.name == "newsroom.middleware"]
        assert logged.levelno == logging.ERROR
        assert f"Answered 503 to GET {path}" in logged.getMessage()
        assert "Connection refused" in logged.getMessage()
        assert isinstance(logged.exc_info[1], OperationalError)


def test_a_statement_timeout_is_logged_not_hidden(client, monkeypatch, caplog):
    from newsroom.coverage.views import stories

    def cancelled(*args, **kwargs):
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(stories, "paginate", cancelled)
    assert client.get("/stories/").status_code == 503
    assert "canceling statement due to statement timeout" in caplog.text
