"""What newsroom tells its operators: imports, editorial actions and linking at INFO."""

import logging

import pytest

from newsroom import log_filters
from newsroom.coverage.models import Article, PublicationStatus
from newsroom.coverage.services import publish, suggest_citations, transcript_import
from tests.factories import ArticleFactory, SourceFactory
from tests.test_importers_transcripts import seed_text

pytestmark = pytest.mark.django_db


def records(caplog, logger: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == logger and r.levelno == logging.INFO]


def test_an_import_logs_what_it_wrote(caplog):
    caplog.set_level(logging.INFO)
    result = transcript_import(text=seed_text(), source=SourceFactory())
    [line] = records(caplog, "newsroom.coverage.services.imports")
    message = line.getMessage()
    assert message.startswith(f"Imported transcript '{result.object.slug}'")
    assert f"segments: {result.object.segments.count()}" in message


def test_a_dry_run_logs_that_nothing_was_kept(caplog):
    caplog.set_level(logging.INFO)
    transcript_import(text=seed_text(), source=SourceFactory(), dry_run=True)
    [line] = records(caplog, "newsroom.coverage.services.imports")
    assert line.getMessage().startswith("Would import transcript")


def test_publishing_logs_the_story_and_the_editor(caplog, editor):
    caplog.set_level(logging.INFO)
    article = ArticleFactory(status=PublicationStatus.DRAFT, headline="Logged story")
    publish(article=article, user=editor)
    [line] = records(caplog, "newsroom.coverage.services.audit")
    assert f"article {article.pk} Logged story: Published (by {editor.username})" in (
        line.getMessage()
    )


def test_a_linking_run_logs_its_suggestions(caplog, seed):
    caplog.set_level(logging.INFO)
    article = Article.objects.get(
        slug="putin-to-meet-26-newly-elected-regional-heads-by-video-link"
    )
    result = suggest_citations(article=article)
    [line] = records(caplog, "newsroom.coverage.services.linking")
    assert line.getMessage().startswith(f"Suggested {result.suggested} citations for story")


def test_repeated_errors_pass_once_an_interval(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(log_filters.time, "monotonic", lambda: clock[0])
    once = log_filters.AtMostEvery(seconds=60)

    def passes(message):
        return once.filter(logging.LogRecord("newsroom.cache", 40, "", 0, message, (), None))

    assert passes("Exception ignored")
    clock[0] += 59
    assert not passes("Exception ignored")
    assert passes("Another message")
    clock[0] += 2
    assert passes("Exception ignored")
