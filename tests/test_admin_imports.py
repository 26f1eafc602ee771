"""Imports in admin take pasted text as well as a file: the same parser, refusals, preview."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsroom.coverage.models import Article, Transcript
from tests import factories

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.SEED_DOCUMENTS_DIR)
KREMLIN = (SEEDS / "001_56f6c8931a2d4f57.txt").read_text(encoding="utf-8")
IMPORT = "admin:coverage_transcript_import"


@pytest.fixture
def source():
    return factories.SourceFactory(name="President of Russia")


def test_a_pasted_transcript_is_imported_as_the_same_file_is(client, superuser, source):
    client.force_login(superuser)
    pasted = client.post(reverse(IMPORT), {"text": KREMLIN, "source": source.pk})
    assert pasted.status_code == 302, pasted.content.decode()[:2000]
    first = Transcript.objects.get()
    paragraphs = list(first.segments.values_list("text", flat=True))
    first.delete()
    upload = SimpleUploadedFile("kremlin.txt", KREMLIN.encode())
    filed = client.post(reverse(IMPORT), {"file": upload, "source": source.pk})
    assert filed.status_code == 302
    second = Transcript.objects.get()
    assert list(second.segments.values_list("text", flat=True)) == paragraphs
    assert len(paragraphs) > 20


def test_pasted_text_the_parser_refuses_is_refused_with_its_reason(client, superuser, source):
    client.force_login(superuser)
    response = client.post(reverse(IMPORT), {"text": "Not a transcript.", "source": source.pk})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Transcript.objects.exists()


@pytest.mark.parametrize("model", ["transcript", "article"])
def test_neither_text_nor_file_or_both_is_refused(client, superuser, source, model):
    client.force_login(superuser)
    url = reverse(f"admin:coverage_{model}_import")
    empty = client.post(url, {"source": source.pk, "text": "  "})
    assert "Paste the text or choose a file." in empty.content.decode()
    both = client.post(
        url,
        {"source": source.pk, "text": "Some text.", "file": SimpleUploadedFile("a.txt", b"x")},
    )
    assert "not both" in both.content.decode()
    assert not Transcript.objects.exists() and not Article.objects.exists()


def test_the_import_form_shows_the_box_beside_the_file_field(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse(IMPORT)).content.decode()
    assert '<textarea name="text"' in page and 'name="file"' in page
    assert page.index('name="text"') < page.index('name="file"')


def test_pasted_text_is_measured_in_bytes_as_a_file_is(client, superuser, source):
    """5,242,880 is a byte limit: 3 million "é" are 6 MB, though fewer characters."""
    client.force_login(superuser)
    text = KREMLIN + "é" * 3_000_000
    response = client.post(reverse(IMPORT), {"text": text, "source": source.pk})
    assert response.status_code == 200
    assert "the largest accepted is 5,242,880" in " ".join(response.context["form"].errors["text"])
    assert not Transcript.objects.exists()
