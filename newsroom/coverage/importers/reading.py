"""Read a document's bytes into paragraphs, refusing what is not text."""

import re
import unicodedata
from dataclasses import dataclass

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.text import normalise_whitespace

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_LINE_CHARS = 20_000
# Characters a text document never holds: C0/C1 controls other than tab, line feed,
# form feed and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
SENTENCE_END = tuple('.!?…:;"”’»)]')


@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based line where the paragraph starts
    text: str  # white space normalised


def decode_document(data: bytes) -> str:
    """Return the text of a UTF-8 document, refusing empty, binary and non-UTF-8 input."""
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
    return check_text(text)


def check_text(text: str) -> str:
    """Return `text` if it is a readable document, else raise DocumentError."""
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
    """Return the paragraphs of `text`, one a line, rejoining lines wrapped mid-sentence.

    Copies of web pages put each paragraph on a line of its own, separated by blank
    lines or (print pages) by single line breaks; a hard-wrapped copy breaks a
    paragraph mid-sentence, and the next line then starts in lower case.
    """
    paragraphs: list[Paragraph] = []
    previous_blank = True
    for number, raw in enumerate(check_text(text).splitlines(), start=1):
        line = normalise_whitespace(raw)
        if not line:
            previous_blank = True
            continue
        if (
            paragraphs
            and not previous_blank
            and not paragraphs[-1].text.endswith(SENTENCE_END)
            and line[0].islower()
        ):
            last = paragraphs.pop()
            line = f"{last.text} {line}"
            number = last.line
        paragraphs.append(Paragraph(number, line))
        previous_blank = False
    return paragraphs
