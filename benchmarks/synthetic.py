"""Make a synthetic archive for benchmarks: people, events, transcripts, stories, citations.

Words follow a Zipf law over the seed documents' vocabulary and made-up words, so the
linking engine and full-text search meet realistic term frequencies. Stories quote
sentences of a transcript word for word and paraphrase others, with confirmed citations
to both. Every row is written with bulk inserts; nothing here is used by the site itself.
"""

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsroom.coverage.models import (
    Article,
    Citation,
    CitationRelation,
    CitationStatus,
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    Person,
    PersonName,
    Place,
    PlaceKind,
    PublicationStatus,
    Segment,
    SegmentKind,
    Source,
    SourceKind,
    Transcript,
)
from newsroom.coverage.models.names import NameKind

SYLLABLES = ["ka", "lo", "mer", "vin", "to", "sa", "rel", "dor", "ni", "pa", "gus", "ter"]
FIRST_NAMES = [
    "Anna", "Boris", "Daria", "Elena", "Fyodor", "Galina", "Igor", "Irina", "Kirill",
    "Larisa", "Maxim", "Natalia", "Oleg", "Pavel", "Roman", "Sergei", "Tatiana", "Viktor",
]  # fmt: skip
NARRATION = ["(Applause.)", "(Inaudible.)", "(The meeting continued behind closed doors.)"]
# Shares of stories and transcripts in each state; the rest are published.
STORY_STATES = [
    (PublicationStatus.DRAFT, 0.03),
    (PublicationStatus.IN_REVIEW, 0.02),
    (PublicationStatus.WITHDRAWN, 0.01),
]
TRANSCRIPT_STATES = [(PublicationStatus.DRAFT, 0.03)]
BATCH = 5000
QUOTABLE = 50  # paragraphs of each transcript that stories may cite


class Text:
    """Draw words, sentences and paragraphs with English-like frequencies."""

    def __init__(self, rng: random.Random, vocabulary_size: int = 20_000):
        self.random = rng
        seeds = Path(settings.SEED_DOCUMENTS_DIR).glob("*.txt")
        real = re.findall(r"[A-Za-z]+", " ".join(p.read_text() for p in sorted(seeds)))
        vocabulary = list(dict.fromkeys(w.lower() for w in real))
        while len(vocabulary) < vocabulary_size:
            vocabulary.append("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))))
        self.vocabulary = vocabulary
        self.cumulative = list(accumulate(1 / rank**1.07 for rank in range(1, vocabulary_size + 1)))

    def words(self, n: int) -> list[str]:
        return self.random.choices(self.vocabulary, cum_weights=self.cumulative, k=n)

    def sentence(self, n: int | None = None, *, name: str = "") -> str:
        words = self.words(n or self.random.randint(8, 25))
        if name:
            words.insert(self.random.randint(0, len(words)), name)
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int | None = None, *, name: str = "") -> str:
        count = sentences or self.random.randint(1, 5)
        parts = [self.sentence() for _ in range(count)]
        if name:
            parts[self.random.randrange(count)] = self.sentence(name=name)
        return " ".join(parts)

    def paraphrase(self, text: str) -> str:
        words = re.findall(r"\w+", text)[:25]
        kept = [w for w in words if self.random.random() < 0.6] + self.words(6)
        sentence = " ".join(kept)
        return sentence[0].upper() + sentence[1:] + "."


@dataclass
class Counts:
    people: int = 0
    events: int = 0
    transcripts: int = 0
    segments: int = 0
    stories: int = 0
    citations: int = 0
    extra: dict = field(default_factory=dict)


def _state(rng: random.Random, states) -> str:
    roll = rng.random()
    for state, share in states:
        if roll < share:
            return state
        roll -= share
    return PublicationStatus.PUBLISHED


def _name(rng: random.Random) -> str:
    surname = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))).capitalize()
    return f"{rng.choice(FIRST_NAMES)} {surname}ov"


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


class Generator:
    """Write one synthetic archive; every slug carries the run's prefix, so runs add up."""

    def __init__(self, *, seed: int, progress=None):
        self.random = random.Random(seed)
        self.text = Text(self.random)
        self.progress = progress or (lambda phase, done: None)
        taken = Source.objects.filter(slug__regex=r"^synthetic-[0-9]+$").count()
        self.prefix = f"synthetic-{taken + 1}"
        self.now = timezone.now()

    def run(self, *, stories: int, transcripts: int, segments_per_transcript: int) -> Counts:
        counts = Counts()
        with transaction.atomic():
            self.source = Source.objects.create(
                name=f"Synthetic Presidential Press Office {self.prefix}",
                slug=self.prefix,
                kind=SourceKind.OFFICIAL_WEBSITE,
            )
            self.outlets = _bulk(
                Source,
                [
                    Source(
                        name=f"Synthetic Agency {i} ({self.prefix})",
                        slug=f"{self.prefix}-agency-{i}",
                        kind=SourceKind.NEWS_AGENCY,
                    )
                    for i in range(1, 11)
                ],
            )
            self.places = self._places(max(10, transcripts // 20))
            self.people = self._people(max(20, transcripts // 2))
            counts.people = len(self.people)
        events = self._transcripts(transcripts, segments_per_transcript, counts)
        self._stories(stories, events, counts)
        return counts

    def _places(self, n: int) -> list[Place]:
        places = _bulk(
            Place,
            [
                Place(
                    name=f"{self.text.words(1)[0].capitalize()}sk Region {i}",
                    slug=f"{self.prefix}-region-{i}",
                    kind=PlaceKind.REGION,
                )
                for i in range(1, n + 1)
            ],
        )
        return places

    def _people(self, n: int) -> list[Person]:
        people = _bulk(
            Person,
            [
                Person(
                    name=(name := _name(self.random)),
                    sort_name=", ".join(reversed(name.split(" ", 1))),
                    slug=f"{self.prefix}-person-{i}",
                    summary=self.text.sentence(12),
                )
                for i in range(1, n + 1)
            ],
        )
        aliases = []
        for person in people:
            first, surname = person.name.split(" ", 1)
            aliases.append(
                PersonName(person=person, name=f"{first[0]}. {surname}", kind=NameKind.SHORT)
            )
            if self.random.random() < 0.3:
                aliases.append(PersonName(person=person, name=surname, kind=NameKind.SHORT))
        _bulk(PersonName, aliases)
        return people

    def _transcripts(self, n: int, size: int, counts: Counts) -> list:
        """Write `n` events, each with a transcript of `size` paragraphs; return the events."""
        made = []
        start = dt.date(2021, 1, 1)
        chunk = max(1, BATCH // max(size, 1))
        for first in range(0, n, chunk):
            numbers = range(first + 1, min(n, first + chunk) + 1)
            with transaction.atomic():
                made += self._transcript_chunk(numbers, size, start, counts)
            self.progress("transcripts", len(numbers))
        return made

    def _transcript_chunk(self, numbers, size, start, counts) -> list:
        events, transcripts, casts = [], [], []
        for number in numbers:
            day = start + dt.timedelta(days=number % 1500)
            place = self.random.choice(self.places)
            cast = self.random.sample(self.people, k=min(len(self.people), 5))
            title = f"Meeting on {' '.join(self.text.words(3))} no. {number}"
            events.append(
                Event(
                    title=title,
                    slug=f"{self.prefix}-event-{number}",
                    kind=EventKind.MEETING,
                    status=EventStatus.HELD,
                    date=day,
                    place=place,
                    format=EventFormat.VIDEOCONFERENCE,
                    summary=self.text.sentence(15),
                )
            )
            transcripts.append(
                Transcript(
                    title=title,
                    slug=f"{self.prefix}-transcript-{number}",
                    source=self.source,
                    date=day,
                    dateline=f"{day:%B} {day.day}, {day.year}",
                    place=place,
                    summary=self.text.sentence(15),
                    status=_state(self.random, TRANSCRIPT_STATES),
                    published_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
                )
            )
            casts.append(cast)
        events = _bulk(Event, events)
        for transcript, event in zip(transcripts, events, strict=True):
            transcript.event = event
        transcripts = _bulk(Transcript, transcripts)
        _bulk(
            Event.participants.through,
            [
                Event.participants.through(event_id=event.pk, person_id=person.pk)
                for event, cast in zip(events, casts, strict=True)
                for person in cast
            ],
        )
        per_transcript = [
            self._segments(transcript, cast, size)
            for transcript, cast in zip(transcripts, casts, strict=True)
        ]
        _bulk(Segment, [s for segments in per_transcript for s in segments])
        counts.events += len(events)
        counts.transcripts += len(transcripts)
        counts.segments += sum(map(len, per_transcript))
        return [
            (event, transcript, cast, self._quotable(segments))
            for event, transcript, cast, segments in zip(
                events, transcripts, casts, per_transcript, strict=True
            )
        ]

    def _quotable(self, segments: list[Segment]) -> list[tuple[int, str, str]]:
        """Return a sample of spoken paragraphs as (pk, text, speaker) for stories to cite."""
        spoken = [s for s in segments if s.kind == SegmentKind.SPEECH] or segments
        sample = self.random.sample(spoken, k=min(QUOTABLE, len(spoken)))
        return [(s.pk, s.text, s.speaker.name if s.speaker else "") for s in sample]

    def _segments(self, transcript, cast, size) -> list[Segment]:
        segments, speaker, left = [], None, 0
        for position in range(1, size + 1):
            if self.random.random() < 0.03:
                segments.append(
                    Segment(
                        transcript=transcript,
                        position=position,
                        kind=SegmentKind.NARRATION,
                        text=self.random.choice(NARRATION),
                    )
                )
                left = 0
                continue
            label = ""
            if left == 0:
                speaker, left = self.random.choice(cast), self.random.randint(1, 4)
                label = speaker.name
            left -= 1
            mention = self.random.choice(cast).name if self.random.random() < 0.2 else ""
            segments.append(
                Segment(
                    transcript=transcript,
                    position=position,
                    speaker=speaker,
                    speaker_label=label,
                    text=self.text.paragraph(name=mention),
                )
            )
        return segments

    def _stories(self, n: int, events: list, counts: Counts) -> None:
        for first in range(0, n, BATCH):
            numbers = range(first + 1, min(n, first + BATCH) + 1)
            with transaction.atomic():
                self._story_chunk(numbers, events, counts)
            self.progress("stories", len(numbers))

    def _story_chunk(self, numbers, events, counts) -> None:
        articles, links = [], []
        for number in numbers:
            event, transcript, cast, quotable = self.random.choice(events)
            quoted, paraphrased = (
                self.random.sample(quotable, k=2) if len(quotable) > 1 else quotable * 2
            )
            quote = re.split(r"(?<=\.) ", quoted[1])[0]
            said = f"{quoted[2] or 'The transcript'} said: “{quote}”"
            paraphrase = self.text.paraphrase(paraphrased[1])
            paragraphs = [self.text.paragraph(2, name=self.random.choice(cast).name) for _ in "abc"]
            paragraphs.insert(1, said)
            paragraphs.insert(3, paraphrase)
            state = _state(self.random, STORY_STATES)
            when = self.now - dt.timedelta(minutes=self.random.randint(60, 3 * 365 * 24 * 60))
            articles.append(
                Article(
                    headline=" ".join(self.text.words(7)).capitalize(),
                    slug=f"{self.prefix}-story-{number}",
                    standfirst=self.text.sentence(18),
                    body="\n\n".join(paragraphs),
                    source=self.random.choice(self.outlets),
                    status=state,
                    published_at=when if state != PublicationStatus.DRAFT else None,
                    last_published_at=when if state != PublicationStatus.DRAFT else None,
                    byline=_name(self.random),
                    version=1,
                )
            )
            links.append((event, transcript, cast, (quote, quoted), (paraphrase, paraphrased)))
        articles = _bulk(Article, articles)
        people, story_events, citations = [], [], []
        for article, (event, transcript, cast, *cited) in zip(articles, links, strict=True):
            story_events.append(Article.events.through(article_id=article.pk, event_id=event.pk))
            for person in self.random.sample(cast, k=min(2, len(cast))):
                people.append(Article.people.through(article_id=article.pk, person_id=person.pk))
            for (words, (segment_pk, record, _)), relation in zip(
                cited, (CitationRelation.QUOTE, CitationRelation.PARAPHRASE), strict=True
            ):
                citations.append(
                    Citation(
                        article_id=article.pk,
                        segment_id=segment_pk,
                        transcript_id=transcript.pk,
                        record_exact=record,
                        quote=words[:1000],
                        relation=relation,
                        status=CitationStatus.CONFIRMED,
                    )
                )
        _bulk(Article.events.through, story_events)
        _bulk(Article.people.through, people)
        _bulk(Citation, citations)
        counts.stories += len(articles)
        counts.citations += len(citations)
