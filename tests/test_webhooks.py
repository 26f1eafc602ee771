"""Webhooks: a receiver started by the test gets each event once, signed; deliveries
survive the receiver being down; a subscriber that keeps failing is paused, not dropped;
every attempt is logged for the subscriber to read."""

import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from newsroom.coverage.background.sweeping import sweep
from newsroom.coverage.models import (
    Article,
    DeliveryState,
    PublicationStatus,
    WebhookDelivery,
    WebhookSubscription,
)
from newsroom.coverage.services.publishing import add_correction, withdraw
from newsroom.coverage.services.transcript_versions import (
    after_paragraph_edits,
    before_paragraph_edits,
)
from newsroom.coverage.syndication import webhooks
from tests import test_worker
from tests.factories import ArticleFactory, SegmentFactory, TranscriptFactory, UserFactory
from tests.test_ninjs import validator
from tests.webhook_receiver import Receiver, verify

pytestmark = pytest.mark.django_db(transaction=True)

# Real worker processes on the database queue and on Redis, as tests/test_worker.py runs them.
queue, workers, wait_until = test_worker.queue, test_worker.workers, test_worker.wait_until


@pytest.fixture(autouse=True)
def local_endpoints(settings):
    settings.NEWSROOM_WEBHOOK_PRIVATE_HOSTS = True  # the receiver listens on 127.0.0.1
    settings.NEWSROOM_WEBHOOK_RETRY_SECONDS = 60
    settings.NEWSROOM_WEBHOOK_TIMEOUT = 2


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.down()


@pytest.fixture
def editor():
    # The Editor group a migration made is gone after a transactional test's flush.
    return UserFactory(username="desk", is_staff=True, is_superuser=True)


@pytest.fixture
def partner():
    user = UserFactory(username="partner")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.user = user
    return client


def register(partner, url, **fields) -> dict:
    response = partner.post("/api/v1/webhooks/", {"url": url, **fields}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def events(receiver) -> list[str]:
    return [json.loads(r.body)["type"] for r in receiver.received]


def publish(story):
    story.status = PublicationStatus.PUBLISHED
    story.save()
    return story


def test_each_event_reaches_the_endpoint_once_signed_with_the_item_as_ninjs(
    partner, receiver, editor
):
    receiver.up()
    response = partner.post("/api/v1/webhooks/", {"url": receiver.url}, format="json")
    hook = response.json()
    assert hook["secret"].startswith("whsec_")
    # Exactly str, as WSGI wants its headers (a str subclass made the dev server answer 500).
    assert type(response.headers["Location"]) is str and response["Location"] == hook["api_url"]
    story = publish(ArticleFactory(status=PublicationStatus.DRAFT, headline="Budget agreed"))
    add_correction(article=story, user=editor, text="The vote was on Tuesday.")
    transcript = TranscriptFactory(status=PublicationStatus.DRAFT)
    first = SegmentFactory(transcript=transcript, position=1, text="We agreed the budget.")
    publish(transcript)
    before_paragraph_edits(transcript)
    first.text = "We agreed the whole budget."
    first.save()
    after_paragraph_edits(transcript, user=editor)
    withdraw(article=Article.objects.get(pk=story.pk), user=editor, reason="Wrong vote.")

    assert events(receiver) == [
        "story.published",
        "story.corrected",
        "transcript.published",
        "transcript.revised",
        "story.withdrawn",
    ]
    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert len(set(ids)) == len(ids)
    strict = validator(formats=True)
    for delivery in receiver.received:
        assert verify(hook["secret"], delivery.headers, delivery.body)
        payload = json.loads(delivery.body)
        strict.validate(payload["data"])
    published, corrected, _, revised, killed = (json.loads(r.body) for r in receiver.received)
    assert published["data"]["headlines"][0]["value"] == "Budget agreed"
    assert published["data"]["pubStatus"] == "usable"
    assert int(corrected["data"]["version"]) > int(published["data"]["version"])
    assert "The vote was on Tuesday." in corrected["data"]["descriptions"][-1]["value"]
    assert "We agreed the whole budget." in revised["data"]["bodies"][0]["value"]
    assert killed["data"]["pubStatus"] == "withheld"
    assert killed["data"]["edNote"] == "Withdrawn: Wrong vote."
    assert "bodies" not in killed["data"]

    logged = partner.get(hook["deliveries_url"]).json()["results"]
    assert [d["event"] for d in logged] == list(reversed(events(receiver)))
    assert all(d["state"] == "delivered" and d["attempts"] == 1 for d in logged)
    assert all(d["attempt_log"][0]["status_code"] == 204 for d in logged)


def test_a_wrong_signature_a_changed_body_and_a_replay_are_detectable(partner, receiver):
    receiver.up()
    hook = register(partner, receiver.url)
    publish(ArticleFactory(status=PublicationStatus.DRAFT))
    (delivery,) = receiver.received
    assert verify(hook["secret"], delivery.headers, delivery.body)
    assert not verify(hook["secret"], delivery.headers, delivery.body.replace(b"}", b" }", 1))
    assert not verify(webhooks.new_secret(), delivery.headers, delivery.body)
    sent_at = int(delivery.headers["webhook-timestamp"])
    assert not verify(hook["secret"], delivery.headers, delivery.body, now=sent_at + 3600)


def test_only_what_readers_may_see_is_told(partner, receiver):
    """A draft, a story sent for review, an edit that publishes nothing: no delivery."""
    receiver.up()
    register(partner, receiver.url)
    story = ArticleFactory(status=PublicationStatus.DRAFT, body="Secret draft text.")
    story.status = PublicationStatus.IN_REVIEW
    story.save()
    story.headline = "Still a draft"
    story.save()
    assert receiver.received == [] and not WebhookDelivery.objects.exists()
    publish(story)
    story.headline = "An edit after publication"
    story.save()
    assert events(receiver) == ["story.published"]


def test_an_endpoint_chooses_its_events(partner, receiver, editor):
    receiver.up()
    register(partner, receiver.url, events=["story.withdrawn"])
    story = publish(ArticleFactory(status=PublicationStatus.DRAFT))
    withdraw(article=story, user=editor, reason="Gone.")
    assert events(receiver) == ["story.withdrawn"]


def test_a_delivery_survives_the_receiver_being_down(partner, receiver):
    hook = register(partner, receiver.url)  # registered while nothing listens there
    publish(ArticleFactory(status=PublicationStatus.DRAFT))
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.PENDING and delivery.attempts == 1
    failed = delivery.attempt_log.get()
    assert failed.status_code is None and "Connection refused" in failed.error

    later = timezone.now() + timedelta(seconds=30)
    assert sweep(now=later)["webhooks_sent"] == 0  # not due yet: the first wait is a minute
    receiver.up()
    assert sweep(now=timezone.now() + timedelta(seconds=61))["webhooks_sent"] == 1
    assert events(receiver) == ["story.published"]
    assert sweep(now=timezone.now() + timedelta(hours=2))["webhooks_sent"] == 0  # once only

    (logged,) = partner.get(hook["deliveries_url"]).json()["results"]
    assert logged["state"] == "delivered" and logged["attempts"] == 2
    assert [a["succeeded"] for a in logged["attempt_log"]] == [False, True]
    assert verify(hook["secret"], receiver.received[0].headers, receiver.received[0].body)


def test_each_wait_is_twice_the_one_before():
    assert [webhooks.wait_after(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert webhooks.wait_after(30) == webhooks.LONGEST_WAIT


def test_an_endpoint_that_keeps_failing_is_paused_kept_and_resumed(partner, receiver):
    receiver.status = 500
    receiver.up()
    hook = register(partner, receiver.url)
    stories = [publish(ArticleFactory(status=PublicationStatus.DRAFT)) for _ in range(3)]
    now = timezone.now()
    while WebhookSubscription.objects.get(pk=hook["id"]).paused_at is None:
        now += webhooks.LONGEST_WAIT
        assert sweep(now=now)["webhooks_sent"] > 0
    paused = partner.get(hook["api_url"]).json()
    assert paused["paused"] and "HTTP 500" in paused["paused_reason"]
    assert paused["failures"] == webhooks.PAUSE_AFTER
    tried = len(receiver.received)
    assert sweep(now=now + timedelta(days=30))["webhooks_sent"] == 0  # paused: not tried
    assert len(receiver.received) == tried
    # Kept, not dropped: every delivery still waits.
    assert WebhookDelivery.objects.filter(state=DeliveryState.PENDING).count() == len(stories)

    receiver.status = 200
    resumed = partner.post(f"{hook['api_url']}resume/")
    assert resumed.status_code == 200 and not resumed.json()["paused"]
    delivered = WebhookDelivery.objects.filter(state=DeliveryState.DELIVERED)
    assert delivered.count() == len(stories)
    uris = {json.loads(r.body)["data"]["uri"] for r in receiver.received[tried:]}
    assert len(uris) == len(stories)


def test_a_client_sees_and_changes_only_its_own_endpoints(partner, receiver):
    hook = register(partner, receiver.url)
    assert partner.get("/api/v1/webhooks/").json()["results"][0]["secret"] is None
    other = APIClient()
    other.force_authenticate(UserFactory(username="someone-else"))
    assert other.get(hook["api_url"]).status_code == 404
    assert other.get(hook["deliveries_url"]).status_code == 404
    assert other.delete(hook["api_url"]).status_code == 404
    assert other.get("/api/v1/webhooks/").json()["results"] == []
    assert APIClient().get("/api/v1/webhooks/").status_code == 401
    changed = partner.patch(hook["api_url"], {"events": ["story.published"]}, format="json")
    assert changed.json()["events"] == ["story.published"]
    assert partner.delete(hook["api_url"]).status_code == 204


@pytest.mark.parametrize(
    "url",
    [
        "ftp://partner.example/hook",
        "http://127.0.0.1:8000/hook",
        "http://10.0.0.7/hook",
        "http://[::1]/hook",
        "http://intranet.local/hook",
        "http://localhost/hook",
    ],
)
def test_an_endpoint_inside_the_newsroom_network_is_refused(partner, settings, url):
    settings.NEWSROOM_WEBHOOK_PRIVATE_HOSTS = False
    response = partner.post("/api/v1/webhooks/", {"url": url}, format="json")
    assert response.status_code == 400
    assert "url" in response.json()


def test_an_unknown_event_is_refused_by_name(partner, receiver):
    response = partner.post(
        "/api/v1/webhooks/", {"url": receiver.url, "events": ["story.eaten"]}, format="json"
    )
    assert response.status_code == 400 and "events" in response.json()


def test_a_worker_started_late_delivers_once_the_receiver_is_up(queue, workers, partner, receiver):
    """No worker runs when the story is published, and the endpoint is down when the
    worker comes: the real worker process keeps trying, and delivers once when it is up."""
    hook = register(partner, receiver.url)
    publish(ArticleFactory(status=PublicationStatus.DRAFT, headline="Told late"))
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 0 and delivery.state == DeliveryState.PENDING

    worker = workers(NEWSROOM_WEBHOOK_PRIVATE_HOSTS="true", NEWSROOM_WEBHOOK_RETRY_SECONDS="1")
    wait_until(lambda: attempts_of(delivery) >= 2, "two failed attempts", worker)
    receiver.up()
    wait_until(
        lambda: WebhookDelivery.objects.get().state == DeliveryState.DELIVERED,
        "the delivery",
        worker,
    )
    time.sleep(3)  # a sweep and any task left have their turn: nothing is sent again
    assert events(receiver) == ["story.published"]
    assert verify(hook["secret"], receiver.received[0].headers, receiver.received[0].body)
    log = list(WebhookDelivery.objects.get().attempt_log.values_list("succeeded", flat=True))
    assert log[-1] is True and not any(log[:-1]) and len(log) >= 3


def attempts_of(delivery) -> int:
    return WebhookDelivery.objects.values_list("attempts", flat=True).get(pk=delivery.pk)


def test_administrators_see_every_attempt_and_resume_a_paused_endpoint(
    client, partner, receiver, editor
):
    hook = register(partner, receiver.url)
    publish(ArticleFactory(status=PublicationStatus.DRAFT))  # the receiver is down
    WebhookSubscription.objects.filter(pk=hook["id"]).update(
        paused_at=timezone.now(), paused_reason="10 attempts in a row failed"
    )
    client.force_login(editor)
    listed = client.get("/admin/coverage/webhooksubscription/")
    assert listed.status_code == 200 and receiver.url in listed.content.decode()
    delivery = WebhookDelivery.objects.get()
    page = client.get(f"/admin/coverage/webhookdelivery/{delivery.pk}/change/").content.decode()
    assert "Connection refused" in page and "story.published" in page
    assert hook["secret"] not in listed.content.decode() + page

    receiver.up()
    client.post(
        "/admin/coverage/webhooksubscription/",
        {"action": "resume", "_selected_action": [hook["id"]]},
    )
    assert WebhookSubscription.objects.get(pk=hook["id"]).paused_at is None
    assert WebhookDelivery.objects.get().state == DeliveryState.DELIVERED
    assert events(receiver) == ["story.published"]

    reporter = UserFactory(username="a-reporter", is_staff=True)
    client.force_login(reporter)
    assert client.get("/admin/coverage/webhooksubscription/").status_code == 403


def test_an_address_not_in_ascii_is_refused(partner):
    response = partner.post(
        "/api/v1/webhooks/", {"url": "https://partner.example/hooks/ü"}, format="json"
    )
    assert response.status_code == 400 and "ASCII" in str(response.json()["url"])


@pytest.mark.parametrize(
    "resolves, said",
    [(["10.0.0.5"], "is on a private network"), (OSError("no such host"), "could not be found")],
)
def test_a_name_is_checked_where_it_leads_when_a_delivery_is_sent(
    partner, settings, monkeypatch, resolves, said
):
    settings.NEWSROOM_WEBHOOK_PRIVATE_HOSTS = False
    hook = register(partner, "https://partner.example/hook")  # a name: accepted as such

    def getaddrinfo(host, port):
        if isinstance(resolves, Exception):
            raise resolves
        return [(None, None, None, "", (address, 0)) for address in resolves]

    monkeypatch.setattr(webhooks.socket, "getaddrinfo", getaddrinfo)
    publish(ArticleFactory(status=PublicationStatus.DRAFT))
    (attempt,) = WebhookDelivery.objects.get().attempt_log.all()
    assert attempt.status_code is None and said in attempt.error
    assert partner.get(hook["deliveries_url"]).json()["results"][0]["state"] == "pending"


def test_a_delivery_is_given_up_after_its_last_attempt_and_says_so(partner, receiver, monkeypatch):
    monkeypatch.setattr(webhooks, "PAUSE_AFTER", 100)  # this test is about one delivery
    hook = register(partner, receiver.url)  # nothing listens there
    publish(ArticleFactory(status=PublicationStatus.DRAFT))
    now = timezone.now()
    while WebhookDelivery.objects.get().state == DeliveryState.PENDING:
        now += webhooks.LONGEST_WAIT
        assert sweep(now=now)["webhooks_sent"] == 1
    (given_up,) = partner.get(hook["deliveries_url"]).json()["results"]
    assert given_up["state"] == "failed" and given_up["attempts"] == webhooks.MAX_ATTEMPTS
    assert len(given_up["attempt_log"]) == webhooks.MAX_ATTEMPTS
    assert sweep(now=now + timedelta(days=30))["webhooks_sent"] == 0


def test_a_story_published_and_unpublished_in_one_transaction_is_told_to_no_one(partner, receiver):
    from django.db import transaction

    receiver.up()
    register(partner, receiver.url)
    with transaction.atomic():
        story = publish(ArticleFactory(status=PublicationStatus.DRAFT))
        story.status = PublicationStatus.DRAFT
        story.save()
    assert receiver.received == [] and not WebhookDelivery.objects.exists()
