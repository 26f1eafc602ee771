"""Deployment settings: check --deploy is clean, headers are sent, bad hosts refused."""

import os
import secrets
import subprocess
import sys

import pytest

from tests.test_settings import ROOT

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "DATABASE_URL": "postgres://newsroom@db.internal:5432/newsroom",
    "REDIS_URL": "redis://cache.internal:6379/0",
}


def test_check_deploy_reports_nothing_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env={**env, **PRODUCTION},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True


@pytest.mark.usefixtures("production")
@pytest.mark.parametrize("path", ["/", "/search/?q=grain", "/api/v1/articles/", "/admin/login/"])
def test_every_kind_of_page_sends_the_security_headers(client, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"  # no inline or third-party script
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"


@pytest.mark.usefixtures("production")
def test_plain_http_is_redirected_to_https(client):
    response = client.get("/stories/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.usefixtures("production")
def test_admin_session_cookie_is_secure_and_http_only(client, admin_user):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": admin_user.username, "password": "password"},
        secure=True,
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"]
    assert response.cookies["csrftoken"]["secure"]


@pytest.mark.parametrize("host", ["evil.example", "news.example.org.evil.example", "a b", ""])
def test_a_host_not_allowed_gets_400(client, settings, host):
    settings.ALLOWED_HOSTS = ["news.example.org"]
    settings.DEBUG = False
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 400
    assert client.get("/", HTTP_HOST="news.example.org").status_code == 200
