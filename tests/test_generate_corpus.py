"""generate_corpus: a consistent synthetic archive, written in bulk, that adds up."""

import pytest
from django.core.management import CommandError, call_command

from newsroom.coverage.models import (
    Article,
    Citation,
    CitationStatus,
    IndexTotals,
    Person,
    PersonName,
    Segment,
    Transcript,
)

pytestmark = pytest.mark.django_db


def generate(**options):
    call_command(
        "generate_corpus",
        stories=options.get("stories", 40),
        transcripts=options.get("transcripts", 3),
        segments_per_transcript=options.get("segments", 30),
        seed=options.get("seed", 7),
        verbosity=0,
    )


def test_archive_is_consistent_and_indexed():
    generate()
    assert Transcript.objects.count() == 3
    assert Segment.objects.count() == 90
    assert Article.objects.count() == 40
    assert Citation.objects.filter(status=CitationStatus.CONFIRMED).count() == 80
    assert PersonName.objects.count() >= Person.objects.count()  # every person has an alias
    for citation in Citation.objects.select_related("article", "segment"):
        assert citation.quote in citation.article.body  # anchored in the story's words
        assert citation.segment.transcript.event in citation.article.events.all()
    quoted = Citation.objects.filter(relation="quote").select_related("segment").first()
    assert quoted.quote.rstrip(".") in quoted.segment.text  # a quote is verbatim
    speakers = Segment.objects.exclude(speaker_label="").select_related("speaker")
    assert all(s.speaker.name == s.speaker_label for s in speakers)
    assert IndexTotals.current()[0] == 90  # the linking index is built
    assert Article.objects.published().count() < 40  # some drafts, reviews, withdrawals


def test_runs_add_up_with_fresh_slugs():
    generate(stories=5, transcripts=1, segments=5)
    generate(stories=5, transcripts=1, segments=5)
    assert Article.objects.count() == 10
    assert Article.objects.filter(slug__startswith="synthetic-2-").count() == 5


@pytest.mark.parametrize(
    "options", [{"stories": 3, "transcripts": 0}, {"segments": 0}, {"stories": -1}]
)
def test_impossible_sizes_are_refused(options):
    with pytest.raises(CommandError):
        generate(**options)
    assert not Article.objects.exists()
