"""Find the words a story puts in quotation marks and check them against the record.

Typography is normalised on both sides (curly and straight quotes, dashes, case,
punctuation, possessives), and so are numbers ("eight" is 8, "34 percent" is "34%"); an
ellipsis or "[…]" in a quotation stands for words left out and "[of the turnover]" for
words the story put in, so each part must then be found in order. A quotation is:
- verbatim when its words stand in the record as they are;
- number_differs when they do but for a number, or when it is close and its numbers
  are not the record's (a number wrongly quoted is never merely "close");
- close when nearly half or more of its content words (stemmed, stop words aside) are
  in the passage, as when an agency translates the same remark anew;
- not found otherwise.
Every verdict but "not found" says which of the passage's words the quotation stands
for (`start`, `end`: word offsets), so a check over several paragraphs can name the
ones that hold the words, and a close quotation can be shown beside the record's own
words, both sides of each difference.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsroom.coverage.linking.speech import REPORTING
from newsroom.coverage.linking.tokens import STOP_WORDS, WORD, fold, stem

VERBATIM = "verbatim"
NUMBER_DIFFERS = "number_differs"
CLOSE = "close"
NOT_FOUND = "not_found"
MIN_WORDS = 4  # an unattributed quotation shorter than this is a phrase ("full-format")
MIN_ATTRIBUTED_WORDS = 3  # one the story attributes to a speaker is checked from three
CLOSE_SHARE = 0.45  # share of the quotation's content words the passage holds, for "close"
MIN_GAP = 8  # words between shared words that part two clusters of them
PAIR_GAIN = 2  # words two paragraphs together must hold beyond the best one alone

# Each opening mark with the marks that may close it; a straight one may be closed by
# a curly one (copies mix them: "dress rehearsal” for …).
PAIRS = (("“", "”"), ("«", "»"), ("„", "“"), ('"', '"”'))
# Words left out ("…", "[…]") and words the story put in ("[of the turnover]").
GAP = re.compile(r"\[[^\]]{0,80}\]|…|\.\.\.")
# "one" is left out: it is a pronoun more often than a number.
NUMBER_WORDS = dict(
    zip(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
        "ninety".split(),
        [str(n) for n in [*range(2, 21), 30, 40, 50, 60, 70, 80, 90]],
        strict=True,
    )
)
PERCENT = {"percent", "pct"}


@dataclass(frozen=True)
class QuotedSpan:
    start: int  # offsets into the text searched, quotation marks excluded
    end: int
    text: str


@dataclass(frozen=True)
class Verdict:
    verdict: str  # VERBATIM, NUMBER_DIFFERS, CLOSE or NOT_FOUND
    matched: int  # the quotation's content words the passage holds (all its words if verbatim)
    quoted: int  # its content words (all its words if verbatim)
    record: str = ""  # the record's words for the quotation, unless verbatim or not found
    quotation: str = ""  # the quoted words, as the story has them
    start: int = 0  # the passage's words the quotation stands for: [start, end)
    end: int = 0

    @property
    def share(self) -> float:
        return self.matched / self.quoted if self.quoted else 0.0

    @property
    def found(self) -> bool:
        return self.verdict != NOT_FOUND


@dataclass(frozen=True)
class Token:
    word: str  # folded, numbers as digits
    start: int  # character offsets in the text it was read from
    end: int

    @property
    def is_number(self) -> bool:
        return self.word.isdigit()


def tokens(text: str) -> list[Token]:
    """Return the words of `text` as compared: folded, numbers in digits, "percent" dropped.

    "34 percent", "34 per cent" and "34%" all read as 34; "eight-nine" as 8, 9.
    """
    found = []
    for match in WORD.finditer(text):
        word = fold(match.group())
        word = NUMBER_WORDS.get(word, word)
        if word in PERCENT or (word == "cent" and found and found[-1].word == "per"):
            if word == "cent":
                found.pop()
            continue
        found.append(Token(word, match.start(), match.end()))
    return found


def quoted_spans(text: str, *, min_words: int = MIN_WORDS) -> list[QuotedSpan]:
    """Return the quotations of `text` of at least `min_words` words, in order.

    A quotation may run over several sentences of a paragraph; one left open at the end
    of a paragraph (as agencies open each paragraph of a long quotation) ends there.
    """
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        spans += _in_paragraph(text, paragraph.start(), paragraph.end())
    return [s for s in spans if len(tokens(s.text)) >= min_words]


def _in_paragraph(text: str, start: int, stop: int) -> list[QuotedSpan]:
    spans, cursor = [], start
    while cursor < stop:
        found = [(text.find(opening, cursor, stop), opening, closing) for opening, closing in PAIRS]
        found = [f for f in found if f[0] >= 0]
        if not found:
            break
        at, _, closing = min(found)
        ends = [e for mark in closing if (e := text.find(mark, at + 1, stop)) >= 0]
        end = min(ends, default=stop)
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

    A sentence with several quotations is judged by the one the passage holds best. A
    sentence with a verb of saying attributes its quotations, so three words are checked.
    """
    least = MIN_ATTRIBUTED_WORDS if REPORTING.search(sentence) else MIN_WORDS
    spans = quoted_spans(sentence, min_words=least)
    return best(compare(span.text, passage) for span in spans)


def strength(verdict: Verdict) -> tuple[bool, float]:
    """Order verdicts: the words as they are first, then by the share of the quotation found.

    A quotation verbatim but for a number is as strong as its words found; a close
    one is judged by the share it holds, like any other.
    """
    return verdict.verdict == VERBATIM, verdict.share


def best(verdicts) -> Verdict | None:
    return max(verdicts, key=strength, default=None)


def compare(quotation: str, passage: str) -> Verdict:
    """Return how `quotation` stands in `passage`."""
    parts = [[t.word for t in tokens(p)] for p in GAP.split(quotation)]
    parts = [p for p in parts if p]
    record = tokens(passage)
    record_words = [t.word for t in record]
    quoted = sum(len(p) for p in parts)
    if not parts:
        return Verdict(NOT_FOUND, 0, 0, quotation=quotation)
    found = _in_order(parts, record_words)
    if found is not None:
        return Verdict(VERBATIM, quoted, quoted, quotation=quotation, start=found[0], end=found[1])
    masked = _in_order([_masked(p) for p in parts], _masked(record_words))
    if masked is not None:
        start, end = masked
        numbers = sum(w.isdigit() for p in parts for w in p)
        return Verdict(
            NUMBER_DIFFERS,
            quoted - numbers,
            quoted,
            _text_of(passage, record, start, end),
            quotation,
            start,
            end,
        )
    flat = [w for part in parts for w in part]
    wanted = {_term(w) for w in flat if _content(w)}
    held = wanted & {_term(w) for w in record_words if _content(w)}
    if not wanted or len(held) < CLOSE_SHARE * len(wanted):
        return Verdict(NOT_FOUND, len(held), len(wanted), quotation=quotation)
    start, end = _aligned(flat, record_words)
    numbers = {w for w in flat if w.isdigit()}
    differs = numbers and numbers != {w for w in record_words[start:end] if w.isdigit()}
    return Verdict(
        NUMBER_DIFFERS if differs else CLOSE,
        len(held),
        len(wanted),
        _text_of(passage, record, start, end),
        quotation,
        start,
        end,
    )


def _content(word: str) -> bool:
    return word not in STOP_WORDS and (len(word) > 1 or word.isdigit())


def _term(word: str) -> str:
    return stem(word)[:60]


def _masked(words: list[str]) -> list[str]:
    return ["#" if w.isdigit() else w for w in words]


def _in_order(parts: list[list[str]], record: list[str]) -> tuple[int, int] | None:
    """Return where the parts stand in `record`, in order: (first word, after the last)."""
    position, first = 0, None
    for part in parts:
        found = _find(part, record, position)
        if found < 0:
            return None
        first = found if first is None else first
        position = found + len(part)
    return first, position


def _find(part: list[str], record: list[str], start: int) -> int:
    for i in range(start, len(record) - len(part) + 1):
        if record[i : i + len(part)] == part:
            return i
    return -1


def _aligned(quotation: list[str], record: list[str]) -> tuple[int, int]:
    """Return the record's words a reworded quotation stands for: [start, end).

    The stretch runs from the first to the last word both share (stop words alone do
    not count) in the densest cluster of shared words: a word shared far off (the
    paragraph before, in a stretch of two) is not part of it. It is widened by the
    quotation's unmatched words at either end, so that a word the story changed at the
    edge is shown beside the record's.
    """
    matcher = SequenceMatcher(None, quotation, record, autojunk=False)
    blocks = [
        b
        for b in matcher.get_matching_blocks()
        if b.size and any(_content(w) for w in quotation[b.a : b.a + b.size])
    ]
    if not blocks:
        return 0, len(record)
    gap = max(MIN_GAP, len(quotation) // 2)
    clusters = [[blocks[0]]]
    for block in blocks[1:]:
        last = clusters[-1][-1]
        if block.b - (last.b + last.size) > gap:
            clusters.append([])
        clusters[-1].append(block)
    cluster = max(clusters, key=lambda c: sum(b.size for b in c))
    first, last = cluster[0], cluster[-1]
    start = max(0, first.b - first.a)
    end = min(len(record), last.b + last.size + (len(quotation) - last.a - last.size))
    return start, end


def _text_of(passage: str, record: list[Token], start: int, end: int) -> str:
    """Return the passage's own text from its `start` word to its `end - 1` word."""
    if start >= end:
        return ""
    return passage[record[start].start : record[end - 1].end]
