"""Rank transcript segments against each sentence of a story and propose citations.

Score: BM25 over stemmed terms, normalised to the share of the sentence's information
(its terms' IDF) that a segment holds, so scores compare across sentences (0 to about
1); then boosted for people, places and numbers the sentence and the segment share.
A sentence that reports what someone said prefers what was said to narration about it.
The contradiction guard (conflicts.py) drops a passage about another place, person or
day; the relation (relations.py) says which evidence decided it.
"""

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from newsroom.coverage.linking import conflicts, relations
from newsroom.coverage.linking.attribution import speakers
from newsroom.coverage.linking.dates import month_days, years
from newsroom.coverage.linking.index import index_pending
from newsroom.coverage.linking.mentions import PERSON, PLACE, Gazetteer
from newsroom.coverage.linking.relations import longest_common_run  # noqa: F401 (public)
from newsroom.coverage.linking.sentences import Sentence, split_sentences
from newsroom.coverage.linking.speech import announces, reports_speech
from newsroom.coverage.linking.tokens import bigrams, numbers, terms
from newsroom.coverage.models import (
    Citation,
    DatePrecision,
    IndexTotals,
    Segment,
    SegmentKind,
    SegmentTerm,
    TermStat,
    Transcript,
)

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class Settings:
    threshold: float = 0.06  # below it nothing is proposed (tuned on the gold sets' tune parts)
    paraphrase: float = 0.10  # at or above it, a paraphrase (else context)
    min_relevance: float = 0.6  # share of a transcript's title and summary terms the story uses
    min_shared_terms: int = 3  # distinct shared stems a match needs…
    min_corroborated_terms: int = 2  # …or this many with a shared name, number or phrase
    quote_run: int = 8  # a verbatim run of this many words makes a quote
    min_lexical: float = 0.02  # below it, boosts cannot make a match
    entity_boost: float = 0.5  # multiplies the lexical score, per shared person or place (≤ 2)
    number_boost: float = 0.5  # per shared number (≤ 2)
    bigram_boost: float = 0.5  # per shared pair of adjacent terms (≤ 3)
    max_df_ratio: float = 0.2  # terms in more segments than this are too common to use
    postings_budget: int = 200_000  # rarest terms first, until their postings reach this
    min_sentence_terms: int = 4
    candidates: int = 8  # best lexical candidates per sentence that are boosted and compared
    keep_within: float = 0.9  # also propose candidates scoring this close to the best
    narration_penalty: float = 0.5  # narration's score when the sentence reports speech
    close_share: float = 0.6  # share of the sentence's terms a close paraphrase repeats
    days_before: int = 10  # a story with a date reports meetings at most this much older…
    days_after: int = 60  # …or announces them at most this far ahead

    @classmethod
    def from_django(cls, **overrides):
        values = {**getattr(settings, "LINKING", {}), **overrides}
        return cls(**{k: v for k, v in values.items() if v is not None})


@dataclass
class Proposal:
    sentence: Sentence
    segment: Segment
    score: float
    relation: str
    explanation: str


@dataclass
class _Candidate:
    segment_id: int
    lexical: float
    shared_terms: list[str] = field(default_factory=list)


def propose(article, **overrides) -> list[Proposal]:
    """Return proposed citations for `article` against published transcripts."""
    config = Settings.from_django(**overrides)
    index_pending()
    longest = Citation._meta.get_field("quote").max_length
    sentences = [
        s
        for s in split_sentences(article.body)
        if len(set(terms(s.text))) >= config.min_sentence_terms and len(s.text) <= longest
    ]
    if not sentences:
        return []
    total, avgdl = IndexTotals.current()
    if not total:
        return []

    article_terms = set(terms(article.body))
    transcripts = {
        pk: (event_id, set(terms(f"{title} {summary}")), date)
        for pk, event_id, title, summary, date in Transcript.objects.published().values_list(
            "pk", "event_id", "title", "summary", "date"
        )
    }
    wanted = article_terms.union(*(described for _, described, _ in transcripts.values()))
    df = dict(
        TermStat.objects.filter(stem__in=wanted, segments__gt=0).values_list("stem", "segments")
    )
    idf = {t: math.log(1 + (total - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)) for t in wanted}
    events = list(article.events.values_list("pk", "date", "date_precision")) if article.pk else []
    covered_events = {pk for pk, _, _ in events}
    story_date = _story_date(article, events)
    window = conflicts.Window(config.days_before, config.days_after)
    named = (years(article.body), month_days(article.body))
    relevant = [
        pk
        for pk, (event_id, described, date) in transcripts.items()
        if event_id in covered_events
        or (story_date and _in_window(date, story_date, window))
        or (
            _coverage(described, article_terms, idf) >= config.min_relevance
            and (not story_date or _named(date, named))
        )
    ]
    if not relevant:
        return []

    usable = _usable_terms(article_terms, df, total, config)
    common = {t for t in article_terms if df.get(t, 0) and t not in usable}
    # Each posting's BM25 weight is worked out once, though many sentences share a term.
    postings = defaultdict(list)
    for segment_id, stem, count, length in SegmentTerm.objects.filter(
        stem__in=usable, transcript_id__in=relevant
    ).values_list("segment_id", "stem", "count", "length"):
        saturation = count * (K1 + 1) / (count + K1 * (1 - B + B * length / avgdl))
        postings[stem].append((segment_id, idf[stem] * saturation))

    ranked = []
    for sentence in sentences:
        sentence_terms = set(terms(sentence.text)) - common
        ceiling = sum(idf[t] for t in sentence_terms) * (K1 + 1)
        scores: dict[int, _Candidate] = {}
        for term in sentence_terms & usable:
            for segment_id, weight in postings[term]:
                candidate = scores.setdefault(segment_id, _Candidate(segment_id, 0.0))
                candidate.lexical += weight / ceiling
                candidate.shared_terms.append(term)
        best = sorted(scores.values(), key=lambda c: -c.lexical)[: config.candidates]
        ranked.append((sentence, [c for c in best if c.lexical >= config.min_lexical]))

    return _boost_and_choose(article.body, ranked, config, story_date)


def _boost_and_choose(body: str, ranked, config: Settings, story_date) -> list[Proposal]:
    segment_ids = {c.segment_id for _, candidates in ranked for c in candidates}
    segments = Segment.objects.select_related("speaker", "transcript").in_bulk(segment_ids)
    gazetteer = Gazetteer.from_database()
    geography = conflicts.Geography.from_database()
    segment_mentions = {pk: gazetteer.find(s.text) for pk, s in segments.items()}
    segment_entities = {
        pk: {(m.kind, m.id) for m in segment_mentions[pk]}
        | ({(PERSON, s.speaker_id)} if s.speaker_id else set())
        for pk, s in segments.items()
    }
    story_mentions = gazetteer.find(body)
    names_people = any(m.kind == PERSON for m in story_mentions)
    records = _records(gazetteer, segments.values(), segment_entities, names_people)
    names = {(m.kind, m.id): m.text for found in segment_mentions.values() for m in found}
    names.update({(PERSON, s.speaker_id): s.speaker.name for s in segments.values() if s.speaker})
    window = conflicts.Window(config.days_before, config.days_after)
    quoted_people = speakers(split_sentences(body), story_mentions)

    proposals = []
    for sentence, candidates in ranked:
        mentions = gazetteer.find(sentence.text)
        names.update({(m.kind, m.id): m.text for m in mentions})
        claim = _Claim(
            sentence.text,
            {(m.kind, m.id) for m in mentions},
            quoted_people.get(sentence.start),
            announces(sentence.text),
            reports_speech(sentence.text),
            numbers(sentence.text),
            bigrams(sentence.text),
        )
        scored = []
        for candidate in candidates:
            segment = segments[candidate.segment_id]
            item = _score(claim, candidate, segment, segment_entities[segment.pk], config)
            if item is not None:
                item.conflict = _conflict(
                    claim,
                    segment,
                    segment_entities[segment.pk],
                    records[segment.transcript_id],
                    geography,
                    names,
                    story_date,
                    window,
                )
                scored.append(item)
        for item in _chosen(claim, scored, config):
            evidence = relations.Evidence(
                sentence=sentence.text,
                passage=item.segment.text,
                score=item.score,
                shared_terms=sorted(set(item.candidate.shared_terms)),
                shared_names=sorted(names.get(e, "?") for e in item.shared_entities),
                shared_numbers=sorted(item.shared_numbers),
                announced=bool(story_date and item.segment.transcript.date > story_date),
                narration=item.segment.kind == SegmentKind.NARRATION,
                conflict=item.conflict,
            )
            decided = relations.decide(evidence, config)
            if decided is not None:
                relation, explanation = decided
                score = round(item.score, 4)
                proposals.append(Proposal(sentence, item.segment, score, relation, explanation))
    return proposals


@dataclass
class _Scored:
    score: float
    candidate: _Candidate
    segment: Segment
    shared_entities: set
    shared_numbers: set
    conflict: str | None = None


def _score(claim, candidate, segment, entities, config: Settings) -> _Scored | None:
    """Return the candidate boosted for what it shares with the sentence; None if too little."""
    shared_entities = claim.entities & entities
    shared_numbers = claim.numbers & numbers(segment.text)
    shared_bigrams = claim.bigrams & bigrams(segment.text)
    stems = set(candidate.shared_terms)
    corroborated = shared_entities or shared_numbers or shared_bigrams
    if len(stems) < config.min_shared_terms and not (
        corroborated and len(stems) >= config.min_corroborated_terms
    ):
        return None
    score = candidate.lexical * (
        1
        + config.entity_boost * min(len(shared_entities), 2)
        + config.number_boost * min(len(shared_numbers), 2)
        + config.bigram_boost * min(len(shared_bigrams), 3)
    )
    if claim.speech and segment.kind == SegmentKind.NARRATION:
        score *= config.narration_penalty
    return _Scored(score, candidate, segment, shared_entities, shared_numbers)


def _chosen(claim, scored: list[_Scored], config: Settings) -> list[_Scored]:
    """Return the candidates worth proposing, best first.

    The bar is the best score free of conflict; candidates close to it are proposed too.
    Conflicting ones come last (the relation keeps one only for words found verbatim).
    A sentence on what someone said puts that person's words first, and takes narration
    only where it comes closer still.
    """
    if not scored:
        return []
    spoken = {
        s.segment.pk
        for s in scored
        if claim.speech
        and claim.quoted
        and s.conflict is None
        and s.segment.speaker_id == claim.quoted
    }
    top = max(s.score for s in ([s for s in scored if s.conflict is None] or scored))
    if top < config.threshold:
        return []
    best_spoken = max((s.score for s in scored if s.segment.pk in spoken), default=0.0)
    ordered = sorted(
        scored, key=lambda s: (s.conflict is not None, s.segment.pk not in spoken, -s.score)
    )
    return [
        s
        for s in ordered
        if s.score >= config.threshold
        and s.score >= top * config.keep_within
        and not (s.segment.kind == SegmentKind.NARRATION and s.score < best_spoken)
    ]


def _records(gazetteer, segments, segment_entities, names_people) -> dict[int, conflicts.Record]:
    """Return what the guard needs of the transcripts of `segments` (the candidates).

    One query finds all their speakers, when the story names anyone they could be
    compared with; the people and days the candidate passages name stand for what the
    record names beyond the passage at hand.
    """
    transcripts = {s.transcript for s in segments}
    mentioned, days = defaultdict(set), defaultdict(set)
    for segment in segments:
        mentioned[segment.transcript_id] |= {
            i for k, i in segment_entities[segment.pk] if k == PERSON
        }
        days[segment.transcript_id] |= month_days(segment.text)
    speakers = defaultdict(set)
    heard = Segment.objects.filter(transcript__in=transcripts, speaker__isnull=False)
    for transcript_id, speaker_id in (
        heard.values_list("transcript_id", "speaker_id").distinct() if names_people else ()
    ):
        speakers[transcript_id].add(speaker_id)
    return {
        t.pk: conflicts.Record(
            date=t.date,
            place_id=t.place_id,
            speakers=frozenset(speakers[t.pk]),
            named=frozenset((m.kind, m.id) for m in gazetteer.find(f"{t.title}\n{t.summary}")),
            mentioned=frozenset(mentioned[t.pk]),
            days=frozenset(days[t.pk]),
        )
        for t in transcripts
    }


@dataclass(frozen=True)
class _Claim:
    text: str
    entities: set
    quoted: int | None  # whose words the sentence reports
    announcing: bool
    speech: bool  # the sentence reports what someone said
    numbers: set = frozenset()
    bigrams: set = frozenset()


def _conflict(
    claim: _Claim, segment, segment_entities, record, geography, names, story_date, window
) -> str | None:
    """Return why `segment` cannot back the claim, or None."""
    people = {i for k, i in claim.entities if k == PERSON}
    places = {i for k, i in claim.entities if k == PLACE}
    context_places = {i for k, i in segment_entities | record.named if k == PLACE}
    passage_people = {i for k, i in segment_entities if k == PERSON}
    speaker = segment.speaker_id if segment.kind == SegmentKind.SPEECH else None
    return (
        conflicts.date_conflict(
            claim.text, record.date, story_date, window, announcing=claim.announcing
        )
        or conflicts.day_conflict(claim.text, segment.text, record)
        or conflicts.place_conflict(places, context_places, record.place_id, geography)
        or conflicts.speaker_conflict(claim.quoted, speaker, names)
        or conflicts.person_conflict(people, record, passage_people, names, quoted=claim.quoted)
    )


def _story_date(article, events) -> dt.date | None:
    """Return the date of what the story reports.

    That is its source's date, else the latest exact day of the events an editor says it
    covers; a story with neither is judged by the dates its sentences name.
    """
    if getattr(article, "source_date", None):
        return article.source_date
    days = [date for _, date, precision in events if date and precision == DatePrecision.DAY]
    return max(days, default=None)


def _in_window(date, story_date, window: conflicts.Window) -> bool:
    return (
        story_date - dt.timedelta(days=window.days_before)
        <= date
        <= story_date + dt.timedelta(days=window.days_after)
    )


def _named(date, named) -> bool:
    named_years, named_days = named
    return date.year in named_years or (date.month, date.day) in named_days


def _usable_terms(article_terms: set[str], df: dict, total: int, config: Settings) -> set[str]:
    """Return the terms worth reading postings for: rarest first, within the budget.

    A term in more segments than `max_df_ratio` says little about which one backs a
    sentence and costs the most to read; past the budget, rarer terms decide alone.
    """
    max_df = max(3, config.max_df_ratio * total)
    usable, spent = set(), 0
    for term in sorted((t for t in article_terms if 0 < df.get(t, 0) <= max_df), key=df.get):
        spent += df[term]
        if spent > config.postings_budget:
            break
        usable.add(term)
    return usable


def _coverage(wanted: set[str], present: set[str], idf: dict[str, float]) -> float:
    """Return the IDF-weighted share of `wanted` terms that are `present`."""
    total = sum(idf.get(t, 0.0) for t in wanted)
    return sum(idf.get(t, 0.0) for t in wanted & present) / total if total else 0.0
