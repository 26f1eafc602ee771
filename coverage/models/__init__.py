"""The domain model; see DESIGN.md for what each model means."""

from coverage.models.articles import Article, ArticleRedirect, Correction
from coverage.models.base import PublicationStatus
from coverage.models.citations import Citation, CitationRelation, CitationStatus
from coverage.models.events import DatePrecision, Event, EventFormat, EventKind, EventStatus
from coverage.models.names import NameKind
from coverage.models.people import Person, PersonName, Role
from coverage.models.places import Place, PlaceKind, PlaceName
from coverage.models.sources import Source, SourceKind
from coverage.models.transcripts import (
    IndexTotals,
    Segment,
    SegmentKind,
    SegmentTerm,
    TermStat,
    Transcript,
)

__all__ = [
    "Article",
    "ArticleRedirect",
    "Citation",
    "CitationRelation",
    "CitationStatus",
    "Correction",
    "DatePrecision",
    "Event",
    "EventFormat",
    "EventKind",
    "EventStatus",
    "IndexTotals",
    "NameKind",
    "Person",
    "PersonName",
    "Place",
    "PlaceKind",
    "PlaceName",
    "PublicationStatus",
    "Role",
    "Segment",
    "SegmentKind",
    "SegmentTerm",
    "Source",
    "SourceKind",
    "TermStat",
    "Transcript",
]
