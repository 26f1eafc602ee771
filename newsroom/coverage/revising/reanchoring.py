"""Find the words a citation rests on again, in a new version of its transcript.

A citation keeps its paragraph's words with the end of the paragraph before and the
start of the one after (as a W3C Web Annotation text quote selector keeps exact,
prefix and suffix). In the new version they are found: unchanged (the same paragraph,
or the same words elsewhere, told apart from repeats by their neighbours); changed
(the paragraph most like them, or holding the words the story quotes, or holding them
whole, as when two paragraphs were joined); or gone.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from newsroom.coverage.diffing import word_diff
from newsroom.coverage.revising.alignment import EDITED, similarity, words

EXACT, CHANGED, GONE = "exact", "changed", "gone"
# Paragraphs this short ("Thank you.") are found again only word for word.
SHORT = 6
# Words in a row that count as held text when a paragraph is looked for inside another.
RUN = 4
# A candidate must share this share of the cited words (as a set) to be compared closely.
SHARED = 0.4


@dataclass(frozen=True)
class Anchor:
    exact: str  # the cited paragraph's words
    prefix: str = ""  # the end of the paragraph before
    suffix: str = ""  # the start of the paragraph after
    quoted: str = ""  # the words the story's sentence quotes from it, if any


@dataclass(frozen=True)
class Found:
    index: int | None  # in the new version; None when the words are gone
    how: str  # exact, changed, gone
    score: float = 0.0


def find_again(
    anchor: Anchor,
    paragraphs: list[str],
    *,
    partner: int | None = None,
    texts: list[tuple[str, ...]] | None = None,
) -> Found:
    """Return where `anchor`'s words are in `paragraphs` (a new version's texts).

    `partner` is the paragraph the alignment says the cited one became, if any; `texts`
    the paragraphs' words, when the caller has read them already (many citations).
    """
    cited = words(anchor.exact)
    texts = texts if texts is not None else [words(text) for text in paragraphs]
    if partner is not None and texts[partner] == cited:
        return Found(partner, EXACT, 1.0)
    same = [j for j, text in enumerate(texts) if text == cited]
    if same:
        best = max(same, key=lambda j: (_context(anchor, paragraphs, j), -abs(j - (partner or 0))))
        return Found(best, EXACT, 1.0)

    quoted = words(anchor.quoted)
    wanted = set(cited)
    best, best_score = None, 0.0
    for j, text in enumerate(texts):
        if wanted and len(wanted.intersection(text)) < SHARED * len(wanted):
            continue
        score = _score(cited, text, quoted)
        if j == partner:
            score += 0.05  # the alignment's choice wins a tie
        if score > best_score:
            best, best_score = j, score
    if best is None or best_score < EDITED:
        return Found(None, GONE, best_score)
    return Found(best, CHANGED, best_score)


def _score(cited, text, quoted) -> float:
    score = similarity(cited, text)
    if len(cited) >= SHORT:
        # Held whole in a longer paragraph (two joined): most of its words, in runs of a
        # few words (single common words match anywhere in a long paragraph).
        matcher = SequenceMatcher(None, cited, text, autojunk=False)
        runs = (block.size for block in matcher.get_matching_blocks() if block.size >= RUN)
        held = sum(runs) / len(cited)
        score = max(score, 0.9 * held if held >= 0.9 else 0.0)
    if quoted and holds(text, quoted):
        score += 0.5  # the words the story quotes are here, word for word
    return score


def holds(text: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Say whether the words `part` stand, in a row, among the words `text`."""
    n = len(part)
    return bool(part) and any(text[k : k + n] == part for k in range(len(text) - n + 1))


def _context(anchor: Anchor, paragraphs: list[str], j: int) -> int:
    """Count how many of the anchor's neighbours match paragraph `j`'s: 0, 1 or 2."""
    before = paragraphs[j - 1] if j > 0 else ""
    after = paragraphs[j + 1] if j + 1 < len(paragraphs) else ""
    return int(bool(anchor.prefix) and before.endswith(anchor.prefix)) + int(
        bool(anchor.suffix) and after.startswith(anchor.suffix)
    )


def what_changed(old: str, new: str, *, limit: int = 300) -> str:
    """Say in words how `new` differs from `old`: removed words, then added ones."""
    parts = []
    for op, text in word_diff(old, new):
        text = " ".join(text.split())
        if op == "-" and text:
            parts.append(f"removed “{text}”")
        elif op == "+" and text:
            parts.append(f"added “{text}”")
    note = "; ".join(parts) or "white space or punctuation only"
    return note if len(note) <= limit else note[: limit - 1] + "…"
