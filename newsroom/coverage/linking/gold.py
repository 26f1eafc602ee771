"""Load a gold set of real stories and the records of their meetings, to measure the engine.

A gold set is a directory (see tests/gold/real/): `gold.json` names the people and places
an editor would have entered, the transcripts (`transcripts/<slug>.txt`: a short header,
then one paragraph a line, "Label with a known name: words" opening a turn that runs
until the next label; lines before the first label are narration) and the stories
(`stories/<slug>.txt`), each with the sentences some passage backs and those passages,
named by a piece of their text.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from newsroom.coverage.linking.sentences import split_sentences
from newsroom.coverage.models import (
    Article,
    Person,
    PersonName,
    Place,
    PlaceName,
    PublicationStatus,
    Segment,
    SegmentKind,
    Source,
    SourceKind,
    Transcript,
)
from newsroom.coverage.services.imports import story_import

HEADER = re.compile(r"^(?P<key>title|date|place):\s*(?P<value>.+)$")
LABEL = re.compile(r"^(?P<label>[^:]{3,120}?):\s+(?P<text>\S.*)$")


@dataclass
class GoldStory:
    article: Article
    transcript: str | None  # the slug of the story's own meeting, None when not archived
    split: str
    backed: dict[str, set[tuple[str, int]]]  # sentence → (transcript slug, position)
    sentences: list[str] = field(default_factory=list)


def load(directory: str | Path) -> list[GoldStory]:
    """Write the gold set's people, places, transcripts and stories; return the judgments."""
    directory = Path(directory)
    gold = json.loads((directory / "gold.json").read_text(encoding="utf-8"))
    with transaction.atomic():
        people = _people(gold["people"])
        _places(gold["places"])
        source, _ = Source.objects.get_or_create(
            slug="kremlin-gold", defaults={"name": "Kremlin (gold set)", "kind": SourceKind.OTHER}
        )
        for slug in gold["transcripts"]:
            _transcript(directory / "transcripts" / f"{slug}.txt", slug, source, people)
        return [_story(directory, entry) for entry in gold["stories"]]


def _people(rows: list[list[str]]) -> dict[str, Person]:
    found = {}
    for name, *other_names in rows:
        person = Person.objects.filter(name=name).first() or Person.objects.create(
            name=name, slug=slugify(name)
        )
        for other in other_names:
            PersonName.objects.get_or_create(person=person, name=other)
        found[name] = person
    return found


def _places(rows: list[dict]) -> None:
    for row in rows:
        parent = Place.objects.filter(name=row.get("parent", "")).first()
        place = Place.objects.filter(name=row["name"]).first() or Place.objects.create(
            name=row["name"], slug=slugify(row["name"]), kind=row["kind"], parent=parent
        )
        for other in row.get("other_names", ()):
            PlaceName.objects.get_or_create(place=place, name=other)


def _transcript(path: Path, slug: str, source: Source, people: dict[str, Person]) -> None:
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    header = {m["key"]: m["value"] for line in head.splitlines() if (m := HEADER.match(line))}
    transcript, _ = Transcript.objects.update_or_create(
        slug=slug,
        defaults={
            "title": header["title"],
            "date": dt.date.fromisoformat(header["date"]),
            "place": Place.objects.filter(name=header.get("place", "")).first(),
            "source": source,
            "status": PublicationStatus.PUBLISHED,
        },
    )
    transcript.segments.all().delete()
    speaker, segments = None, []
    names = sorted(people, key=len, reverse=True)
    for position, line in enumerate((ln for ln in body.splitlines() if ln.strip()), start=1):
        label, text = "", line.strip()
        match = LABEL.match(text)
        named = match and next((n for n in names if n in match["label"]), None)
        if named:
            label, text, speaker = match["label"], match["text"], people[named]
        segments.append(
            Segment(
                transcript=transcript,
                position=position,
                speaker=speaker,
                speaker_label=label,
                kind=SegmentKind.SPEECH if speaker else SegmentKind.NARRATION,
                text=text,
            )
        )
    Segment.objects.bulk_create(segments)


def _story(directory: Path, entry: dict) -> GoldStory:
    text = (directory / "stories" / f"{entry['story']}.txt").read_text(encoding="utf-8")
    article = story_import(
        text=text,
        source=Source.objects.get(slug="kremlin-gold"),
        headline=entry["story"].replace("-", " "),
        slug=entry["story"],
    ).object
    article.source_date = dt.date.fromisoformat(entry["date"])
    article.save(update_fields=["source_date"])
    sentences = [s.text for s in split_sentences(article.body)]
    backed = {}
    for index, pieces in entry["links"].items():
        backed[sentences[int(index)]] = {
            (entry["transcript"], position(entry["transcript"], piece)) for piece in pieces
        }
    return GoldStory(article, entry["transcript"], entry["split"], backed, sentences)


def position(transcript_slug: str, piece: str) -> int:
    """Return the position of the one paragraph of the record that holds `piece`."""
    positions = list(
        Segment.objects.filter(transcript__slug=transcript_slug, text__contains=piece).values_list(
            "position", flat=True
        )
    )
    if len(positions) != 1:
        raise ValueError(f"{transcript_slug}: {piece!r} names {len(positions)} paragraphs")
    return positions[0]
