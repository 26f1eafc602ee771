"""Quote verification: the words a story quotes, against what its speaker said."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsroom.coverage.linking import quotes
from newsroom.coverage.models import CitationStatus, PublicationStatus
from newsroom.coverage.services.quotes import check_story, recheck_citations
from tests.factories import ArticleFactory, CitationFactory, PersonFactory, transcript_with

RECORD = (
    "Let me stress at the beginning of our meeting that our relations can be considered "
    "almost fully restored. While trade declined by 34 percent last year, it has grown."
)


class TestCompare:
    def test_typography_and_case_do_not_matter(self):
        verdict = quotes.compare(
            "Our relations can’t be — considered", "our relations can't be considered"
        )
        assert verdict.verdict == quotes.VERBATIM

    def test_an_ellipsis_stands_for_words_left_out(self):
        verdict = quotes.compare(
            "Let me stress […] that our relations can be considered almost fully restored",
            RECORD,
        )
        assert verdict.verdict == quotes.VERBATIM
        assert quotes.compare("relations … stress", RECORD).verdict != quotes.VERBATIM

    def test_another_wording_is_close_and_keeps_the_record_s_words(self):
        verdict = quotes.compare("our relations may be considered as fully restored", RECORD)
        assert verdict.verdict == quotes.CLOSE
        assert verdict.record == "our relations can be considered almost fully restored"
        assert verdict.quotation == "our relations may be considered as fully restored"

    def test_words_the_record_lacks_are_not_found(self):
        verdict = quotes.compare(
            "We will never bypass the issues of the Primorsky Territory", RECORD
        )
        assert verdict.verdict == quotes.NOT_FOUND

    def test_quotations_are_found_in_every_mark_and_short_ones_are_left(self):
        text = (
            "He said “our relations are restored” and «trade has grown again», "
            'then "full-format" and "a quote left open\nNext paragraph.'
        )
        assert [s.text for s in quotes.quoted_spans(text)] == [
            "our relations are restored",
            "trade has grown again",
            "a quote left open",
        ]
        assert [s.text for s in quotes.quoted_spans("He said: “the talks went well.”")] == [
            "the talks went well"
        ]
        # Copies mix straight and curly marks; a straight one may close on a curly one.
        mixed = 'A "dress rehearsal” for what came next; arms "burn very beautifully," he said.'
        assert [s.text for s in quotes.quoted_spans(mixed, min_words=2)] == [
            "dress rehearsal",
            "burn very beautifully",
        ]


@pytest.fixture
def meeting(db):
    putin = PersonFactory(name="Vladimir Putin")
    erdogan = PersonFactory(name="Recep Tayyip Erdogan")
    return transcript_with(
        [
            (None, "Vladimir Putin met with Recep Tayyip Erdogan. Trade has declined but grows."),
            (putin, RECORD),
            (
                erdogan,
                "Every day we are further deepening our political, military, trade, "
                "cultural and tourism relations.",
            ),
        ],
        title="Talks in Sochi",
    )


def cited(meeting, sentence, citation_status, *, body=None, **fields):
    """Return a story (of `body`, else `sentence`) citing ¶2 of the meeting for `sentence`."""
    article = ArticleFactory(body=body or sentence, **fields)
    CitationFactory(
        article=article,
        quote=sentence,
        segment=meeting.segments.get(position=2),
        status=citation_status,
    )
    return article


@pytest.mark.django_db
class TestCheckStory:
    def test_each_quotation_goes_to_its_speaker(self, meeting):
        article = ArticleFactory(
            body="Vladimir Putin greeted Recep Tayyip Erdogan. “Our relations may be considered "
            "as fully restored,” the Russian leader said. Erdogan said: «every day our "
            "relations are developing in the political, military, trade and cultural spheres»."
        )
        first, second = check_story(article, transcripts=[meeting])
        assert (first.speaker.name, first.verdict, first.segment.position) == (
            "Vladimir Putin",
            quotes.CLOSE,
            2,
        )
        assert (second.speaker.name, second.verdict, second.segment.position) == (
            "Recep Tayyip Erdogan",
            quotes.CLOSE,
            3,
        )
        assert "<del>" in str(first.difference_html())

    def test_narration_holds_no_one_s_words(self, meeting):
        article = ArticleFactory(
            body="Vladimir Putin said: “Trade has declined but grows, we met with Erdogan.”"
        )
        (check,) = check_story(article, transcripts=[meeting])
        assert check.verdict == quotes.NOT_FOUND

    def test_without_a_record_nothing_is_claimed(self, meeting):
        article = ArticleFactory(body="Vladimir Putin said: “Our relations are almost restored.”")
        (check,) = check_story(article)
        assert check.verdict == "" and check.segment is None


@pytest.mark.django_db
class TestStoredChecks:
    def test_saving_a_citation_checks_its_quotation_against_its_passage(self, meeting):
        sentence = "“Our relations may be considered as fully restored,” Putin said."
        article = ArticleFactory(body=sentence)
        citation = CitationFactory(
            article=article, quote=sentence, segment=meeting.segments.get(position=2)
        )
        citation.refresh_from_db()
        assert citation.quote_verdict == "close"
        assert citation.record_words == "our relations can be considered almost fully restored"
        citation.segment = meeting.segments.get(position=1)
        citation.save(update_fields=["segment"])
        citation.refresh_from_db()
        assert citation.quote_verdict == "not_found" and citation.record_words == ""

    def test_a_sentence_quoting_nothing_has_no_verdict(self, meeting):
        article = ArticleFactory(body="Putin met Erdogan in Sochi.")
        citation = CitationFactory(
            article=article,
            quote="Putin met Erdogan in Sochi.",
            segment=meeting.segments.get(position=1),
        )
        assert citation.quote_verdict == "" and not citation.quote_differs

    def test_recheck_works_out_every_citation_again(self, meeting):
        sentence = "“Our relations can be considered almost fully restored,” Putin said."
        citation = CitationFactory(
            article=ArticleFactory(body=sentence),
            quote=sentence,
            segment=meeting.segments.get(position=2),
        )
        type(citation).objects.filter(pk=citation.pk).update(quote_verdict="")
        assert recheck_citations() == 1
        citation.refresh_from_db()
        assert citation.quote_verdict == "verbatim"


@pytest.mark.django_db
def test_readers_see_how_a_confirmed_quotation_differs_escaped(client, meeting):
    sentence = "“Our relations <b>may</b> be considered as fully restored,” Putin said."
    article = cited(meeting, sentence, CitationStatus.CONFIRMED, status=PublicationStatus.PUBLISHED)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "The story quotes words the record has differently" in html
    # Both sides: the story's words and the record's, then the difference.
    assert "“Our relations &lt;b&gt;may&lt;/b&gt; be considered as fully restored”" in html
    assert "“our relations can be considered almost fully restored”" in html
    assert "<del>&lt;b&gt;may&lt;/b&gt;</del><ins>can</ins>" in html
    assert "<b>may</b>" not in html


@pytest.mark.django_db
def test_a_suggested_quotation_is_not_shown_to_readers(client, meeting):
    sentence = "“Our relations may be considered as fully restored,” Putin said."
    article = cited(meeting, sentence, CitationStatus.SUGGESTED, status=PublicationStatus.PUBLISHED)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "the record has differently" not in html


@pytest.mark.django_db
def test_the_review_screen_lists_every_quotation_with_its_verdict(client, editor, meeting):
    sentence = "“Our relations may be considered as fully restored,” Vladimir Putin said."
    body = f"{sentence} Erdogan said: “we never bypass any issues here”."
    article = cited(meeting, sentence, CitationStatus.SUGGESTED, body=body)
    client.force_login(editor)
    html = client.get(reverse("admin:coverage_article_review", args=[article.pk])).content.decode()
    assert "Quotations in this story, against the record" in html
    assert "close to" in html and "not found in the record" in html
    assert "Quotation against this passage: Close, with differences" in html


@pytest.mark.django_db
def test_the_api_gives_the_quote_check(client, meeting):
    sentence = "“Our relations may be considered as fully restored,” Putin said."
    article = cited(meeting, sentence, CitationStatus.CONFIRMED, status=PublicationStatus.PUBLISHED)
    data = client.get(reverse("api:article-detail", args=[article.slug])).json()
    (citation,) = data["citations"]
    assert citation["quote_verdict"] == "close"
    assert citation["record_words"] == "our relations can be considered almost fully restored"


@pytest.mark.django_db
def test_check_quotes_command_prints_verdicts_and_totals(capsys, meeting):
    sentence = "“Our relations may be considered as fully restored,” Vladimir Putin said."
    cited(meeting, sentence, CitationStatus.SUGGESTED, slug="a-story")
    call_command("check_quotes", "--differing", "--save")
    out = capsys.readouterr().out
    assert (
        "a-story: “Our relations may be considered as fully restored” (Vladimir Putin) — close"
        in out
    )
    assert "the record: “our relations can be considered almost fully restored”" in out
    assert "close: 1" in out and "Quote checks of 1 citations worked out again." in out


@pytest.mark.django_db
def test_check_quotes_refuses_an_unknown_story():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no-such-story"):
        call_command("check_quotes", "--story", "no-such-story")


class TestWhereTheWordsAre:
    """A verdict names the paragraph that holds the words, never the one before it."""

    SEED = [
        "The new regions’ situation is special, as are their immediate tasks, but I am fully "
        "confident that the people feel the support they receive from the rest of Russia.",
        "The elections were open, fair and competitive.",
        "The turnout was also high, which shows the growing civic maturity of our society.",
    ]

    @pytest.fixture
    def record(self, db):
        putin = PersonFactory(name="Vladimir Putin")
        return putin, transcript_with(
            [
                (None, "The President had a videoconference with newly elected heads."),
                (putin, "This is certainly a momentous event, a crucial step for the regions."),
                *((putin, text) for text in self.SEED),
            ]
        )

    def test_a_quotation_in_one_paragraph_names_that_paragraph(self, record):
        _, transcript = record
        article = ArticleFactory(
            body="Vladimir Putin said “the elections were open, fair and competitive”."
        )
        (check,) = check_story(article, transcripts=[transcript])
        assert check.verdict == quotes.VERBATIM
        assert check.segment.position == 4 and check.last_segment is None
        assert "open, fair and competitive" in check.segment.text
        assert check.where == "¶4"

    def test_a_quotation_over_two_paragraphs_names_the_first_and_the_last(self, record):
        _, transcript = record
        article = ArticleFactory(
            body="Vladimir Putin said: “The people feel the support they receive from the rest "
            "of Russia. The elections were open, fair and competitive.”"
        )
        (check,) = check_story(article, transcripts=[transcript])
        assert check.verdict == quotes.VERBATIM
        assert [p.position for p in check.paragraphs] == [3, 4]
        assert "rest of Russia" in check.segment.text
        assert "competitive" in check.last_segment.text
        assert check.where == "¶3–4"

    def test_one_stray_word_of_the_next_paragraph_does_not_credit_it(self, db):
        """The real report's case: "…very, very high" where the record's paragraph says
        "great potential" and only the next one has "high"."""
        putin = PersonFactory(name="Vladimir Putin")
        transcript = transcript_with(
            [
                (
                    putin,
                    "Trade and economic relations are developing steadily, for the benefit of "
                    "all our peoples. I would like this to continue, especially since there "
                    "is great potential for regional cooperation.",
                ),
                (putin, "Our relations are at a high level and developing steadily."),
            ]
        )
        article = ArticleFactory(
            body="Vladimir Putin said: “Trade and economic ties are developing progressively "
            "for the benefit of all our peoples. I would very much like this to continue, "
            "especially since the potential for regional cooperation is very, very high.”"
        )
        (check,) = check_story(article, transcripts=[transcript])
        assert (check.verdict, check.where) == (quotes.CLOSE, "¶1")

    def test_a_reworded_quotation_points_at_the_paragraph_it_rewords(self, record):
        _, transcript = record
        article = ArticleFactory(
            body="Vladimir Putin said “the elections were open, honest and competitive”."
        )
        (check,) = check_story(article, transcripts=[transcript])
        assert (check.verdict, check.where) == (quotes.CLOSE, "¶4")

    def test_a_close_quotation_shows_the_record_s_word_for_the_story_s(self, record):
        _, transcript = record
        article = ArticleFactory(
            body="Putin called the vote “certainly a momentous occasion”, Vladimir Putin said."
        )
        (check,) = check_story(article, transcripts=[transcript])
        assert check.verdict == quotes.CLOSE and check.where == "¶2"
        assert check.record_words == "certainly a momentous event"
        assert "<del>occasion</del><ins>event</ins>" in str(check.difference_html())

    def test_three_words_attributed_to_a_speaker_get_a_verdict(self, record):
        _, transcript = record
        article = ArticleFactory(body="Vladimir Putin called the vote “a momentous event”.")
        (check,) = check_story(article, transcripts=[transcript])
        assert check.quotation == "a momentous event"
        assert check.speaker.name == "Vladimir Putin"
        assert (check.verdict, check.where) == (quotes.VERBATIM, "¶2")

    def test_an_unattributed_three_word_phrase_is_not_a_statement_to_check(self, record):
        _, transcript = record
        article = ArticleFactory(body="Officials spoke of a “new regional map” this week.")
        assert check_story(article, transcripts=[transcript]) == []


class TestNumbers:
    RECORD = (
        "While trade declined by 34 percent last year, this year it has grown by 38 percent, "
        "which was in the first 8–9 months of the year."
    )

    def test_a_number_changed_in_the_record_s_words_is_its_own_verdict(self):
        verdict = quotes.compare("trade declined by 43 percent last year", self.RECORD)
        assert verdict.verdict == quotes.NUMBER_DIFFERS
        assert verdict.record == "trade declined by 34 percent last year"

    def test_a_reworded_quotation_with_another_number_is_never_merely_close(self):
        verdict = quotes.compare(
            "If over the past year, we had losses in turnover by 43%, then this year, the "
            "growth [of the turnover] has increased by 38% only in the first eight-nine "
            "months of this year",
            self.RECORD,
        )
        assert verdict.verdict == quotes.NUMBER_DIFFERS
        assert "34 percent" in verdict.record

    def test_numbers_match_however_they_are_written(self):
        for quotation in (
            "it has grown by 38% which was in the first eight-nine months",
            "it has grown by 38 per cent, which was in the first 8–9 months",
        ):
            assert quotes.compare(quotation, self.RECORD).verdict == quotes.VERBATIM

    def test_words_the_story_puts_in_brackets_are_its_own(self):
        verdict = quotes.compare("this year [trade] has grown by 38 percent", self.RECORD)
        assert verdict.verdict == quotes.VERBATIM
        assert verdict.record == ""  # nothing to show: the record's words are the story's
        verdict = quotes.compare("this year [trade] has fallen by 38 percent", self.RECORD)
        assert verdict.verdict == quotes.CLOSE
