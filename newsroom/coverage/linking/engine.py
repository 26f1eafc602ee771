"""Rank transcript segments against each sentence of a story and propose citations.

Score: BM25 over stemmed terms, normalised to the share of the sentence's information
(its terms' IDF) that a segment holds, so scores compare across sentences (0 to about
1); then boosted for people, places and numbers the sentence and the segment share.
Relation: a long verbatim run is a quote; a high score a paraphrase; a lower one context.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from newsroom.coverage.linking.index import index_pending
from newsroom.coverage.linking.mentions import PERSON, Gazetteer
from newsroom.coverage.linking.sentences import Sentence, split_sentences
from newsroom.coverage.linking.tokens import bigrams, numbers, terms, words
from newsroom.coverage.models import (
    Citation,
    IndexTotals,
    Segment,
    SegmentTerm,
    TermStat,
    Transcript,
)

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class Settings:
    threshold: float = 0.045  # below it nothing is proposed
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
        pk: (event_id, set(terms(f"{title} {summary}")))
        for pk, event_id, title, summary in Transcript.objects.published().values_list(
            "pk", "event_id", "title", "summary"
        )
    }
    wanted = article_terms.union(*(described for _, described in transcripts.values()))
    df = dict(
        TermStat.objects.filter(stem__in=wanted, segments__gt=0).values_list("stem", "segments")
    )
    idf = {t: math.log(1 + (total - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)) for t in wanted}
    covered_events = set(article.events.values_list("pk", flat=True)) if article.pk else set()
    relevant = [
        pk
        for pk, (event_id, described) in transcripts.items()
        if event_id in covered_events
        or _coverage(described, article_terms, idf) >= config.min_relevance
    ]
    if not relevant:
        return []

    usable = _usable_terms(article_terms, df, total, config)
    common = {t for t in article_terms if df.get(t, 0) and t not in usable}
    postings = defaultdict(list)
    for segment_id, stem, count, length in SegmentTerm.objects.filter(
        stem__in=usable, transcript_id__in=relevant
    ).values_list("segment_id", "stem", "count", "length"):
        postings[stem].append((segment_id, count, length))

    ranked = []
    for sentence in sentences:
        sentence_terms = set(terms(sentence.text)) - common
        ceiling = sum(idf[t] for t in sentence_terms) * (K1 + 1)
        scores: dict[int, _Candidate] = {}
        for term in sentence_terms & usable:
            for segment_id, count, length in postings[term]:
                saturation = count * (K1 + 1) / (count + K1 * (1 - B + B * length / avgdl))
                part = idf[term] * saturation
                candidate = scores.setdefault(segment_id, _Candidate(segment_id, 0.0))
                candidate.lexical += part / ceiling
                candidate.shared_terms.append(term)
        best = sorted(scores.values(), key=lambda c: -c.lexical)[: config.candidates]
        ranked.append((sentence, [c for c in best if c.lexical >= config.min_lexical]))

    return _boost_and_choose(article, ranked, config)


def _boost_and_choose(article, ranked, config: Settings) -> list[Proposal]:
    segment_ids = {c.segment_id for _, candidates in ranked for c in candidates}
    segments = Segment.objects.select_related("speaker", "transcript").in_bulk(segment_ids)
    gazetteer = Gazetteer.from_database()
    segment_entities = {
        pk: _entities(gazetteer, s.text, s.speaker_id) for pk, s in segments.items()
    }
    names = {(m.kind, m.id): m.text for s in segments.values() for m in gazetteer.find(s.text)}

    proposals = []
    for sentence, candidates in ranked:
        mentions = gazetteer.find(sentence.text)
        sentence_entities = {(m.kind, m.id) for m in mentions}
        names.update({(m.kind, m.id): m.text for m in mentions})
        sentence_numbers = numbers(sentence.text)
        sentence_bigrams = bigrams(sentence.text)
        scored = []
        for candidate in candidates:
            segment = segments[candidate.segment_id]
            shared_entities = sentence_entities & segment_entities[candidate.segment_id]
            shared_numbers = sentence_numbers & numbers(segment.text)
            shared_bigrams = sentence_bigrams & bigrams(segment.text)
            stems = set(candidate.shared_terms)
            corroborated = shared_entities or shared_numbers or shared_bigrams
            if len(stems) < config.min_shared_terms and not (
                corroborated and len(stems) >= config.min_corroborated_terms
            ):
                continue
            score = candidate.lexical * (
                1
                + config.entity_boost * min(len(shared_entities), 2)
                + config.number_boost * min(len(shared_numbers), 2)
                + config.bigram_boost * min(len(shared_bigrams), 3)
            )
            scored.append((score, candidate, segment, shared_entities, shared_numbers))
        scored.sort(key=lambda item: -item[0])
        if not scored or scored[0][0] < config.threshold:
            continue
        top = scored[0][0]
        for score, candidate, segment, shared_entities, shared_numbers in scored:
            if score < config.threshold or score < top * config.keep_within:
                break
            run = longest_common_run(words(sentence.text), words(segment.text))
            if run >= config.quote_run:
                relation = "quote"
            elif score >= config.paraphrase:
                relation = "paraphrase"
            else:
                relation = "context"
            explanation = _explain(candidate, shared_entities, shared_numbers, names, run)
            proposals.append(Proposal(sentence, segment, round(score, 4), relation, explanation))
    return proposals


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


def _entities(gazetteer: Gazetteer, text: str, speaker_id: int | None) -> set:
    found = {(m.kind, m.id) for m in gazetteer.find(text)}
    if speaker_id:
        found.add((PERSON, speaker_id))
    return found


def longest_common_run(a: list[str], b: list[str]) -> int:
    """Return the length of the longest run of words `a` and `b` share, in order."""
    best = 0
    previous = [0] * (len(b) + 1)
    for word in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def _explain(candidate, shared_entities, shared_numbers, names, run) -> str:
    parts = ["shared terms: " + ", ".join(sorted(set(candidate.shared_terms)))]
    if shared_entities:
        parts.append(
            "shared names: " + ", ".join(sorted(names.get(e, "?") for e in shared_entities))
        )
    if shared_numbers:
        parts.append("shared numbers: " + ", ".join(sorted(shared_numbers)))
    if run >= 4:
        parts.append(f"{run} words verbatim")
    return "; ".join(parts)
