"""Parse a Kremlin-website English transcript, as copied to text, into its parts.

The format: website chrome, a title, a dateline ("September 28, 2023, The Kremlin,
Moscow"), a one-line summary, then paragraphs. A speaker turn starts with a label
("President of Russia Vladimir Putin:"), the role printed on first mention only;
unlabelled paragraphs continue the current speaker. Editorial narration (the summary,
"Taking part in the meeting were …", bracketed remarks) has no speaker. The dateline
is often repeated at the end.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from newsroom.coverage.importers.chrome import is_chrome, is_separator
from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.importers.reading import Paragraph, read_paragraphs
from newsroom.coverage.importers.speakers import read_label

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATELINE = re.compile(
    rf"^(?P<date>(?:{MONTHS}) \d{{1,2}}, \d{{4}}|\d{{1,2}} (?:{MONTHS}) \d{{4}})"
    r"(?:,? (?:\d{1,2}:\d{2},? )?(?P<place>.+))?$"
)
BRACKETED = re.compile(r"^[(\[].*[)\]]\.?$")
NARRATION_OPENINGS = re.compile(
    r"^(?:Also )?(?:Taking part in|Participating in|Present at|Attending) the\b"
    r"|^The (?:meeting|talks|conversation|event|session|ceremony) was attended by\b"
)
MAX_TITLE_CHARS = 300


@dataclass
class ParsedSegment:
    kind: str  # "speech" or "narration"
    text: str
    line: int
    label: str = ""  # as printed, on the first paragraph of a turn
    speaker_name: str = ""
    role: str = ""  # printed before the name on a labelled paragraph


@dataclass
class ParsedTranscript:
    title: str
    date: dt.date
    dateline: str
    place_name: str
    summary: str
    segments: list[ParsedSegment] = field(default_factory=list)

    @property
    def turns(self) -> list[ParsedSegment]:
        return [s for s in self.segments if s.label]


def parse_date(text: str) -> dt.date | None:
    for form in ("%B %d, %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def parse_transcript(
    text: str,
    *,
    known_names: set[str] = frozenset(),
    title: str | None = None,
    date: dt.date | None = None,
    place: str | None = None,
) -> ParsedTranscript:
    """Return the parts of a transcript; raise DocumentError naming what is missing."""
    paragraphs = [p for p in read_paragraphs(text) if not is_chrome(p.text)]
    paragraphs = _without_trailing_dateline(paragraphs)
    if not paragraphs:
        raise DocumentError("the document holds nothing but website chrome")

    dateline_at = next((i for i, p in enumerate(paragraphs) if DATELINE.match(p.text)), None)
    found_title, found_date, dateline, found_place = None, None, "", ""
    body_start = 0
    if dateline_at is not None:
        match = DATELINE.match(paragraphs[dateline_at].text)
        found_date = parse_date(match.group("date"))
        dateline = paragraphs[dateline_at].text
        found_place = (match.group("place") or "").strip()
        body_start = dateline_at + 1
        if dateline_at > 0 and _could_be_title(paragraphs[dateline_at - 1].text, known_names):
            found_title = paragraphs[dateline_at - 1].text
    elif _could_be_title(paragraphs[0].text, known_names) and len(paragraphs) > 1:
        found_title = paragraphs[0].text
        body_start = 1
    if title and found_title is None and paragraphs[0].text == title:
        body_start = max(body_start, 1)

    title = title or found_title
    date = date or found_date
    if not title:
        raise DocumentError("no title found in the document: give the title (--title)")
    if not date:
        raise DocumentError("no date found in the document: give the date (--date YYYY-MM-DD)")

    segments = _segments(paragraphs[body_start:], known_names)
    if not any(s.label and s.kind == "speech" for s in segments):
        raise DocumentError(
            "no speaker turn found: a transcript has paragraphs that start with a speaker "
            'label such as "Vladimir Putin:"'
        )
    summary = segments[0].text if segments[0].kind == "narration" else ""
    return ParsedTranscript(
        title=title,
        date=date,
        dateline=dateline,
        place_name=place or found_place,
        summary=summary,
        segments=segments,
    )


def _without_trailing_dateline(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Drop the dateline the page repeats after the last paragraph."""
    while len(paragraphs) > 1 and DATELINE.match(paragraphs[-1].text):
        if sum(p.text == paragraphs[-1].text for p in paragraphs) < 2:
            break
        paragraphs = paragraphs[:-1]
    return paragraphs


def _could_be_title(text: str, known_names: set[str]) -> bool:
    return (
        len(text) <= MAX_TITLE_CHARS
        and not text.endswith((".", "?", "!", ":"))
        and read_label(text, known_names) is None
        and not is_separator(text)
    )


def _segments(paragraphs: list[Paragraph], known_names: set[str]) -> list[ParsedSegment]:
    names = {n.lower() for n in known_names}
    segments: list[ParsedSegment] = []
    in_turn = False  # False before any label and after a separator
    speaker = ""  # the current speaker's name; "" for an unnamed one ("Question:")
    pending_label = None  # a label printed alone on its line
    for paragraph in paragraphs:
        text = paragraph.text
        if is_separator(text):
            in_turn, speaker = False, ""
            continue
        if BRACKETED.match(text) or NARRATION_OPENINGS.match(text):
            segments.append(ParsedSegment("narration", text, paragraph.line))
            continue
        label = read_label(text, names)
        if label is not None:
            in_turn, speaker = True, label.name
            if label.name:
                names.add(label.name.lower())
            if not label.rest:
                pending_label = label
                continue
            segments.append(
                ParsedSegment(
                    "speech", label.rest, paragraph.line, label.printed, label.name, label.role
                )
            )
            pending_label = None
            continue
        if pending_label is not None:
            label, pending_label = pending_label, None
            segments.append(
                ParsedSegment("speech", text, paragraph.line, label.printed, label.name, label.role)
            )
        elif in_turn:
            segments.append(ParsedSegment("speech", text, paragraph.line, speaker_name=speaker))
        else:
            segments.append(ParsedSegment("narration", text, paragraph.line))
    if pending_label is not None:
        raise DocumentError(
            f"the speaker label {pending_label.printed!r} is followed by no text",
            line=None,
        )
    return segments
