"""The story importer keeps paragraphs verbatim and turns the source line into the source."""

from pathlib import Path

import pytest
from django.conf import settings

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.importers.stories import parse_story
from newsroom.coverage.models import Article, PublicationStatus, Source
from newsroom.coverage.services import story_import
from newsroom.coverage.text import normalise_whitespace, split_paragraphs
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.SEED_DOCUMENTS_DIR)


@pytest.mark.parametrize("name", ["000_d53d619b5ef98137.txt", "002_be114e526285c380.txt"])
def test_seed_paragraphs_verbatim(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    article = story_import(text=text, source=SourceFactory(), headline="A headline").object
    lines = [normalise_whitespace(line) for line in text.splitlines() if line.strip()]
    lines[-1] = lines[-1].split(" [Source:")[0]
    assert split_paragraphs(article.body) == lines
    assert "[Source:" not in article.body
    assert article.status == PublicationStatus.DRAFT


def test_source_line_becomes_the_source_not_body_text():
    known = SourceFactory(name="Kremlin Telegram channel")
    text = (SEEDS / "000_d53d619b5ef98137.txt").read_text(encoding="utf-8")
    article = story_import(text=text, headline="Announcement").object
    assert article.source == known
    assert article.body.endswith("commentary from political experts.")


def test_unknown_source_line_creates_the_source():
    article = story_import(text="One paragraph.\n\n[Source: Interfax]", headline="H").object
    assert article.source.name == "Interfax"
    assert Source.objects.filter(slug="interfax").exists()
    assert split_paragraphs(article.body) == ["One paragraph."]


def test_story_without_source_line_uses_the_option_or_is_refused():
    source = SourceFactory()
    assert story_import(text="Text.", source=source, headline="H").object.source == source
    with pytest.raises(DocumentError, match="choose its source"):
        story_import(text="Other text.", headline="H2")
    assert Article.objects.count() == 1


PASTED = (
    "Putin meets 26 newly elected governors\n\n"
    "The President held a videoconference with the new heads of regions.\n\n"
    "They spoke about the elections."
)


def test_a_pasted_headline_line_becomes_the_headline_and_not_a_paragraph():
    article = story_import(text=PASTED, source=SourceFactory()).object
    assert article.headline == "Putin meets 26 newly elected governors"
    assert split_paragraphs(article.body) == [
        "The President held a videoconference with the new heads of regions.",
        "They spoke about the elections.",
    ]


def test_the_same_headline_typed_in_the_form_is_not_repeated_in_the_text():
    article = story_import(
        text=PASTED, source=SourceFactory(), headline="Putin meets 26 newly elected governors"
    ).object
    assert split_paragraphs(article.body)[0].startswith("The President held")


def test_a_first_line_that_is_not_the_headline_typed_stays_in_the_text():
    article = story_import(text=PASTED, source=SourceFactory(), headline="Governors").object
    assert article.headline == "Governors"
    assert split_paragraphs(article.body)[0] == "Putin meets 26 newly elected governors"


@pytest.mark.parametrize(
    "text",
    [
        "Putin met the governors.\n\nThey spoke.",  # a sentence, not a headline
        "Putin meets the governors",  # the only paragraph is the story
        " ".join(["word"] * 30) + "\n\nSecond paragraph.",  # too long for a headline
    ],
)
def test_a_first_paragraph_that_reads_as_text_stays_text(text):
    article = story_import(text=text, source=SourceFactory()).object
    assert split_paragraphs(article.body)[0] == parse_story(text).paragraphs[0]
    assert parse_story(text).headline == ""


def test_headline_defaults_to_the_first_sentence():
    article = story_import(
        text="Mr Putin met the governors on Thursday. They spoke.", source=SourceFactory()
    ).object
    assert article.headline == "Mr Putin met the governors on Thursday"
    assert article.slug == "mr-putin-met-the-governors-on-thursday"


def test_importing_again_updates_in_place():
    source = SourceFactory()
    first = story_import(text="Version one.", source=source, headline="Same headline").object
    second = story_import(text="Version two.", source=source, headline="Same headline").object
    assert first.pk == second.pk
    assert Article.objects.get().body == "Version two."


def test_dry_run_writes_nothing():
    result = story_import(text="Text.\n[Source: New agency]", headline="H", dry_run=True)
    assert result.dry_run
    assert not Article.objects.exists()
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("[Source: Somebody]", "no text besides"), ("a\x00b", "control character")],
)
def test_bad_stories_are_refused_and_nothing_written(text, message):
    assert_refused(text, message)


@pytest.mark.parametrize(
    ("text", "headline", "message"),
    [
        ("Text.", "H" * 400, "the headline"),
        ("Text. [Source: " + "Agency " * 60 + "]", "H", "the source line"),
        ("Text.", "Head\x00line", "the headline holds the control character"),
    ],
)
def test_values_too_long_to_store_are_refused(text, headline, message):
    assert_refused(text, message, headline=headline)


def assert_refused(text, message, headline="H"):
    with pytest.raises(DocumentError, match=message):
        story_import(text=text, source=SourceFactory(), headline=headline)
    assert not Article.objects.exists()


def test_short_one_line_paragraphs_of_a_like_length_stay_apart():
    """A paste with a paragraph a line is no hard-wrapped text, however even its lines."""
    lines = [
        "The governor opened the new bridge over the river on Monday morning.",
        "Traffic will run both ways from Tuesday, the regional ministry said.",
        "The old crossing, built in 1962, will be closed for repairs in June.",
        "Work on the approach roads is due to be finished by the end of May.",
        "The bridge cost 4.2 billion roubles, most of it from the federal budget.",
        "Residents of the left bank had waited for the crossing for ten years.",
        "A second bridge downstream is planned for the end of the decade.",
    ]
    assert parse_story("\n".join(lines)).paragraphs == lines
