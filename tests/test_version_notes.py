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
