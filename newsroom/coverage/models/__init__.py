"""The domain model; see DESIGN.md for what each model means."""

from newsroom.coverage.models.alerts import Alert, AlertFrequency, AlertKind, AlertMatch
from newsroom.coverage.models.articles import Article, ArticleRedirect, Correction
from newsroom.coverage.models.background import (
    BackgroundJob,
    JobKind,
    JobState,
    WorkerHeartbeat,
)
from newsroom.coverage.models.base import PublicationStatus
from newsroom.coverage.models.citations import (
    AnchorState,
    Citation,
    CitationRelation,
    CitationStatus,
    QuoteVerdict,
)
from newsroom.coverage.models.editing import EditSession
from newsroom.coverage.models.events import (
    DatePrecision,
    Event,
    EventFormat,
    EventKind,
    EventStatus,
)
from newsroom.coverage.models.names import NameKind
from newsroom.coverage.models.people import Person, PersonName, Role
from newsroom.coverage.models.places import Place, PlaceKind, PlaceName
from newsroom.coverage.models.revisions import TranscriptRevision
from newsroom.coverage.models.sources import Source, SourceKind
from newsroom.coverage.models.synonyms import Synonym
from newsroom.coverage.models.transcripts import (
    IndexTotals,
    Segment,
    SegmentKind,
    SegmentTerm,
    TermStat,
    Transcript,
)
from newsroom.coverage.models.webhooks import (
    DeliveryState,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

__all__ = [
    "Alert",
    "AlertFrequency",
    "AlertKind",
    "AlertMatch",
    "AnchorState",
    "Article",
    "ArticleRedirect",
    "BackgroundJob",
    "Citation",
    "CitationRelation",
    "CitationStatus",
    "Correction",
    "DatePrecision",
    "DeliveryState",
    "EditSession",
    "Event",
    "EventFormat",
    "EventKind",
    "EventStatus",
    "IndexTotals",
    "JobKind",
    "JobState",
    "NameKind",
    "Person",
    "PersonName",
    "Place",
    "PlaceKind",
    "PlaceName",
    "PublicationStatus",
    "QuoteVerdict",
    "Role",
    "Segment",
    "SegmentKind",
    "SegmentTerm",
    "Source",
    "SourceKind",
    "Synonym",
    "TermStat",
    "Transcript",
    "TranscriptRevision",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookSubscription",
    "WorkerHeartbeat",
]
