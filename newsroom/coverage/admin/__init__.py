"""Django admin for editors: every model registered; the workflow lives in articles.py."""

from newsroom.coverage.admin import (
    articles,
    background,
    citations,
    people,
    simple,
    synonyms,
    transcripts,
    webhooks,
)

__all__ = [
    "articles",
    "background",
    "citations",
    "people",
    "simple",
    "synonyms",
    "transcripts",
    "webhooks",
]
