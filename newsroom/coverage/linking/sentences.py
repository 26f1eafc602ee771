"""Split a story into sentences with character offsets."""

import re
from dataclasses import dataclass

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "jr",
    "sr",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "gov",
    "sen",
    "rep",
    "no",
    "nos",
    "vs",
    "etc",
    "approx",
    "dept",
    "est",
    "fig",
    "inc",
    "ltd",
    "co",
    "corp",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "a.m",
    "p.m",
}
# A candidate end: terminal punctuation, closing quotes or brackets, then white space.
END = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+|$)")
NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"“‘(\[]?[A-Z0-9А-ЯЁ]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Return the sentences of `text`; `text[s.start:s.end] == s.text` for each."""
    sentences = []
    for paragraph in re.finditer(r"[^\n]+", text):
        sentences.extend(_split_paragraph(text, paragraph.start(), paragraph.end()))
    return sentences


def _split_paragraph(text: str, start: int, stop: int) -> list[Sentence]:
    sentences = []
    cursor = start
    for match in END.finditer(text, start, stop):
        if match.end() < stop and not NEXT_STARTS_SENTENCE.match(text, match.end(), stop):
            continue
        if text[match.start()] == "." and _is_abbreviation(text, cursor, match.start()):
            continue
        sentences.append(_sentence(text, cursor, match.end()))
        cursor = match.end()
    if text[cursor:stop].strip():
        sentences.append(_sentence(text, cursor, stop))
    return [s for s in sentences if s.text]


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    """Tell whether the full stop at `dot` closes an abbreviation or an initial."""
    word = re.search(r"[\w.]+$", text[start:dot])
    if not word:
        return False
    token = word.group().lower()
    if token in ABBREVIATIONS or token.rstrip(".") in ABBREVIATIONS:
        return True
    return len(word.group()) == 1 and word.group().isupper()  # an initial: "A. Dyumin"


def _sentence(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end])
