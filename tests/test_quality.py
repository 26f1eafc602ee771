"""Data-quality checks: each problem is reported on its paragraph; clean text raises nothing."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from newsroom.coverage.quality import check_paragraphs
from tests.factories import ArticleFactory, SegmentFactory

SEEDS = Path(settings.SEED_DOCUMENTS_DIR)


def codes(paragraphs):
    return [(f.paragraph, f.code) for f in check_paragraphs(paragraphs)]


def test_clean_text_raises_nothing():
    assert codes(["A clean paragraph.", "Another one, “quoted” (and bracketed)."]) == []


def test_story_002_stray_persian_word_is_reported():
    lines = [line for line in (SEEDS / "002_be114e526285c380.txt").read_text().splitlines() if line]
    findings = check_paragraphs(lines)
    assert [(f.paragraph, f.code) for f in findings] == [(1, "script")]
    assert "همراه" in findings[0].message


@pytest.mark.parametrize(
    ("paragraph", "code"),
    [
        ("Official website of the President of Russia", "chrome"),
        ("He said “yes.", "unbalanced"),
        ("A bracket (never closed.", "unbalanced"),
        ('He said "yes.', "unbalanced"),
        ("Two  spaces here.", "spaces"),
        ("A paragraph that stops mid", "cut-off"),
        ("Words in Кириллица inside English.", "script"),
    ],
)
def test_each_problem_is_reported(paragraph, code):
    assert (2, code) in codes(["A clean opening paragraph.", paragraph])


@pytest.mark.django_db
def test_editors_see_warnings_on_change_forms(admin_client):
    article = ArticleFactory(body="Fine paragraph.\n\nIn همراه with the plan.")
    page = admin_client.get(reverse("admin:coverage_article_change", args=[article.pk]))
    assert "همراه" in page.content.decode() and "Arabic script" in page.content.decode()
    segment = SegmentFactory(text="A paragraph cut off mid")
    page = admin_client.get(
        reverse("admin:coverage_transcript_change", args=[segment.transcript.pk])
    ).content.decode()
    assert f"paragraph {segment.position}: ends without final punctuation" in page


@pytest.mark.django_db
def test_warnings_are_escaped_in_admin(admin_client):
    article = ArticleFactory(body="Bad <b>“markup</b>.")
    page = admin_client.get(reverse("admin:coverage_article_change", args=[article.pk]))
    assert "unbalanced" in page.content.decode()
    assert "<b>“markup</b>" not in page.content.decode().split("quality-warnings")[1]
