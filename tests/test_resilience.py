"""Faults in the services behind the site: Redis down, the database unreachable."""

import pytest
from django.core.cache import cache
from django.db import OperationalError

from newsroom.cache import ResilientRedisCache
from newsroom.coverage.caching import forget_local
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOWHERE = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": NOWHERE,
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        }
    }
    settings.PAGE_CACHE = True
    ResilientRedisCache._warned_at = 0.0  # warn again in this test
    forget_local()
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
    article.save()  # bumps the content version: must not raise
    assert "Edited while" in client.get(article.get_absolute_url()).content.decode()
    assert cache.get("anything", "fallback") == "fallback"
    assert "Redis is unreachable" in caplog.text


def test_lost_database_answers_503_with_retry_after(client, monkeypatch):
    from newsroom.coverage.views import stories

    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(stories.Article.objects, "visible_to", unreachable)
    monkeypatch.setattr(stories, "paginate", unreachable)
    for path in ["/stories/", "/stories/any-story/"]:
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "5"
        assert "briefly unavailable" in response.content.decode()
