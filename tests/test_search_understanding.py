"""Search reads readers' queries: names by any spelling, synonyms editors keep, numbers
however written, questions for what they are about. The same on both databases: both
suites run every test, and each asserts the paragraph found holds the words."""

import pytest

from newsroom.coverage.models import PersonName, PlaceName, Synonym
from newsroom.coverage.search import lexicon, search
from newsroom.coverage.search.lexicon import key
from tests.factories import PersonFactory, PlaceFactory, SegmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_lexicon():
    lexicon.forget()
    yield
    lexicon.forget()


def passages(query: str) -> list:
    """Return the texts of the passages found for `query`, best first."""
    from newsroom.coverage.models import Segment

    results = search(query, kind="passages")
    texts = dict(Segment.objects.filter(pk__in=[r.pk for r in results]).values_list("pk", "text"))
    return [texts[r.pk] for r in results]


@pytest.mark.parametrize(
    ("typed", "archive"),
    [
        ("Shoygu", "Shoigu"),
        ("Sergey", "Sergei"),
        ("Andrey", "Andrei"),
        ("Dmitriy", "Dmitry"),
        ("Dmitri", "Dmitry"),
        ("Tokaev", "Tokayev"),
        ("Erdoğan", "Erdogan"),
        ("Yuriy", "Yuri"),
    ],
)
def test_transliterations_have_one_key(typed, archive):
    assert key(typed) == key(archive)


def test_other_keys_stay_apart():
    assert len({key(w) for w in ("Shoigu", "Shogun", "Sergei", "Serge", "Kadyrov")}) == 5


def test_a_name_spelled_otherwise_finds_the_archive_spelling_and_says_so(client):
    PersonFactory(name="Sergei Shoigu")
    SegmentFactory(text="Minister Shoigu reported on the exercises in the Baltic.")
    SegmentFactory(text="The exercises went on without a report.")
    assert passages("Shoygu exercises") == [
        "Minister Shoigu reported on the exercises in the Baltic."
    ]
    page = client.get("/search/", {"q": "Shoygu exercises"}).content.decode()
    assert "“Shoygu” as <strong>Shoigu</strong>: a name of Sergei Shoigu in the archive" in page
    assert "<mark>Shoigu</mark>" in page


def test_a_place_by_its_other_name_and_the_reverse():
    place = PlaceFactory(name="Primorye Territory")
    PlaceName.objects.create(place=place, name="Primorsky Krai")
    SegmentFactory(text="Investment in Primorsky Krai doubled this year.")
    SegmentFactory(text="The Primorye Territory built new schools.")
    assert passages("Primorye Territory investment") == [
        "Investment in Primorsky Krai doubled this year."
    ]
    assert passages("Primorsky Krai schools") == ["The Primorye Territory built new schools."]


def test_a_new_other_name_is_used_by_the_next_search():
    person = PersonFactory(name="Kassym-Jomart Tokayev")
    SegmentFactory(text="President Tokayev spoke about the Caspian.")
    assert passages("Toqaev") == []  # the lexicon is read and kept
    PersonName.objects.create(person=person, name="Toqaev")
    assert passages("Toqaev") == ["President Tokayev spoke about the Caspian."]


def test_the_seeded_synonyms_find_each_other(seeded_synonyms):
    assert seeded_synonyms.filter(wordings__contains="cosmonaut").exists()
    SegmentFactory(text="The cosmonauts returned from the station.")
    SegmentFactory(text="The head of the region opened the new airport.")
    assert passages("astronaut station") == ["The cosmonauts returned from the station."]
    assert passages("governor airport") == ["The head of the region opened the new airport."]


def test_an_editor_adds_a_synonym_in_admin_and_search_uses_it(client, editor, reporter):
    SegmentFactory(text="Pancake Week begins with a family dinner.")
    assert passages("Maslenitsa") == []
    form = {"wordings": "Maslenitsa\nPancake Week\nButter Week", "note": ""}
    client.force_login(reporter)
    assert client.post("/admin/coverage/synonym/add/", form).status_code == 403
    client.force_login(editor)
    response = client.post("/admin/coverage/synonym/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert passages("Maslenitsa dinner") == ["Pancake Week begins with a family dinner."]
    page = client.get("/search/", {"q": "Maslenitsa dinner"}).content.decode()
    assert "the same in the newsroom’s synonyms" in page


def test_a_synonym_needs_two_wordings(client, editor):
    client.force_login(editor)
    response = client.post("/admin/coverage/synonym/add/", {"wordings": "alone\n", "note": ""})
    assert response.status_code == 200
    assert "Write at least two wordings" in response.content.decode()
    assert not Synonym.objects.filter(wordings="alone").exists()


@pytest.mark.parametrize("typed", ["18%", "18 percent", "18 per cent"])
def test_a_number_is_found_however_its_unit_is_written(typed):
    SegmentFactory(text="Exports grew by 18 percent last year.")
    SegmentFactory(text="Imports grew by 18% last year.")
    SegmentFactory(text="Exports grew by 81 percent once.")
    found = passages(f"grew {typed}")
    assert sorted(found) == [
        "Exports grew by 18 percent last year.",
        "Imports grew by 18% last year.",
    ]


def test_a_decimal_number_is_found_on_both_databases():
    SegmentFactory(text="The GRP reached 1.5 trillion rubles.")
    SegmentFactory(text="The GRP reached 5 trillion rubles, 1 more than planned.")
    assert passages("GRP 1.5 trillion") == ["The GRP reached 1.5 trillion rubles."]


def test_a_question_finds_the_passage_about_its_subject():
    answer = "In Idlib the ceasefire must hold, and the de-escalation zone with it."
    SegmentFactory(text=answer)
    SegmentFactory(text="What did we discuss? We said a great deal about many things.")
    assert passages("What did Putin say about the ceasefire in Idlib?") == [answer]


def test_what_a_reader_typed_is_escaped_in_the_readings(client):
    PersonFactory(name="Sergei Shoigu")
    SegmentFactory(text="Shoigu attended.")
    page = client.get("/search/", {"q": '<b>Shoygu</b> "<script>'}).content.decode()
    assert "<b>Shoygu" not in page and "<script>" not in page.split("<main")[1]
