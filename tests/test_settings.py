"""Settings come from the environment, with safe local defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import env_bool, env_list

ROOT = Path(__file__).resolve().parent.parent


def settings_in_subprocess(env: dict, expression: str) -> subprocess.CompletedProcess:
    """Import the settings with `env` in a fresh interpreter and print `expression`."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    code = f"import newsroom.settings as s; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_refuses_to_start_with_debug_off_and_no_secret_key():
    result = settings_in_subprocess({"DJANGO_DEBUG": "false"}, "s.DEBUG")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_starts_with_debug_off_and_a_secret_key():
    result = settings_in_subprocess(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "news.example",
        },
        "s.DEBUG, s.ALLOWED_HOSTS",
    )
    assert result.stdout.strip() == "False ['news.example']", result.stderr


def test_local_default_is_sqlite_in_the_project_folder():
    result = settings_in_subprocess(
        {}, "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']"
    )
    assert result.stdout.strip() == f"django.db.backends.sqlite3 {ROOT / 'db.sqlite3'}", (
        result.stderr
    )


def test_postgres_url_uses_the_postgresql_backend():
    result = settings_in_subprocess(
        {"DATABASE_URL": "postgres://news@db.internal:5432/newsroom"},
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql newsroom", result.stderr


def test_redis_url_selects_the_redis_cache():
    result = settings_in_subprocess(
        {"REDIS_URL": "redis://127.0.0.1:6379/1"}, "s.CACHES['default']['BACKEND']"
    )
    assert result.stdout.strip() == "django_redis.cache.RedisCache", result.stderr
    result = settings_in_subprocess(
        {"REDIS_URL": "redis://127.0.0.1:6379/1"}, "s.CACHES['default']['OPTIONS']"
    )
    assert "'IGNORE_EXCEPTIONS': True" in result.stdout, result.stderr
    result = settings_in_subprocess({}, "s.CACHES['default']['BACKEND']")
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def test_log_level_comes_from_the_environment():
    result = settings_in_subprocess({"DJANGO_LOG_LEVEL": "warning"}, "s.LOGGING['root']['level']")
    assert result.stdout.strip() == "WARNING", result.stderr
    result = settings_in_subprocess({}, "s.LOGGING['root']['level']")
    assert result.stdout.strip() == "INFO", result.stderr


def test_an_unknown_log_level_is_refused_by_name():
    result = settings_in_subprocess({"DJANGO_LOG_LEVEL": "loud"}, "s.LOGGING")
    assert result.returncode != 0
    assert "DJANGO_LOG_LEVEL='LOUD' is not a level" in result.stderr


def test_env_bool_refuses_words_that_are_not_booleans(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", default=True)
    monkeypatch.setenv("X_FLAG", "Off")
    assert env_bool("X_FLAG", default=True) is False


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("X_HOSTS", " a.example, ,b.example ")
    assert env_list("X_HOSTS", default=[]) == ["a.example", "b.example"]
    monkeypatch.delenv("X_HOSTS")
    assert env_list("X_HOSTS", default=["d"]) == ["d"]


@pytest.mark.django_db
def test_the_wsgi_entry_point_gunicorn_runs_serves_the_site():
    from wsgiref.util import setup_testing_defaults

    from newsroom.wsgi import application

    environ = {"PATH_INFO": "/robots.txt"}
    setup_testing_defaults(environ)
    started = []
    body = b"".join(application(environ, lambda status, headers: started.append(status)))
    assert started == ["200 OK"]
    assert b"Sitemap:" in body


def test_the_asgi_entry_point_loads_the_project():
    from django.core.handlers.asgi import ASGIHandler

    from newsroom.asgi import application

    assert isinstance(application, ASGIHandler)
