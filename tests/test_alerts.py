"""Readers' alerts through a real SMTP server: ask, confirm, receive links to the exact
passages, stop in one click (RFC 8058), manage; never a draft, never an address shown."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from newsroom.coverage.models import Alert, AlertMatch, PublicationStatus, Segment
from newsroom.coverage.services.transcript_versions import (
    after_paragraph_edits,
    before_paragraph_edits,
)
from newsroom.coverage.syndication import alert_mail, alerts
from newsroom.coverage.syndication.alert_matching import PhraseIndex
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    PersonFactory,
    SegmentFactory,
    TranscriptFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

READER = "Reader@Example.org"
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def editor():
    # The Editor group a migration made is gone after a transactional test's flush.
    return UserFactory(username="desk", is_staff=True, is_superuser=True)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    assert url.startswith(settings.NEWSROOM_SITE_URL), url
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


def links(text: str) -> list[str]:
    return LINK.findall(text)


def ask(client, *, frequency="immediate", **about):
    query = "&".join(f"{key}={value}" for key, value in about.items() if key != "phrase")
    data = {"email": READER, "frequency": frequency, **about}
    response = client.post(f"/alerts/new/?{query}", data)
    assert response.status_code == 302 and response["Location"] == "/alerts/asked/"
    return response


def confirm_from(smtp, client) -> Alert:
    confirmed_before = list(
        Alert.objects.filter(confirmed_at__isnull=False).values_list("pk", flat=True)
    )
    (mail,) = smtp.to(READER.lower())[-1:]
    (url,) = [u for u in links(smtp.text(mail)) if "/alerts/confirm/" in u]
    assert client.get(path_of(url)).status_code == 200  # a page with a button, not a change
    assert (
        not Alert.objects.filter(confirmed_at__isnull=False)
        .exclude(pk__in=confirmed_before)
        .exists()
    )
    response = client.post(path_of(url))
    assert response.status_code == 200 and b"Your alert is on" in response.content
    return Alert.objects.order_by("-pk").first()


def transcript_with(*paragraphs, status=PublicationStatus.DRAFT):
    transcript = TranscriptFactory(status=status)
    for position, (speaker, text) in enumerate(paragraphs, start=1):
        SegmentFactory(transcript=transcript, position=position, speaker=speaker, text=text)
    return transcript


def publish(item):
    item.status = PublicationStatus.PUBLISHED
    item.save()
    return item


def test_a_person_alert_from_asking_to_one_click_stop(smtp, client):
    putin, peskov = PersonFactory(name="Vladimir Putin"), PersonFactory(name="Dmitry Peskov")
    ask(client, person=putin.slug)
    assert Alert.objects.get().confirmed_at is None
    (confirmation,) = smtp.to(READER.lower())
    assert "Vladimir Putin" in confirmation["Subject"]
    # Nothing is told before the reader confirms.
    publish(transcript_with((putin, "Colleagues, good afternoon.")))
    assert len(smtp.messages) == 1
    alert = confirm_from(smtp, client)
    assert alert.confirmed_at is not None and alert.email == READER.lower()

    record = publish(
        transcript_with(
            (peskov, "The President will speak shortly."),
            (putin, "We will build the bridge by spring."),
            (putin, "And the road after it."),
        )
    )
    mail = smtp.messages[-1][1]
    assert mail["Subject"] == "newsroom alert: Vladimir Putin speaks"
    text = smtp.text(mail)
    passages = [u for u in links(text) if "/transcripts/" in u]
    assert len(passages) == 2
    for url in passages:
        # Where the evidence points: each link's paragraph is one Putin speaks.
        path, anchor = path_of(url).split("#")
        assert path == record.get_absolute_url()
        paragraph = Segment.objects.get(transcript=record, key=int(anchor[1:]))
        assert paragraph.speaker == putin and paragraph.text.split()[0] in text
        assert client.get(path).status_code == 200
    assert "The President will speak shortly" not in text

    # RFC 8058: a POST of "List-Unsubscribe=One-Click" to the header's address, no token.
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop_url = re.fullmatch(r"\s*<(\S+)>\s*", str(mail["List-Unsubscribe"])).group(1)
    mail_client = Client(enforce_csrf_checks=True)
    stopped = mail_client.post(
        path_of(stop_url), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"
    )
    assert stopped.status_code == 200 and not Alert.objects.exists()
    assert mail_client.post(path_of(stop_url)).status_code == 200  # twice is harmless
    sent = len(smtp.messages)
    publish(transcript_with((putin, "Another speech.")))
    assert len(smtp.messages) == sent


def test_a_phrase_alert_names_only_paragraphs_holding_the_phrase(smtp, client, editor):
    ask(client, phrase="Northern  Sea Route")
    confirm_from(smtp, client)
    record = publish(
        transcript_with(
            (None, "We discussed the northern sea-route, among much else."),
            (None, "The Northern Sea is cold."),
            (None, "Route planning continues."),
        )
    )
    text = smtp.text(smtp.messages[-1][1])
    (url,) = [u for u in links(text) if "/transcripts/" in u]
    anchor = path_of(url).split("#")[1]
    assert Segment.objects.get(transcript=record, key=int(anchor[1:])).position == 1

    # A revision that adds the phrase in a new paragraph tells only that paragraph.
    before_paragraph_edits(record)
    SegmentFactory(transcript=record, position=4, text="Cargo on the Northern Sea Route grew.")
    after_paragraph_edits(record, user=editor)
    text = smtp.text(smtp.messages[-1][1])
    (url,) = [u for u in links(text) if "/transcripts/" in u]
    paragraph = Segment.objects.get(transcript=record, key=int(path_of(url).split("#p")[1]))
    assert paragraph.text == "Cargo on the Northern Sea Route grew."
    assert AlertMatch.objects.count() == 2


def test_a_story_citing_a_transcript_is_told_with_the_passages_it_cites(smtp, client):
    record = publish(transcript_with((None, "Opening words."), (None, "The budget is agreed.")))
    ask(client, transcript=record.slug)
    confirm_from(smtp, client)
    cited = record.segments.get(position=2)
    story = ArticleFactory(status=PublicationStatus.DRAFT, body="He said the budget is agreed.")
    CitationFactory(
        article=story, segment=cited, transcript=record, status="confirmed", quote="the budget"
    )
    publish(story)
    text = smtp.text(smtp.messages[-1][1])
    assert story.headline in text
    found = [path_of(u) for u in links(text)]
    assert story.get_absolute_url() in found
    assert f"{record.get_absolute_url()}#{cited.anchor}" in found
    assert "the budget" in cited.text.casefold()


def test_drafts_and_withdrawn_records_are_never_told(smtp, client):
    putin = PersonFactory(name="Vladimir Putin")
    ask(client, person=putin.slug, frequency="daily")
    confirm_from(smtp, client)
    draft = transcript_with((putin, "A secret draft speech."))
    draft.status = PublicationStatus.IN_REVIEW
    draft.save()
    shown = publish(transcript_with((putin, "A public speech.")))
    withdrawn = publish(transcript_with((putin, "Soon withdrawn.")))
    withdrawn.status, withdrawn.withdrawal_reason = PublicationStatus.WITHDRAWN, "Wrong date."
    withdrawn.save()
    sent = len(smtp.messages)
    assert alert_mail.send_found(daily=True, now=timezone.now() + timedelta(days=1)) == 1
    text = smtp.text(smtp.messages[-1][1])
    assert "A public speech." in text and shown.title in text
    assert "secret draft" not in text and "Soon withdrawn" not in text
    assert len(smtp.messages) == sent + 1


def test_a_daily_alert_waits_for_the_digest_and_sends_it_once(smtp, client):
    putin = PersonFactory(name="Vladimir Putin")
    ask(client, person=putin.slug, frequency="daily")
    confirm_from(smtp, client)
    sent = len(smtp.messages)
    publish(transcript_with((putin, "First speech.")))
    publish(transcript_with((putin, "Second speech.")))
    assert len(smtp.messages) == sent  # nothing at once
    due = alert_mail.digest_time(timezone.now() + timedelta(days=1))
    assert alert_mail.send_found(daily=True, now=due) == 1
    digest = smtp.messages[-1][1]
    assert digest["Subject"] == "Your daily newsroom alerts (2 found)"
    assert "First speech." in smtp.text(digest) and "Second speech." in smtp.text(digest)
    assert alert_mail.send_found(daily=True, now=due + timedelta(hours=3)) == 0


def test_the_manage_page_lists_changes_and_stops_an_address_alerts_without_showing_it(smtp, client):
    putin = PersonFactory(name="Vladimir Putin")
    ask(client, person=putin.slug)
    ask(client, phrase="gas prices", frequency="daily")
    other = Alert.objects.create(email="someone@else.example", kind="phrase", phrase="secret")
    confirm_from(smtp, client)
    response = client.post("/alerts/", {"email": READER})
    assert response.status_code == 302
    (url,) = [u for u in links(smtp.text(smtp.messages[-1][1])) if "/alerts/manage/" in u]
    page = client.get(path_of(url))
    html = page.content.decode()
    assert page.status_code == 200 and "Vladimir Putin" in html and "gas prices" in html
    assert READER.lower() not in html.lower() and "secret" not in html
    assert page["X-Robots-Tag"] == "noindex"

    mine = Alert.objects.filter(email=READER.lower())
    phrase = mine.get(kind="phrase")
    client.post(path_of(url), {"alert": phrase.pk, "action": "immediate"})
    assert Alert.objects.get(pk=phrase.pk).frequency == "immediate"
    client.post(path_of(url), {"alert": other.pk, "action": "stop"})  # not theirs
    assert Alert.objects.filter(pk=other.pk).exists()
    client.post(path_of(url), {"alert": phrase.pk, "action": "stop"})
    assert list(mine.values_list("kind", flat=True)) == ["person"]
    assert client.get(path_of(url)[:-5] + "xxxxx/").status_code == 404


def test_no_page_shows_the_address_and_asking_too_often_sends_nothing_more(smtp, client):
    person = PersonFactory()
    for _ in range(7):
        response = client.post(
            f"/alerts/new/?person={person.slug}", {"email": READER, "frequency": "daily"}
        )
        assert response.status_code == 302
    assert len(smtp.messages) == 5  # five unconfirmed asks a day, then silence
    assert READER.lower() not in client.get("/alerts/asked/").content.decode().lower()


@pytest.mark.parametrize(
    "url, data, status",
    [
        ("/alerts/new/?person=nobody", {"email": READER, "frequency": "daily"}, 404),
        ("/alerts/new/", {"email": "not an address", "frequency": "daily", "phrase": "x"}, 400),
        ("/alerts/new/", {"email": READER, "frequency": "hourly", "phrase": "gas"}, 400),
        ("/alerts/new/", {"email": READER, "frequency": "daily", "phrase": "  ,, "}, 400),
        ("/alerts/confirm/forged/", {}, 404),
        ("/alerts/stop/forged/", {}, 404),
        ("/alerts/manage/forged/", {}, 404),
    ],
)
def test_bad_input_gets_a_clear_answer_and_keeps_nothing(smtp, client, url, data, status):
    response = client.post(url, data)
    assert response.status_code == status
    assert not Alert.objects.exists() and not smtp.messages
    if status == 400:
        assert b'class="error" role="alert"' in response.content


def test_the_phrase_index_matches_whole_words_in_order():
    index = PhraseIndex([(1, "sea route"), (2, "Route"), (3, "gas price cap")])
    assert index.found_in("The Northern Sea-Route.") == {1, 2}
    assert index.found_in("seas routes") == set()
    assert index.found_in("a gas price, capped") == set()
    assert index.found_in("GAS price cap") == {3}


def test_matching_and_mailing_take_the_same_queries_for_ten_alerts_or_a_hundred(smtp):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from newsroom.coverage.syndication.alert_matching import match_transcript

    speakers = [PersonFactory() for _ in range(3)]
    record = transcript_with(
        *[(speakers[n % 3], f"Paragraph {n} on gas prices.") for n in range(9)]
    )
    publish(record)

    def queries(alerts: int) -> tuple[int, int]:
        Alert.objects.all().delete()
        now = timezone.now()
        for n in range(alerts):
            common = {"email": f"r{n}@example.org", "confirmed_at": now}
            if n % 2:
                Alert.objects.create(kind="person", person=speakers[n % 3], **common)
            else:
                Alert.objects.create(kind="phrase", phrase="gas prices", **common)
        with CaptureQueriesContext(connection) as matching:
            match_transcript(record)
        with CaptureQueriesContext(connection) as mailing:
            assert alert_mail.send_found(daily=False) == alerts
        return len(matching), len(mailing)

    few, many = queries(10), queries(100)
    assert few == many, (few, many)
    assert few[0] <= 8 and few[1] <= 6, few  # 6 and 4 on SQLite


def test_the_manage_link_is_mailed_only_to_an_address_with_alerts_three_times_a_day(smtp, client):
    client.post("/alerts/", {"email": "nobody@example.org"})
    assert smtp.messages == []
    Alert.objects.create(email=READER.lower(), kind="phrase", phrase="gas")
    for _ in range(5):
        assert client.post("/alerts/", {"email": READER}).status_code == 302
    assert len(smtp.to(READER.lower())) == alert_mail.MANAGE_LINKS_PER_DAY


def test_a_revision_before_the_digest_adds_its_paragraphs_to_the_match_not_yet_told(
    smtp, client, editor
):
    ask(client, phrase="gas prices", frequency="daily")
    confirm_from(smtp, client)
    record = publish(transcript_with((None, "On gas prices first."), (None, "Other words.")))
    before_paragraph_edits(record)
    SegmentFactory(transcript=record, position=3, text="And gas prices again.")
    after_paragraph_edits(record, user=editor)
    (match,) = AlertMatch.objects.all()
    assert [Segment.objects.get(transcript=record, key=k).position for k in match.keys] == [1, 3]
    assert str(match) and str(match.alert) == "When a phrase appears in a transcript: “gas prices”"
    due = alert_mail.digest_time(timezone.now() + timedelta(days=1))
    assert alert_mail.send_found(daily=True, now=due) == 1
    assert smtp.messages[-1][1]["Subject"] == "Your daily newsroom alerts (2 found)"


def test_the_rules_refuse_what_an_alert_cannot_be(db):
    from django.core import signing

    from newsroom.coverage.syndication import alert_matching

    refusals = [
        ({"email": "no", "kind": "phrase", "frequency": "daily", "phrase": "gas"}, "email"),
        ({"email": READER, "kind": "phrase", "frequency": "hourly", "phrase": "gas"}, "frequency"),
        ({"email": READER, "kind": "person", "frequency": "daily"}, "person"),
        ({"email": READER, "kind": "cited", "frequency": "daily"}, "transcript"),
        ({"email": READER, "kind": "weather", "frequency": "daily"}, "kind"),
    ]
    for asked, field in refusals:
        with pytest.raises(alerts.Refused) as refused:
            alerts.ask(**asked)
        assert refused.value.field == field and str(refused.value)
    draft = TranscriptFactory(status=PublicationStatus.DRAFT)
    with pytest.raises(alerts.Refused):
        alerts.ask(email=READER, kind="cited", frequency="daily", transcript=draft)
    assert not Alert.objects.exists()
    assert alerts.stop_names(signing.dumps({"a": "all"}, salt=alerts.STOP)) is None
    assert alert_matching.match_transcript(draft) == 0
    assert alert_matching.match_story(ArticleFactory(status=PublicationStatus.DRAFT)) == 0


def test_unknown_subjects_and_forms_out_of_shape_are_refused(smtp, client):
    assert client.get("/alerts/new/?transcript=nothing-here").status_code == 404
    ask(client, phrase="gas")
    alert = confirm_from(smtp, client)
    manage = alerts.manage_url(alert.email)
    assert client.post(path_of(manage), {"alert": "x", "action": "boil"}).status_code == 400
    assert client.get("/alerts/stop/eyJhIjoiYWxsIn0:1x:forged/").status_code == 404
