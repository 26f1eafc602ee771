"""Property tests of the linking engine: any text, however odd, is read without error
and every proposal points at words the story really has."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.coverage.linking.engine import longest_common_run, propose
from newsroom.coverage.linking.mentions import Gazetteer
from newsroom.coverage.linking.sentences import split_sentences
from newsroom.coverage.linking.tokens import STOP_WORDS, terms
from newsroom.coverage.models import Article, CitationRelation
from tests.factories import SegmentFactory, TranscriptFactory

# Story-like text: words from the transcript, punctuation, quotes, odd Unicode.
WORDS = st.sampled_from(
    "the governor said grain exports regions budget Pushilin Luhansk 2023 26 "
    "“quoted” (aside) — Mr. Dr. U.S. e.g. ... ? ! ; : \n \n\n Ё ß ﬁ 😀 \t".split(" ")
)
STORY = st.one_of(
    st.lists(WORDS, max_size=120).map(" ".join),
    st.text(max_size=400),
)


@given(STORY)
def test_sentences_are_in_order_and_are_the_story_s_own_words(body):
    sentences = split_sentences(body)
    end = 0
    for sentence in sentences:
        assert body[sentence.start : sentence.end] == sentence.text
        assert sentence.start >= end
        assert sentence.text.strip() == sentence.text and sentence.text
        end = sentence.end


@given(STORY)
def test_terms_are_short_and_never_stop_words(body):
    for term in terms(body):
        assert 0 < len(term) <= 60
        assert term not in STOP_WORDS


@given(
    st.lists(st.sampled_from("abcde"), max_size=30), st.lists(st.sampled_from("abcde"), max_size=30)
)
def test_longest_common_run_is_symmetric_and_bounded(a, b):
    run = longest_common_run(a, b)
    assert run == longest_common_run(b, a)
    assert 0 <= run <= min(len(a), len(b))
    if run:
        assert any(a[i : i + run] == b[j : j + run] for i in range(len(a)) for j in range(len(b)))


@given(STORY)
def test_mentions_are_found_where_they_are(body):
    gazetteer = Gazetteer(people={1: ["Denis Pushilin", "Pushilin"]}, places={2: ["Luhansk"]})
    for mention in gazetteer.find(body):
        assert body[mention.start : mention.end] == mention.text


PARAGRAPHS = [
    "The governor said grain exports from the regions rose in 2023.",
    "Pushilin said the budget of Luhansk will grow for 26 regions.",
]


def indexed_transcript():
    transcript = TranscriptFactory(slug="fuzzed-record", title="Regions grain budget")
    for position, text in enumerate(PARAGRAPHS, start=1):
        SegmentFactory(transcript=transcript, position=position, text=text)
    return transcript


@pytest.mark.django_db
def test_the_property_is_not_vacuous():
    """The same setting does propose: a story repeating a paragraph gets it as a quote."""
    indexed_transcript()
    article = Article(headline="Echo", slug="echo", body=PARAGRAPHS[0])
    proposals = propose(article, min_relevance=0.0)
    assert [p.relation for p in proposals] == ["quote"]


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=STORY)
def test_proposals_point_at_the_story_s_sentences(body):
    transcript = indexed_transcript()
    article = Article(headline="Fuzzed", slug="fuzzed", body=body)
    for proposal in propose(article, min_relevance=0.0):
        sentence = proposal.sentence
        assert body[sentence.start : sentence.end] == sentence.text
        assert proposal.relation in CitationRelation.values
        assert proposal.score >= 0.045
        assert proposal.segment.transcript_id == transcript.pk
    transcript.delete()
