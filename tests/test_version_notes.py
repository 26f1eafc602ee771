"""A version's note says what changed without the editor typing it; comparisons include
the people, events and places a story is about."""

import pytest

from newsroom.coverage.services import revisions
from newsroom.coverage.services.publishing import set_citation_status
from newsroom.coverage.services.revisions import keep_version, versions_of
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(superuser):
    article = factories.ArticleFactory(headline="Old headline", status="draft")
    with keep_version(superuser):
        article.save()
    return article


def test_the_first_version_says_so(story):
    assert versions_of(story)[0].revision.comment == "First version"


def test_a_save_notes_the_fields_and_the_people_it_changed(story, superuser):
    person = factories.PersonFactory(name="Sergei Shoigu")
    with keep_version(superuser):
        story.headline = "New headline"
        story.body = "Other words."
        story.save()
        story.people.add(person)
    note = versions_of(story)[0].revision.comment
    assert note == "changed headline, body; added people: Sergei Shoigu"


def test_a_citation_decided_in_the_save_is_noted(story, superuser):
    citation = factories.CitationFactory(article=story, status="suggested", quote="Old words")
    with keep_version(superuser):
        story.save()
        set_citation_status(citation=citation, user=superuser, status="confirmed")
    assert versions_of(story)[0].revision.comment == "citation confirmed: “Old words”"


def test_a_note_the_editor_wrote_is_kept_as_written(story, superuser):
    with keep_version(superuser, "Checked the names"):
        story.headline = "Checked"
        story.save()
    assert versions_of(story)[0].revision.comment == "Checked the names"


def test_comparing_two_versions_shows_the_people_and_places_changed(story, superuser):
    kept, gone = (
        factories.PersonFactory(name="Anna Popova"),
        factories.PersonFactory(name="Ivan Ivanov"),
    )
    story.people.add(kept, gone)
    with keep_version(superuser):
        story.save()
    place = factories.PlaceFactory(name="Khabarovsk")
    with keep_version(superuser):
        story.people.remove(gone)
        story.places.add(place)
        story.save()
    newer, older = versions_of(story)[:2]
    changes = {str(label): (old, new) for label, old, new in revisions.compare(story, older, newer)}
    assert changes["people"] == ("Anna Popova\n\nIvan Ivanov", "Anna Popova")
    assert changes["places"] == ("", "Khabarovsk")
    assert newer.revision.comment == "removed people: Ivan Ivanov; added places: Khabarovsk"


def test_a_save_that_changes_nothing_keeps_no_version(story, superuser):
    with keep_version(superuser):
        story.save()
    assert [v.revision.comment for v in versions_of(story)] == ["First version"]


def test_a_new_publication_time_is_noted(story, superuser):
    import datetime as dt

    with keep_version(superuser):
        story.publish_at = dt.datetime(2030, 1, 1, 7, tzinfo=dt.UTC)
        story.save()
    assert versions_of(story)[0].revision.comment == "changed publish at"


def test_citations_decided_on_the_review_screen_are_one_noted_version(story, superuser, client):
    first, second = (
        factories.CitationFactory(article=story, status="suggested", quote=words, score=score)
        for words, score in (("First words", 2.0), ("Second words", 1.0))
    )
    client.force_login(superuser)
    url = f"/admin/coverage/article/{story.pk}/review/"
    shown = [str(first.pk), str(second.pk)]
    response = client.post(url, {"decision": "confirm-all", "shown": shown})
    assert response.status_code == 302
    notes = [v.revision.comment for v in versions_of(story)]
    # In the order the screen shows them: the higher score first.
    assert notes == [
        "citation confirmed: “First words”; citation confirmed: “Second words”",
        "First version",
    ]
    assert versions_of(story)[0].revision.user == superuser


def test_a_citation_decided_through_the_api_is_a_noted_version(story, superuser):
    from rest_framework.test import APIClient

    with keep_version(superuser):
        story.body = "He said words of note. Said words matter."
        story.save()
    citation = factories.CitationFactory(article=story, status="suggested", quote="Said words")
    api = APIClient()
    api.force_authenticate(superuser)
    response = api.patch(
        f"/api/v1/citations/{citation.pk}/", {"status": "confirmed"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert versions_of(story)[0].revision.comment == "citation confirmed: “Said words”"


def test_a_correction_is_noted_in_the_story_history(story, superuser):
    from newsroom.coverage.services.publishing import add_correction

    add_correction(article=story, user=superuser, text="The date was wrong.")
    assert versions_of(story)[0].revision.comment == "correction: “The date was wrong.”"
