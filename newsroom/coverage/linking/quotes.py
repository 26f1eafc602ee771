"""Find the words a story puts in quotation marks and check them against the record.

Typography is normalised on both sides (curly and straight quotes, dashes, case,
punctuation, possessives); an ellipsis or "[…]" in a quotation stands for words left
out, and each part must then be found in order. A quotation is verbatim when its words
stand in the record as they are; close when nearly half or more of its content words (stemmed,
stop words aside) are in the passage, as when an agency translates the same remark
anew (the difference is shown word by word); and not found otherwise.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsroom.coverage.linking.tokens import terms, words

VERBATIM = "verbatim"
CLOSE = "close"
NOT_FOUND = "not_found"
MIN_WORDS = 4  # shorter quotations ("full-format") are words, not statements to check
CLOSE_SHARE = 0.45  # share of the quotation's content words the passage holds, for "close"

PAIRS = (("“", "”"), ("«", "»"), ("„", "“"), ('"', '"'))
OMISSION = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.")


@dataclass(frozen=True)
class QuotedSpan:
    start: int  # offsets into the text searched, quotation marks excluded
    end: int
    text: str


@dataclass(frozen=True)
class Verdict:
    verdict: str  # VERBATIM, CLOSE or NOT_FOUND
    matched: int  # the quotation's content words the passage holds (all its words if verbatim)
    quoted: int  # its content words (all its words if verbatim)
    record: str = ""  # the record's words for the quotation, when close
    quotation: str = ""  # the quoted words, as the story has them

    @property
    def share(self) -> float:
        return self.matched / self.quoted if self.quoted else 0.0


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Return the quotations of `text` of at least MIN_WORDS words, in order.

    A quotation may run over several sentences of a paragraph; one left open at the end
    of a paragraph (as agencies open each paragraph of a long quotation) ends there.
    """
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        spans += _in_paragraph(text, paragraph.start(), paragraph.end())
    return [s for s in spans if len(words(s.text)) >= MIN_WORDS]


def _in_paragraph(text: str, start: int, stop: int) -> list[QuotedSpan]:
    spans, cursor = [], start
    while cursor < stop:
        found = [(text.find(opening, cursor, stop), opening, closing) for opening, closing in PAIRS]
        found = [f for f in found if f[0] >= 0]
        if not found:
            break
        at, _, closing = min(found)
        end = text.find(closing, at + 1, stop)
        if end < 0:
            end = stop
        inner = text[at + 1 : end]
        # "…restored," the president said: the comma (or the full stop that ends the
        # story's sentence) is the story's, not the quotation's.
        trimmed = inner.rstrip().rstrip(",;:.").rstrip()
        lead = len(inner) - len(inner.lstrip())
        spans.append(QuotedSpan(at + 1 + lead, at + 1 + len(trimmed), trimmed.lstrip()))
        cursor = end + 1
    return spans


def check_sentence(sentence: str, passage: str) -> Verdict | None:
    """Return how the sentence's quotation stands in `passage`; None when it quotes nothing.

    A sentence with several quotations is judged by the one the passage holds best.
    """
    return best(compare(span.text, passage) for span in quoted_spans(sentence))


def strength(verdict: Verdict) -> tuple[bool, float]:
    """Order verdicts: verbatim first, then by the share of the quotation found."""
    return verdict.verdict == VERBATIM, verdict.share


def best(verdicts) -> Verdict | None:
    return max(verdicts, key=strength, default=None)


def compare(quotation: str, passage: str) -> Verdict:
    """Return how `quotation` stands in `passage`."""
    parts = [words(p) for p in OMISSION.split(quotation)]
    parts = [p for p in parts if p]
    record = words(passage)
    quoted = sum(len(p) for p in parts)
    if parts and _in_order(parts, record):
        return Verdict(VERBATIM, quoted, quoted, quotation=quotation)
    wanted = set(terms(quotation))
    held = wanted & set(terms(passage))
    if not wanted or len(held) < CLOSE_SHARE * len(wanted):
        return Verdict(NOT_FOUND, len(held), len(wanted), quotation=quotation)
    flat = [w for part in parts for w in part]
    matcher = SequenceMatcher(None, flat, record, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    first, last = (blocks[0].b, blocks[-1].b + blocks[-1].size) if blocks else (0, len(record))
    return Verdict(CLOSE, len(held), len(wanted), _record_words(passage, first, last), quotation)


def _in_order(parts: list[list[str]], record: list[str]) -> bool:
    position = 0
    for part in parts:
        found = _find(part, record, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def _find(part: list[str], record: list[str], start: int) -> int:
    for i in range(start, len(record) - len(part) + 1):
        if record[i : i + len(part)] == part:
            return i
    return -1


def _record_words(passage: str, first: int, last: int) -> str:
    """Return the passage's own text from its `first` word to before its `last`."""
    spans = [m.span() for m in re.finditer(r"[^\W_]+(?:['’][^\W_]+)*", passage)]
    return passage[spans[first][0] : spans[last - 1][1]]
