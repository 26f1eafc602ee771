"""No link from names alone; suggestions from a story's text alone, and why there are none.

The records here are small and made up to isolate one rule each, except where the seed's
real transcript is loaded; the real gold set (test_linking_gold.py) measures them together.
"""

import datetime as dt

import pytest
from django.urls import reverse

from newsroom.coverage.linking import context
from newsroom.coverage.linking.engine import analyse, propose
from newsroom.coverage.linking.mentions import Gazetteer
from newsroom.coverage.linking.names import naming_terms
from newsroom.coverage.models import Article, Citation, PublicationStatus, Transcript
from newsroom.coverage.services import accept_tags, suggest_citations
from tests.factories import ArticleFactory, EventFactory, PersonFactory, transcript_with

pytestmark = pytest.mark.django_db
SEED_TRANSCRIPT = "meeting-with-newly-elected-regional-heads-2023-09-28"


class TestNamingWords:
    def test_names_titles_and_posts_are_naming_words(self):
        gazetteer = Gazetteer({1: ["Vladimir Putin"], 2: ["Recep Tayyip Erdogan"]}, {3: ["Moscow"]})
        text = (
            "Russian President Vladimir Putin met his Turkish counterpart Recep Tayyip "
            "Erdogan in Moscow; the President praised the grain corridor."
        )
        found = naming_terms(text, gazetteer.find(text))
        assert {"russian", "presid", "vladimir", "putin", "turkish", "counterpart"} <= found
        assert {"recep", "tayyip", "erdogan", "moscow"} <= found
        assert not {"met", "prais", "grain", "corridor"} & found

    def test_a_post_in_the_plural_is_what_a_meeting_was_about(self):
        text = "Putin met the newly elected governors."
        assert "governor" not in naming_terms(text, [])
        assert "governor" in naming_terms("The governor reported.", [])


class TestNoLinkFromNamesAlone:
    @pytest.fixture
    def two_meetings(self):
        putin = PersonFactory(name="Vladimir Putin")
        erdogan = PersonFactory(name="Recep Tayyip Erdogan")
        same_day = dt.date(2023, 9, 28)
        other = transcript_with(
            [
                (None, "President Vladimir Putin held a meeting with Government members."),
                (putin, "We will discuss the federal budget for the coming three years."),
            ],
            title="Meeting with Government members",
            date=same_day,
        )
        talks = transcript_with(
            [
                (None, "Vladimir Putin met with President of Turkey Recep Tayyip Erdogan."),
                (erdogan, "Our grain corridor through the Black Sea keeps working."),
            ],
            title="Russian-Turkish talks",
            date=same_day,
        )
        return other, talks

    def test_a_sentence_sharing_only_a_title_and_a_name_gets_no_link(self, two_meetings):
        article = ArticleFactory(
            body="Russian President Vladimir Putin, the President of Russia, was in Moscow.",
            source_date=dt.date(2023, 9, 28),
        )
        analysis = analyse(article, min_relevance=0.0)
        assert analysis.proposals == []
        assert "beyond the names of people and places" in analysis.reason

    def test_words_beyond_the_names_are_the_evidence_and_the_explanation_says_so(
        self, two_meetings
    ):
        _, talks = two_meetings
        article = ArticleFactory(
            body="Turkish President Recep Tayyip Erdogan said the grain corridor through the "
            "Black Sea keeps working.",
            source_date=dt.date(2023, 9, 28),
        )
        (proposal,) = propose(article)
        assert (proposal.segment.transcript, proposal.segment.position) == (talks, 2)
        assert "shared terms: black, corridor, grain" in proposal.explanation
        assert "erdogan" not in proposal.explanation.split("shared names")[0]

    def test_the_record_of_a_meeting_backs_the_sentence_that_reports_it(self, two_meetings):
        _, talks = two_meetings
        article = ArticleFactory(
            body="Vladimir Putin met with Recep Tayyip Erdogan on Thursday.",
            source_date=dt.date(2023, 9, 28),
        )
        (proposal,) = propose(article)
        assert (proposal.segment.transcript, proposal.segment.position) == (talks, 1)
        assert proposal.relation == "record"
        assert "reports a meeting of" in proposal.explanation

    def test_the_seed_announcement_is_not_linked_to_another_meeting_that_day(
        self, seed, two_meetings
    ):
        other, talks = two_meetings
        Transcript.objects.filter(pk__in=[other.pk, talks.pk]).update(date=dt.date(2023, 9, 28))
        for article in Article.objects.all():
            for proposal in propose(article):
                assert proposal.segment.transcript.slug == SEED_TRANSCRIPT, proposal.explanation


class TestFromTheTextAlone:
    def test_a_pasted_story_quoting_the_record_gets_suggestions_and_tags(
        self, seed, client, superuser
    ):
        """No source date, no event, no person tagged: the text is enough."""
        article = ArticleFactory(
            status=PublicationStatus.DRAFT,
            body=(
                "Vladimir Putin congratulated the newly elected heads of regions. “The "
                "elections were open, fair and competitive,” Vladimir Putin said. He said "
                "that “the turnout was also high, which shows the growing civic maturity of "
                "our society”."
            ),
        )
        result = suggest_citations(article=article)
        positions = {
            c.segment.position
            for c in Citation.objects.filter(article=article).select_related("segment")
        }
        assert {7, 8} <= positions
        event = Transcript.objects.get(slug=SEED_TRANSCRIPT).event
        assert result.events == [event]
        assert "Vladimir Putin" in [p.name for p in result.people]
        client.force_login(superuser)
        review = reverse("admin:coverage_article_review", args=[article.pk])
        page = client.get(review).content.decode()
        assert "Tags its text and evidence point to" in page
        client.post(review, {"decision": "tags"})
        assert list(article.events.all()) == [event]
        assert article.people.filter(name="Vladimir Putin").exists()

    def test_accepting_the_tags_adds_only_what_is_missing(self, seed):
        article = Article.objects.get(
            slug="putin-to-meet-26-newly-elected-regional-heads-by-video-link"
        )
        people = set(article.people.all())
        added = accept_tags(article=article)
        assert not people & set(added)  # those it had are not added again
        assert accept_tags(article=article) == []

    def test_the_date_a_story_gives_in_its_text(self):
        assert context.first_full_date("Talks were held on 28 September 2023 in Moscow.") == (
            dt.date(2023, 9, 28)
        )
        assert context.first_full_date("On September 28, 2023, they met.") == dt.date(2023, 9, 28)
        assert context.first_full_date("On September 31, 2023 and May 2") is None

    def test_a_story_naming_no_one_and_no_date_is_told_why(self):
        transcript_with([(None, "The meeting discussed harvests.")], title="Harvest meeting")
        article = ArticleFactory(body="Farmers everywhere expect a record harvest this year.")
        result = suggest_citations(article=article)
        assert result.suggested == 0
        assert "names no one the archive knows and gives no date" in result.reason
        assert result.reason in result.summary()

    def test_a_story_naming_people_no_record_has_near_its_date_is_told_why(self):
        putin = PersonFactory(name="Vladimir Putin")
        transcript_with([(putin, "We discussed harvests.")], date=dt.date(2020, 1, 1))
        article = ArticleFactory(
            body="Vladimir Putin spoke about the record harvest on 28 September 2023.",
        )
        analysis = analyse(article)
        assert analysis.proposals == []
        assert analysis.reason == (
            "No published record of a meeting near 28 September 2023 (the date the text "
            "gives (28 September 2023)); the story names Vladimir Putin."
        )

    def test_an_undated_story_searches_the_records_of_the_people_it_names(self):
        putin = PersonFactory(name="Vladimir Putin")
        other = PersonFactory(name="Ivan Petrov")
        theirs = transcript_with([(putin, "The harvest reached 140 million tonnes of grain.")])
        transcript_with([(other, "The harvest reached 140 million tonnes of grain.")])
        article = ArticleFactory(body="Vladimir Putin said the harvest reached 140 million tonnes.")
        analysis = analyse(article)
        assert analysis.context.records == [theirs.pk]
        assert [p.segment.transcript for p in analysis.proposals] == [theirs]

    def test_the_suggest_command_says_why_nothing_was_suggested(self, capsys):
        from django.core.management import call_command

        EventFactory()
        ArticleFactory(slug="lonely", body="Farmers everywhere expect a record harvest this year.")
        transcript_with([(None, "The meeting discussed harvests.")])
        call_command("suggest_citations", "--article", "lonely")
        assert "why none: The story names no one" in capsys.readouterr().out
