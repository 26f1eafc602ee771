"""Autosave and who is editing a story: kept apart from its history, offered back, and
heard of before a save is refused as stale."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from newsroom.coverage.models import Article, EditSession, PublicationStatus
from newsroom.coverage.services import editing
from tests.admin_forms import change_form_data
from tests.factories import ArticleFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:coverage_article_change", args=[article.pk])


def editing_url(article):
    return reverse("admin:coverage_article_editing", args=[article.pk])


@pytest.fixture
def story():
    return ArticleFactory(
        status=PublicationStatus.DRAFT, headline="Governors meet", body="First.\n\nSecond."
    )


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def form_values(desk, article, typed=True, **changes) -> dict:
    """What story-editing.js sends: the open form's values, with `changes` typed in."""
    data = change_form_data(desk.get(change_url(article)), **changes)
    sent = {k: v for k, v in data.items() if k in editing.AUTOSAVED or k == "expected_version"}
    return {**sent, "typed": "1"} if typed else sent


def signed_in_as_ann(client):
    """Another editor's browser: Ann Lee's."""
    ann = UserFactory(
        username="ann", first_name="Ann", last_name="Lee", is_superuser=True, is_staff=True
    )
    other = client.__class__()
    other.force_login(ann)
    return other


def save(client, article, **changes):
    """Save `article`'s change form in `client`'s browser, with `changes` typed in."""
    page = client.get(change_url(article))
    assert client.post(change_url(article), change_form_data(page, **changes)).status_code == 302


def report(client, article, data):
    response = client.post(editing_url(article), data)
    assert response.status_code == 200, response.content
    return response.json()


class TestAutosave:
    def test_keeps_only_what_was_typed_and_leaves_the_story_and_its_history_alone(
        self, desk, story, editor
    ):
        versions, entries = Version.objects.count(), LogEntry.objects.count()
        answer = report(desk, story, form_values(desk, story, headline="Governors meet again"))
        session = EditSession.objects.get(article=story, user=editor)
        assert session.fields == {"headline": "Governors meet again"}
        assert answer["changed"] == ["Headline"] and answer["saved_at"]
        story.refresh_from_db()
        assert story.headline == "Governors meet" and story.version == 1
        assert (Version.objects.count(), LogEntry.objects.count()) == (versions, entries)

    def test_relations_and_ticks_are_kept_as_the_form_sends_them(self, desk, story, editor):
        person = PersonFactory()
        data = form_values(desk, story, people=[str(person.pk)], source_date_approximate="on")
        report(desk, story, data)
        fields = EditSession.objects.get(article=story, user=editor).fields
        assert fields == {"people": [str(person.pk)], "source_date_approximate": True}

    def test_a_form_back_as_saved_keeps_nothing(self, desk, story, editor):
        report(desk, story, form_values(desk, story, body="Changed."))
        answer = report(desk, story, form_values(desk, story))
        session = EditSession.objects.get(article=story, user=editor)
        assert (session.fields, session.saved_at, answer["saved_at"]) == ({}, None, None)
        assert session.seen_at is not None  # the form is still open

    def test_a_form_opened_again_and_not_typed_in_keeps_the_earlier_autosave(
        self, desk, story, editor
    ):
        report(desk, story, form_values(desk, story, body="Changed."))
        answer = report(desk, story, form_values(desk, story, typed=False))
        session = EditSession.objects.get(article=story, user=editor)
        assert session.fields == {"body": "Changed."} and answer["saved_at"] is None

    def test_saving_the_form_drops_the_autosave(self, desk, story, editor):
        report(desk, story, form_values(desk, story, body="Changed."))
        save(desk, story, body="Saved.")
        assert not EditSession.objects.filter(article=story, user=editor).exists()

    def test_a_save_refused_as_stale_keeps_the_autosave(self, desk, story, editor):
        page = desk.get(change_url(story))
        report(desk, story, form_values(desk, story, body="Mine."))
        Article.objects.get(pk=story.pk).save()  # someone else's save
        response = desk.post(change_url(story), change_form_data(page, body="Mine."))
        assert response.status_code == 200 and "Someone else saved this" in response.text
        assert EditSession.objects.get(article=story, user=editor).fields == {"body": "Mine."}


class TestRestore:
    def test_the_form_offers_the_autosave_and_restores_it(self, desk, story):
        report(desk, story, form_values(desk, story, headline="Typed, not saved"))
        page = desk.get(change_url(story)).text
        assert "Your changes to Headline were autosaved at" in page
        assert 'href="?restore=1"' in page
        restored = desk.get(change_url(story) + "?restore=1")
        assert restored.context["adminform"].form["headline"].value() == "Typed, not saved"
        assert restored.context["adminform"].form["body"].value() == "First.\n\nSecond."
        assert "are back in the form below" in restored.text
        assert "Restore them" not in restored.text

    def test_restoring_after_another_save_says_whose(self, desk, story, client):
        report(desk, story, form_values(desk, story, headline="Mine"))
        save(signed_in_as_ann(desk), story, body="Hers.")
        restored = desk.get(change_url(story) + "?restore=1").text
        assert "Ann Lee saved this story at" in restored and "after your autosave" in restored

    def test_a_posted_form_is_not_changed_by_the_restore_parameter(self, desk, story):
        report(desk, story, form_values(desk, story, headline="Autosaved"))
        page = desk.get(change_url(story) + "?restore=1")
        data = change_form_data(page, headline="Typed last")
        assert desk.post(change_url(story) + "?restore=1", data).status_code == 302
        story.refresh_from_db()
        assert story.headline == "Typed last"
        entry = LogEntry.objects.filter(object_id=str(story.pk)).latest("pk")
        assert "Headline" in entry.get_change_message()

    def test_discard_drops_it(self, desk, story, editor):
        report(desk, story, form_values(desk, story, headline="Not wanted"))
        response = desk.post(reverse("admin:coverage_article_discard", args=[story.pk]))
        assert response.status_code == 302
        assert not EditSession.objects.filter(user=editor).exists()
        assert "Restore them" not in desk.get(change_url(story)).text


class TestWhoIsEditing:
    def test_each_hears_of_the_other_by_name_until_they_leave(self, desk, story, client):
        other = signed_in_as_ann(client)
        assert report(other, story, form_values(other, story))["others"] == []
        assert report(desk, story, form_values(desk, story))["others"] == ["Ann Lee"]
        page = desk.get(change_url(story)).text
        assert "Ann Lee is also editing this story." in page
        assert report(other, story, form_values(other, story))["others"] == ["editor"]
        other.post(editing_url(story), {"leave": "1"})
        assert report(desk, story, form_values(desk, story))["others"] == []

    def test_a_form_that_stops_reporting_is_no_longer_open(self, story, editor):
        ann = UserFactory(username="ann")
        then = timezone.now()
        editing.report(article=story, user=ann, data={}, opened_version=None, now=then)
        assert editing.others_editing(article=story, user=editor, now=then) == ["ann"]
        later = then + editing.present_for() + dt.timedelta(seconds=1)
        assert editing.others_editing(article=story, user=editor, now=later) == []

    def test_a_save_since_the_form_opened_is_told_with_the_name(self, desk, story, client):
        opened = form_values(desk, story)
        assert report(desk, story, opened)["saved_by"] == ""
        save(signed_in_as_ann(client), story, body="Hers.")
        answer = report(desk, story, opened)
        assert answer["saved_by"] == "Ann Lee" and answer["saved_since"]

    def test_a_save_from_another_window_of_the_same_editor_says_so(self, desk, story):
        opened = form_values(desk, story)
        save(desk, story, body="Saved in another window.")
        assert report(desk, story, opened)["saved_by"] == "You (in another window)"

    def test_a_reporter_cannot_report_on_a_story_they_may_not_change(self, client, reporter):
        published = ArticleFactory(status=PublicationStatus.PUBLISHED)
        client.force_login(reporter)
        assert client.post(editing_url(published), {}).status_code == 403
        assert "editing-notice" not in client.get(change_url(published)).text
        assert not EditSession.objects.exists()

    def test_refuses_get_strangers_and_missing_stories(self, desk, story):
        assert desk.get(editing_url(story)).status_code == 405
        missing = reverse("admin:coverage_article_editing", args=[story.pk + 1000])
        assert desk.post(missing, {}).status_code == 404
        bad = {"expected_version": "not a number", "headline": "x"}
        assert report(desk, story, bad)["saved_by"] == ""
        desk.logout()
        assert desk.post(editing_url(story), {}).status_code == 302  # to the sign-in page

    def test_a_report_asks_the_same_queries_however_many_are_editing(self, desk, story):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        data = form_values(desk, story, headline="Typed")

        def count():
            with CaptureQueriesContext(connection) as queries:
                report(desk, story, data)
            return len(queries)

        count()  # the first report makes the row the later ones update
        alone = count()
        for n in range(5):
            editing.report(
                article=story, user=UserFactory(username=f"u{n}"), data={}, opened_version=None
            )
        assert count() == alone


def test_the_sweep_forgets_month_old_autosaves_and_closed_forms(story, editor):
    from newsroom.coverage.background.sweeping import sweep

    now = timezone.now()
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    kept = {"headline": "Kept"}
    EditSession.objects.create(article=story, user=editor, fields=kept, saved_at=now, seen_at=None)
    EditSession.objects.create(
        article=story, user=ann, fields=kept, saved_at=now - dt.timedelta(days=31)
    )
    EditSession.objects.create(article=story, user=bob, seen_at=now - dt.timedelta(hours=1))
    assert sweep(now)["autosaves_forgotten"] == 2
    assert list(EditSession.objects.values_list("user__username", flat=True)) == ["editor"]
