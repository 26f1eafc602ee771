"""Store the linking engine's proposals as suggested citations, never over an editor's word."""

import logging
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum

from newsroom.coverage.linking.engine import analyse
from newsroom.coverage.linking.mentions import PERSON, PLACE, Gazetteer
from newsroom.coverage.models import Article, Citation, CitationStatus, Event, Person, Place

logger = logging.getLogger(__name__)


@dataclass
class SuggestionResult:
    article: Article
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept_by_editors: int = 0
    people: list[Person] = field(default_factory=list)  # named, not yet linked
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # the meeting its evidence points to
    reason: str = ""  # why nothing was suggested, when nothing was

    @property
    def suggested(self) -> int:
        return self.created + self.updated

    @property
    def proposed_tags(self) -> list:
        """Return the people, places and events to tag the story with, for the editor."""
        return [*self.people, *self.places, *self.events]

    def summary(self) -> str:
        """Say what was suggested, and why nothing was when nothing was."""
        said = (
            f"{self.suggested} citations suggested ({self.created} new); "
            f"{self.kept_by_editors} already decided left as they were."
        )
        if not self.suggested and self.reason:
            said = f"{said} {self.reason}"
        if self.proposed_tags:
            said = f"{said} Tags proposed: {', '.join(str(t) for t in self.proposed_tags)}."
        return said


def suggest_citations(*, article: Article, threshold: float | None = None) -> SuggestionResult:
    """Replace the article's suggested citations with fresh proposals.

    Confirmed and rejected citations stay exactly as editors left them, and a proposal
    that repeats one of them is not stored again. The result also proposes the tags the
    story's text and evidence point to (the people and places it names, the meeting its
    suggestions rest on) and, when nothing is suggested, says why.
    """
    started = time.perf_counter()
    analysis = analyse(article, threshold=threshold)
    proposals = analysis.proposals
    result = SuggestionResult(article=article, reason=analysis.reason)
    with transaction.atomic():
        existing = {
            (c.segment_id, c.quote): c
            # Locked by primary key: the default ordering joins the paragraph, which a
            # citation may lack (lost in a revision), and PostgreSQL locks no outer join.
            for c in Citation.objects.select_for_update().filter(article=article).order_by("pk")
        }
        fresh = set()
        for proposal in proposals:
            key = (proposal.segment.pk, proposal.sentence.text)
            citation = existing.get(key)
            if citation is not None and citation.status != CitationStatus.SUGGESTED:
                result.kept_by_editors += 1
                continue
            fresh.add(key)
            values = {
                "relation": proposal.relation,
                "score": proposal.score,
                "note": proposal.explanation,
            }
            if citation is None:
                Citation.objects.create(
                    article=article,
                    segment=proposal.segment,
                    quote=proposal.sentence.text,
                    status=CitationStatus.SUGGESTED,
                    **values,
                )
                result.created += 1
            else:
                for name, value in values.items():
                    setattr(citation, name, value)
                citation.save(update_fields=list(values))
                result.updated += 1
        stale = [
            c.pk
            for key, c in existing.items()
            if c.status == CitationStatus.SUGGESTED and key not in fresh
        ]
        result.removed = Citation.objects.filter(pk__in=stale).delete()[0]
    result.people, result.places = unlinked_mentions(article)
    result.events = untagged_events(article, analysis.main_transcript)
    logger.info(
        "Suggested %d citations for story %r (%d new, %d removed, %d decided by editors "
        "kept) in %.2f s",
        result.suggested,
        article.slug,
        result.created,
        result.removed,
        result.kept_by_editors,
        time.perf_counter() - started,
    )
    return result


def unlinked_mentions(article: Article, gazetteer=None) -> tuple[list[Person], list[Place]]:
    """Return the people and places the article names but is not yet linked to."""
    mentions = (gazetteer or Gazetteer.from_database()).find(article.body)
    person_ids = {m.id for m in mentions if m.kind == PERSON}
    place_ids = {m.id for m in mentions if m.kind == PLACE}
    person_ids -= set(article.people.values_list("pk", flat=True))
    place_ids -= set(article.places.values_list("pk", flat=True))
    return (
        list(Person.objects.filter(pk__in=person_ids)),
        list(Place.objects.filter(pk__in=place_ids)),
    )


def untagged_events(article: Article, transcript=None) -> list[Event]:
    """Return the event of `transcript` (else of the record most suggestions rest on),
    when the story is not tagged with it."""
    if transcript is None:
        cited = (
            Citation.objects.filter(article=article, status=CitationStatus.SUGGESTED)
            .exclude(segment__transcript__event__isnull=True)
            .values("segment__transcript__event_id")
            .annotate(total=Sum("score"))
            .order_by("-total")
            .values_list("segment__transcript__event_id", flat=True)
        )
        event_id = next(iter(cited), None)
    else:
        event_id = transcript.event_id
    if event_id is None or article.events.filter(pk=event_id).exists():
        return []
    return list(Event.objects.filter(pk=event_id))


def link_mentions(*, article: Article) -> tuple[list[Person], list[Place]]:
    """Link the article to the people and places it names; return what was added."""
    people, places = unlinked_mentions(article)
    article.people.add(*people)
    article.places.add(*places)
    return people, places


def accept_tags(*, article: Article) -> list:
    """Tag the story with the people, places and event the engine proposes; return them."""
    people, places = link_mentions(article=article)
    events = untagged_events(article)
    article.events.add(*events)
    return [*people, *places, *events]
