"""The transcript importer reads the Kremlin format, not just the seed."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.importers.transcripts import parse_transcript
from newsroom.coverage.models import Person, Role, Segment, SegmentKind, Transcript
from newsroom.coverage.services import transcript_import
from tests.factories import CitationFactory, PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db

SEED = Path(settings.SEED_DOCUMENTS_DIR) / "001_56f6c8931a2d4f57.txt"


def seed_text():
    return SEED.read_text(encoding="utf-8")


def doc(*paragraphs, sep="\n\n"):
    return sep.join(paragraphs)


def imported(text, **options):
    options.setdefault("source", SourceFactory())
    return transcript_import(text=text, **options).object


def segments(transcript):
    return list(transcript.segments.select_related("speaker").order_by("position"))


class TestSeed:
    def test_seventeen_turns_five_speakers_no_chrome(self):
        transcript = imported(seed_text())
        parts = segments(transcript)
        turns = [s for s in parts if s.speaker_label]
        assert len(turns) == 17
        assert {s.speaker.name for s in turns} == {
            "Vladimir Putin",
            "Sergei Sobyanin",
            "Denis Pushilin",
            "Leonid Pasechnik",
            "Mikhail Kotyukov",
        }
        assert transcript.title == "Meeting with newly elected regional heads"
        assert transcript.date == dt.date(2023, 9, 28)
        assert transcript.dateline == "September 28, 2023, The Kremlin, Moscow"
        texts = " ".join(s.text for s in parts)
        for chrome in ["View settings", "Official website", "Документ", "Font size"]:
            assert chrome not in texts
        assert parts[-1].text == "I sincerely wish you success. All the best."

    def test_summary_is_narration(self):
        first = segments(imported(seed_text()))[0]
        assert (first.kind, first.speaker) == (SegmentKind.NARRATION, None)
        assert first.text.startswith("The President had a videoconference with 26")

    def test_every_paragraph_attributed_like_the_curated_fixture(self, seed):
        """Re-importing the seed over the fixtures changes no speaker and no text."""
        transcript = Transcript.objects.get()
        before = [
            (s.position, s.speaker_id, s.speaker_label, s.kind, s.text)
            for s in segments(transcript)
        ]
        again = imported(seed_text(), source=transcript.source)
        assert again.pk == transcript.pk
        after = [
            (s.position, s.speaker_id, s.speaker_label, s.kind, s.text) for s in segments(again)
        ]
        assert after == before
        assert Person.objects.count() == 9

    def test_roles_printed_on_first_mention_are_recorded(self):
        imported(seed_text())
        assert Role.objects.get(person__name="Sergei Sobyanin").title == "Moscow Mayor"
        assert Role.objects.get(person__name="Denis Pushilin").title == (
            "Head of the Donetsk People’s Republic"
        )

    def test_mr_pushilin_inside_a_sentence_is_not_a_label(self):
        parts = segments(imported(seed_text()))
        reply = next(s for s in parts if s.text == "Yes, please, Mr Pushilin.")
        assert reply.speaker.name == "Vladimir Putin"
        assert not Person.objects.filter(name__contains="Mr").exists()

    def test_colon_in_prose_is_not_a_label(self):
        parts = segments(imported(seed_text()))
        prose = next(s for s in parts if "I would like to say publicly:" in s.text)
        assert prose.speaker.name == "Denis Pushilin"
        assert prose.speaker_label == ""


class TestIdempotentAndAtomic:
    def test_importing_twice_updates_in_place(self):
        source = SourceFactory()
        first = imported(seed_text(), source=source)
        ids = [(s.pk, s.position) for s in segments(first)]
        citation = CitationFactory(segment=segments(first)[3])
        people = Person.objects.count()

        second = imported(seed_text(), source=source)
        assert second.pk == first.pk
        assert [(s.pk, s.position) for s in segments(second)] == ids
        assert Person.objects.count() == people
        assert Role.objects.count() == 5
        citation.refresh_from_db()
        assert citation.segment.position == 4

    def test_a_shorter_new_version_drops_the_missing_paragraphs_when_replacing(self):
        source = SourceFactory()
        text = doc("A title", "May 1, 2024", "Vladimir Putin: One.", "Two.", "Three.")
        assert len(segments(imported(text, source=source))) == 3
        shorter = doc("A title", "May 1, 2024", "Vladimir Putin: One.")
        replaced = imported(shorter, source=source, replace=True)
        assert [s.text for s in segments(replaced)] == ["One."]

    def test_another_text_of_a_stored_transcript_is_refused_saying_what_would_change(self):
        source = SourceFactory()
        first = imported(
            doc("A title", "May 1, 2024", "Vladimir Putin: One.", "Two."), source=source
        )
        partial = doc("A title", "May 1, 2024", "Vladimir Putin: One.", "Two, again.", "Three.")
        with pytest.raises(DocumentError) as refused:
            imported(partial, source=source)
        message = str(refused.value)
        assert "already stored with a different text" in message
        assert "1 paragraph would change, 1 paragraph would be added" in message
        assert "the first difference at ¶2" in message and refused.value.field == "replace"
        assert "--" not in message and refused.value.for_command().endswith("(--replace)")
        assert [s.text for s in segments(first)] == ["One.", "Two."]  # nothing changed

    def test_the_same_document_again_is_no_conflict(self):
        source = SourceFactory()
        text = doc("A title", "May 1, 2024", "Vladimir Putin: One.", "Two.")
        first = imported(text, source=source)
        assert transcript_import(text=text, source=source).created is False
        assert [s.pk for s in segments(first)] == [
            s.pk for s in segments(imported(text, source=source))
        ]

    def test_dry_run_writes_nothing(self):
        result = transcript_import(text=seed_text(), source=SourceFactory(), dry_run=True)
        assert result.dry_run and result.counts["turns"] == 17
        assert not Transcript.objects.exists()
        assert not Person.objects.exists()

    def test_failure_writes_nothing(self):
        PersonFactory(name="Ivan Petrov")
        PersonFactory(name="Petr Ivanov")
        from newsroom.coverage.models import PersonName

        for person in Person.objects.all():
            PersonName.objects.create(person=person, name="I. Petrov")
        text = doc("A title", "May 1, 2024", "Sergei New: Hello.", "I. Petrov: Hello.")
        with pytest.raises(DocumentError, match="several people"):
            imported(text)
        assert not Transcript.objects.exists()
        assert not Person.objects.filter(name="Sergei New").exists()


class TestVariants:
    def test_acting_role_of_any_length(self):
        text = doc(
            "Meeting on the regions",
            "March 3, 2024, Novo-Ogaryovo, Moscow Region",
            "Vladimir Putin had a meeting.",
            "Acting Governor of the Kherson Region Vladimir Saldo: Good afternoon.",
            "Vladimir Saldo: Thank you.",
        )
        parts = segments(imported(text))
        assert parts[1].speaker.name == "Vladimir Saldo"
        assert Role.objects.get(person__name="Vladimir Saldo").title == (
            "Acting Governor of the Kherson Region"
        )
        assert parts[2].speaker == parts[1].speaker

    def test_initials_in_a_name(self):
        text = doc(
            "Working meeting",
            "April 2, 2024",
            "Tula Region Governor A.G. Dyumin: Mr President.",
            "A.G. Dyumin: The plan is ready.",
        )
        parts = segments(imported(text))
        assert parts[0].speaker.name == "A.G. Dyumin"
        assert parts[1].speaker == parts[0].speaker
        assert Role.objects.get().title == "Tula Region Governor"

    def test_bracketed_narration_and_separators(self):
        text = doc(
            "Meeting with Government members",
            "June 5, 2024, The Kremlin, Moscow",
            "Vladimir Putin: Let us begin.",
            "We have a lot to discuss.",
            "(The President then heard the report from Minister Anton Siluanov.)",
            "* * *",
            "The meeting continued in private.",
        )
        parts = segments(imported(text))
        assert [(s.kind, s.speaker and s.speaker.name) for s in parts] == [
            (SegmentKind.SPEECH, "Vladimir Putin"),
            (SegmentKind.SPEECH, "Vladimir Putin"),
            (SegmentKind.NARRATION, None),
            (SegmentKind.NARRATION, None),
        ]
        assert "* * *" not in [s.text for s in parts]

    def test_taking_part_paragraph_is_narration(self):
        text = doc(
            "Security Council meeting",
            "July 1, 2024",
            "The President held a meeting.",
            "Vladimir Putin: Colleagues.",
            "Taking part in the meeting were Dmitry Medvedev and Sergei Shoigu.",
            "Vladimir Putin: Let us start.",
        )
        parts = segments(imported(text))
        assert parts[2].kind == SegmentKind.NARRATION and parts[2].speaker is None

    def test_editors_insertion_stays_in_speech(self):
        text = doc(
            "Meeting",
            "July 1, 2024",
            "Vladimir Putin: Mr Kiriyenko [First Deputy Chief of Staff] will report.",
        )
        (part,) = segments(imported(text))
        assert part.kind == SegmentKind.SPEECH
        assert part.text == "Mr Kiriyenko [First Deputy Chief of Staff] will report."

    def test_unknown_speaker_is_created_with_role(self):
        text = doc(
            "Meeting with a governor",
            "August 9, 2024",
            "Governor of Kursk Region Alexei Smirnov: Good afternoon, Mr President.",
        )
        result = transcript_import(text=text, source=SourceFactory())
        assert result.new_people == ["Alexei Smirnov"]
        person = Person.objects.get(name="Alexei Smirnov")
        assert (person.slug, person.sort_name) == ("alexei-smirnov", "Smirnov, Alexei")
        assert person.roles.get().title == "Governor of Kursk Region"

    def test_speaker_matched_through_an_other_name(self):
        from newsroom.coverage.models import PersonName

        person = PersonFactory(name="Yevgeny Balitsky")
        PersonName.objects.create(person=person, name="Evgeniy Balitsky")
        text = doc("Meeting", "May 5, 2024", "Evgeniy Balitsky: Good afternoon.")
        (part,) = segments(imported(text))
        assert part.speaker == person

    def test_unnamed_question_label(self):
        text = doc(
            "News conference",
            "May 5, 2024",
            "Question: What comes next?",
            "And when?",
            "Vladimir Putin: We shall see.",
        )
        parts = segments(imported(text))
        assert [(s.kind, s.speaker_label, s.speaker) for s in parts[:2]] == [
            (SegmentKind.SPEECH, "Question", None),
            (SegmentKind.SPEECH, "", None),
        ]
        assert not Person.objects.filter(name="Question").exists()

    def test_print_page_with_single_line_breaks_and_no_chrome(self):
        text = doc(
            "Meeting with Government members",
            "June 5, 2024",
            "The President held a meeting.",
            "Vladimir Putin: Good afternoon.",
            "Let us start.",
            sep="\n",
        )
        parts = segments(imported(text))
        assert [s.text for s in parts] == [
            "The President held a meeting.",
            "Good afternoon.",
            "Let us start.",
        ]

    def test_label_alone_on_its_line(self):
        text = doc("Meeting", "May 5, 2024", "Vladimir Putin:", "Good afternoon.", "Next.")
        parts = segments(imported(text))
        assert [(s.speaker_label, s.text) for s in parts] == [
            ("Vladimir Putin", "Good afternoon."),
            ("", "Next."),
        ]
        assert parts[1].speaker == parts[0].speaker

    def test_no_dateline_uses_the_options(self):
        text = doc("Vladimir Putin: Good afternoon.", "Let us begin.")
        transcript = imported(text, title="Telephone call", date=dt.date(2024, 1, 2))
        assert (transcript.title, transcript.date) == ("Telephone call", dt.date(2024, 1, 2))
        assert len(segments(transcript)) == 2

    def test_day_month_year_dateline(self):
        transcript = imported(doc("Meeting", "28 September 2023", "Vladimir Putin: Hello."))
        assert transcript.date == dt.date(2023, 9, 28)


class TestNarrationOnly:
    """The Kremlin publishes many meetings only as narration: they are records too."""

    TEXT = doc(
        "Working meeting with Omsk Region Governor Viktor Nazarov",
        "May 14, 2015, Sochi",
        "Vladimir Putin had a working meeting with Omsk Region Governor Viktor Nazarov, who "
        "briefed the President on the situation in the region.",
        "According to Mr Nazarov, industrial production in the region is going up.",
        "May 14, 2015, Sochi",
    )

    def test_imports_as_narration_with_its_summary(self):
        transcript = imported(self.TEXT)
        parts = segments(transcript)
        assert [s.kind for s in parts] == ["narration", "narration"]
        assert transcript.summary.startswith("Vladimir Putin had a working meeting")
        assert (transcript.date, transcript.dateline) == (
            dt.date(2015, 5, 14),
            "May 14, 2015, Sochi",
        )

    def test_the_command_imports_it(self, tmp_path):
        from django.core.management import call_command

        path = tmp_path / "omsk.txt"
        path.write_text(self.TEXT, encoding="utf-8")
        SourceFactory(slug="kremlin")
        call_command("import_transcript", str(path), "--source", "kremlin", stdout=io.StringIO())
        assert Transcript.objects.get().segments.count() == 2

    def test_the_admin_imports_it(self, client, superuser):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        source = SourceFactory()
        client.force_login(superuser)
        response = client.post(
            reverse("admin:coverage_transcript_import"),
            {
                "source": source.pk,
                "file": SimpleUploadedFile("omsk.txt", self.TEXT.encode(), "text/plain"),
            },
        )
        assert response.status_code == 302
        assert Transcript.objects.get().segments.filter(kind="narration").count() == 2


class TestBadInput:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "empty"),
            ("   \n\n\t", "empty"),
            (doc("Vladimir Putin: Hello.", "More."), "give the title"),
            (doc("A title", "Vladimir Putin: Hello."), "give the date"),
            (doc("A title", "May 1, 2024"), "no paragraph"),
            ("x" * 10_000_000, "line 1"),
            (doc("A title", "May 1, 2024", "Vladimir\x07 Putin: Hi."), "control character"),
            (doc("A title", "May 1, 2024", "Vladimir Putin:"), "followed by no text"),
            (doc("A title", "May 1, 2024, " + "Moscow " * 100, "Vladimir Putin: Hi."), "dateline"),
        ],
        ids=[
            "empty",
            "blank",
            "no-title",
            "no-date",
            "no-paragraphs",
            "10MB-line",
            "control",
            "label-only",
            "long-dateline",
        ],
    )
    def test_refused_with_a_clear_error_and_nothing_written(self, text, message):
        self.assert_refused(text, message)

    def test_title_option_too_long(self):
        self.assert_refused(
            doc("Vladimir Putin: Hi."), "the title", title="T" * 400, date=dt.date(2024, 1, 1)
        )

    def assert_refused(self, text, message, **options):
        with pytest.raises(DocumentError, match=message):
            imported(text, **options)
        assert not Transcript.objects.exists()
        assert not Segment.objects.exists()
        assert not Person.objects.exists()


def test_text_that_stops_mid_sentence_imports_and_is_reported():
    from newsroom.coverage.quality import check_transcript

    text = doc(
        "Meeting", "May 5, 2024", "Vladimir Putin: Good afternoon.", "We will now turn to the"
    )
    transcript = imported(text)
    assert segments(transcript)[-1].text == "We will now turn to the"
    assert [(f.paragraph, f.code) for f in check_transcript(transcript)] == [(2, "cut-off")]


class TestCopyShapes:
    """Shapes real copies take (the field corpus holds real examples of each)."""

    def test_title_summary_then_a_dateline_split_over_lines(self):
        text = doc(
            "Meeting on the harvest",
            "The President held a meeting on the progress of the harvest.",
            "August 14, 2024",
            "14:30",
            "Novo-Ogaryovo, Moscow Region",
            "Vladimir Putin: Good afternoon.",
        )
        transcript = imported(text)
        assert transcript.title == "Meeting on the harvest"
        assert transcript.date == dt.date(2024, 8, 14)
        assert transcript.summary == "The President held a meeting on the progress of the harvest."
        assert transcript.dateline == "August 14, 2024, Novo-Ogaryovo, Moscow Region"
        assert [s.text for s in segments(transcript)] == [
            "The President held a meeting on the progress of the harvest.",
            "Good afternoon.",
        ]

    def test_a_dateline_with_a_time_gives_the_place(self):
        text = doc("Meeting", "May 8, 2021 - 18:10 - The Kremlin, Moscow", "Vladimir Putin: Hello.")
        parsed = parse_transcript(text)
        assert (parsed.date, parsed.place_name) == (dt.date(2021, 5, 8), "The Kremlin, Moscow")

    def test_a_forum_or_blog_preface_is_dropped(self):
        text = doc(
            "Ivan P.",
            "Senior Member",
            "Join Date: Aug 2015",
            "Posted on 12 October 2023 by ivan",
            "Worth reading in full, see https://example.org/thread",
            "Meeting on the harvest",
            "August 14, 2024, Novo-Ogaryovo",
            "The President held a meeting on the harvest.",
            "Vladimir Putin: Good afternoon.",
        )
        transcript = imported(text)
        stored = " ".join(
            [transcript.title, transcript.summary, *[s.text for s in segments(transcript)]]
        )
        for preface in ["Senior Member", "Join Date", "Posted on", "Worth reading", "Ivan"]:
            assert preface not in stored
        assert transcript.summary == "The President held a meeting on the harvest."

    def test_a_repost_header_with_a_date_in_another_language_is_dropped(self):
        text = doc(
            "Опубликовано 14 августа 2024",
            "Source: President of Russia – The Kremlin – English",
            "Meeting on the harvest",
            "August 14, 2024, Novo-Ogaryovo",
            "Vladimir Putin: Good afternoon.",
            "The source of information - http://en.kremlin.ru/events/president/news/1",
        )
        parts = segments(imported(text))
        assert [s.text for s in parts] == ["Good afternoon."]

    def test_hard_wrapped_lines_starting_with_capitals_are_rejoined(self):
        wrapped = [
            "Meeting with the Governor of Tver Region",
            "",
            "May 5, 2024, The Kremlin, Moscow",
            "",
            "Vladimir Putin: Good afternoon. We will talk about the Tver",
            "Region, its roads and the plans of the Government of the Russian",
            "Federation for them, which you asked me about when we met in",
            "Moscow last winter, and about the schools that Tver Region is",
            "building this year.",
            "",
            "Governor of Tver Region Igor Rudenya: Thank you, Mr President. I",
            "will begin with the roads, which the Region has repaired over the",
            "past three years with the help of the federal programme, as you",
            "know.",
        ]
        parts = segments(imported("\n".join(wrapped)))
        assert [(s.speaker.name, s.text.split()[-1]) for s in parts] == [
            ("Vladimir Putin", "year."),
            ("Igor Rudenya", "know."),
        ]

    def test_a_name_then_role_label_on_a_first_turn(self):
        text = doc(
            "News conference",
            "May 5, 2024, Moscow",
            "Vladimir Putin: Please.",
            "Anna Petrova, correspondent at a TV channel: Good afternoon, Mr President.",
            "My question is about schools.",
            "Anna Petrova: And a second one.",
        )
        parts = segments(imported(text))
        assert [s.speaker.name for s in parts] == [
            "Vladimir Putin",
            "Anna Petrova",
            "Anna Petrova",
            "Anna Petrova",
        ]
        assert parts[1].text == "Good afternoon, Mr President."
        assert Role.objects.filter(
            person=parts[1].speaker, title="correspondent at a TV channel"
        ).exists()

    def test_captions_credits_and_omission_markers_are_never_speech(self):
        text = doc(
            "Meeting with Head of Karelia Artur Parfenchikov",
            "May 5, 2024, The Kremlin, Moscow",
            "Head of Karelia Artur Parfenchikov: Good afternoon.",
            "Vladimir Putin: Good afternoon. How is the harvest?",
            "Vladimir Putin with Head of Karelia Artur Parfenchikov.",
            "Vladimir Putin with Head of Karelia Artur Parfenchikov.",
            "Photo: Kremlin press service",
            "Artur Parfenchikov: Good, thank you.",
            "<…>",
        )
        parts = segments(imported(text))
        assert [(s.speaker.name, s.text) for s in parts] == [
            ("Artur Parfenchikov", "Good afternoon."),
            ("Vladimir Putin", "Good afternoon. How is the harvest?"),
            ("Artur Parfenchikov", "Good, thank you."),
        ]

    def test_labels_in_capitals_give_the_name_as_written_elsewhere(self):
        text = doc("Press conference", "May 5, 2006", "PRESIDENT OF RUSSIA VLADIMIR PUTIN: Hello.")
        (part,) = segments(imported(text))
        assert part.speaker.name == "Vladimir Putin"
        assert Role.objects.filter(person=part.speaker, title="President of Russia").exists()
