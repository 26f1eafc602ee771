"""A Kremlin page saved from the browser imports as its text does."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.importers.html import html_to_text, looks_like_html
from newsroom.coverage.importers.reading import decode_document
from newsroom.coverage.importers.transcripts import parse_transcript
from newsroom.coverage.models import Transcript
from tests.factories import SourceFactory

PAGE = Path(__file__).parent / "saved_pages" / "kremlin-security-council-2021.html"
COPY = Path(__file__).parent / "field_corpus" / "20-kremlin-page-security-council-2021-cis.txt"


def parts(parsed):
    return [(s.kind, s.speaker_name, s.text) for s in parsed.segments]


def test_a_saved_page_gives_what_its_copied_text_gives():
    from_page = parse_transcript(decode_document(PAGE.read_bytes(), name=PAGE.name))
    from_copy = parse_transcript(COPY.read_text(encoding="utf-8"))
    assert (
        from_page.title
        == from_copy.title
        == "Meeting with permanent members of the Security Council"
    )
    assert from_page.date == from_copy.date
    assert from_page.place_name == from_copy.place_name == "Novo-Ogaryovo, Moscow Region"
    assert from_page.summary == from_copy.summary
    assert parts(from_page) == parts(from_copy)


def test_scripts_navigation_and_footer_are_not_text():
    text = html_to_text(PAGE.read_text(encoding="utf-8"))
    for never in [
        "dataLayer",
        "font-weight",
        "Presidential Executive Office 2021",
        "View settings",
    ]:
        assert never not in text
    assert "President of Russia Vladimir Putin: Good afternoon, colleagues." in text


def test_markup_in_the_text_is_read_as_text_and_entities_decoded():
    page = (
        "<html><body><article><h1>Talks &amp; statements</h1><p>May 5, 2024</p>"
        "<p><b>Vladimir Putin:</b> Tom &lt;b&gt; Jerry,<br>friends.</p>"
        "<p><script>alert(1)</script>Thank you.</p></article></body></html>"
    )
    text = html_to_text(page)
    assert text.split("\n\n") == [
        "Talks & statements",
        "May 5, 2024",
        "Vladimir Putin: Tom <b> Jerry, friends.",
        "Thank you.\n",
    ]


@pytest.mark.parametrize(
    ("name", "start", "html"),
    [
        ("page.html", "anything", True),
        ("page.HTM", "anything", True),
        ("copy.txt", "\ufeff<!DOCTYPE html><html>", True),
        ("copy.txt", "Meeting with heads of agencies", False),
    ],
)
def test_a_page_is_known_by_its_name_or_its_first_tag(name, start, html):
    assert looks_like_html(start, name) is html


def test_a_page_without_text_is_refused():
    with pytest.raises(DocumentError, match="holds no text"):
        decode_document(b"<html><head><title>x</title></head><body><script>1</script></body>")


@pytest.mark.django_db
def test_the_command_imports_a_saved_page(tmp_path, capsys):
    SourceFactory(slug="president-of-russia-website")
    call_command("import_transcript", str(PAGE))
    transcript = Transcript.objects.get()
    assert transcript.title == "Meeting with permanent members of the Security Council"
    assert transcript.segments.count() == len(parse_transcript(COPY.read_text()).segments)
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body></body></html>")
    with pytest.raises(CommandError, match="holds no text"):
        call_command("import_transcript", str(empty))
    assert Transcript.objects.count() == 1


@pytest.mark.django_db
def test_the_admin_imports_a_saved_page(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile(PAGE.name, PAGE.read_bytes(), content_type="text/html")
    response = client.post(
        reverse("admin:coverage_transcript_import"),
        {"file": upload, "source": SourceFactory().pk},
        follow=True,
    )
    transcript = Transcript.objects.get()
    assert "Imported “Meeting with permanent members of the Security Council”: 8 paragraphs" in (
        response.content.decode()
    )
    assert transcript.dateline == "October 11, 2021, Novo-Ogaryovo, Moscow Region"
