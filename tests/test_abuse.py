"""Abuse: sign-in guessing is locked out, the API is rate-limited, big bodies refused."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username, password, address="198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_admin_sign_in_is_locked_after_five_failures(client, editor, settings):
    editor.set_password("the-right-password-42")
    editor.save()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        refused = sign_in(client, editor.username, "guess")
        assert refused.status_code == 200  # the form again, with its error
        assert "Please enter the correct" in refused.content.decode()
    assert sign_in(client, editor.username, "guess").status_code == 429
    # Locked out: even the right password is refused from that address…
    assert sign_in(client, editor.username, "the-right-password-42").status_code == 429
    # …while the editor can still sign in from elsewhere.
    elsewhere = sign_in(client, editor.username, "the-right-password-42", "203.0.113.9")
    assert elsewhere.status_code == 302


def test_a_successful_sign_in_resets_the_count(client, editor, settings):
    editor.set_password("the-right-password-42")
    editor.save()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, editor.username, "guess")
    assert sign_in(client, editor.username, "the-right-password-42").status_code == 302
    client.logout()
    assert sign_in(client, editor.username, "guess").status_code == 200


def test_anonymous_api_clients_are_rate_limited(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    ArticleFactory()
    for _ in range(3):
        assert client.get("/api/v1/articles/").status_code == 200
    limited = client.get("/api/v1/articles/")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "throttled" in limited.json()["detail"].lower()
    # Another client (address) is not affected.
    assert client.get("/api/v1/articles/", REMOTE_ADDR="203.0.113.50").status_code == 200


def test_signed_in_api_clients_have_their_own_limit(client, editor, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute"})
    token = Token.objects.create(user=editor)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get("/api/v1/articles/", **auth).status_code == 200
    assert client.get("/api/v1/articles/", **auth).status_code == 200
    assert client.get("/api/v1/articles/", **auth).status_code == 429


def test_bodies_over_the_limit_are_refused_before_reading(client, editor, settings):
    client.force_login(editor)
    too_big = settings.MAX_REQUEST_BYTES + 1
    response = client.generic(
        "POST",
        "/admin/coverage/transcript/import/",
        b"x",
        content_type="text/plain",
        CONTENT_LENGTH=str(too_big),
    )
    assert response.status_code == 413
    assert f"{too_big:,} bytes" in response.content.decode()


def test_a_big_json_body_to_the_api_is_a_400_not_a_500(client, editor, settings):
    token = Token.objects.create(user=editor)
    body = '{"headline": "x", "body": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + '"}'
    response = client.post(
        "/api/v1/articles/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code in (400, 413)
