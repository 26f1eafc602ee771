"""Re-anchor citations and mentions in a story's text, for the story page.

A citation keeps the words it backs as text; on every render they are found again in
the body, so an edit that removes them leaves the citation listed but unanchored
rather than pointing at the wrong words. The result is plain pieces of text that the
template escapes: no HTML is built here.

Notes are per passage: a transcript paragraph that backs several sentences is one note,
numbered once, with a link back to each sentence it backs.
"""

from dataclasses import dataclass, field

from newsroom.coverage.linking.mentions import Gazetteer
from newsroom.coverage.text import normalise_whitespace, split_paragraphs


@dataclass
class Note:
    """One passage of a transcript, and the citations of the story it backs."""

    number: int
    citation: object  # the first citation of the passage: segment, transcript, speaker
    citations: list = field(default_factory=list)  # all of them, in reading order
    refs: list = field(default_factory=list)  # where it is marked in the text: back-links


@dataclass
class Ref:
    """A citation in the text: its words point to the note of its passage."""

    note: Note
    citation: object

    @property
    def number(self) -> int:
        return self.note.number


@dataclass
class Piece:
    text: str
    notes: list[Ref] = field(default_factory=list)  # a cited span
    url: str = ""  # a named person, place or event


@dataclass
class AnchoredStory:
    paragraphs: list[list[Piece]]
    notes: list[Note]
    unanchored: list[Note]


def anchor(body: str, citations, *, mentions: Gazetteer | None = None, urls=None) -> AnchoredStory:
    """Split `body` into pieces: cited spans (numbered notes), first mentions, plain text."""
    paragraphs = split_paragraphs(body)
    spans: list[list[tuple[int, int, list[Ref] | None, str]]] = [[] for _ in paragraphs]
    unanchored, by_quote = [], {}
    for citation in citations:
        quote = normalise_whitespace(citation.quote)
        ref = Ref(Note(0, citation, [citation]), citation)  # its passage's note comes later
        if quote in by_quote:
            by_quote[quote].append(ref)
            continue
        place = _find(paragraphs, quote, spans)
        if place is not None:
            index, start = place
            by_quote[quote] = [ref]
            spans[index].append((start, start + len(quote), by_quote[quote], ""))
        elif (place := _find(paragraphs, quote)) is not None:
            # The words lie in (or across) a span already cited: that span backs both.
            index, start = place
            merged = _merge(spans[index], start, start + len(quote))
            joined = {id(r) for r in merged}
            for cited, backing in by_quote.items():
                if any(id(r) in joined for r in backing):
                    by_quote[cited] = merged  # a later repeat of those words joins this span
            merged.append(ref)
            by_quote[quote] = merged
        else:
            unanchored.append(ref.note)

    if mentions is not None and urls:
        linked = set()
        for index, text in enumerate(paragraphs):
            for mention in mentions.find(text):
                key = (mention.kind, mention.id)
                if key in linked or _overlaps(spans[index], mention.start, mention.end):
                    continue
                linked.add(key)
                spans[index].append((mention.start, mention.end, None, urls[key]))

    pieces = [_pieces(text, sorted(found)) for text, found in zip(paragraphs, spans, strict=True)]
    notes = _notes_by_passage([piece for paragraph in pieces for piece in paragraph])
    # Number notes in reading order, unanchored ones last.
    for number, note in enumerate(notes + unanchored, start=1):
        note.number = number
    return AnchoredStory(pieces, notes, unanchored)


def _notes_by_passage(pieces: list[Piece]) -> list[Note]:
    """Give each passage one note, in reading order; mark it once per cited span.

    A span whose words two citations of the same passage back (a sentence and words
    inside it) shows that passage's note once.
    """
    notes: dict[int, Note] = {}
    for piece in pieces:
        shown = []
        for ref in piece.notes:
            note = notes.get(ref.citation.segment_id)
            if note is None:
                notes[ref.citation.segment_id] = note = Note(0, ref.citation, [])
            note.citations.append(ref.citation)
            ref.note = note
            if all(other.note is not note for other in shown):
                shown.append(ref)
                note.refs.append(ref)
        piece.notes = shown
    return list(notes.values())


def _find(paragraphs, quote, spans=None):
    """Return (paragraph, start) of `quote`, clear of cited spans when `spans` are given."""
    for index, text in enumerate(paragraphs):
        start = text.find(quote)
        while start != -1:
            if spans is None or not _overlaps(spans[index], start, start + len(quote)):
                return index, start
            start = text.find(quote, start + 1)
    return None


def _merge(spans, start, end) -> list[Ref]:
    """Join the cited spans [start, end) overlaps into one; return its (shared) notes."""
    overlapping = sorted(span for span in spans if span[0] < end and start < span[1])
    for span in overlapping:
        spans.remove(span)
    notes = [n for span in overlapping for n in span[2]]
    first, last = min(start, overlapping[0][0]), max(end, *(s[1] for s in overlapping))
    spans.append((first, last, notes, ""))
    return notes


def _overlaps(spans, start, end) -> bool:
    return any(s < end and start < e for s, e, _, _ in spans)


def _pieces(text: str, spans) -> list[Piece]:
    pieces, cursor = [], 0
    for start, end, notes, url in spans:
        if start > cursor:
            pieces.append(Piece(text[cursor:start]))
        pieces.append(Piece(text[start:end], notes=notes or [], url=url))
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(text[cursor:]))
    return pieces
