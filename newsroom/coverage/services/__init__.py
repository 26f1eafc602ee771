"""Writes that touch several models, as plain functions with keyword-only arguments."""

from newsroom.coverage.services.imports import ImportResult, story_import, transcript_import
from newsroom.coverage.services.linking import (
    SuggestionResult,
    accept_tags,
    link_mentions,
    suggest_citations,
)
from newsroom.coverage.services.people import merge_people
from newsroom.coverage.services.publishing import (
    StaleWrite,
    add_correction,
    change_status,
    lock_version,
    publish,
    publish_scheduled,
    rename,
    schedule,
    set_citation_status,
    submit_for_review,
    withdraw,
)

__all__ = [
    "ImportResult",
    "StaleWrite",
    "SuggestionResult",
    "accept_tags",
    "add_correction",
    "change_status",
    "link_mentions",
    "lock_version",
    "merge_people",
    "publish",
    "publish_scheduled",
    "rename",
    "schedule",
    "set_citation_status",
    "story_import",
    "submit_for_review",
    "suggest_citations",
    "transcript_import",
    "withdraw",
]
