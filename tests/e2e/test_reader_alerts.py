"""A reader asks to be told when Putin speaks, confirms from the mail (a real SMTP server),
gets the alert for a new transcript, follows it to the exact passage, and stops it from
the mail's one-click link; every alert page passes axe-core."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from newsroom.coverage.models import Alert, Person, PublicationStatus
from tests.factories import SegmentFactory, TranscriptFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

READER = "reader@example.org"
LINK = re.compile(r"https?://\S+")


def accessible(page):
    results = Axe().run(page)
    assert not results.violations_count, results.generate_report()


def links(smtp, containing: str) -> list[str]:
    text = smtp.text(smtp.to(READER)[-1])
    return [url for url in LINK.findall(text) if containing in url]


def test_a_reader_asks_confirms_is_told_and_stops(page, seeded_site, smtp, settings):
    settings.NEWSROOM_SITE_URL = seeded_site  # the links the mail carries
    page.goto(seeded_site + "/people/vladimir-putin/")
    page.get_by_role("link", name="Get an email when Vladimir Putin speaks").click()
    page.wait_for_url("**/alerts/new/?person=vladimir-putin")
    accessible(page)
    page.get_by_label("Your email address").fill(READER)
    page.get_by_label("As soon as it happens").check()
    page.get_by_role("button", name="Email me a link to confirm").click()
    page.wait_for_url("**/alerts/asked/")
    assert READER not in page.content()
    accessible(page)

    (confirm,) = links(smtp, "/alerts/confirm/")
    page.goto(confirm)
    accessible(page)
    assert Alert.objects.get().confirmed_at is None  # opening the link confirms nothing
    page.get_by_role("button", name="Start sending me this alert").click()
    page.get_by_role("heading", name="Your alert is on").wait_for()
    accessible(page)

    putin = Person.objects.get(slug="vladimir-putin")
    record = TranscriptFactory(status=PublicationStatus.DRAFT, title="Meeting on bridges")
    SegmentFactory(transcript=record, position=1, text="Good afternoon, colleagues.")
    SegmentFactory(transcript=record, position=2, speaker=putin, text="The bridge opens in May.")
    record.status = PublicationStatus.PUBLISHED
    record.save()

    (passage,) = links(smtp, "/transcripts/")
    page.goto(passage)
    landed = page.evaluate("() => document.querySelector(':target').innerText")
    assert "The bridge opens in May." in landed
    assert urlsplit(passage).fragment == "p2"

    (manage,) = links(smtp, "/alerts/manage/")
    page.goto(manage)
    assert "Vladimir Putin" in page.locator("table.alerts").inner_text()
    assert READER not in page.content()
    accessible(page)

    mail = smtp.to(READER)[-1]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop = re.search(r"<(\S+)>", str(mail["List-Unsubscribe"])).group(1)
    page.goto(stop)
    accessible(page)
    page.get_by_role("button", name="Stop sending me this alert").click()
    page.get_by_role("heading", name="Alert stopped").wait_for()
    accessible(page)
    assert not Alert.objects.exists()
