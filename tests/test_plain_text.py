"""Text with control characters in it, from any face, never breaks a page or a feed.

Word processors put U+000B (a line break inside a paragraph) in pasted text; a headline
holding one made the story feeds answer 500, and a name holding U+0007 made the people
and events pages invalid HTML. The text fields store plain text (models/fields.py):
pasted breaks become line breaks, characters no page or feed may carry are removed.
"""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import models as django_models
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.coverage import models
from newsroom.coverage.models.fields import plain_text
from tests import factories
from tests.admin_forms import change_form_data
from tests.test_fuzz_site import routes, world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

# What XML 1.0 refuses and HTML calls a parse error, plus what word processors paste.
ODD = "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x80\x85\x9f\u2028\u2029\ufffe\uffff\ud800\udfff"
NOT_ALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
TEXTS = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from(ODD), st.sampled_from("<&>\"' \n\t")),
    min_size=1,
    max_size=30,
)
# A browser sends what it cannot encode as U+FFFD, never a lone surrogate.
FORM_TEXTS = TEXTS.map(lambda text: re.sub("[\ud800-\udfff]", "\ufffd", text))
HYPOTHESIS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class TestPlainText:
    def test_a_pasted_line_break_is_a_line_break_in_text_and_a_space_in_a_line(self):
        assert plain_text("First line\x0bsecond line") == "First line\nsecond line"
        assert plain_text("Putin\x0bmeets governors", one_line=True) == "Putin meets governors"
        assert plain_text("a\u2028b\u2029c\x0cd\x85e") == "a\nb\nc\nd\ne"

    def test_characters_no_page_or_feed_may_carry_are_removed(self):
        assert plain_text("Bell\x07 and\x00 escape\x1b[0m") == "Bell and escape[0m"
        assert plain_text("lone \ud800 surrogate \ufffe") == "lone  surrogate "

    def test_tabs_line_ends_and_the_rest_of_unicode_are_kept(self):
        text = "Tab\there\r\nline — «Шойгу» 🙂 \u00a0 é"
        assert plain_text(text) == text

    def test_a_save_stores_and_keeps_the_plain_text(self):
        person = models.Person.objects.create(slug="p", name="Ivan\x07 Petrov", sort_name="P")
        assert person.name == "Ivan Petrov"
        person.refresh_from_db()
        assert person.name == "Ivan Petrov"

    def test_an_update_that_bypasses_save_stores_plain_text_too(self):
        person = models.Person.objects.create(slug="p", name="Ivan Petrov", sort_name="P")
        models.Person.objects.filter(pk=person.pk).update(summary="One\x0btwo\x07")
        person.refresh_from_db()
        assert person.summary == "One\ntwo"


def text_fields(obj) -> list[str]:
    """Return the names of the free-text fields an editor can write on `obj`."""
    return [
        field.attname
        for field in obj._meta.concrete_fields
        if isinstance(field, django_models.CharField | django_models.TextField)
        and field.editable
        and not field.choices
        and not isinstance(field, django_models.SlugField | django_models.URLField)
    ]


def assert_the_site_holds(client, world):  # noqa: F811 (the fixture's value)
    for route in routes(world):
        response = client.get(route)
        assert response.status_code < 500, route
        body = response.content.decode()
        assert not NOT_ALLOWED.search(body), route
        if "/feeds/" in route:
            ET.fromstring(response.content)  # well-formed XML, or it raises


@HYPOTHESIS
@given(text=TEXTS)
def test_any_text_in_any_field_leaves_every_page_and_feed_whole(client, world, text):  # noqa: F811
    """Every free-text field of what the site shows, set to the text, through save()."""
    segment = world["transcript"].segments.first()
    citation = world["story"].citations.first()
    objects = [world["story"], world["transcript"], segment, citation, world["speaker"]]
    objects += [world["event"], world["place"], world["source"]]
    for obj in objects:
        names = text_fields(obj)
        for name in names:
            # A field that may not be empty gets something besides (forms refuse empty).
            blank = obj._meta.get_field(name).blank or plain_text(text).strip()
            setattr(obj, name, text if blank else f"x{text}")
        obj.save(update_fields=names)
    for obj in objects:
        obj.refresh_from_db()
        for name in text_fields(obj):
            assert not NOT_ALLOWED.search(getattr(obj, name)), (obj, name)
    assert_the_site_holds(client, world)


@HYPOTHESIS
@given(text=TEXTS)
def test_any_text_through_the_api_is_stored_plain_or_refused(
    client,
    world,  # noqa: F811
    superuser,
    text,
):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(superuser)
    story = world["story"]
    address = f"/api/v1/articles/{story.slug}/"
    fields = {"headline": text, "standfirst": text, "byline": text, "dateline": text}
    # As a client's JSON library writes it: a lone surrogate escaped (UTF-8 cannot hold it).
    body = json.dumps(fields, ensure_ascii=True)
    response = api.patch(
        address, body, content_type="application/json", HTTP_IF_MATCH=api.get(address)["ETag"]
    )
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response.json(), "a refusal says why"
    story.refresh_from_db()
    for name in fields:
        assert not NOT_ALLOWED.search(getattr(story, name)), name
    assert_the_site_holds(client, world)


@HYPOTHESIS
@given(text=FORM_TEXTS)
def test_any_text_through_the_admin_is_stored_plain_or_refused(
    client,
    world,  # noqa: F811
    superuser,
    text,
):
    client.force_login(superuser)
    story = world["story"]
    url = reverse("admin:coverage_article_change", args=[story.pk])
    data = change_form_data(client.get(url), headline=text, byline=text, standfirst=text)
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    story.refresh_from_db()
    for name in ("headline", "byline", "standfirst"):
        assert not NOT_ALLOWED.search(getattr(story, name)), name
    client.logout()
    assert_the_site_holds(client, world)


def test_the_migration_cleans_what_was_stored_before():
    """Migration 0018 rewrites the rows holding what `plain_text` changes, and only those."""
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("newsroom.coverage.migrations.0018_plain_text")
    person = models.Person.objects.create(slug="p", name="Ivan Petrov", sort_name="Petrov")
    quiet = models.Person.objects.create(slug="q", name="Anna Popova", sort_name="Popova")
    story = factories.ArticleFactory(body="First line.")
    with connection.cursor() as cursor:  # as rows were written before the fields cleaned
        cursor.execute(
            "UPDATE coverage_person SET name = %s WHERE id = %s", ["Ivan\x07 Petrov", person.pk]
        )
        cursor.execute(
            "UPDATE coverage_article SET body = %s WHERE id = %s",
            ["One\x0btwo\u2028three", story.pk],
        )
    state = MigrationLoader(connection).project_state(("coverage", "0018_plain_text"))
    migration.clean_stored_text(state.apps, None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM coverage_person WHERE id = %s", [person.pk])
        assert cursor.fetchone()[0] == "Ivan Petrov"
        cursor.execute("SELECT body FROM coverage_article WHERE id = %s", [story.pk])
        assert cursor.fetchone()[0] == "One\ntwo\nthree"
    quiet.refresh_from_db()
    assert quiet.name == "Anna Popova"
