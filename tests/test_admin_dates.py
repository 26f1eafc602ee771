"""Editors read and type one date format everywhere in admin; readers read another."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def transcript():
    return factories.TranscriptFactory(date=dt.date(2023, 10, 12), title="Meeting on roads")


def test_the_list_the_form_and_the_import_form_say_yyyy_mm_dd(client, superuser, transcript):
    client.force_login(superuser)
    listed = client.get(reverse("admin:coverage_transcript_changelist")).content.decode()
    assert "2023-10-12" in listed and "12 Oct 2023" not in listed
    form = client.get(reverse("admin:coverage_transcript_change", args=[transcript.pk]))
    assert 'value="2023-10-12"' in form.content.decode()
    imported = client.get(reverse("admin:coverage_transcript_import")).content.decode()
    assert 'type="date"' not in imported  # the browser's own widget reads mm/dd/yyyy in en-US
    assert 'class="vDateField"' in imported and "YYYY-MM-DD" in imported


def test_a_date_typed_as_yyyy_mm_dd_is_read_and_another_format_is_refused(client, superuser):
    from newsroom.coverage.admin.transcripts import TranscriptImportForm

    assert TranscriptImportForm({"date": "2023-10-12"}).fields["date"].clean(
        "2023-10-12"
    ) == dt.date(2023, 10, 12)
    form = TranscriptImportForm({"date": "12/10/2023"})
    form.is_valid()
    assert "date" in form.errors


def test_readers_read_the_date_in_words(client, transcript):
    page = client.get(transcript.get_absolute_url()).content.decode()
    assert "12 October 2023" in page
