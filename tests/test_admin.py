"""Every model can be browsed in admin, with changelist query counts that do not grow."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage import models
from tests import factories

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
}


def test_every_domain_model_is_registered():
    registered = {m for m in admin.site._registry if m._meta.app_label == "coverage"}
    assert registered == set(FACTORIES)


def admin_url(model, view, *args):
    return reverse(f"admin:coverage_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_open(admin_client, model):
    obj = FACTORIES[model]()
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ]:
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_changelist_query_count_does_not_grow(admin_client, model):
    factory = FACTORIES[model]
    url = admin_url(model, "changelist")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    factory.create_batch(2)
    few = count_queries()
    factory.create_batch(18)
    assert count_queries() == few
    assert few <= 8


def test_changelist_search_and_filters_work(admin_client):
    factories.PersonFactory(name="Leonid Pasechnik")
    person = factories.PersonFactory(name="Someone Else")
    models.PersonName.objects.create(person=person, name="Lugansk spelling")
    response = admin_client.get(admin_url(models.Person, "changelist"), {"q": "Lugansk"})
    assert [p.name for p in response.context["cl"].result_list] == ["Someone Else"]
    factories.ArticleFactory(headline="A draft", status="draft")
    response = admin_client.get(admin_url(models.Article, "changelist"), {"status": "draft"})
    assert [a.headline for a in response.context["cl"].result_list] == ["A draft"]


def test_transcript_change_page_shows_segments_inline_in_order(admin_client):
    transcript = factories.TranscriptFactory()
    for position in (2, 1, 3):
        factories.SegmentFactory(transcript=transcript, position=position, text=f"Para {position}")
    page = admin_client.get(admin_url(models.Transcript, "change", transcript.pk)).content.decode()
    assert page.index("Para 1") < page.index("Para 2") < page.index("Para 3")


def test_admin_requires_staff(client):
    response = client.get(admin_url(models.Article, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
