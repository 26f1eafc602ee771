"""Check the words a story quotes against what its speaker said in the record.

The record is the transcripts the story's citations point to (rejected ones aside) and
those of the events it covers. A quotation goes to the person the story attributes it
to, and is compared with that person's paragraphs; when the story names nobody, or
that person does not speak in the record, with everything said in it. Narration holds
no one's words, so a quotation found only there is not found.
"""

from dataclasses import dataclass
from itertools import pairwise

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
    verdict: str  # quotes.VERBATIM, NUMBER_DIFFERS, CLOSE or NOT_FOUND; "" with no record
    segment: Segment | None  # the paragraph that holds the words (the first, over two)
    record_words: str = ""
    matched: int = 0
    quoted: int = 0
    last_segment: Segment | None = None  # the last paragraph, when the words run over two

    @property
    def differs(self) -> bool:
        return self.verdict in (quotes.CLOSE, quotes.NUMBER_DIFFERS, quotes.NOT_FOUND)

    @property
    def paragraphs(self) -> list[Segment]:
        """Return the paragraphs holding the words: none, one, or the first and the last."""
        return [s for s in (self.segment, self.last_segment) if s is not None]

    @property
    def where(self) -> str:
        """Return the paragraph marks of the words' place: "¶7", or "¶6–7" over two."""
        if self.segment is None:
            return ""
        if self.last_segment is None:
            return f"¶{self.segment.position}"
        return f"¶{self.segment.position}–{self.last_segment.position}"

    def difference_html(self):
        return word_diff_html(self.quotation, self.record_words)


def record_of(article: Article, events=None):
    """Return the transcripts a story's quotations are checked against.

    `events`, when given, stand for the story's events (a form or an API request about
    to change them, or a story not yet saved); otherwise they are read from the database.
    """
    if not article.pk:
        return Transcript.objects.filter(event__in=list(events or []))
    cited = (
        Citation.objects.filter(article=article)
        .exclude(status=CitationStatus.REJECTED)
        .values("segment__transcript_id")
    )
    events = article.events.all() if events is None else list(events)
    return Transcript.objects.filter(Q(pk__in=cited) | Q(event__in=events))


def check_story(article: Article, transcripts=None, gazetteer=None) -> list[QuoteCheck]:
    """Return a check for every quotation of the story, in order.

    A quotation is checked from four words, or from three when the story attributes it
    to someone ("a momentous event", the President said).
    """
    body = article.body
    spans = quotes.quoted_spans(body, min_words=quotes.MIN_ATTRIBUTED_WORDS)
    if not spans:
        return []
    gazetteer = gazetteer or Gazetteer.from_database()
    sentences = split_sentences(body)
    attributed = speakers(sentences, gazetteer.find(body))
    people = Person.objects.in_bulk(set(attributed.values()))
    said = [(span, _speaker(span, sentences, attributed, people)) for span in spans]
    said = [
        (span, speaker)
        for span, speaker in said
        if speaker is not None or len(quotes.tokens(span.text)) >= quotes.MIN_WORDS
    ]
    if not said:
        return []
    transcripts = record_of(article) if transcripts is None else transcripts
    paragraphs = list(
        Segment.objects.filter(transcript__in=transcripts).select_related("speaker", "transcript")
    )
    return [_check(span, speaker, paragraphs) for span, speaker in said]


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
    verdict, held = locate(span.text, theirs or speech)
    return QuoteCheck(
        span.text,
        speaker,
        verdict.verdict,
        held[0] if held else None,
        verdict.record,
        verdict.matched,
        verdict.quoted,
        held[-1] if len(held) > 1 else None,
    )


def locate(quotation: str, paragraphs) -> tuple[quotes.Verdict, list[Segment]]:
    """Return how `quotation` stands in `paragraphs` and the paragraphs that hold its words.

    Each paragraph is tried alone. Two that follow each other are tried together only
    to find what no single one holds as well (a long quotation over two paragraphs of the
    record, holding at least `PAIR_GAIN` more of its words); the verdict then names the
    paragraphs its words were found in, both only when they run over both: a stretch
    that starts a paragraph early is never credited to that earlier paragraph.
    """
    ordered = sorted(paragraphs, key=lambda p: (p.transcript_id, p.position))
    best, held = quotes.compare(quotation, ""), []
    for paragraph in ordered:
        verdict = quotes.compare(quotation, paragraph.text)
        if quotes.strength(verdict) > quotes.strength(best):
            best, held = verdict, [paragraph]
    if best.verdict == quotes.VERBATIM:
        return best, held
    for first, second in pairwise(ordered):
        if first.transcript_id != second.transcript_id or second.position != first.position + 1:
            continue
        verdict = quotes.compare(quotation, f"{first.text}\n{second.text}")
        # One word more than a paragraph alone holds is a coincidence ("high" in the
        # next paragraph), not a quotation running on.
        if (
            quotes.strength(verdict) > quotes.strength(best)
            and verdict.matched >= best.matched + quotes.PAIR_GAIN
        ):
            split = len(quotes.tokens(first.text))
            best = verdict
            held = [
                p
                for p, holds in ((first, verdict.start < split), (second, verdict.end > split))
                if holds
            ]
    if not best.found:
        return best, []
    return best, held


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
