"""Varnish (with its xkey module) in front of the site, as a deployment puts it.

The VCL is the one in deploy/varnish/newsroom.vcl, pointed at the test's server. An
edit is seen through Varnish at once, because newsroom purges the edited story's keys;
an unrelated story stays in Varnish's cache; drafts and signed-in staff go past it.
"""

import os
import urllib.error
import urllib.request

import pytest

from benchmarks.varnish import in_front_of, varnishd
from newsroom.coverage.models import PublicationStatus
from tests.factories import ArticleFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def varnish(live_server, settings):
    """Start Varnish in front of the live server; return its address."""
    if varnishd() is None:
        message = "Varnish is not installed (apt-get install -y varnish varnish-modules)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: in CI a missing Varnish is a failure")
        pytest.skip(message)
    with in_front_of(live_server.url.rsplit(":", 1)[1]) as address:
        settings.NEWSROOM_SURROGATE_KEYS = "xkey"
        settings.NEWSROOM_PURGE = "varnish"
        settings.NEWSROOM_PURGE_URLS = [address + "/"]
        yield address


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_an_edit_is_seen_through_varnish_at_once_and_the_rest_stays_kept(varnish):
    person = PersonFactory(name="Kept Person")
    edited = ArticleFactory(headline="Before the edit", people=[person])
    other = ArticleFactory(headline="Never touched")
    for story in (edited, other):
        assert get(varnish + story.get_absolute_url())[1]["X-Cache"] == "MISS"
        status, headers, _ = get(varnish + story.get_absolute_url())
        assert (status, headers["X-Cache"]) == (200, "HIT")
        assert headers.get("xkey") is None  # the keys are for Varnish, not for browsers
    edited.headline = "After the edit"
    edited.save()  # newsroom purges story:<id> (and what shows it) through its task queue
    status, headers, body = get(varnish + edited.get_absolute_url())
    assert (status, headers["X-Cache"]) == (200, "MISS")
    assert "After the edit" in body and "Before the edit" not in body
    assert get(varnish + other.get_absolute_url())[1]["X-Cache"] == "HIT"
    assert get(varnish + person.get_absolute_url())[1]["X-Cache"] == "MISS"  # first visit
    person.name = "Renamed Person"
    person.save()  # every page naming them is purged: the edited story names them
    status, headers, body = get(varnish + edited.get_absolute_url())
    assert (headers["X-Cache"], "Renamed Person" in body) == ("MISS", True)
    assert get(varnish + other.get_absolute_url())[1]["X-Cache"] == "HIT"


def test_drafts_and_staff_go_past_varnish(varnish, client):
    draft = ArticleFactory(headline="Desk only", status=PublicationStatus.DRAFT)
    url = varnish + draft.get_absolute_url()
    assert get(url)[0] == 404
    assert get(url)[1]["X-Cache"] == "MISS"  # an error is not kept
    staff = UserFactory(username="desk", is_staff=True)
    client.force_login(staff)
    session = client.cookies["sessionid"].value
    status, _, body = get(url, Cookie=f"sessionid={session}")
    assert (status, "Desk only" in body) == (200, True)
    assert get(url, Cookie=f"sessionid={session}")[1]["X-Cache"] == "MISS"
    draft.status = PublicationStatus.PUBLISHED
    draft.save()
    assert get(url)[0] == 200  # published: the reader's earlier 404 was not kept


def test_purging_every_key_empties_varnish(varnish):
    story = ArticleFactory(headline="Stays")
    get(varnish + story.get_absolute_url())
    request = urllib.request.Request(varnish + "/", method="PURGE", headers={"xkey-purge": "all"})
    with urllib.request.urlopen(request, timeout=10) as answer:  # from 127.0.0.1: allowed
        assert b"Purged 1 objects" in answer.read()
    assert get(varnish + story.get_absolute_url())[1]["X-Cache"] == "MISS"
