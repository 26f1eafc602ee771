"""Checks before publishing: every face refuses a story that fails them, an editor may
publish over them with a written reason, and that reason is kept and shown."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from newsroom.coverage.models import Article, CitationStatus, PublicationStatus
from newsroom.coverage.services import change_status, publish, publish_scheduled, schedule
from newsroom.coverage.services.checks import PublicationRefused, publication_obstacles
from tests.admin_forms import change_form_data
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    EventFactory,
    PersonFactory,
    transcript_with,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"
PUTIN_SAID = "“The elections were open, fair and competitive,” Vladimir Putin said."
MISQUOTED = "“The elections were open, honest and competitive,” Vladimir Putin said."


@pytest.fixture
def meeting():
    putin = PersonFactory(name="Vladimir Putin")
    event = EventFactory(title="Meeting with newly elected heads")
    transcript = transcript_with(
        [
            (None, "The President had a videoconference with newly elected heads."),
            (putin, "I would like to begin by congratulating you on winning the elections."),
            (putin, "The elections were open, fair and competitive."),
        ],
        event=event,
    )
    return event, transcript


def draft(meeting, body=PUTIN_SAID, **fields):
    event, _ = meeting
    return ArticleFactory(status=PublicationStatus.DRAFT, body=body, events=[event], **fields)


def change_url(article):
    return reverse("admin:coverage_article_change", args=[article.pk])


def history(article):
    return list(
        LogEntry.objects.filter(object_id=str(article.pk)).values_list("change_message", flat=True)
    )


class TestObstacles:
    def test_a_sourced_story_quoting_the_record_as_it_stands_passes(self, meeting):
        assert publication_obstacles(draft(meeting)) == []

    def test_each_obstacle_says_what_to_mend(self, meeting):
        article = draft(meeting, body=MISQUOTED, source=None)
        CitationFactory.create_batch(2, article=article, status=CitationStatus.SUGGESTED)
        messages = [o.message for o in publication_obstacles(article)]
        assert messages[0].startswith("The story has no source")
        assert messages[1] == (
            "2 suggested citations wait for a decision: confirm or reject on the review screen."
        )
        # The quotation differs, and the check names the paragraph that holds its words.
        assert "differs from the record" in messages[2] and "¶3" in messages[2]

    def test_a_quotation_the_record_lacks_is_an_obstacle(self, meeting):
        article = draft(meeting, body="“We will build a bridge to the moon,” Vladimir Putin said.")
        (obstacle,) = publication_obstacles(article)
        assert "is not found in the record" in obstacle.message

    def test_a_number_changed_in_a_quotation_is_an_obstacle(self, meeting):
        event, _ = meeting
        putin = PersonFactory(name="Sergei Sobyanin")
        transcript_with([(putin, "Trade declined by 34 percent last year.")], event=event)
        article = draft(meeting, body="“Trade declined by 43 percent last year,” Sobyanin said.")
        (obstacle,) = publication_obstacles(article)
        assert "has a number the record does not" in obstacle.message

    def test_decided_suggestions_stand_in_no_one_s_way(self, meeting):
        article = draft(meeting)
        CitationFactory(article=article, status=CitationStatus.CONFIRMED)
        CitationFactory(article=article, status=CitationStatus.REJECTED, quote="Vladimir Putin")
        assert publication_obstacles(article) == []


class TestEveryFaceIsRefused:
    def test_the_status_field(self, client, editor, meeting):
        article = draft(meeting, body=MISQUOTED)
        client.force_login(editor)
        page = client.get(change_url(article))
        data = change_form_data(page, status="published", headline="Edited headline")
        response = client.post(change_url(article), data)
        assert response.status_code == 200  # the form again, with what stands in the way
        html = response.content.decode()
        assert "Not published:" in html and "differs from the record" in html
        assert 'value="Edited headline"' in html  # the editor's input is kept on the form
        article.refresh_from_db()  # nothing was saved
        assert article.status == PublicationStatus.DRAFT
        assert article.headline != "Edited headline"

    def test_the_status_field_sees_suggestions_decided_in_the_same_save(
        self, client, editor, meeting
    ):
        article = draft(meeting)
        CitationFactory(article=article, status=CitationStatus.SUGGESTED, quote=PUTIN_SAID)
        client.force_login(editor)
        page = client.get(change_url(article))
        data = change_form_data(page, status="published", **{"citations-0-status": "rejected"})
        assert client.post(change_url(article), data).status_code == 302
        article.refresh_from_db()
        assert article.status == PublicationStatus.PUBLISHED

    def test_the_publish_button(self, client, editor, meeting):
        article = draft(meeting, source=None)
        client.force_login(editor)
        page = client.get(change_url(article))
        response = client.post(
            change_url(article), change_form_data(page, _workflow="publish"), follow=True
        )
        assert "The story has no source" in response.content.decode()
        article.refresh_from_db()
        assert article.status == PublicationStatus.DRAFT

    def test_the_bulk_action_publishes_those_that_pass_and_lists_the_others(
        self, client, editor, meeting
    ):
        ready = draft(meeting)
        blocked = draft(meeting, source=None)
        client.force_login(editor)
        response = client.post(
            reverse("admin:coverage_article_changelist"),
            {"action": "publish_selected", "_selected_action": [ready.pk, blocked.pk]},
        )
        html = response.content.decode()
        assert "not published: the checks before publishing stand in the way" in html
        assert "The story has no source" in html
        statuses = dict(Article.objects.values_list("pk", "status"))
        assert statuses == {ready.pk: "published", blocked.pk: "draft"}

    def test_the_api(self, client, editor, meeting):
        article = draft(meeting, body=MISQUOTED)
        client.force_login(editor)
        response = client.patch(
            f"{API}/articles/{article.slug}/",
            {"status": "published"},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "differs from the record" in response.json()["checks"][0]
        article.refresh_from_db()
        assert article.status == PublicationStatus.DRAFT

    def test_the_api_checks_the_story_as_the_request_leaves_it(self, client, editor, meeting):
        article = draft(meeting, body=MISQUOTED)
        client.force_login(editor)
        response = client.patch(
            f"{API}/articles/{article.slug}/",
            {"status": "published", "body": PUTIN_SAID},
            content_type="application/json",
        )
        assert response.status_code == 200

    def test_the_service_the_commands_call(self, editor, meeting):
        article = draft(meeting, source=None)
        with pytest.raises(PublicationRefused) as refused:
            publish(article=article, user=editor)
        assert [o.keys for o in refused.value.obstacles] == [("no-source",)]
        assert Article.objects.get(pk=article.pk).status == PublicationStatus.DRAFT

    def test_the_scheduler_holds_the_story_and_the_desk_says_so(self, client, editor, meeting):
        article = draft(meeting, body=MISQUOTED)
        article.status = PublicationStatus.SCHEDULED
        article.publish_at = timezone.now() - dt.timedelta(minutes=5)
        article.scheduled_by = editor
        article.save()
        assert publish_scheduled() == []
        article.refresh_from_db()
        assert article.status == PublicationStatus.SCHEDULED and article.held_at is not None
        assert "differs from the record" in article.held_reason
        client.force_login(editor)
        desk = client.get(reverse("admin:index")).content.decode()
        assert "Held at their time" in desk and "differs from the record" in desk
        # Held once, logged once: a second run changes nothing.
        assert publish_scheduled() == []
        assert sum("Held at its publication time" in m for m in history(article)) == 1
        # Once the quotation is mended, the next run publishes it.
        Article.objects.filter(pk=article.pk).update(body=PUTIN_SAID)
        assert [a.pk for a in publish_scheduled()] == [article.pk]
        article.refresh_from_db()
        assert article.status == PublicationStatus.PUBLISHED and article.held_at is None


class TestOverride:
    def test_an_editor_publishes_over_the_checks_with_a_reason_kept_and_shown(
        self, client, editor, meeting
    ):
        article = draft(meeting, body=MISQUOTED)
        client.force_login(editor)
        page = client.get(change_url(article))
        reason = "The Kremlin's own English is a retranslation; our translator checked it."
        data = change_form_data(page, status="published", checks_override=reason)
        assert client.post(change_url(article), data).status_code == 302
        article.refresh_from_db()
        assert article.status == PublicationStatus.PUBLISHED
        assert (article.checks_override_reason, article.checks_overridden_by) == (reason, editor)
        assert any(k.startswith("quote:close:") for k in article.checks_override_keys)
        # Kept in the story's history: its log and its saved versions.
        assert any("over the checks" in m and reason in m for m in history(article))
        assert Version.objects.get_for_object(article).first().field_dict[
            "checks_override_reason"
        ] == (reason)
        review = client.get(reverse("admin:coverage_article_review", args=[article.pk]))
        assert f"Published over the checks by {editor.username}" in review.content.decode()

    def test_a_reporter_cannot_override(self, client, reporter, meeting):
        article = draft(meeting, source=None)
        client.force_login(reporter)
        page = client.get(change_url(article))
        assert "checks_override" not in page.content.decode()

    def test_the_service_refuses_an_override_from_someone_who_may_not_publish(
        self, reporter, meeting
    ):
        from django.core.exceptions import PermissionDenied

        article = draft(meeting, source=None)
        with pytest.raises(PermissionDenied):
            publish(article=article, user=reporter, override="I say so")

    def test_an_override_covers_only_the_obstacles_it_was_written_for(self, editor, meeting):
        article = draft(meeting, source=None)
        publish(article=article, user=editor, override="Agency copy, source to follow.")
        article.status = PublicationStatus.DRAFT
        article.save()
        publish(article=article, user=editor)  # the same obstacle: covered
        article.status = PublicationStatus.DRAFT
        article.save()
        CitationFactory(article=article, status=CitationStatus.SUGGESTED)
        with pytest.raises(PublicationRefused):
            publish(article=article, user=editor)  # a new one needs a new decision

    def test_the_api_override(self, client, editor, meeting):
        article = draft(meeting, source=None)
        client.force_login(editor)
        response = client.patch(
            f"{API}/articles/{article.slug}/",
            {"status": "published", "checks_override": "Source named in the standfirst."},
            content_type="application/json",
        )
        assert response.status_code == 200
        article.refresh_from_db()
        assert article.checks_override_reason == "Source named in the standfirst."
        assert article.checks_override_keys == ["no-source"]

    def test_scheduling_over_the_checks_lets_the_scheduler_publish(self, editor, meeting):
        article = draft(meeting, source=None)
        when = timezone.now() + dt.timedelta(minutes=1)
        schedule(article=article, user=editor, when=when)
        assert publish_scheduled(now=when) == []  # held: no one overrode
        article.refresh_from_db()
        change_status(
            obj=article,
            user=editor,
            status=PublicationStatus.SCHEDULED,
            publish_at=when + dt.timedelta(minutes=1),
            override="Wire copy; source to follow.",
        )
        assert [a.pk for a in publish_scheduled(now=when + dt.timedelta(minutes=2))] == [article.pk]
