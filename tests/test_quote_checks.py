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
    assert "the record words it differently" in html
    assert "<del>&lt;b&gt;may&lt;/b&gt;</del><ins>can</ins>" in html
    assert "<b>may</b>" not in html


@pytest.mark.django_db
def test_a_suggested_quotation_is_not_shown_to_readers(client, meeting):
    sentence = "“Our relations may be considered as fully restored,” Putin said."
    article = cited(meeting, sentence, CitationStatus.SUGGESTED, status=PublicationStatus.PUBLISHED)
    assert "words it differently" not in client.get(article.get_absolute_url()).content.decode()


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
