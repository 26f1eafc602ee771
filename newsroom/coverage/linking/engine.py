"""Rank transcript segments against each sentence of a story and propose citations.

The records searched come from the story's context (context.py): its tagged events,
its date, the people it names. Score: BM25 over stemmed terms, normalised to the share
of the sentence's information (its terms' IDF) that a segment holds, so scores compare
across sentences (0 to about 1). Names are not evidence: the words that only name
people, places and posts (names.py) count neither for the sentence nor for the passage;
a shared person, place or number then boosts a match the other words made. A sentence
that reports what someone said prefers what was said to narration about it. The
contradiction guard (conflicts.py) drops a passage about another place, person or day;
the relation (relations.py) says which evidence decided it. Last, a story reports one
meeting: links into records of other days need the strongest evidence.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import OuterRef, Subquery

from newsroom.coverage.linking import conflicts, relations
from newsroom.coverage.linking.attribution import speakers
from newsroom.coverage.linking.context import StoryContext, in_window, story_context
from newsroom.coverage.linking.dates import month_days, years
from newsroom.coverage.linking.index import index_pending
from newsroom.coverage.linking.mentions import PERSON, PLACE, Gazetteer
from newsroom.coverage.linking.names import naming_terms
from newsroom.coverage.linking.relations import longest_common_run  # noqa: F401 (public)
from newsroom.coverage.linking.sentences import Sentence, split_sentences
from newsroom.coverage.linking.speech import announces, reports_meeting, reports_speech
from newsroom.coverage.linking.tokens import bigrams, numbers, terms
from newsroom.coverage.models import (
    Citation,
    CitationRelation,
    IndexTotals,
    Person,
    Segment,
    SegmentKind,
    SegmentTerm,
    TermStat,
    Transcript,
)

K1 = 1.2
B = 0.75
ACCOUNT_WITHIN = 3  # a record tells who met whom in its first paragraphs


@dataclass(frozen=True)
class Settings:
    threshold: float = 0.10  # below it nothing is proposed (tuned on the gold sets' tune parts)
    tagged_share: float = 0.6  # …times this, for the records of the events a story is tagged with
    paraphrase: float = 0.15  # at or above it, a paraphrase (else context)
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
    other_meeting: float = 0.5  # a link into a record of another day needs this score
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
    weights: dict[str, float] = field(default_factory=dict)  # each shared term's share


@dataclass
class Analysis:
    """What the engine made of a story: its context, its proposals, and why so few."""

    context: StoryContext | None
    proposals: list[Proposal] = field(default_factory=list)
    reason: str = ""  # why nothing is proposed, when nothing is

    @property
    def main_transcript(self):
        """Return the record most of the proposals rest on (the story's likely meeting)."""
        support = defaultdict(float)
        for proposal in self.proposals:
            support[proposal.segment.transcript] += proposal.score
        return max(support, key=support.get, default=None)


def propose(article, **overrides) -> list[Proposal]:
    """Return proposed citations for `article` against published transcripts."""
    return analyse(article, **overrides).proposals


def analyse(article, **overrides) -> Analysis:
    """Return the story's context and its proposed citations, or why there are none."""
    config = Settings.from_django(**overrides)
    index_pending()
    longest = Citation._meta.get_field("quote").max_length
    sentences = [
        s
        for s in split_sentences(article.body)
        if len(set(terms(s.text))) >= config.min_sentence_terms and len(s.text) <= longest
    ]
    if not sentences:
        return Analysis(None, reason="No sentence of the story says enough to look up.")
    total, avgdl = IndexTotals.current()
    if not total:
        return Analysis(None, reason="No published record has been indexed yet.")

    gazetteer = Gazetteer.from_database()
    article_terms = set(terms(article.body))
    transcripts = {
        pk: (event_id, date, f"{title}\n{summary}")
        for pk, event_id, title, summary, date in Transcript.objects.published().values_list(
            "pk", "event_id", "title", "summary", "date"
        )
    }
    described = {pk: set(terms(text)) for pk, (_, _, text) in transcripts.items()}
    wanted = article_terms.union(*described.values())
    df = dict(
        TermStat.objects.filter(stem__in=wanted, segments__gt=0).values_list("stem", "segments")
    )
    idf = {t: math.log(1 + (total - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)) for t in wanted}
    window = conflicts.Window(config.days_before, config.days_after)
    context = story_context(article, gazetteer, transcripts, _names(), window)
    # A record whose title and summary the story's words cover is searched whatever
    # its date, when the story names that date or gives none.
    named = (years(article.body), month_days(article.body))
    searched = set(context.records)
    for pk, (_, date, _) in transcripts.items():
        if _coverage(described[pk], article_terms, idf) >= config.min_relevance and (
            not context.date or _named(date, named)
        ):
            searched.add(pk)
    if not searched:
        return Analysis(context, reason=context.reason)

    usable = _usable_terms(article_terms, df, total, config)
    common = {t for t in article_terms if df.get(t, 0) and t not in usable}
    # Each posting's BM25 weight is worked out once, though many sentences share a term.
    postings = defaultdict(list)
    for segment_id, stem, count, length in SegmentTerm.objects.filter(
        stem__in=usable, transcript_id__in=searched
    ).values_list("segment_id", "stem", "count", "length"):
        saturation = count * (K1 + 1) / (count + K1 * (1 - B + B * length / avgdl))
        postings[stem].append((segment_id, idf[stem] * saturation))

    ranked = []
    for sentence in sentences:
        mentions = [m for m in context.mentions if sentence.start <= m.start < sentence.end]
        naming = naming_terms(sentence.text, _shifted(mentions, sentence.start))
        sentence_terms = set(terms(sentence.text)) - common - naming
        ceiling = sum(idf[t] for t in sentence_terms) * (K1 + 1)
        scores: dict[int, _Candidate] = {}
        for term in sentence_terms & usable:
            for segment_id, weight in postings[term]:
                candidate = scores.setdefault(segment_id, _Candidate(segment_id, 0.0))
                candidate.lexical += weight / ceiling
                candidate.weights[term] = weight / ceiling
        best = sorted(scores.values(), key=lambda c: -c.lexical)[: config.candidates]
        ranked.append(
            (sentence, naming, sentence_terms, [c for c in best if c.lexical >= config.min_lexical])
        )

    accounts = _accounts(searched, context, config) if context.people else []
    proposals = _boost_and_choose(article.body, ranked, config, context, gazetteer, accounts)
    proposals = _one_meeting(proposals, context, config)
    reason = "" if proposals else _why_no_match(len(searched))
    return Analysis(context, proposals, reason)


def _names() -> dict[int, str]:
    return dict(Person.objects.values_list("pk", "name"))


def _shifted(mentions, offset: int):
    """Return `mentions` with offsets into the sentence instead of the story."""
    return [replace(m, start=m.start - offset, end=m.end - offset) for m in mentions]


def _why_no_match(searched: int) -> str:
    records = "record" if searched == 1 else "records"
    return (
        f"{searched} {records} searched; no sentence shares enough words with a passage "
        "beyond the names of people and places, or the passages that do are about "
        "another place, person or day."
    )


def _one_meeting(proposals: list[Proposal], context: StoryContext, config: Settings):
    """Keep the links into the record of the story's meeting, and strong ones elsewhere.

    A story reports one meeting: the day most of its evidence points to (its tagged
    events' days too). A passage from a record of another day backs a sentence only with
    the story's quoted words verbatim or a score of `other_meeting` and more.
    """
    if not proposals:
        return proposals
    support = defaultdict(float)
    for proposal in proposals:
        support[proposal.segment.transcript.date] += proposal.score
    days = {max(support, key=support.get)}
    days |= {
        p.segment.transcript.date
        for p in proposals
        if p.segment.transcript.event_id in context.tagged_events
    }
    return [
        p
        for p in proposals
        if p.segment.transcript.date in days
        or p.relation == CitationRelation.QUOTE
        or p.score >= config.other_meeting
    ]


def _accounts(searched: set[int], context: StoryContext, config: Settings) -> list[int]:
    """Return each searched record's account of its meeting: its first narration paragraph.

    The Kremlin opens a record by telling who met whom ("Vladimir Putin met with …");
    a sentence reporting that meeting is backed by it. Only records near the story's
    date qualify, or, for a story without a date, those where its people speak.
    """
    records = searched
    if context.date is not None:
        window = conflicts.Window(config.days_before, config.days_after)
        records = {
            pk
            for pk, date in Transcript.objects.filter(pk__in=searched).values_list("pk", "date")
            if in_window(date, context.date, window)
        }
    first = (
        Segment.objects.filter(
            transcript_id__in=records, kind=SegmentKind.NARRATION, position__lte=ACCOUNT_WITHIN
        )
        .order_by("transcript_id", "position")
        .values_list("transcript_id", "pk")
    )
    found = {}
    for transcript_id, pk in first:
        found.setdefault(transcript_id, pk)
    return list(found.values())


def _boost_and_choose(
    body: str, ranked, config: Settings, context, gazetteer, accounts
) -> list[Proposal]:
    segment_ids = {c.segment_id for _, _, _, candidates in ranked for c in candidates}
    segments = Segment.objects.select_related("speaker", "transcript").in_bulk(
        segment_ids | set(accounts)
    )
    geography = conflicts.Geography.from_database()
    segment_mentions = {pk: gazetteer.find(s.text) for pk, s in segments.items()}
    segment_naming = {pk: naming_terms(s.text, segment_mentions[pk]) for pk, s in segments.items()}
    segment_entities = {
        pk: {(m.kind, m.id) for m in segment_mentions[pk]}
        | ({(PERSON, s.speaker_id)} if s.speaker_id else set())
        for pk, s in segments.items()
    }
    story_mentions = context.mentions
    names_people = any(m.kind == PERSON for m in story_mentions)
    records = _records(gazetteer, segments.values(), segment_entities, names_people)
    names = {(m.kind, m.id): m.text for found in segment_mentions.values() for m in found}
    names.update({(PERSON, s.speaker_id): s.speaker.name for s in segments.values() if s.speaker})
    window = conflicts.Window(config.days_before, config.days_after)
    quoted_people = speakers(split_sentences(body), story_mentions)
    story_date = context.date

    proposals = []
    for sentence, naming, words, candidates in ranked:
        mentions = [m for m in story_mentions if sentence.start <= m.start < sentence.end]
        names.update({(m.kind, m.id): m.text for m in mentions})
        claim = _Claim(
            sentence.text,
            {(m.kind, m.id) for m in mentions},
            conflicts.governments(sentence.text, _shifted(mentions, sentence.start)),
            quoted_people.get(sentence.start),
            announces(sentence.text),
            reports_speech(sentence.text),
            numbers(sentence.text),
            bigrams(sentence.text),
            naming,
            # What someone said rests on their words, not on the account of the meeting.
            reports_meeting(sentence.text) and not reports_speech(sentence.text),
            words,
        )
        scored = []
        for candidate in candidates:
            segment = segments[candidate.segment_id]
            item = _score(
                claim,
                candidate,
                segment,
                segment_entities[segment.pk],
                segment_naming[segment.pk],
                config,
            )
            if item is not None:
                scored.append(item)
        if claim.meeting:
            passages = {
                pk: (segments[pk], segment_entities[pk], segment_naming[pk]) for pk in accounts
            }
            scored = _with_accounts(claim, scored, accounts, passages, records, config)
        for item in scored:
            item.conflict = _conflict(
                claim,
                item.segment,
                segment_entities[item.segment.pk],
                records[item.segment.transcript_id],
                geography,
                names,
                story_date,
                window,
            )
        for item in _chosen(claim, scored, config, context.tagged_events):
            evidence = relations.Evidence(
                sentence=sentence.text,
                passage=item.segment.text,
                score=item.score,
                shared_terms=sorted(item.evidence),
                shared_names=sorted(names.get(e, "?") for e in item.shared_entities),
                shared_numbers=sorted(item.shared_numbers),
                announced=bool(story_date and item.segment.transcript.date > story_date),
                narration=item.segment.kind == SegmentKind.NARRATION,
                conflict=item.conflict,
                meeting=item.meeting,
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
    evidence: list[str]  # the shared terms that are not names
    conflict: str | None = None
    meeting: bool = False  # the record's account of the meeting the sentence reports


def _score(claim, candidate, segment, entities, naming, config: Settings) -> _Scored | None:
    """Return the candidate boosted for what it shares with the sentence; None if too little.

    Only words that do not merely name someone or somewhere are evidence; a shared
    person, place, number or pair of words then boosts what they found.
    """
    evidence = {t: w for t, w in candidate.weights.items() if t not in naming}
    lexical = sum(evidence.values())
    if lexical < config.min_lexical:
        return None
    shared_entities = claim.entities & entities
    shared_numbers = claim.numbers & numbers(segment.text)
    shared_bigrams = {
        pair
        for pair in claim.bigrams & bigrams(segment.text)
        if not (set(pair) <= claim.naming | naming)
    }
    corroborated = shared_entities or shared_numbers or shared_bigrams
    if len(evidence) < config.min_shared_terms and not (
        corroborated and len(evidence) >= config.min_corroborated_terms
    ):
        return None
    score = lexical * (
        1
        + config.entity_boost * min(len(shared_entities), 2)
        + config.number_boost * min(len(shared_numbers), 2)
        + config.bigram_boost * min(len(shared_bigrams), 3)
    )
    if claim.speech and segment.kind == SegmentKind.NARRATION:
        score *= config.narration_penalty
    return _Scored(score, candidate, segment, shared_entities, shared_numbers, list(evidence))


def _with_accounts(claim, scored, accounts, passages, records, config):
    """Add the records' accounts of the meeting a sentence reports, when they fit it.

    An account fits when every person the sentence names is at the meeting it tells
    of (named by the account or the record's title, or its host, who speaks first),
    and the meeting, not only a name, is the evidence: two of the sentence's people
    are there, or one and a word beyond names the account shares ("videoconference",
    "elected"), or, for a sentence naming no one ("the two leaders met…"), two such
    words.
    """
    people = {i for k, i in claim.entities if k == PERSON}
    by_segment = {s.segment.pk: s for s in scored}
    for pk in accounts:
        segment, entities, naming = passages[pk]
        record = records[segment.transcript_id]
        present = people & (
            {i for k, i in entities if k == PERSON}
            | {i for k, i in record.named if k == PERSON}
            | {record.host}
        )
        # A record told only in narration ("the President noted…") names its host by
        # post, not by name: one of the sentence's people must be in it, not all.
        if people and not (present == people or (not record.speakers and present)):
            continue
        words = claim.words & (set(terms(segment.text)) - naming)
        needed = 0 if len(present) >= 2 else 1 if present else 2
        if len(words) < needed:
            continue
        score = config.paraphrase * (1 + config.entity_boost * min(len(present), 2))
        item = by_segment.get(pk)
        if item is None:
            item = _Scored(0.0, _Candidate(pk, 0.0), segment, set(), set(), sorted(words))
            scored.append(item)
        item.score, item.meeting = max(item.score, score), True
        item.shared_entities |= {(PERSON, i) for i in present}
    return scored


def _chosen(claim, scored: list[_Scored], config: Settings, tagged: set[int]) -> list[_Scored]:
    """Return the candidates worth proposing, best first.

    A passage of the record of an event the editor tagged the story with needs less
    (`tagged_share` of the threshold): the editor has said what the story is about.
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

    def bar(item: _Scored) -> float:
        tagged_record = item.segment.transcript.event_id in tagged
        return config.threshold * (config.tagged_share if tagged_record else 1.0)

    top = max(s.score for s in ([s for s in scored if s.conflict is None] or scored))
    if not any(s.score >= bar(s) for s in scored):
        return []
    best_spoken = max((s.score for s in scored if s.segment.pk in spoken), default=0.0)
    ordered = sorted(
        scored, key=lambda s: (s.conflict is not None, s.segment.pk not in spoken, -s.score)
    )
    return [
        s
        for s in ordered
        if s.score >= bar(s)
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
    first_speaker = Segment.objects.filter(
        transcript=OuterRef("pk"), speaker__isnull=False
    ).order_by("position")
    hosts = dict(
        Transcript.objects.filter(pk__in=[t.pk for t in transcripts])
        .annotate(host=Subquery(first_speaker.values("speaker_id")[:1]))
        .values_list("pk", "host")
    )
    return {
        t.pk: conflicts.Record(
            date=t.date,
            place_id=t.place_id,
            speakers=frozenset(speakers[t.pk]),
            named=frozenset((m.kind, m.id) for m in gazetteer.find(f"{t.title}\n{t.summary}")),
            mentioned=frozenset(mentioned[t.pk]),
            days=frozenset(days[t.pk]),
            host=hosts.get(t.pk),
        )
        for t in transcripts
    }


@dataclass(frozen=True)
class _Claim:
    text: str
    entities: set
    governments: set  # places it names as parties ("Ankara's mediation"), not as where
    quoted: int | None  # whose words the sentence reports
    announcing: bool
    speech: bool  # the sentence reports what someone said
    numbers: set = frozenset()
    bigrams: set = frozenset()
    naming: frozenset = frozenset()  # its terms that only name people, places and posts
    meeting: bool = False  # it reports that a meeting took place (or will)
    words: frozenset = frozenset()  # its terms that are evidence: neither names nor common


def _conflict(
    claim: _Claim, segment, segment_entities, record, geography, names, story_date, window
) -> str | None:
    """Return why `segment` cannot back the claim, or None."""
    people = {i for k, i in claim.entities if k == PERSON}
    places = {i for k, i in claim.entities if k == PLACE} - claim.governments
    context_places = {i for k, i in segment_entities | record.named if k == PLACE}
    passage_people = {i for k, i in segment_entities if k == PERSON}
    speaker = segment.speaker_id if segment.kind == SegmentKind.SPEECH else None
    return (
        conflicts.date_conflict(
            claim.text,
            record.date,
            story_date,
            window,
            announcing=claim.announcing,
            passage=segment.text,
        )
        or conflicts.day_conflict(claim.text, segment.text, record)
        or conflicts.place_conflict(places, context_places, record.place_id, geography)
        or conflicts.speaker_conflict(claim.quoted, speaker, names)
        or conflicts.person_conflict(people, record, passage_people, names, quoted=claim.quoted)
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
