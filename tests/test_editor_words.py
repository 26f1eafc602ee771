"""Admin speaks of fields and buttons; commands of options. Required fields are marked."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from newsroom.coverage.models import Transcript
from tests.factories import ArticleFactory, SourceFactory, TranscriptFactory

pytestmark = pytest.mark.django_db

UNDATED = b"A meeting with governors\n\nVladimir Putin: Good afternoon.\n\nLet us begin."


def test_a_transcript_without_date_is_asked_for_one_beside_the_date_field(client, editor):
    client.force_login(editor)
    source = SourceFactory()
    response = client.post(
        reverse("admin:coverage_transcript_import"),
        {"file": SimpleUploadedFile("a.txt", UNDATED), "source": source.pk},
    )
    page = response.content.decode()
    assert "no date found in the document" in str(response.context["form"]["date"].errors)
    assert "--date" not in page
    assert not Transcript.objects.exists()


def test_the_command_names_its_option(tmp_path):
    SourceFactory(slug="kremlin")
    path = tmp_path / "undated.txt"
    path.write_bytes(UNDATED)
    with pytest.raises(CommandError, match=r"no date found.*\(--date\)$"):
        call_command("import_transcript", str(path), "--source", "kremlin", stdout=io.StringIO())


@pytest.mark.parametrize("model", ["article", "transcript"])
def test_change_forms_mark_required_fields(client, editor, model):
    obj = ArticleFactory() if model == "article" else TranscriptFactory()
    client.force_login(editor)
    page = client.get(reverse(f"admin:coverage_{model}_change", args=[obj.pk])).content.decode()
    assert "are required" in page
    assert 'class="required"' in page
    assert "css/admin.css" in page and "js/unsaved-changes.js" in page


def test_import_forms_mark_required_fields(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:coverage_transcript_import")).content.decode()
    assert 'class="required" for="id_source"' in page or 'for="id_source" class="required"' in page
    # Pasted text or a file: either will do, so neither is marked.
    for optional in ("id_title", "id_text", "id_file"):
        assert f'for="{optional}" class="required"' not in page
        assert f'class="required" for="{optional}"' not in page
