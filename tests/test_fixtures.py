"""The seed fixtures say what the seed documents say: every paragraph, every speaker, no chrome."""

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from newsroom.coverage.models import (
    Article,
    Citation,
    CitationStatus,
    Event,
    EventStatus,
    Person,
    Place,
    Segment,
    SegmentKind,
    Source,
    Transcript,
)
from newsroom.coverage.text import normalise_whitespace, split_paragraphs

SEEDS = Path(settings.SEED_DOCUMENTS_DIR)
TRANSCRIPT_SLUG = "meeting-with-newly-elected-regional-heads-2023-09-28"
ANNOUNCEMENT_SLUG = "putin-to-meet-26-newly-elected-regional-heads-by-video-link"
KHABAROVSK_SLUG = "putin-heads-to-khabarovsk-for-session-on-far-eastern-cities"
CHROME = ["View settings", "Font size", "Site colours", "Official website", "Документ"]


def seed_lines(name: str) -> list[str]:
    """Return the non-empty lines of a seed document, white space normalised."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    return [normalise_whitespace(line) for line in text.splitlines() if line.strip()]


def all_seed_text() -> str:
    return "\n".join("\n".join(seed_lines(path.name)) for path in SEEDS.glob("*.txt"))


def test_seed_documents_are_the_ones_the_manifest_names_byte_for_byte():
    """fixtures/seeds/ holds exactly the documents the manifest names, as checksummed."""
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    named = sorted(
        entry["document"] for kind in ("transcripts", "stories") for entry in manifest[kind]
    )
    checksums = dict(
        reversed(line.split()) for line in (SEEDS / "SHA256SUMS").read_text().splitlines()
    )
    copies = sorted(path.name for path in SEEDS.glob("*.txt"))
    assert (
        copies
        == named
        == sorted(checksums)
        == [
            "000_d53d619b5ef98137.txt",
            "001_56f6c8931a2d4f57.txt",
            "002_be114e526285c380.txt",
        ]
    )
    for name in copies:
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == checksums[name], name


def test_fixtures_use_natural_keys_only():
    for name in settings.SEED_FIXTURES:
        rows = json.loads((Path(settings.BASE_DIR) / "fixtures" / f"{name}.json").read_text())
        assert rows, name
        assert all("pk" not in row for row in rows), name


@pytest.mark.django_db
def test_loading_twice_creates_no_duplicate():
    call_command("loaddata", *settings.SEED_FIXTURES, verbosity=0)
    models = [Source, Place, Person, Event, Transcript, Segment, Article, Citation]
    first = {model: model.objects.count() for model in models}
    call_command("loaddata", *settings.SEED_FIXTURES, verbosity=0)
    assert {model: model.objects.count() for model in models} == first
    assert first[Segment] > 0


@pytest.mark.usefixtures("seed")
class TestTranscript:
    def test_title_date_place_and_summary(self):
        transcript = Transcript.objects.get(slug=TRANSCRIPT_SLUG)
        lines = seed_lines("001_56f6c8931a2d4f57.txt")
        title_at = lines.index(transcript.title)
        assert (
            lines[title_at + 1] == transcript.dateline == "September 28, 2023, The Kremlin, Moscow"
        )
        assert lines[title_at + 2] == transcript.summary
        assert str(transcript.date) == "2023-09-28"
        assert transcript.place.name == "The Kremlin"
        assert transcript.is_public

    def test_every_paragraph_present_in_order_with_its_speaker(self):
        transcript = Transcript.objects.get(slug=TRANSCRIPT_SLUG)
        lines = seed_lines("001_56f6c8931a2d4f57.txt")
        title_at = lines.index(transcript.title)
        # Content runs from the summary to before the dateline repeated at the end.
        assert lines[-1] == transcript.dateline
        expected = lines[title_at + 2 : -1]
        segments = list(transcript.segments.select_related("speaker").order_by("position"))

        assert [s.position for s in segments] == list(range(1, len(expected) + 1))
        current_speaker = None
        for paragraph, segment in zip(expected, segments, strict=True):
            if segment.speaker_label:
                assert paragraph == f"{segment.speaker_label}: {segment.text}"
                assert segment.speaker_label.endswith(segment.speaker.name), segment.position
                current_speaker = segment.speaker
            else:
                assert paragraph == segment.text
                assert segment.speaker == current_speaker, segment.position

    def test_summary_is_narration_without_a_speaker(self):
        first = Segment.objects.get(transcript__slug=TRANSCRIPT_SLUG, position=1)
        assert first.kind == SegmentKind.NARRATION
        assert first.speaker is None
        assert (
            first.text == "The President had a videoconference with 26 newly elected heads "
            "of Russian regions."
        )

    def test_seventeen_turns_by_five_speakers(self):
        labelled = Segment.objects.filter(transcript__slug=TRANSCRIPT_SLUG).exclude(
            speaker_label=""
        )
        assert labelled.count() == 17
        assert set(labelled.values_list("speaker__name", flat=True)) == {
            "Vladimir Putin",
            "Sergei Sobyanin",
            "Denis Pushilin",
            "Leonid Pasechnik",
            "Mikhail Kotyukov",
        }

    def test_first_mention_carries_the_role_as_printed(self):
        first_labels = {}
        for segment in Segment.objects.filter(transcript__slug=TRANSCRIPT_SLUG).exclude(
            speaker_label=""
        ):
            first_labels.setdefault(segment.speaker.name, segment.speaker_label)
        assert first_labels["Sergei Sobyanin"] == "Moscow Mayor Sergei Sobyanin"
        assert first_labels["Vladimir Putin"] == "President of Russia Vladimir Putin"
        for name, label in first_labels.items():
            role = label.removesuffix(name).strip()
            assert Person.objects.get(name=name).roles.filter(title=role).exists(), label

    def test_no_site_chrome_stored_as_content(self):
        lines = seed_lines("001_56f6c8931a2d4f57.txt")
        chrome = lines[: lines.index("Meeting with newly elected regional heads")]
        assert chrome, "the seed starts with website chrome"
        texts = list(Segment.objects.values_list("text", flat=True))
        for segment_text in texts:
            assert segment_text not in chrome
            assert not any(word in segment_text for word in CHROME), segment_text
            assert "\xa0" not in segment_text
        assert "September 28, 2023, The Kremlin, Moscow" not in texts


@pytest.mark.usefixtures("seed")
class TestStories:
    @pytest.mark.parametrize(
        ("seed_name", "slug"),
        [
            ("000_d53d619b5ef98137.txt", ANNOUNCEMENT_SLUG),
            ("002_be114e526285c380.txt", KHABAROVSK_SLUG),
        ],
    )
    def test_every_paragraph_verbatim(self, seed_name, slug):
        article = Article.objects.get(slug=slug)
        expected = [re.sub(r"\s*\[Source: [^\]]+\]$", "", line) for line in seed_lines(seed_name)]
        assert split_paragraphs(article.body) == expected
        assert "[Source:" not in article.body
        assert article.is_public

    def test_source_line_becomes_the_source(self):
        last = seed_lines("000_d53d619b5ef98137.txt")[-1]
        named = re.search(r"\[Source: ([^\]]+)\]$", last).group(1)
        assert Article.objects.get(slug=ANNOUNCEMENT_SLUG).source.name == named

    def test_khabarovsk_story_reports_media_and_the_presidency_agenda(self):
        article = Article.objects.get(slug=KHABAROVSK_SLUG)
        assert article.source.name == "Russian media"
        assert [s.name for s in article.other_sources.all()] == [
            "Agenda released by the presidency"
        ]

    def test_unknown_facts_are_left_empty(self):
        """The documents state no date, byline or dateline for the stories."""
        for article in Article.objects.all():
            assert article.source_date is None and not article.source_date_approximate
            assert article.byline == ""
            assert article.dateline == ""

    def test_published_here_at_the_fixed_documented_time(self):
        """Every published seed object was published on this site at the manifest's time,
        which is not a date of the documents (they are dated 2023 or not at all)."""
        manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
        entries = [*manifest["transcripts"], *manifest["stories"]]
        times = {dt.datetime.fromisoformat(e["published_here_at"]) for e in entries}
        assert len(times) == len(entries) and {t.year for t in times} == {2026}
        stored = [*Article.objects.all(), *Transcript.objects.all()]
        assert {obj.published_at for obj in stored} == times
        assert all(obj.status == "published" for obj in stored)
        for article in Article.objects.all():
            assert article.last_published_at == article.published_at


@pytest.mark.usefixtures("seed")
class TestPeoplePlacesEvents:
    def test_every_name_stored_appears_in_a_seed(self):
        """Nothing the documents do not say: each person and place name is in some document."""
        text = all_seed_text()
        for person in Person.objects.all():
            surname = person.name.split()[-1]
            assert surname in text, person.name
        for place in Place.objects.all():
            assert place.name.removeprefix("The ") in text, place.name

    def test_every_person_named_is_stored(self):
        for name in [
            "Vladimir Putin",
            "Sergei Sobyanin",
            "Denis Pushilin",
            "Leonid Pasechnik",
            "Mikhail Kotyukov",
            "Evgeniy Balitsky",
            "Vladimir Saldo",
            "Mikhail Degtyarev",
            "Dmitry Peskov",
        ]:
            assert Person.objects.named(name).count() == 1, name

    def test_spelling_variants_match_through_other_names(self):
        assert Person.objects.named("Yevgeny Balitsky").get().name == "Evgeniy Balitsky"
        lugansk = Place.objects.get(other_names__name="Luhansk People’s Republic")
        assert lugansk.name == "Lugansk People’s Republic"

    def test_events_with_status_as_the_documents_tell_it(self):
        statuses = dict(Event.objects.values_list("kind", "status").filter(kind="visit"))
        assert statuses == {"visit": EventStatus.ANNOUNCED}
        meeting = Event.objects.get(transcripts__slug=TRANSCRIPT_SLUG)
        assert (meeting.status, meeting.format, str(meeting.date)) == (
            EventStatus.HELD,
            "videoconference",
            "2023-09-28",
        )
        khabarovsk = Event.objects.get(place__name="Khabarovsk")
        assert (khabarovsk.status, khabarovsk.date) == (EventStatus.ANNOUNCED, None)
        elections = Event.objects.get(kind="election")
        assert elections.date_precision == "year"


@pytest.mark.usefixtures("seed")
class TestCitations:
    def test_confirmed_citations_quote_story_000_verbatim(self):
        article = Article.objects.get(slug=ANNOUNCEMENT_SLUG)
        citations = list(article.citations.select_related("segment"))
        assert len(citations) >= 5
        for citation in citations:
            assert citation.status == CitationStatus.CONFIRMED
            assert citation.quote in article.body
            citation.full_clean()

    def test_the_26_heads_sentence_cites_the_summary(self):
        citation = Citation.objects.get(quote__contains="26 regional administrations")
        assert "26 newly elected heads" in citation.segment.text

    def test_khabarovsk_story_cites_nothing_in_the_meeting_transcript(self):
        assert not Citation.objects.filter(article__slug=KHABAROVSK_SLUG).exists()
