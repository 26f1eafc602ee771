"""The contradiction guard, speech before narration, honest relations: each rule on its own.

The stories and records are small and made up to isolate one rule each; the real gold
set (test_linking_gold.py) measures them together.
"""

import datetime as dt

import pytest

from newsroom.coverage.linking import conflicts
from newsroom.coverage.linking.attribution import speakers
from newsroom.coverage.linking.dates import month_days, undated, years
from newsroom.coverage.linking.engine import propose
from newsroom.coverage.linking.mentions import PLACE, Gazetteer, Mention
from newsroom.coverage.linking.sentences import split_sentences
from newsroom.coverage.linking.speech import announces, reports_speech
from newsroom.coverage.models import PlaceKind
from tests.factories import ArticleFactory, PersonFactory, PlaceFactory, transcript_with

pytestmark = pytest.mark.django_db


def test_dates_a_sentence_names():
    assert years("In 2019, and again in 2023, but not 1,2019 or 20230") == {2019, 2023}
    assert month_days("On March 5 and 9 May; Sept. 9; September 20-21") == {
        (3, 5),
        (5, 9),
        (9, 9),
        (9, 20),
        (9, 21),
    }
    assert month_days("Mayor of the city said so") == set()


def test_reported_speech_and_announcements():
    assert reports_speech("Putin said the elections were fair.")
    assert reports_speech("“We will discuss all issues,” the president noted.")
    assert not reports_speech("The President had a videoconference with 26 heads.")
    assert announces("Putin will meet the governors on Thursday.")
    assert announces("The meeting is scheduled for September 20-21.")
    assert not announces("Putin met the governors on Thursday.")


def test_a_sentence_without_a_name_reports_the_speaker_before_it():
    putin = PersonFactory(name="Vladimir Putin")
    erdogan = PersonFactory(name="Recep Tayyip Erdogan")
    body = (
        "Vladimir Putin said at a meeting with Recep Tayyip Erdogan that talks were needed. "
        "“We always have something to talk about,” the Russian leader said. "
        "Erdogan said that he agreed. He added that more was to come."
    )
    sentences = split_sentences(body)
    found = speakers(sentences, Gazetteer.from_database().find(body))
    assert [found.get(s.start) for s in sentences] == [putin.pk, putin.pk, erdogan.pk, erdogan.pk]


def test_a_record_too_old_or_after_the_story_backs_only_what_the_sentence_dates():
    window = conflicts.Window(days_before=10, days_after=60)
    story = dt.date(2019, 9, 18)
    assert conflicts.date_conflict("Putin met the governors.", dt.date(2018, 9, 18), story, window)
    assert not conflicts.date_conflict(
        "In 2018 Putin met the governors.", dt.date(2018, 9, 18), story, window
    )
    assert conflicts.date_conflict(
        "Putin met 19 governors in 2019.", dt.date(2018, 9, 18), None, window
    )
    later = dt.date(2019, 9, 25)
    assert conflicts.date_conflict("Putin met the governors.", later, story, window)
    assert not conflicts.date_conflict(
        "Putin will meet the governors.", later, story, window, announcing=True
    )


def test_a_year_the_passage_speaks_of_is_no_conflict():
    """Said in 2019: "trade over ten months of 2018 grew more than in all of 2017"."""
    window = conflicts.Window(days_before=10, days_after=60)
    story, record = dt.date(2019, 1, 23), dt.date(2019, 1, 23)
    sentence = "Bilateral trade over ten months of 2018 grew more than in the whole of 2017."
    passage = "In the first 10 months of 2018, bilateral trade grew more than in 2017."
    assert not conflicts.date_conflict(sentence, record, story, window, passage=passage)
    # Without the passage naming the year, the sentence is about another year's meeting.
    assert conflicts.date_conflict(sentence, record, story, window, passage="Trade grew.")


def test_a_dateline_s_day_is_when_the_story_was_filed():
    assert undated("Samarkand, Sep 16 (UNI) Putin and Xi met.") == " (UNI) Putin and Xi met."
    assert undated("MOSCOW, March 5. /TASS/. Putin said") == ". /TASS/. Putin said"
    assert undated("BEIJING, Feb. 4 (Xinhua) -- Xi said") == " (Xinhua) -- Xi said"
    # A sentence's own day is not a dateline.
    assert undated("On Tuesday, September 20, Putin met") == "On Tuesday, September 20, Putin met"
    record = conflicts.Record(dt.date(2022, 9, 15), None, frozenset(), frozenset())
    opening = "Samarkand, Sep 16 (UNI) Putin and Xi met on the sidelines of the summit."
    assert conflicts.day_conflict(opening, "Putin met Xi.", record) is None
    assert conflicts.day_conflict("Putin and Xi met on Sep 16.", "Putin met Xi.", record)


def test_a_place_named_as_a_party_says_nothing_of_where_the_meeting_was():
    def places(text, *names):
        return [
            Mention(PLACE, i, text.index(n), text.index(n) + len(n), n, "name")
            for i, n in enumerate(names, start=1)
        ]

    text = "Putin thanked Erdogan for Ankara's mediation."
    assert conflicts.governments(text, places(text, "Ankara")) == {1}
    text = "Relations between Ankara and Moscow grew."
    assert conflicts.governments(text, places(text, "Ankara", "Moscow")) == {1, 2}
    text = "They met in Ankara and Moscow."
    assert conflicts.governments(text, places(text, "Ankara", "Moscow")) == set()
    text = "They met in Ankara."
    assert conflicts.governments(text, places(text, "Ankara")) == set()


def test_a_capital_named_for_its_government_does_not_contradict_the_record(regions):
    """The real report's case: "Ankara's mediation", said at talks held in Tehran."""
    turkey = PlaceFactory(name="Turkey", kind=PlaceKind.COUNTRY, parent=None)
    PlaceFactory(name="Ankara", kind=PlaceKind.CITY, parent=turkey)
    iran = PlaceFactory(name="Iran", kind=PlaceKind.COUNTRY, parent=None)
    tehran = PlaceFactory(name="Tehran", kind=PlaceKind.CITY, parent=iran)
    _record(
        "Meeting with President of Turkiye",
        [
            (
                None,
                "I would like to thank you for your mediation efforts on food problems and on "
                "the export of grain via the Black Sea.",
            ),
        ],
        place=tehran,
    )
    body = "Putin thanked him for {} mediation efforts on food and the export of grain."
    (proposal,) = propose(ArticleFactory(body=body.format("Ankara's")), min_relevance=0.0)
    assert "mediation efforts" in proposal.segment.text
    # Where the sentence says the meeting was elsewhere, the guard still holds.
    located = "In Ankara, Putin thanked him for mediation efforts on food and the export of grain."
    assert propose(ArticleFactory(body=located), min_relevance=0.0) == []


@pytest.fixture
def regions():
    russia = PlaceFactory(name="Russia", kind=PlaceKind.COUNTRY, parent=None)
    khabarovsk_territory = PlaceFactory(
        name="Khabarovsk Territory", kind=PlaceKind.REGION, parent=russia
    )
    PlaceFactory(name="Khabarovsk", kind=PlaceKind.CITY, parent=khabarovsk_territory)
    primorye = PlaceFactory(name="Primorye Territory", kind=PlaceKind.REGION, parent=russia)
    PlaceFactory(name="Vladivostok", kind=PlaceKind.CITY, parent=primorye)
    return primorye


def _record(title, paragraphs, *, date=dt.date(2024, 1, 10), place=None):
    return transcript_with(paragraphs, title=title, date=date, place=place, summary="")


def test_a_meeting_about_another_region_backs_nothing(regions):
    """The issue's case: the Khabarovsk story and another region's working meeting."""
    _record(
        "Meeting with Primorye Territory Governor",
        [
            (
                None,
                "The President held a working meeting on how the cities of the Far East "
                "are developing, and on accelerating the region's housing programme.",
            ),
        ],
    )
    article = ArticleFactory(
        body="Putin headed to Khabarovsk for a session focused on accelerating the "
        "development of Far Eastern cities."
    )
    assert propose(article, min_relevance=0.0) == []


def test_the_same_region_is_no_conflict(regions):
    _record(
        "Meeting on Khabarovsk Territory",
        [
            (
                None,
                "The President held a session in Khabarovsk on how the cities of the Far "
                "East are developing, and on accelerating the housing programme.",
            ),
        ],
    )
    article = ArticleFactory(
        body="Putin headed to Khabarovsk for a session focused on accelerating the "
        "development of Far Eastern cities."
    )
    (proposal,) = propose(article, min_relevance=0.0)
    assert proposal.relation in ("paraphrase", "close_paraphrase")


def test_a_sentence_on_what_someone_said_prefers_their_words_to_narration():
    """The issue's case: "congratulated … on their victory" went to the narration."""
    putin = PersonFactory(name="Vladimir Putin")
    _record(
        "Meeting with newly elected regional heads",
        [
            (
                None,
                "The President had a videoconference with 26 newly elected heads of "
                "Russian regions.",
            ),
            (
                putin,
                "I would like to begin by congratulating you on winning the elections.",
            ),
        ],
    )
    article = ArticleFactory(
        body="Vladimir Putin congratulated the newly elected regional heads on their victory "
        "in the elections."
    )
    proposals = propose(article, min_relevance=0.0)
    assert proposals[0].segment.position == 2
    assert [p.segment.position for p in proposals[1:]] in ([], [1])


def test_words_quoted_as_someone_else_s_are_not_backed_by_another_speaker():
    putin = PersonFactory(name="Vladimir Putin")
    PersonFactory(name="Mikhail Mishustin")
    _record(
        "Meeting with Government members",
        [
            (
                putin,
                "It is impossible to develop the economy without growth, and results in the "
                "social sphere depend on it.",
            )
        ],
    )
    article = ArticleFactory(
        body="Mikhail Mishustin chaired the cabinet. “We must achieve economic growth, "
        "without which it is impossible to achieve results in the social sphere,” he added."
    )
    assert [p for p in propose(article, min_relevance=0.0) if p.segment.speaker == putin] == []


def test_words_verbatim_make_a_quote_and_the_explanation_says_so():
    """The issue's case: every suggestion was a paraphrase, even with 7 words verbatim."""
    putin = PersonFactory(name="Vladimir Putin")
    _record(
        "Meeting on the grain harvest",
        [(putin, "The harvest this year reached a record of 140 million tonnes of grain.")],
    )
    article = ArticleFactory(
        body="Putin said: “The harvest this year reached a record of 140 million tonnes.”"
    )
    (proposal,) = propose(article, min_relevance=0.0)
    assert proposal.relation == "quote"
    assert proposal.explanation.startswith("quote: 11 quoted words verbatim")


def test_an_announcement_is_backed_by_the_record_of_the_event():
    putin = PersonFactory(name="Vladimir Putin")
    _record(
        "Meeting with the governor of the region",
        [(putin, "Good afternoon. Let us discuss the region's budget and its new roads.")],
        date=dt.date(2022, 9, 6),
    )
    article = ArticleFactory(
        body="Putin will meet the governor of the region to discuss its budget and roads.",
        source_date=dt.date(2022, 9, 5),
    )
    (proposal,) = propose(article, min_relevance=0.0)
    assert proposal.relation == "record"
    assert proposal.explanation.startswith("record: the story announced the meeting")
