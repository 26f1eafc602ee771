"""The same editorial cases through both faces, the admin and the API.

Each case is written once against a `Face`: what an editor does in admin (a change
form posted as a browser would, a button, a confirmation page) and what an API client
does (PATCH, POST). Both faces call the same services, so both must give the same
outcome: the same stored state, the same refusals, the same history.
"""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from newsroom.coverage.models import Article, Correction, PublicationStatus, Transcript
from newsroom.coverage.services import publish_scheduled
from tests.admin_forms import change_form_data
from tests.factories import ArticleFactory, TranscriptFactory

pytestmark = pytest.mark.django_db


def history(obj):
    return list(
        LogEntry.objects.filter(
            object_id=str(obj.pk), content_type__model=obj._meta.model_name
        ).values_list("change_message", flat=True)
    )


class AdminFace:
    """An editor in Django admin, posting forms as the browser does."""

    name = "admin"

    def __init__(self, client, user):
        self.client = client
        client.force_login(user)

    def _url(self, obj, view="change"):
        return reverse(f"admin:coverage_{obj._meta.model_name}_{view}", args=[obj.pk])

    def edit(self, obj, *, opened_at=None, **changes) -> bool:
        """Save the change form with `changes`; `opened_at` is a page loaded earlier."""
        page = opened_at or self.client.get(self._url(obj))
        data = change_form_data(page, **changes)
        response = self.client.post(self._url(obj), data)
        return response.status_code == 302

    def open(self, obj):
        return self.client.get(self._url(obj))

    def publish(self, obj) -> bool:
        page = self.client.get(self._url(obj))
        if page.status_code != 200:
            return False
        self.client.post(self._url(obj), change_form_data(page, _workflow="publish"))
        obj.refresh_from_db()
        return obj.status == PublicationStatus.PUBLISHED

    def schedule(self, obj, when) -> bool:
        return self.edit(
            obj,
            status="scheduled",
            publish_at_0=f"{when:%Y-%m-%d}",
            publish_at_1=f"{when:%H:%M:%S}",
        )

    def withdraw(self, obj, reason) -> bool:
        response = self.client.post(self._url(obj, "withdraw"), {"reason": reason})
        return response.status_code == 302

    def correct(self, article, text) -> bool:
        page = self.client.get(self._url(article))
        data = change_form_data(
            page,
            **{
                "corrections-TOTAL_FORMS": "1",
                "corrections-0-text": text,
                "corrections-0-article": str(article.pk),
            },
        )
        return self.client.post(self._url(article), data).status_code == 302


class ApiFace:
    """An API client with a token."""

    name = "api"

    def __init__(self, client, user):
        self.client = APIClient()
        token = Token.objects.create(user=user)
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    def _url(self, obj):
        kind = "articles" if isinstance(obj, Article) else "transcripts"
        return f"/api/v1/{kind}/{obj.slug}/"

    def open(self, obj):
        return self.client.get(self._url(obj))

    def edit(self, obj, *, opened_at=None, **changes) -> bool:
        headers = {}
        if opened_at is not None:
            headers["HTTP_IF_MATCH"] = opened_at["ETag"]
        response = self.client.patch(self._url(obj), changes, format="json", **headers)
        self.last = response
        return response.status_code == 200

    def publish(self, obj) -> bool:
        return self.edit(obj, status="published")

    def schedule(self, obj, when) -> bool:
        return self.edit(obj, status="scheduled", publish_at=when.isoformat())

    def withdraw(self, obj, reason) -> bool:
        return self.edit(obj, status="withdrawn", withdrawal_reason=reason)

    def correct(self, article, text) -> bool:
        response = self.client.post(
            f"{self._url(article)}corrections/", {"text": text}, format="json"
        )
        self.last = response
        return response.status_code == 201


@pytest.fixture(params=["admin", "api"])
def face(request, client):
    def make(user):
        return AdminFace(client, user) if request.param == "admin" else ApiFace(client, user)

    return make


@pytest.fixture(params=[Article, Transcript], ids=["story", "transcript"])
def kind(request):
    return request.param


def make(kind, **fields):
    factory = ArticleFactory if kind is Article else TranscriptFactory
    return factory(**fields)


class TestPublishing:
    def test_editor_publishes_and_the_time_is_set_once(self, face, editor, kind):
        obj = make(kind, status=PublicationStatus.DRAFT)
        assert face(editor).publish(obj)
        obj.refresh_from_db()
        assert obj.status == PublicationStatus.PUBLISHED and obj.published_at is not None
        assert history(obj).count("Published") == 1

    def test_reporter_cannot_publish(self, face, reporter, kind, client):
        obj = make(kind, status=PublicationStatus.DRAFT)
        assert not face(reporter).publish(obj)
        obj.refresh_from_db()
        assert obj.status == PublicationStatus.DRAFT and obj.published_at is None
        assert "Published" not in history(obj)

    def test_a_schedule_needs_a_time_in_the_future(self, face, editor, kind):
        obj = make(kind, status=PublicationStatus.DRAFT)
        assert not face(editor).schedule(obj, timezone.now() - dt.timedelta(hours=1))
        obj.refresh_from_db()
        assert obj.status == PublicationStatus.DRAFT

    def test_scheduled_content_is_published_when_due(self, face, editor, kind):
        obj = make(kind, status=PublicationStatus.DRAFT)
        when = timezone.now() + dt.timedelta(hours=1)
        assert face(editor).schedule(obj, when)
        obj.refresh_from_db()
        assert obj.status == PublicationStatus.SCHEDULED and obj.scheduled_by == editor
        assert publish_scheduled(now=when + dt.timedelta(minutes=1)) == [obj]
        obj.refresh_from_db()
        assert obj.status == PublicationStatus.PUBLISHED and obj.published_at is not None


class TestWithdrawal:
    def test_a_withdrawal_needs_a_reason(self, face, editor, kind):
        obj = make(kind)
        assert not face(editor).withdraw(obj, "   ")
        obj.refresh_from_db()
        assert obj.status == PublicationStatus.PUBLISHED

    def test_readers_get_410_with_what_when_and_why_but_no_text(self, face, editor, client):
        article = ArticleFactory(
            headline="Governor resigns", body="The secret body text of the story."
        )
        assert face(editor).withdraw(article, "The resignation was <not> confirmed.")
        client.logout()
        page = client.get(article.get_absolute_url())
        html = page.content.decode()
        assert page.status_code == 410
        assert "Governor resigns" in html
        assert "The resignation was &lt;not&gt; confirmed." in html
        assert "secret body text" not in html
        article.refresh_from_db()
        assert article.withdrawn_at is not None
        assert history(article) == ["Withdrawn: The resignation was <not> confirmed."]

    def test_a_withdrawn_story_leaves_every_list(self, face, editor, client):
        article = ArticleFactory(headline="Soon gone", slug="soon-gone")
        assert face(editor).withdraw(article, "Wrong meeting.")
        client.logout()
        for url in ["/", "/stories/", "/feeds/stories/rss/", "/sitemap.xml", "/api/v1/articles/"]:
            assert "soon-gone" not in client.get(url).content.decode(), url
        assert client.get("/api/v1/articles/soon-gone/").status_code == 404


class TestRename:
    def test_renaming_a_published_story_keeps_the_old_address(self, face, editor, client):
        article = ArticleFactory(slug="old-name")
        assert face(editor).edit(article, slug="new-name")
        client.logout()
        response = client.get("/stories/old-name/")
        assert response.status_code == 301 and response["Location"] == "/stories/new-name/"

    def test_a_draft_renamed_leaves_no_redirect(self, face, editor, client):
        article = ArticleFactory(slug="old-draft", status=PublicationStatus.DRAFT)
        assert face(editor).edit(article, slug="new-draft")
        assert client.get("/stories/old-draft/").status_code == 404


class TestStaleWrite:
    def test_a_write_from_an_older_version_is_refused(self, face, editor, kind):
        obj = make(kind, status=PublicationStatus.DRAFT)
        me = face(editor)
        opened = me.open(obj)
        field = "headline" if kind is Article else "title"
        # Someone else saves in between.
        setattr(obj, field, "Their version")
        obj.save()
        assert not me.edit(obj, opened_at=opened, **{field: "My version"})
        obj.refresh_from_db()
        assert getattr(obj, field) == "Their version"

    def test_a_write_from_the_current_version_goes_through(self, face, editor, kind):
        obj = make(kind, status=PublicationStatus.DRAFT)
        me = face(editor)
        field = "headline" if kind is Article else "title"
        assert me.edit(obj, opened_at=me.open(obj), **{field: "My version"})
        obj.refresh_from_db()
        assert getattr(obj, field) == "My version"


class TestCorrections:
    def test_a_correction_is_stored_and_logged_once(self, face, editor):
        article = ArticleFactory()
        assert face(editor).correct(article, "The meeting was on 28 September.")
        assert list(Correction.objects.values_list("text", flat=True)) == [
            "The meeting was on 28 September."
        ]
        assert history(article) == ["Correction: The meeting was on 28 September."]

    def test_a_reporter_cannot_correct(self, face, reporter):
        article = ArticleFactory(status=PublicationStatus.DRAFT)
        face(reporter).correct(article, "Sneaky.")
        assert not Correction.objects.exists()


class TestApiOnly:
    """What only the API says: 412 and the ETag, 400 with the field, 403."""

    @pytest.fixture
    def api(self, editor):
        return ApiFace(None, editor)

    def test_etag_is_the_version_and_a_stale_if_match_is_412(self, api):
        article = ArticleFactory(status=PublicationStatus.DRAFT)
        opened = api.open(article)
        assert opened["ETag"] == f'"{article.version}"'
        Article.objects.get(pk=article.pk).save()
        assert not api.edit(article, opened_at=opened, headline="Mine")
        assert api.last.status_code == 412
        assert "Someone else saved this" in api.last.json()["detail"]

    def test_a_write_answers_with_the_new_etag(self, api):
        article = ArticleFactory(status=PublicationStatus.DRAFT)
        assert api.edit(article, opened_at=api.open(article), headline="Mine")
        article.refresh_from_db()
        assert api.last["ETag"] == f'"{article.version}"'

    @pytest.mark.parametrize("header", ['"abc"', "W/", '"99999999999999999"', "3", ""])
    def test_an_if_match_that_is_no_etag_of_ours_matches_nothing_412(self, api, header):
        article = ArticleFactory(status=PublicationStatus.DRAFT)
        response = api.client.patch(
            f"/api/v1/articles/{article.slug}/", {"headline": "x"}, HTTP_IF_MATCH=header
        )
        assert response.status_code == 412
        article.refresh_from_db()
        assert article.headline != "x"

    @pytest.mark.parametrize("header", ['"99"', 'W/"99"'])
    def test_a_well_formed_stale_if_match_is_412(self, api, header):
        article = ArticleFactory(status=PublicationStatus.DRAFT)
        response = api.client.patch(
            f"/api/v1/articles/{article.slug}/", {"headline": "x"}, HTTP_IF_MATCH=header
        )
        assert response.status_code == 412

    def test_if_match_star_writes_whatever_the_version(self, api):
        article = ArticleFactory(status=PublicationStatus.DRAFT)
        response = api.client.patch(
            f"/api/v1/articles/{article.slug}/", {"headline": "x"}, HTTP_IF_MATCH="*"
        )
        assert response.status_code == 200

    def test_a_withdrawal_without_reason_is_400_naming_the_field(self, api):
        article = ArticleFactory()
        assert not api.withdraw(article, "")
        assert api.last.status_code == 400
        assert "withdrawal_reason" in api.last.json()

    def test_a_reporter_publishing_a_transcript_is_403(self, reporter):
        transcript = TranscriptFactory(status=PublicationStatus.DRAFT)
        api = ApiFace(None, reporter)
        assert not api.publish(transcript)
        assert api.last.status_code == 403

    def test_a_post_without_slug_gets_one_from_the_headline(self, api):
        from tests.factories import SourceFactory

        source = SourceFactory()
        response = api.client.post(
            "/api/v1/articles/",
            {"headline": "Putin meets new governors", "body": "Text.", "source": source.slug},
            format="json",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["slug"] == "putin-meets-new-governors"

    def test_publishing_through_the_api_is_one_history_entry(self, api):
        article = ArticleFactory(status=PublicationStatus.DRAFT)
        assert api.publish(article)
        assert history(article) == ["Published"]


class TestCorrectionsEndpoint:
    @pytest.fixture
    def api(self, editor):
        return ApiFace(None, editor)

    @pytest.mark.parametrize("body", [[], ["x"], {"text": ""}, {"text": "a\x00b"}, {}])
    def test_bad_bodies_are_400(self, api, body):
        article = ArticleFactory()
        response = api.client.post(
            f"/api/v1/articles/{article.slug}/corrections/", body, format="json"
        )
        assert response.status_code == 400
        assert not Correction.objects.exists()

    def test_anonymous_clients_cannot_correct(self, client):
        article = ArticleFactory()
        response = client.post(f"/api/v1/articles/{article.slug}/corrections/", {"text": "x"})
        assert response.status_code in (401, 403)
        assert not Correction.objects.exists()
