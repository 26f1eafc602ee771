"""Read a document's bytes into paragraphs, refusing what is not text."""

import itertools
import re
import unicodedata
from dataclasses import dataclass

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.importers.html import html_to_text, looks_like_html
from newsroom.coverage.models.fields import NOT_TEXT, plain_breaks
from newsroom.coverage.text import normalise_whitespace

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_LINE_CHARS = 20_000
# Characters a text document never holds (the C0 and C1 controls but tab and line ends,
# lone surrogates, U+FFFE and U+FFFF): refused, with the line they are on. The line
# breaks word processors paste (U+000B and the like) are read as line breaks first.
CONTROL = NOT_TEXT


def too_large(text: str) -> str:
    """Say why pasted `text` is refused for its size (in bytes, as a file's); "" if not."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= MAX_DOCUMENT_BYTES:
        return ""
    return f"The text is {size:,} bytes; the largest accepted is {MAX_DOCUMENT_BYTES:,}."


SENTENCE_END = tuple('.!?…:;"”’»)]')
# Hard-wrapped copies: lines of at most MAX_WRAP_WIDTH characters, most of those that
# continue on the next line within WRAP_SLACK of the longest.
MAX_WRAP_WIDTH = 100
WRAP_SLACK = 15
WRAPPED_MIN_LINES = 6
# A copy pasted wrapped, without blank lines: this share of its lines break off mid-sentence.
LOOSE_WRAP_SHARE = 0.3
HEADING_WORDS = 12
HEADING_CONNECTORS = {"of", "the", "and", "in", "at", "on", "for", "with", "–", "—", "-"}
LABELLED = re.compile(r"^[A-Z][^:.!?]{0,80}:(?:\s|$)")
WEB_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# What ends a sentence (a wrapped line rarely does; a summary or a caption must).
ENDS_A_SENTENCE = (".", "!", "?", "…", "”", '"', "’")


@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based line where the paragraph starts
    text: str  # white space normalised


def decode_document(data: bytes, name: str = "") -> str:
    """Return the text of a UTF-8 document, refusing empty, binary and non-UTF-8 input.

    A web page (an .html file saved from a browser, or a file that starts as one) gives
    the text of its article, as if copied from the browser.
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"the file is {len(data):,} bytes; the largest document accepted is "
            f"{MAX_DOCUMENT_BYTES:,} bytes"
        )
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DocumentError("this is a binary file, not text (it holds a NUL byte)", line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DocumentError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded)",
            line=line,
        ) from None
    if looks_like_html(text, name):
        text = html_to_text(text)
        if not text.strip():
            raise DocumentError("the web page holds no text")
    return check_text(text)


def check_text(text: str) -> str:
    """Return `text` with its pasted line breaks made plain if it is a readable document,
    else raise DocumentError."""
    text = plain_breaks(text)
    if not text.strip():
        raise DocumentError("the document is empty")
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise DocumentError(
                f"a line of {len(line):,} characters; the longest paragraph accepted is "
                f"{MAX_LINE_CHARS:,}",
                line=number,
            )
        if match := CONTROL.search(line):
            name = unicodedata.name(match.group(), f"U+{ord(match.group()):04X}")
            raise DocumentError(f"control character {name} in the text", line=number)
    return text


def check_value(value: str | None, what: str) -> str | None:
    """Return an option's value (a title, a headline) if it holds no control character."""
    if value is not None and (match := CONTROL.search(value)):
        name = unicodedata.name(match.group(), f"U+{ord(match.group()):04X}")
        raise DocumentError(f"{what} holds the control character {name}")
    return value


def read_paragraphs(text: str) -> list[Paragraph]:
    """Return the paragraphs of `text`, one a line, rejoining lines wrapped mid-paragraph.

    Copies of web pages put each paragraph on a line of its own, separated by blank
    lines or (print pages) by single line breaks. A line that continues a sentence in
    lower case is rejoined; so, in a copy hard-wrapped at a fixed width, is every line
    that ends where the next line's first word would not have fitted. A copy pasted
    with a line break at every wrap and no blank line anywhere (a word processor's,
    a narrow column's) is read as wrapped: a line that ends mid-sentence goes on in the
    next, unless it is a heading (a title, a dateline, a place), and a word left alone
    on its line belongs to the sentence around it. A bare web address never continues
    a paragraph.
    """
    lines = check_text(text).splitlines()
    width = wrap_width(lines)
    loose = width is None and pasted_wrapped(lines)
    paragraphs: list[Paragraph] = []
    previous = ""  # the last line read, "" after a blank line
    for number, raw in enumerate(lines, start=1):
        line = normalise_whitespace(raw)
        if not line:
            previous = ""
            continue
        continues = (
            previous
            and not WEB_LINE.match(line)
            and (
                (not previous.endswith(SENTENCE_END) and line[0].islower())
                or (width and len(previous) + 1 + len(line.split()[0]) > width)
                or (loose and _wraps(previous, line))
            )
        )
        if paragraphs and continues:
            last = paragraphs.pop()
            paragraphs.append(Paragraph(last.line, f"{last.text} {line}"))
        else:
            paragraphs.append(Paragraph(number, line))
        previous = line
    return paragraphs


def _wraps(previous: str, line: str) -> bool:
    """Tell whether, in a copy pasted wrapped, `line` goes on from the line before it."""
    if len(line.split()) == 1 and not line.endswith(SENTENCE_END):
        return True  # a word left alone on its line
    if LABELLED.match(line):
        return False  # a speaker's label, or a page's "Publication date: …"
    return not previous.endswith(SENTENCE_END) and not _heading(previous) and not _heading(line)


def _heading(line: str) -> bool:
    """Tell whether a line reads as a heading: capitalised words, numbers and "of", "the"."""
    words = line.split()
    return len(words) <= HEADING_WORDS and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in HEADING_CONNECTORS for w in words
    )


def pasted_wrapped(lines: list[str]) -> bool:
    """Tell whether a copy was pasted with its wrapped lines and no blank line anywhere.

    A print page also has no blank lines, but its lines are paragraphs: nearly all end
    a sentence. A wrapped copy's lines mostly break off mid-sentence.
    """
    texts = [normalise_whitespace(line) for line in lines]
    while texts and not texts[-1]:
        texts.pop()
    while texts and not texts[0]:
        texts.pop(0)
    if len(texts) < WRAPPED_MIN_LINES or not all(texts):
        return False
    broken = sum(not t.endswith(SENTENCE_END) and not _heading(t) for t in texts)
    return broken >= LOOSE_WRAP_SHARE * len(texts)


def wrap_width(lines: list[str]) -> int | None:
    """Return the width a copy was hard-wrapped at, or None when it was not.

    A wrapped copy's lines run close to one width, and no line is longer; a web page's
    paragraphs run to any length.
    """
    texts = [normalise_whitespace(line) for line in lines]
    followed = [line for line, after in itertools.pairwise(texts) if line and after]
    if len(followed) < WRAPPED_MIN_LINES or not max(map(len, texts)) <= MAX_WRAP_WIDTH:
        return None
    width = max(map(len, texts))
    near = sum(len(line) >= width - WRAP_SLACK for line in followed)
    # Wrapping breaks lines mid-sentence; a paragraph a line ends each with a full stop.
    ended = sum(line.endswith(ENDS_A_SENTENCE) for line in followed)
    wrapped = near >= len(followed) / 2 and ended < len(followed) / 2
    return width if wrapped else None
