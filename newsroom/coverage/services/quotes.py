"""Check the words a story quotes against what its speaker said in the record.

The record is the transcripts the story's citations point to (rejected ones aside) and
those of the events it covers. A quotation goes to the person the story attributes it
to, and is compared with that person's paragraphs; when the story names nobody, or
that person does not speak in the record, with everything said in it. Narration holds
no one's words, so a quotation found only there is not found.
"""

from dataclasses import dataclass

from django.db.models import Q

from newsroom.coverage.diffing import word_diff_html
from newsroom.coverage.linking import quotes
from newsroom.coverage.linking.attribution import speakers
from newsroom.coverage.linking.mentions import Gazetteer
from newsroom.coverage.linking.sentences import split_sentences
from newsroom.coverage.models import (
    Article,
    Citation,
    CitationStatus,
    Person,
    Segment,
    SegmentKind,
    Transcript,
)


@dataclass
class QuoteCheck:
    quotation: str
    speaker: Person | None  # whom the story attributes it to
    verdict: str  # quotes.VERBATIM, CLOSE or NOT_FOUND; "" when there is no record
    segment: Segment | None  # the paragraph that holds it best
    record_words: str = ""
    matched: int = 0
    quoted: int = 0

    @property
    def differs(self) -> bool:
        return self.verdict in (quotes.CLOSE, quotes.NOT_FOUND)

    def difference_html(self):
        return word_diff_html(self.quotation, self.record_words)


def record_of(article: Article):
    """Return the transcripts a story's quotations are checked against."""
    cited = (
        Citation.objects.filter(article=article)
        .exclude(status=CitationStatus.REJECTED)
        .values("segment__transcript_id")
    )
    return Transcript.objects.filter(Q(pk__in=cited) | Q(event__in=article.events.all()))


def check_story(article: Article, transcripts=None, gazetteer=None) -> list[QuoteCheck]:
    """Return a check for every quotation of the story, in order."""
    body = article.body
    spans = quotes.quoted_spans(body)
    if not spans:
        return []
    gazetteer = gazetteer or Gazetteer.from_database()
    sentences = split_sentences(body)
    attributed = speakers(sentences, gazetteer.find(body))
    transcripts = record_of(article) if transcripts is None else transcripts
    paragraphs = list(
        Segment.objects.filter(transcript__in=transcripts).select_related("speaker", "transcript")
    )
    people = Person.objects.in_bulk(set(attributed.values()))
    return [
        _check(span, _speaker(span, sentences, attributed, people), paragraphs) for span in spans
    ]


def _speaker(span, sentences, attributed, people) -> Person | None:
    """Return whom the story attributes a quotation to: the sentences it spans, then the next.

    Agencies often close a quotation and name its speaker in the next sentence.
    """
    inside = [s for s in sentences if s.start < span.end and span.start < s.end]
    after = [s for s in sentences if s.start >= span.end][:1]
    for sentence in [*inside, *after]:
        if sentence.start in attributed:
            return people.get(attributed[sentence.start])
    return None


def _check(span, speaker, paragraphs) -> QuoteCheck:
    if not paragraphs:
        return QuoteCheck(span.text, speaker, "", None)
    speech = [p for p in paragraphs if p.kind == SegmentKind.SPEECH]
    theirs = [p for p in speech if speaker is not None and p.speaker_id == speaker.pk]
    best, where = quotes.compare(span.text, ""), None
    for first, text in _stretches(theirs or speech):
        verdict = quotes.compare(span.text, text)
        if quotes.strength(verdict) > quotes.strength(best):
            best, where = verdict, first
    return QuoteCheck(
        span.text,
        speaker,
        best.verdict,
        where if best.verdict != quotes.NOT_FOUND else None,
        best.record,
        best.matched,
        best.quoted,
    )


def _stretches(paragraphs):
    """Yield (first paragraph, text) for each paragraph and each two that follow each other.

    A long quotation often runs over two paragraphs of the record.
    """
    paragraphs = sorted(paragraphs, key=lambda p: (p.transcript_id, p.position))
    for i, paragraph in enumerate(paragraphs):
        yield paragraph, paragraph.text
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if (
            following is not None
            and following.transcript_id == paragraph.transcript_id
            and following.position == paragraph.position + 1
        ):
            yield paragraph, f"{paragraph.text} {following.text}"


def recheck_citations(articles=None) -> int:
    """Work out again the quote check of every citation (of `articles`); return how many."""
    citations = Citation.objects.select_related("segment")
    if articles is not None:
        citations = citations.filter(article__in=articles)
    count = 0
    for citation in citations.iterator(chunk_size=500):
        citation.save(update_fields=["quote"])  # the save works the check out
        count += 1
    return count
