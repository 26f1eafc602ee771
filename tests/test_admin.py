"""Every registered model opens in admin for an editor, with locked changelist query counts;
imports, reordering and merging work from admin."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import TokenProxy

from newsroom.coverage import models
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

FACTORIES = {
    models.Source: factories.SourceFactory,
    models.Place: factories.PlaceFactory,
    models.Person: factories.PersonFactory,
    models.Role: factories.RoleFactory,
    models.Event: factories.EventFactory,
    models.Transcript: factories.TranscriptFactory,
    models.Segment: factories.SegmentFactory,
    models.Article: factories.ArticleFactory,
    models.Citation: factories.CitationFactory,
    models.BackgroundJob: lambda: models.BackgroundJob.objects.create(
        kind=models.JobKind.SUGGEST,
        target="story:0",
        article=factories.ArticleFactory(),
        state=models.JobState.DONE,
        result="3 citations suggested.",
    ),
    models.Synonym: lambda: models.Synonym.objects.create(wordings="truce\nceasefire"),
    models.WebhookSubscription: lambda: webhook(),
    models.WebhookDelivery: lambda: models.WebhookDelivery.objects.create(
        subscription=webhook(),
        event=models.WebhookEvent.STORY_PUBLISHED,
        item_uri="https://news.example/stories/a/",
        body="{}",
    ),
    User: factories.UserFactory,
    Group: lambda: Group.objects.create(name=f"Group {Group.objects.count()}"),
    TokenProxy: lambda: TokenProxy.objects.create(user=factories.UserFactory()),
    # Sign-in records kept by django-axes: read-only, for unlocking an address.
    AccessAttempt: lambda: AccessAttempt.objects.create(
        ip_address="192.0.2.1",
        username=f"someone-{AccessAttempt.objects.count()}",
        failures_since_start=1,
    ),
    AccessLog: lambda: AccessLog.objects.create(ip_address="192.0.2.1", username="someone"),
    AccessFailureLog: lambda: AccessFailureLog.objects.create(
        ip_address="192.0.2.1", username="someone"
    ),
}
WEBHOOKS = (models.WebhookSubscription, models.WebhookDelivery)  # partners add them (API)
ACCOUNTS = (User, Group, TokenProxy, AccessAttempt, AccessLog, AccessFailureLog, *WEBHOOKS)
READ_ONLY = (models.BackgroundJob, AccessAttempt, AccessLog, AccessFailureLog, *WEBHOOKS)
# Changelist queries for an editor (session, user, permissions…), whatever the rows.
CHANGELIST_QUERIES = {
    "Source": 7,
    "Place": 7,
    "Person": 7,
    "Role": 8,
    "Event": 9,
    "Transcript": 10,
    "Segment": 6,
    "Article": 10,
    "Citation": 9,
    "BackgroundJob": 7,
    "User": 6,
    "Group": 5,
    "TokenProxy": 5,
    "AccessAttempt": 8,
    "AccessLog": 8,
    "AccessFailureLog": 8,
    "WebhookSubscription": 5,
    "WebhookDelivery": 5,
    "Synonym": 7,
}


def webhook():
    return models.WebhookSubscription.objects.create(
        owner=factories.UserFactory(), url="https://partner.example/hook", secret="whsec_AAAA"
    )


def test_every_registered_model_is_covered():
    assert set(admin.site._registry) == set(FACTORIES)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def staff_client(client, editor, superuser):
    def login_for(model):
        # Editors run the content; users and groups are the superuser's.
        client.force_login(superuser if model in ACCOUNTS else editor)
        return client

    return login_for


@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_open(staff_client, model):
    client = staff_client(model)
    obj = FACTORIES[model]()
    views = ["changelist", "change"] if model in READ_ONLY else ["changelist", "add", "change"]
    for view in views:
        url = admin_url(model, view, *([obj.pk] if view == "change" else []))
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_changelist_query_count_is_locked_and_does_not_grow(staff_client, model):
    client = staff_client(model)
    factory, url = FACTORIES[model], admin_url(model, "changelist")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _ in range(2):
        factory()
    few = count_queries()
    for _ in range(18):
        factory()
    many = count_queries()
    assert many == few == CHANGELIST_QUERIES[model.__name__]


def test_changelist_search_and_filters_work(client, editor):
    client.force_login(editor)
    factories.PersonFactory(name="Leonid Pasechnik")
    person = factories.PersonFactory(name="Someone Else")
    models.PersonName.objects.create(person=person, name="Lugansk spelling")
    response = client.get(admin_url(models.Person, "changelist"), {"q": "Lugansk"})
    assert [p.name for p in response.context["cl"].result_list] == ["Someone Else"]
    factories.CitationFactory(score=0.2, status="suggested")
    factories.CitationFactory(score=0.01, status="suggested")
    response = client.get(admin_url(models.Citation, "changelist"), {"score": "high"})
    assert [c.score for c in response.context["cl"].result_list] == [0.2]


def test_admin_requires_staff(client):
    response = client.get(admin_url(models.Article, "changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


class TestTranscriptAdmin:
    def paragraph_list(self, client, transcript, **params):
        url = admin_url(models.Segment, "changelist")
        return client.get(url, {"transcript__id__exact": transcript.pk, **params})

    def paragraph_page_data(self, page, **changes) -> dict:
        """Return the POST of the paragraph list's Save button, with `changes` applied."""
        formset = page.context["cl"].formset
        data = {"_save": "Save"}
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = str(
                formset.management_form[name].value()
            )
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                data[form.add_prefix(name)] = "" if value is None else str(value)
        data.update(changes)
        return data

    def test_the_change_form_links_to_the_paragraphs_in_order(self, client, editor):
        client.force_login(editor)
        transcript = factories.TranscriptFactory()
        for position in (2, 1, 3):
            factories.SegmentFactory(
                transcript=transcript, position=position, text=f"Para {position}"
            )
        form = client.get(admin_url(models.Transcript, "change", transcript.pk)).content.decode()
        assert "Edit the 3 paragraphs" in form and "Para 1" not in form
        page = self.paragraph_list(client, transcript).content.decode()
        assert page.index("Para 1") < page.index("Para 2") < page.index("Para 3")

    def test_reordering_swaps_positions_safely(self, client, editor):
        client.force_login(editor)
        transcript = factories.TranscriptFactory()
        first = factories.SegmentFactory(transcript=transcript, position=1, text="First")
        second = factories.SegmentFactory(transcript=transcript, position=2, text="Second")
        page = self.paragraph_list(client, transcript)
        data = self.paragraph_page_data(page, **{"form-0-position": "2", "form-1-position": "1"})
        assert (
            client.post(
                page.request["PATH_INFO"] + f"?transcript__id__exact={transcript.pk}", data
            ).status_code
            == 302
        )
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.position, second.position) == (2, 1)

    def test_duplicate_positions_are_refused_with_a_message(self, client, editor):
        client.force_login(editor)
        transcript = factories.TranscriptFactory()
        factories.SegmentFactory(transcript=transcript, position=1)
        factories.SegmentFactory(transcript=transcript, position=2)
        factories.SegmentFactory(transcript=transcript, position=3)
        page = self.paragraph_list(client, transcript)
        url = page.request["PATH_INFO"] + f"?transcript__id__exact={transcript.pk}"
        same = self.paragraph_page_data(page, **{"form-1-position": "1"})
        assert "cannot share position 1" in client.post(url, same).content.decode()
        assert list(transcript.segments.values_list("position", flat=True)) == [1, 2, 3]

    def test_a_position_held_on_another_page_is_refused(self, client, editor):
        client.force_login(editor)
        transcript = factories.TranscriptFactory()
        models.Segment.objects.bulk_create(
            models.Segment(transcript=transcript, position=n, text=f"P {n}.") for n in range(1, 102)
        )
        page = self.paragraph_list(client, transcript)  # 1–100; 101 is on the next page
        data = self.paragraph_page_data(page, **{"form-0-position": "101"})
        url = page.request["PATH_INFO"] + f"?transcript__id__exact={transcript.pk}"
        assert "held by a paragraph on another page" in client.post(url, data).content.decode()
        assert transcript.segments.filter(position=101).count() == 1

    def test_a_thousand_paragraph_transcript_saves_through_the_admin(self, client, editor):
        client.force_login(editor)
        transcript = factories.TranscriptFactory(title="Annual news conference")
        models.Segment.objects.bulk_create(
            models.Segment(transcript=transcript, position=n, text=f"Paragraph {n}.")
            for n in range(1, 1001)
        )
        change_url = admin_url(models.Transcript, "change", transcript.pk)
        form = client.get(change_url)
        assert "Edit the 1000 paragraphs" in form.content.decode()
        data = change_form_data(form, title="Annual news conference, corrected")
        assert client.post(change_url, data).status_code == 302
        transcript.refresh_from_db()
        assert transcript.title == "Annual news conference, corrected"
        assert transcript.segments.count() == 1000
        page = self.paragraph_list(client, transcript, p="5")  # paragraphs 401–500
        data = self.paragraph_page_data(page, **{"form-0-text": "Paragraph 401, edited."})
        assert len(data) < 1000  # DATA_UPLOAD_MAX_NUMBER_FIELDS
        url = page.request["PATH_INFO"] + f"?transcript__id__exact={transcript.pk}&p=5"
        assert client.post(url, data).status_code == 302
        assert models.Segment.objects.get(transcript=transcript, position=401).text == (
            "Paragraph 401, edited."
        )

    def test_the_paragraph_list_costs_the_same_queries_at_any_length(
        self, client, editor, django_assert_num_queries
    ):
        client.force_login(editor)
        counts = []
        for size in (10, 1000):
            transcript = factories.TranscriptFactory()
            speaker = factories.PersonFactory()
            models.Segment.objects.bulk_create(
                models.Segment(transcript=transcript, position=n, text=f"P {n}.", speaker=speaker)
                for n in range(1, size + 1)
            )
            with CaptureQueriesContext(connection) as queries:
                assert self.paragraph_list(client, transcript).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_a_transcript_published_by_its_status_field_gets_its_publication_time(
        self, client, editor
    ):
        client.force_login(editor)
        transcript = factories.TranscriptFactory(status="draft", published_at=None)
        change_url = admin_url(models.Transcript, "change", transcript.pk)
        data = change_form_data(client.get(change_url), status="published")
        assert client.post(change_url, data).status_code == 302
        transcript.refresh_from_db()
        assert transcript.status == "published" and transcript.published_at is not None
        assert transcript.is_public

    def test_setting_the_speaker_of_a_whole_turn(self, client, editor):
        client.force_login(editor)
        transcript = factories.TranscriptFactory()
        wrong, right = factories.PersonFactory(name="Wrong Person"), factories.PersonFactory()
        rows = [
            ("speech", "Wrong Person", wrong),
            ("speech", "", wrong),
            ("narration", "", None),
            ("speech", "", wrong),
            ("speech", "Other Speaker", wrong),
        ]
        segments = [
            factories.SegmentFactory(
                transcript=transcript, position=n, kind=kind, speaker_label=label, speaker=who
            )
            for n, (kind, label, who) in enumerate(rows, start=1)
        ]
        response = client.post(
            admin_url(models.Segment, "changelist"),
            {
                "action": "set_speaker_of_turns",
                "_selected_action": [segments[1].pk],
                "speaker": right.pk,
                "index": "0",
            },
            follow=True,
        )
        assert "3 paragraphs now spoken by" in response.content.decode()
        speakers = [s.speaker_id for s in transcript.segments.order_by("position")]
        assert speakers == [right.pk, right.pk, None, right.pk, wrong.pk]
        assert LogEntry.objects.filter(change_message__contains="Speaker of 3 paragraphs").exists()

    def test_import_from_an_uploaded_file(self, client, editor):
        client.force_login(editor)
        source = factories.SourceFactory()
        text = "A meeting\n\nMay 1, 2024\n\nVladimir Putin: Good afternoon.\n\nLet us begin."
        upload = SimpleUploadedFile("meeting.txt", text.encode())
        response = client.post(
            reverse("admin:coverage_transcript_import"),
            {"file": upload, "source": source.pk},
            follow=True,
        )
        assert "2 paragraphs, 1 speaker turns" in response.content.decode()
        assert models.Transcript.objects.get().title == "A meeting"

    @pytest.mark.parametrize(
        ("content", "message"),
        [(b"\x00\x01binary", "binary file"), (b"Just text without a date.", "no title found")],
    )
    def test_import_errors_are_shown_and_nothing_is_written(self, client, editor, content, message):
        client.force_login(editor)
        source = factories.SourceFactory()
        upload = SimpleUploadedFile("bad.txt", content)
        response = client.post(
            reverse("admin:coverage_transcript_import"), {"file": upload, "source": source.pk}
        )
        assert response.status_code == 200 and message in response.content.decode()
        assert not models.Transcript.objects.exists()

    def test_another_text_needs_the_replace_tick_and_says_what_would_change(self, client, editor):
        client.force_login(editor)
        source = factories.SourceFactory()
        url = reverse("admin:coverage_transcript_import")
        first = "A meeting\n\nMay 1, 2024\n\nVladimir Putin: Good afternoon.\n\nLet us begin."
        second = first + "\n\nAnd go on."
        client.post(url, {"file": SimpleUploadedFile("a.txt", first.encode()), "source": source.pk})
        refused = client.post(
            url, {"file": SimpleUploadedFile("b.txt", second.encode()), "source": source.pk}
        )
        page = refused.content.decode()
        assert "already stored with a different text" in page
        assert "1 paragraph would be added" in page and "Replace the stored text" in page
        assert "--replace" not in page
        replace_row = refused.context["form"]["replace"]
        assert "already stored with a different text" in str(replace_row.errors)
        assert models.Segment.objects.count() == 2
        preview = client.post(
            url,
            {
                "file": SimpleUploadedFile("b.txt", second.encode()),
                "source": source.pk,
                "replace": "on",
            },
        )
        # The editor sees what the new text would do first; nothing is written yet.
        page = preview.content.decode()
        assert "Replace the text" in page and "Paragraphs: 2 unchanged, 1 added" in page
        assert models.Segment.objects.count() == 2
        confirm = preview.context["form"]
        data = {name: confirm[name].value() for name in confirm.fields if name != "file"}
        data = {name: value for name, value in data.items() if value not in (None, False)}
        client.post(url, {**data, "confirmed": "on"})
        assert list(models.Segment.objects.order_by("position").values_list("text", flat=True)) == [
            "Good afternoon.",
            "Let us begin.",
            "And go on.",
        ]

    def test_upload_size_is_limited(self, client, editor, settings):
        from newsroom.coverage.importers import reading

        client.force_login(editor)
        upload = SimpleUploadedFile("big.txt", b"x" * (reading.MAX_DOCUMENT_BYTES + 1))
        response = client.post(
            reverse("admin:coverage_transcript_import"),
            {"file": upload, "source": factories.SourceFactory().pk},
        )
        assert "largest accepted" in response.content.decode()
        assert not models.Transcript.objects.exists()


def test_new_story_from_text(client, reporter):
    client.force_login(reporter)
    source = factories.SourceFactory()
    response = client.post(
        reverse("admin:coverage_article_import"),
        {
            "text": "First paragraph.\nSecond paragraph.",
            "headline": "From text",
            "source": source.pk,
        },
    )
    article = models.Article.objects.get()
    assert response["Location"] == admin_url(models.Article, "change", article.pk)
    assert (article.headline, article.status) == ("From text", "draft")
    assert article.paragraphs == ["First paragraph.", "Second paragraph."]


def test_merge_people_moves_everything_to_the_survivor(client, editor):
    client.force_login(editor)
    keep = factories.PersonFactory(name="Yevgeny Balitsky")
    duplicate = factories.PersonFactory(name="Evgeniy Balitsky")
    segment = factories.SegmentFactory(speaker=duplicate)
    factories.RoleFactory(person=duplicate, title="Governor")
    article = factories.ArticleFactory(people=[duplicate])
    changelist = admin_url(models.Person, "changelist")
    response = client.post(
        changelist,
        {"action": "merge", "_selected_action": [keep.pk, duplicate.pk], "survivor": keep.pk},
    )
    assert response.status_code == 302
    assert not models.Person.objects.filter(pk=duplicate.pk).exists()
    segment.refresh_from_db()
    assert segment.speaker == keep
    assert keep.roles.get().title == "Governor"
    assert list(article.people.all()) == [keep]
    assert models.Person.objects.named("Evgeniy Balitsky").get() == keep


class TestDesk:
    def test_the_admin_index_shows_the_work_in_progress(self, client, editor):
        client.force_login(editor)
        factories.ArticleFactory(status="draft", headline="A draft story")
        factories.ArticleFactory(status="review", headline="A story in review")
        factories.CitationFactory(status="suggested")
        published = factories.ArticleFactory(status="published", headline="Published story")
        models.Correction.objects.create(article=published, text="The date was 12 May.")
        page = client.get(reverse("admin:index")).content.decode()
        desk = page[page.index('id="desk"') :]
        assert "A draft story" in desk and "A story in review" in desk
        assert "1 suggested citation" in desk
        assert "The date was 12 May." in desk
        assert f"{reverse('admin:coverage_article_changelist')}?status__exact=draft" in desk
        suggestions = client.get(
            reverse("admin:coverage_citation_changelist"), {"status__exact": "suggested"}
        )
        assert suggestions.status_code == 200
        assert len(suggestions.context["cl"].result_list) == 1

    def test_the_desk_costs_the_same_queries_with_more_work(self, client, editor):
        client.force_login(editor)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse("admin:index")).status_code == 200
            return len(captured)

        for status in ("draft", "review", "scheduled"):
            factories.ArticleFactory(status=status)
        few = queries()
        for status in ("draft", "review", "scheduled") * 6:
            factories.ArticleFactory(status=status)
        factories.CitationFactory.create_batch(5, status="suggested")
        assert queries() == few

    def test_no_desk_for_staff_who_may_not_see_stories(self, client):
        client.force_login(factories.UserFactory(is_staff=True))
        assert 'id="desk"' not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("status", ["rejected", "suggested"])
def test_an_undecided_or_rejected_citation_never_blocks_correcting_its_sentence(
    client, editor, status
):
    client.force_login(editor)
    article = factories.ArticleFactory(
        status="draft", body="The harvest reached 140 million tonnes.\n\nExports grew."
    )
    factories.CitationFactory(
        article=article, quote="The harvest reached 140 million tonnes.", status=status
    )
    url = admin_url(models.Article, "change", article.pk)
    data = change_form_data(client.get(url), body="The harvest reached 130 million tonnes.")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    article.refresh_from_db()
    assert article.body == "The harvest reached 130 million tonnes."


def test_a_confirmed_citation_whose_words_were_edited_away_blocks_the_save(client, editor):
    client.force_login(editor)
    article = factories.ArticleFactory(
        status="draft", body="The harvest reached 140 million tonnes.\n\nExports grew."
    )
    factories.CitationFactory(article=article, quote="The harvest reached 140 million tonnes.")
    url = admin_url(models.Article, "change", article.pk)
    data = change_form_data(client.get(url), body="The harvest reached 130 million tonnes.")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "These words are not in the story" in response.content.decode()
    article.refresh_from_db()
    assert "140 million" in article.body


def test_a_pasted_story_without_a_source_is_asked_for_one_in_editor_words(client, reporter):
    client.force_login(reporter)
    response = client.post(
        reverse("admin:coverage_article_import"), {"text": "First.\nSecond.", "headline": "H"}
    )
    page = response.content.decode()
    assert "Choose the story" in page and "source here" in page
    assert "--source" not in page
    assert not models.Article.objects.exists()
