"""import_transcript, import_story, check_documents and build_fixtures from the command line."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from newsroom.coverage.models import Article, Person, Transcript
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
SEEDS = Path(settings.SEED_DOCUMENTS_DIR)


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_transcript_reports_what_it_did():
    SourceFactory(slug="president-of-russia-website")
    out = run("import_transcript", str(SEEDS / "001_56f6c8931a2d4f57.txt"))
    assert "Imported “Meeting with newly elected regional heads”" in out
    assert "71 paragraphs, 17 speaker turns, 5 speakers" in out
    assert "new person: Vladimir Putin" in out
    assert "Updated" in run("import_transcript", str(SEEDS / "001_56f6c8931a2d4f57.txt"))


def test_import_transcript_refuses_another_text_unless_replace(tmp_path):
    SourceFactory(slug="president-of-russia-website")
    path = tmp_path / "meeting.txt"
    path.write_text("A meeting\n\nMay 1, 2024\n\nVladimir Putin: One.\n\nTwo.")
    run("import_transcript", str(path))
    path.write_text("A meeting\n\nMay 1, 2024\n\nVladimir Putin: One.")
    with pytest.raises(CommandError, match=r"1 would be removed.*--replace"):
        run("import_transcript", str(path))
    assert Transcript.objects.get().segments.count() == 2
    assert "Updated" in run("import_transcript", str(path), "--replace")
    assert Transcript.objects.get().segments.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        ("Ministerstvo: caf\u00e9".encode("latin-1"), "not UTF-8"),
        (b"Just a title\n\nNo speakers at all here.", "--date"),
    ],
    ids=["empty", "binary", "latin-1", "no-date"],
)
def test_import_transcript_bad_files(tmp_path, content, message):
    SourceFactory(slug="president-of-russia-website")
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("import_transcript", str(path))
    assert not Transcript.objects.exists()


def test_import_transcript_unknown_option_values():
    with pytest.raises(CommandError, match="--source"):
        run("import_transcript", str(SEEDS / "001_56f6c8931a2d4f57.txt"), "--source", "nope")
    with pytest.raises(CommandError, match="--date must be YYYY-MM-DD"):
        run("import_transcript", "x.txt", "--date", "28/09/2023")
    with pytest.raises(CommandError, match="cannot read"):
        run("import_transcript", "/nonexistent/file.txt")


def test_failed_import_exits_non_zero(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_transcript", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "the document is empty" in result.stderr


def test_import_story_consumes_the_source_line():
    SourceFactory(name="Kremlin Telegram channel")
    out = run(
        "import_story", str(SEEDS / "000_d53d619b5ef98137.txt"), "--headline", "Putin to meet"
    )
    assert "source Kremlin Telegram channel" in out and "5 paragraphs" in out
    assert "[Source:" not in Article.objects.get().body


def test_check_documents_reports_the_persian_word_with_its_line():
    out = run("check_documents", str(SEEDS / "002_be114e526285c380.txt"))
    assert "002_be114e526285c380.txt:1: the word “همراه” is in Arabic script" in out
    assert out.strip().endswith("1 warning.")
    assert run("check_documents", str(SEEDS / "000_d53d619b5ef98137.txt")).strip() == "0 warnings."


def test_check_documents_checks_the_database(seed):
    out = run("check_documents")
    assert "story putin-heads-to-khabarovsk-for-session-on-far-eastern-cities: paragraph 1" in out


def test_build_fixtures_reproduces_the_committed_fixtures_byte_for_byte(tmp_path):
    run("build_fixtures", "--output", str(tmp_path))
    for name in settings.GENERATED_FIXTURES:
        built = (tmp_path / f"{name}.json").read_bytes()
        assert built == (ROOT / "fixtures" / f"{name}.json").read_bytes(), name


def test_build_fixtures_refuses_a_database_with_content(tmp_path):
    Person.objects.create(name="Someone", slug="someone", sort_name="Someone")
    with pytest.raises(CommandError, match="empty"):
        run("build_fixtures", "--output", str(tmp_path))
    assert not list(tmp_path.iterdir())


def test_import_story_without_a_source_names_the_option(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("A story with no source line.")
    with pytest.raises(CommandError, match="give one with --source SLUG"):
        run("import_story", str(path), "--headline", "A story")
    assert not Article.objects.exists()
