"""Writes that touch several models: importing transcripts and stories."""

import datetime as dt
import difflib
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from newsroom.coverage.importers.errors import DocumentError, MissingSource
from newsroom.coverage.importers.reading import check_value
from newsroom.coverage.importers.stories import ParsedStory, headline_from, parse_story
from newsroom.coverage.importers.transcripts import ParsedTranscript, parse_transcript
from newsroom.coverage.models import (
    Article,
    Event,
    Person,
    PersonName,
    Place,
    PlaceName,
    Role,
    Segment,
    SegmentKind,
    Source,
    SourceKind,
    Transcript,
)
from newsroom.coverage.services.audit import require
from newsroom.coverage.services.revisions import keep_version
from newsroom.coverage.services.transcript_versions import (
    NewParagraph,
    RevisionPlan,
    apply_revision,
    keep_first_version,
    plan_revision,
)
from newsroom.coverage.text import join_paragraphs

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    object: Transcript | Article
    created: bool
    dry_run: bool = False
    new_people: list[str] = field(default_factory=list)
    new_roles: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    plan: RevisionPlan | None = None  # a stored transcript's revision: what it changed

    @property
    def verb(self) -> str:
        if self.dry_run:
            return "Would import"
        return "Imported" if self.created else "Updated"


def write_atomically(write, *, dry_run: bool) -> ImportResult:
    """Run `write` in one transaction, rolled back afterwards for a dry run."""
    with transaction.atomic(), keep_version(comment="Imported from a document"):
        result = write()
        result.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    logger.info(
        "%s %s %r (%s)%s",
        result.verb,
        result.object._meta.verbose_name,
        result.object.slug,
        ", ".join(f"{what}: {count}" for what, count in result.counts.items()),
        f"; new people: {', '.join(result.new_people)}" if result.new_people else "",
    )
    return result


def require_fits(model, field: str, value: str, what: str) -> str:
    """Return `value`, or raise DocumentError when it is longer than `model.field` holds."""
    limit = model._meta.get_field(field).max_length
    if limit is not None and len(value) > limit:
        raise DocumentError(f"{what} is {len(value):,} characters long; at most {limit} fit")
    return value


def check_transcript_fits(parsed: ParsedTranscript) -> None:
    require_fits(Transcript, "title", parsed.title, "the title")
    require_fits(Transcript, "dateline", parsed.dateline, "the dateline")
    for segment in parsed.segments:
        require_fits(
            Segment, "speaker_label", segment.label, f"the speaker label {segment.label!r}"
        )
        require_fits(Person, "name", segment.speaker_name, "a speaker's name")
        require_fits(Role, "title", segment.role, "a speaker's role")


def known_speaker_names() -> set[str]:
    """Return every person's name and other name, in lower case."""
    names = set(Person.objects.values_list("name", flat=True))
    names |= set(PersonName.objects.values_list("name", flat=True))
    return {name.lower() for name in names}


def transcript_import(
    *,
    text: str,
    source: Source,
    event: Event | None = None,
    title: str | None = None,
    date: dt.date | None = None,
    place: str | None = None,
    dry_run: bool = False,
    replace: bool = False,
    user=None,
) -> ImportResult:
    """Import a transcript, or revise the one with the same title and date.

    Importing the same document again changes nothing. A different text for a
    transcript already stored (another copy of the meeting, a corrected version) is
    refused with what would change, unless `replace` says to replace it: then the new
    version is aligned with the stored one, paragraph by paragraph, and every citation
    follows its words (`services.transcript_versions`); `result.plan` says how. A dry
    run works all of that out and writes nothing. Everything is written in one
    transaction: a document that cannot be imported raises DocumentError and writes
    nothing.
    """
    title = check_value(title, "the title")
    place = check_value(place, "the place")
    parsed = parse_transcript(
        text, known_names=known_speaker_names(), title=title, date=date, place=place
    )
    check_transcript_fits(parsed)
    return write_atomically(
        lambda: _write_transcript(parsed, source=source, event=event, replace=replace, user=user),
        dry_run=dry_run,
    )


def _write_transcript(
    parsed: ParsedTranscript, *, source, event, replace: bool, user=None
) -> ImportResult:
    slug = transcript_slug(parsed.title, parsed.date)
    transcript, created = Transcript.objects.select_for_update().get_or_create(
        slug=slug,
        defaults={"title": parsed.title, "date": parsed.date, "source": source},
    )
    if not created and not replace and (changes := transcript_changes(transcript, parsed)):
        raise DocumentError(
            f"“{transcript.title}” of {transcript.date:%d %B %Y} is already stored with a "
            f"different text: {changes}. Nothing was changed; to replace the stored text "
            "with this one, import it again choosing to replace the stored text",
            field="replace",
        )
    transcript.title = parsed.title
    transcript.date = parsed.date
    transcript.source = source
    transcript.dateline = parsed.dateline
    transcript.summary = parsed.summary
    transcript.event = event or transcript.event
    transcript.place = find_place(parsed.place_name) or transcript.place
    transcript.save()

    result = ImportResult(object=transcript, created=created)
    incoming = _paragraphs(parsed, result)
    if created:
        Segment.objects.bulk_create(
            Segment(transcript=transcript, position=n, key=n, **_fields(paragraph))
            for n, paragraph in enumerate(incoming, start=1)
        )
        keep_first_version(transcript, user=user)
    else:
        result.plan = plan_revision(transcript, incoming)
        if result.plan.changed:
            apply_revision(result.plan, user=user, comment="Imported from a document")
    result.counts = {
        "segments": len(parsed.segments),
        "turns": len(parsed.turns),
        "speakers": len({p.speaker for p in incoming if p.speaker is not None}),
    }
    return result


def revise_transcript(*, transcript: Transcript, text: str, user, dry_run: bool) -> ImportResult:
    """Replace `transcript`'s text with the document `text`, or (dry run) say what would.

    The document's own title and date, if it has them, are not used: this is a new
    version of this transcript. Its paragraphs, summary and dateline are.
    """
    require(user, "coverage.change_transcript", "revise transcripts")
    parsed = parse_transcript(
        text,
        known_names=known_speaker_names(),
        title=transcript.title,
        date=transcript.date,
        place=transcript.place.name if transcript.place else None,
    )
    check_transcript_fits(parsed)

    def write():
        locked = Transcript.objects.select_for_update().get(pk=transcript.pk)
        locked.summary, locked.dateline = parsed.summary, parsed.dateline
        locked.save()
        result = ImportResult(object=locked, created=False)
        result.plan = plan_revision(locked, _paragraphs(parsed, result))
        if result.plan.changed:
            apply_revision(result.plan, user=user, comment="Revised through the API")
        result.counts = {"segments": len(parsed.segments), "turns": len(parsed.turns)}
        return result

    return write_atomically(write, dry_run=dry_run)


def _paragraphs(parsed: ParsedTranscript, result: ImportResult) -> list[NewParagraph]:
    """Return the parsed paragraphs with their speakers found (or created)."""
    speakers: dict[str, Person | None] = {}
    paragraphs = []
    for parsed_segment in parsed.segments:
        speaker = None
        if parsed_segment.kind == SegmentKind.SPEECH and parsed_segment.speaker_name:
            name = parsed_segment.speaker_name
            if name not in speakers:
                speakers[name] = resolve_speaker(name, result)
            speaker = speakers[name]
            if parsed_segment.role and speaker is not None:
                ensure_role(speaker, parsed_segment.role, result)
        paragraphs.append(
            NewParagraph(parsed_segment.kind, parsed_segment.label, parsed_segment.text, speaker)
        )
    return paragraphs


def _fields(paragraph: NewParagraph) -> dict:
    return {
        "kind": paragraph.kind,
        "speaker_label": paragraph.label,
        "text": paragraph.text,
        "speaker": paragraph.speaker,
    }


def transcript_changes(transcript: Transcript, parsed: ParsedTranscript) -> str:
    """Say how `parsed` differs from the stored `transcript`; "" when it is the same."""
    stored = list(
        transcript.segments.order_by("position").values_list("kind", "speaker_label", "text")
    )
    incoming = [(s.kind, s.label, s.text) for s in parsed.segments]
    changed = added = removed = 0
    first = None
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, stored, incoming).get_opcodes():
        if tag == "equal":
            continue
        first = first or i1 + 1
        common = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        changed += common
        removed += (i2 - i1) - common
        added += (j2 - j1) - common
    parts = [
        f"{count} paragraph{'s' * (count != 1)} {verb}"
        for count, verb in ((changed, "would change"), (added, "would be added"))
        if count
    ]
    if removed:
        parts.append(f"{removed} would be removed")
    if first is not None:
        parts.append(f"the first difference at ¶{first}")
    if transcript.summary != parsed.summary:
        parts.append("the summary would change")
    if transcript.dateline != parsed.dateline:
        parts.append(f"the dateline would read “{parsed.dateline}”")
    return ", ".join(parts)


def transcript_slug(title: str, date: dt.date) -> str:
    """Return the slug of a transcript: its title and date (titles repeat year after year)."""
    base = slugify(title)[: 200 - 11] or "transcript"
    return f"{base}-{date.isoformat()}"


def resolve_speaker(name: str, result: ImportResult) -> Person | None:
    """Return the person called `name` (or an other name), creating them when new."""
    matches = list(Person.objects.named(name)[:2])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise DocumentError(
            f"the speaker {name!r} matches several people ({matches[0].slug}, "
            f"{matches[1].slug}): make the other names unambiguous first"
        )
    words = name.split()
    person = Person.objects.create(
        name=name,
        slug=unique_slug(Person, name),
        sort_name=f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name,
    )
    result.new_people.append(name)
    return person


def ensure_role(person: Person, title: str, result: ImportResult) -> None:
    _, created = Role.objects.get_or_create(person=person, title=title)
    if created:
        result.new_roles.append(f"{title} ({person.name})")


def find_place(text: str) -> Place | None:
    """Return the place a dateline names ("The Kremlin, Moscow" → The Kremlin), if known."""
    candidates = [text.strip()] + [part.strip() for part in text.split(",")]
    for candidate in filter(None, candidates):
        place = Place.objects.filter(name__iexact=candidate).first()
        if place is None:
            other = PlaceName.objects.filter(name__iexact=candidate).select_related("place")
            place = other[0].place if other else None
        if place is not None:
            return place
    return None


def unique_slug(model, text: str) -> str:
    base = slugify(text)[:190] or model._meta.model_name
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def story_import(
    *,
    text: str,
    source: Source | None = None,
    headline: str | None = None,
    slug: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import a story as a draft, or update the story with the same slug in place.

    A trailing "[Source: …]" line names the source (created when unknown); `source`
    is used for stories without one.
    """
    parsed = parse_story(text)
    headline = check_value(headline, "the headline")
    if headline and parsed.headline and headline.strip() != parsed.headline.strip():
        # The headline given is the story's: the line that read as one stays in its text.
        parsed.paragraphs.insert(0, parsed.headline)
    slug = check_value(slug, "the slug")
    if not parsed.source_name and source is None:
        raise MissingSource()
    headline = require_fits(
        Article, "headline", (headline or headline_from(parsed)).strip(), "the headline"
    )
    require_fits(Source, "name", parsed.source_name, "the source line")
    slug = require_fits(Article, "slug", slug or slugify(headline)[:200], "the slug")
    if not slug:
        raise DocumentError(
            "the headline gives no usable address: give a headline with letters or digits",
            field="headline",
        )
    return write_atomically(
        lambda: _write_story(parsed, source=source, headline=headline, slug=slug),
        dry_run=dry_run,
    )


def _write_story(parsed: ParsedStory, *, source, headline, slug) -> ImportResult:
    if parsed.source_name:
        source = Source.objects.filter(name__iexact=parsed.source_name).first() or (
            Source.objects.create(
                name=parsed.source_name,
                slug=unique_slug(Source, parsed.source_name),
                kind=SourceKind.OTHER,
            )
        )
    article, created = Article.objects.select_for_update().get_or_create(
        slug=slug, defaults={"headline": headline, "body": "", "source": source}
    )
    article.headline = headline
    article.body = join_paragraphs(parsed.paragraphs)
    article.source = source
    article.save()
    return ImportResult(
        object=article, created=created, counts={"paragraphs": len(parsed.paragraphs)}
    )
