"""Each role sees on its forms only what it may do."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom.coverage import models
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHING = ('name="publish_at_0"', 'name="withdrawal_reason"', "To schedule, choose")


def forms(client, model, obj):
    """Return the add form and `obj`'s change form, as pages."""
    opts = model._meta
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return [client.get(add).content.decode(), client.get(change).content.decode()]


def test_a_reporter_is_not_offered_scheduling_or_withdrawal(client, reporter):
    client.force_login(reporter)
    add, change = forms(client, models.Article, factories.ArticleFactory(status="draft"))
    for page in (add, change):
        assert 'name="status"' in page
        for text in PUBLISHING:
            assert text not in page
    assert "put it in review when an editor may publish it" in change
    assert "An editor publishes what is in review." in change


@pytest.mark.parametrize(
    ("model", "factory"),
    [(models.Article, factories.ArticleFactory), (models.Transcript, factories.TranscriptFactory)],
)
def test_an_editor_is_offered_them(client, editor, model, factory):
    client.force_login(editor)
    add, change = forms(client, model, factory(status="draft"))
    for text in PUBLISHING[:2]:
        assert text in add and text in change
    assert PUBLISHING[2] in change


def test_a_reporter_saving_a_scheduled_storys_draft_keeps_its_time(client, reporter):
    """A field left off the form is left as it was, not emptied."""
    from tests.admin_forms import change_form_data

    client.force_login(reporter)
    story = factories.ArticleFactory(status="draft")
    when = timezone.now() + dt.timedelta(days=1)
    models.Article.objects.filter(pk=story.pk).update(publish_at=when)
    url = reverse("admin:coverage_article_change", args=[story.pk])
    response = client.post(url, change_form_data(client.get(url), standfirst="Reworded."))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.publish_at == when and story.standfirst == "Reworded."


class TestAdminHome:
    MACHINERY = ("auth", "authtoken", "axes")  # apps, as the app list's classes name them

    def test_an_administrator_sees_the_newsroom_first_and_the_machinery_after(
        self, client, superuser
    ):
        client.force_login(superuser)
        page = client.get(reverse("admin:index")).content.decode()
        newsroom = page.index('class="app-coverage ')
        for app in self.MACHINERY:
            assert page.index(f'class="app-{app} ') > newsroom, app

    def test_an_editor_sees_only_the_desk_and_the_newsroom(self, client, editor):
        client.force_login(editor)
        page = client.get(reverse("admin:index")).content.decode()
        assert 'class="app-coverage ' in page
        for app in self.MACHINERY:
            assert f'class="app-{app} ' not in page, app

    def test_adding_a_story_from_the_admin_home_starts_from_its_text(self, client, editor):
        client.force_login(editor)
        page = client.get(reverse("admin:index")).content.decode()
        imports = reverse("admin:coverage_article_import")
        assert f'href="{imports}"' in page
        assert f'href="{reverse("admin:coverage_article_add")}"' not in page
        form = client.get(imports).content.decode()
        assert "fill in the form field by field" in form
        assert f'href="{reverse("admin:coverage_article_add")}"' in form
