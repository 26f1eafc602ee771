"""Writes that touch several models, as plain functions with keyword-only arguments."""

from coverage.services.imports import ImportResult, story_import, transcript_import
from coverage.services.linking import SuggestionResult, link_mentions, suggest_citations

__all__ = [
    "ImportResult",
    "SuggestionResult",
    "link_mentions",
    "story_import",
    "suggest_citations",
    "transcript_import",
]
