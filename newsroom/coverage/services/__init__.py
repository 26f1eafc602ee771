"""Writes that touch several models, as plain functions with keyword-only arguments."""

from newsroom.coverage.services.imports import ImportResult, story_import, transcript_import
from newsroom.coverage.services.linking import SuggestionResult, link_mentions, suggest_citations
from newsroom.coverage.services.people import merge_people
from newsroom.coverage.services.publishing import (
    add_correction,
    publish,
    publish_scheduled,
    set_citation_status,
    submit_for_review,
    withdraw,
)

__all__ = [
    "ImportResult",
    "SuggestionResult",
    "add_correction",
    "link_mentions",
    "merge_people",
    "publish",
    "publish_scheduled",
    "set_citation_status",
    "story_import",
    "submit_for_review",
    "suggest_citations",
    "transcript_import",
    "withdraw",
]
