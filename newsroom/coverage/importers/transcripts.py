"""Parse an English Kremlin transcript, as people copy and paste it, into its parts.

The Kremlin's format: a title, a dateline ("September 28, 2023, The Kremlin, Moscow"),
a one-line summary, then paragraphs. A speaker turn starts with a label ("President of
Russia Vladimir Putin:"), the role printed on first mention only; unlabelled paragraphs
continue the current speaker. Editorial narration (the summary, "Taking part in the
meeting were …", bracketed remarks) has no speaker. The dateline is often repeated at
the end.

Copies wrap that in other shapes, read here by general rules:
- website chrome, and a preface before the title (a forum post's header, a mailing
  list's, an agency's own paragraphs): everything before the title is dropped;
- the summary above the dateline ("title, summary, dateline"), and a dateline split
  over lines (a date line, a time line, a place line; or the date above the title);
- datelines with a time ("May 8, 2021 - 18:10 - The Kremlin, Moscow"), or the place
  first ("Moscow, December, 23, 2016");
- copiers' lines (a "Source:" line, photo credits, a bare web address), photo captions (a
  line of names, often printed twice), a subtitle repeating the title, and omission
  markers ("<…>"), which are dropped, never speech;
- a copier's preface that ends by announcing the transcript ("The following is the full
  transcript…"), dropped with everything before it;
- the link lines under a Kremlin page ("Publication date: …", "Official Website of the
  President of Russia:" and the title), which give the title and date when the copy
  has no other.
Many meetings are published only as narration, with no speaker turns: they are records
too.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from newsroom.coverage.importers.chrome import (
    PUBLICATION_DATE,
    TITLE_FOLLOWS,
    is_chrome,
    is_marker,
    is_separator,
    is_wrapper,
)
from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.importers.reading import ENDS_A_SENTENCE, Paragraph, read_paragraphs
from newsroom.coverage.importers.speakers import CONNECTORS, read_label

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = (
    rf"(?:(?P<md>(?:{MONTHS}),? \d{{1,2}}, \d{{4}})"  # September 28, 2023 (or "December, 23, 2016")
    rf"|(?P<dm>\d{{1,2}} (?:{MONTHS}) \d{{4}}))"  # 28 September 2023
)
TIME = r"\d{1,2}[:.]\s?\d{2}"
SEP = r"\s*(?:,|\s[-–—]|\s)\s*"
# The date first, then perhaps a time and a place; or a place, then the date.
DATELINE = re.compile(rf"^{DATE}(?:{SEP}(?:{TIME}(?:{SEP}|$))?(?P<place>.+?)?)?\.?$")
PLACE_FIRST = re.compile(rf"^(?P<place>[^\d,]{{2,80}}),\s*{DATE}$")
TIME_LINE = re.compile(rf"^{TIME}$")
# A date with its year cut off ("May 16,"): a dateline the copy broke.
BROKEN_DATELINE = re.compile(rf"^(?:{MONTHS}) \d{{1,2}},?$")
BRACKETED = re.compile(r"^[(\[].*[)\]]\.?$")
NARRATION_OPENINGS = re.compile(
    r"^(?:Also )?(?:Taking part in|Participating in|Present at|Attending) the\b"
    r"|^The (?:meeting|talks|conversation|event|session|ceremony) was attended by\b"
)
# A copier's note before a title: "[Putin News Conference:] Transcript of …".
TITLE_PREFIX = re.compile(r"^\[[^\]]{1,80}\]\s*")
WEB_ADDRESS = re.compile(r"https?://|www\.|\b[\w-]+\.(?:ru|com|org|net|info)\b", re.IGNORECASE)
MAX_TITLE_CHARS = 300
MAX_PLACE_WORDS = 8
MAX_UNDATED_TITLE_WORDS = 20
MAX_CAPTION_WORDS = 25
# A copier's sentence announcing that the transcript follows: what precedes it is theirs.
PREFACE_END = re.compile(
    r"\b(?:the following is|below is|here is)\b.{0,60}\b(?:transcript|text|speech)\b"
    r"|\b(?:full|complete) (?:transcript|text) (?:follows|below)\b",
    re.IGNORECASE,
)


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


@dataclass(frozen=True)
class Dateline:
    date: dt.date
    place: str


def parse_date(text: str) -> dt.date | None:
    text = text.replace(",", "").replace("  ", " ")
    for form in ("%B %d %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def read_dateline(text: str) -> Dateline | None:
    """Return the date and place of a dateline, or None when `text` is not one."""
    match = DATELINE.match(text) or PLACE_FIRST.match(text)
    if not match:
        return None
    date = parse_date(match.group("md") or match.group("dm"))
    if date is None:
        return None
    return Dateline(date, (match.group("place") or "").strip(" ,.-–—"))


def parse_transcript(
    text: str,
    *,
    known_names: set[str] = frozenset(),
    title: str | None = None,
    date: dt.date | None = None,
    place: str | None = None,
) -> ParsedTranscript:
    """Return the parts of a transcript; raise DocumentError naming what is missing."""
    read = read_paragraphs(text)
    linked = _link_lines(read)
    paragraphs = [p for p in read if not is_chrome(p.text) and p.text != linked.title]
    paragraphs = _without_trailing_dateline(paragraphs)
    if not paragraphs:
        raise DocumentError("the document holds nothing but website chrome")
    head = _read_head(paragraphs, known_names, title)

    title = title or head.title or linked.title
    date = date or head.date or linked.date
    if not title:
        raise DocumentError("no title found in the document: give the title", field="title")
    if not date:
        raise DocumentError(
            "no date found in the document: give the date (YYYY-MM-DD)", field="date"
        )

    body = paragraphs[head.body_start :]
    if head.summary is not None:
        body = [head.summary, *body]
    segments = _segments(body, known_names, title=title)
    if not segments:
        raise DocumentError("the document holds a title and a date but no paragraph")
    first = segments[0]
    summary = (
        first.text if first.kind == "narration" and first.text.endswith(ENDS_A_SENTENCE) else ""
    )
    return ParsedTranscript(
        title=title,
        date=date,
        dateline=head.dateline,
        place_name=place or head.place,
        summary=summary,
        segments=segments,
    )


@dataclass(frozen=True)
class LinkLines:
    """What the link lines under a Kremlin page say of it."""

    title: str | None = None
    date: dt.date | None = None


def _link_lines(paragraphs: list[Paragraph]) -> LinkLines:
    """Read the title and date the Kremlin's link lines give ("Publication date: …")."""
    title, date = None, None
    for index, paragraph in enumerate(paragraphs):
        found = PUBLICATION_DATE.match(paragraph.text)
        if found and date is None:
            date = parse_date(found["date"].strip())
        if TITLE_FOLLOWS.match(paragraph.text) and index + 1 < len(paragraphs):
            title = title or paragraphs[index + 1].text
    return LinkLines(title, date)


@dataclass
class Head:
    """Where the document's title, dateline and body are (found in `_read_head`)."""

    title: str | None = None
    date: dt.date | None = None
    dateline: str = ""
    place: str = ""
    summary: Paragraph | None = None  # a summary printed above the dateline
    body_start: int = 0


def _read_head(paragraphs: list[Paragraph], known_names: set[str], title: str | None) -> Head:
    """Find the title and dateline; everything before the title is a preface."""
    texts = [p.text for p in paragraphs]
    at = next((i for i, t in enumerate(texts) if read_dateline(t)), None)
    if at is None or _turn_before(texts[:at], known_names):
        return _undated_head(texts, known_names, title)
    dateline = read_dateline(texts[at])
    head = Head(date=dateline.date, dateline=texts[at], place=dateline.place, body_start=at + 1)
    before = [i for i in (at - 1, at - 2) if i >= 0]
    if before and _could_be_title(texts[before[0]], known_names):
        head.title = texts[before[0]]
    elif (
        len(before) == 2
        and texts[before[0]].endswith(ENDS_A_SENTENCE)
        and _could_be_title(texts[before[1]], known_names)
    ):
        # Title, summary, dateline: the summary is the first paragraph of the body.
        head.title, head.summary = texts[before[1]], paragraphs[before[0]]
    after = head.body_start
    if not head.place and after < len(texts) and TIME_LINE.match(texts[after]):
        after += 1  # a time printed on its own line
    if (
        not head.title
        and after + 1 < len(texts)
        and _is_place(texts[after + 1])
        and _could_be_title(texts[after], known_names)
    ):
        head.title, after = texts[after], after + 1  # the date above the title
    if not head.place and after < len(texts) and _is_place(texts[after]):
        head.place, head.dateline, after = (
            texts[after],
            f"{head.dateline}, {texts[after]}",
            after + 1,
        )
    head.body_start = after
    if head.title:
        head.title = TITLE_PREFIX.sub("", head.title)
    return head


def _undated_head(texts: list[str], known_names: set[str], title: str | None) -> Head:
    """Read a copy with no dateline: its first line is the title, unless it is a turn."""
    if title and texts[0] == title:
        return Head(title=title, body_start=1)
    first = texts[0].rstrip(".")
    if (
        not title
        and len(texts) > 1
        and len(first.split()) <= MAX_UNDATED_TITLE_WORDS
        and _could_be_title(first, known_names)
    ):
        return Head(title=TITLE_PREFIX.sub("", first), body_start=1)
    return Head()


def _turn_before(texts: list[str], known_names: set[str]) -> bool:
    """Tell whether a speaker turn comes before what looked like the dateline.

    A forum header's "Join Date: Aug 2015" reads like a label, but what follows it is
    no sentence.
    """
    for text in texts:
        label = read_label(text, known_names)
        if label is not None and (not label.rest or label.rest.endswith(ENDS_A_SENTENCE)):
            return True
    return False


def _is_place(text: str) -> bool:
    """Tell whether `text` reads as a place ("Circular Hall, The Kremlin, Moscow")."""
    words = text.split()
    return (
        0 < len(words) <= MAX_PLACE_WORDS
        and not text.endswith(ENDS_A_SENTENCE)
        and ":" not in text  # a speaker label alone on its line
        and _names_and_roles(words)
    )


def _names_and_roles(words: list[str]) -> bool:
    """Tell whether every word is capitalised or joins a name or role ("of", "the")."""
    return all(w[0].isupper() or w.lower() in CONNECTORS for w in words)


def _without_trailing_dateline(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Drop the dateline the page repeats after the last paragraph."""
    while len(paragraphs) > 1 and read_dateline(paragraphs[-1].text):
        if sum(p.text == paragraphs[-1].text for p in paragraphs) < 2:
            break
        paragraphs = paragraphs[:-1]
    return paragraphs


def _could_be_title(text: str, known_names: set[str]) -> bool:
    return (
        len(text) <= MAX_TITLE_CHARS
        and not WEB_ADDRESS.search(text)
        and not BRACKETED.match(text)
        and not text.rstrip('”"’»)').endswith((".", "?", "!", ":"))
        and read_label(text, known_names) is None
        and not is_separator(text)
        and not is_wrapper(text)
        and read_dateline(text) is None
    )


def _speaker_names(paragraphs: list[Paragraph], known_names: set[str]) -> set[str]:
    """Return the names of every labelled speaker in the document, in lower case."""
    names = {n.lower() for n in known_names}
    for paragraph in paragraphs:
        label = read_label(paragraph.text, names)
        if label is not None and label.name:
            names.add(label.name.lower())
    return names


def is_caption(text: str, names: set[str]) -> bool:
    """Tell whether a paragraph is a photo caption: names and roles, and a full stop.

    "Vladimir Putin with Acting Head of the Republic of Karelia Artur Parfenchikov."
    """
    words = text.rstrip(".").replace(",", " ").split()
    return (
        text.endswith(".")
        and 2 <= len(words) <= MAX_CAPTION_WORDS
        and _names_and_roles(words)
        and any(name in text.lower() for name in names if " " in name)
    )


def _same_words(text: str, title: str) -> bool:
    """Tell whether `text` is the title again, whatever its case and closing full stop."""
    return text.rstrip(" .").casefold() == title.rstrip(" .").casefold()


def _segments(
    paragraphs: list[Paragraph], known_names: set[str], *, title: str
) -> list[ParsedSegment]:
    names = _speaker_names(paragraphs, known_names)
    segments: list[ParsedSegment] = []
    in_turn = False  # False before any label and after a separator
    speaker = ""  # the current speaker's name; "" for an unnamed one ("Question:")
    pending_label = None  # a label printed alone on its line
    seen_turn = False
    previous = ""
    for paragraph in paragraphs:
        text, repeated = paragraph.text, paragraph.text == previous
        previous = text
        if not seen_turn and PREFACE_END.search(text):
            segments = []  # a copier's preface ends here: the transcript follows
            continue
        if is_separator(text):
            in_turn, speaker = False, ""
            continue
        label = read_label(text, names)
        if label is None and (
            is_marker(text) or is_wrapper(text) or is_caption(text, names) or repeated
        ):
            continue
        if (
            label is None
            and not seen_turn
            and (
                _same_words(text, title)
                or BROKEN_DATELINE.match(text)
                or not text.endswith(ENDS_A_SENTENCE)
            )
        ):
            continue  # before the first turn: the title again (or as a subtitle), chrome
        if BRACKETED.match(text) or NARRATION_OPENINGS.match(text):
            segments.append(ParsedSegment("narration", text, paragraph.line))
            continue
        if label is not None:
            in_turn, speaker, seen_turn = True, label.name, True
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
