"""Store the linking engine's proposals as suggested citations, never over an editor's word."""

import logging
import time
from dataclasses import dataclass, field

from django.db import transaction

from newsroom.coverage.linking.engine import propose
from newsroom.coverage.linking.mentions import PERSON, PLACE, Gazetteer
from newsroom.coverage.models import Article, Citation, CitationStatus, Person, Place

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

    @property
    def suggested(self) -> int:
        return self.created + self.updated


def suggest_citations(*, article: Article, threshold: float | None = None) -> SuggestionResult:
    """Replace the article's suggested citations with fresh proposals.

    Confirmed and rejected citations stay exactly as editors left them, and a proposal
    that repeats one of them is not stored again.
    """
    started = time.perf_counter()
    proposals = propose(article, threshold=threshold)
    result = SuggestionResult(article=article)
    with transaction.atomic():
        existing = {
            (c.segment_id, c.quote): c
            for c in Citation.objects.select_for_update().filter(article=article)
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


def unlinked_mentions(article: Article) -> tuple[list[Person], list[Place]]:
    """Return the people and places the article names but is not yet linked to."""
    mentions = Gazetteer.from_database().find(article.body)
    person_ids = {m.id for m in mentions if m.kind == PERSON}
    place_ids = {m.id for m in mentions if m.kind == PLACE}
    person_ids -= set(article.people.values_list("pk", flat=True))
    place_ids -= set(article.places.values_list("pk", flat=True))
    return (
        list(Person.objects.filter(pk__in=person_ids)),
        list(Place.objects.filter(pk__in=place_ids)),
    )


def link_mentions(*, article: Article) -> tuple[list[Person], list[Place]]:
    """Link the article to the people and places it names; return what was added."""
    people, places = unlinked_mentions(article)
    article.people.add(*people)
    article.places.add(*places)
    return people, places
