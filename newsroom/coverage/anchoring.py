"""Re-anchor citations and mentions in a story's text, for the story page.

A citation keeps the words it backs as text; on every render they are found again in
the body, so an edit that removes them leaves the citation listed but unanchored
rather than pointing at the wrong words. The result is plain pieces of text that the
template escapes: no HTML is built here.
"""

from dataclasses import dataclass, field

from newsroom.coverage.linking.mentions import Gazetteer
from newsroom.coverage.text import normalise_whitespace, split_paragraphs


@dataclass
class Note:
    number: int
    citation: object  # Citation with segment, transcript and speaker loaded


@dataclass
class Piece:
    text: str
    notes: list[Note] = field(default_factory=list)  # a cited span
    url: str = ""  # a named person, place or event


@dataclass
class AnchoredStory:
    paragraphs: list[list[Piece]]
    notes: list[Note]
    unanchored: list[Note]


def anchor(body: str, citations, *, mentions: Gazetteer | None = None, urls=None) -> AnchoredStory:
    """Split `body` into pieces: cited spans (numbered notes), first mentions, plain text."""
    paragraphs = split_paragraphs(body)
    spans: list[list[tuple[int, int, list[Note] | None, str]]] = [[] for _ in paragraphs]
    notes, unanchored, by_quote = [], [], {}
    for citation in citations:
        quote = normalise_whitespace(citation.quote)
        note = Note(len(notes) + len(unanchored) + 1, citation)
        if quote in by_quote:
            by_quote[quote].append(note)
            notes.append(note)
            continue
        place = _find(paragraphs, quote, spans)
        if place is not None:
            index, start = place
            by_quote[quote] = [note]
            spans[index].append((start, start + len(quote), by_quote[quote], ""))
        elif (place := _find(paragraphs, quote)) is not None:
            # The words lie in (or across) a span already cited: that span backs both.
            index, start = place
            merged = _merge(spans[index], start, start + len(quote))
            joined = {id(n) for n in merged}
            for cited, backing in by_quote.items():
                if any(id(n) in joined for n in backing):
                    by_quote[cited] = merged  # a later repeat of those words joins this span
            merged.append(note)
            by_quote[quote] = merged
        else:
            unanchored.append(note)
            continue
        notes.append(note)

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
    # Number notes in reading order, unanchored ones last.
    ordered = [n for paragraph in pieces for piece in paragraph for n in piece.notes]
    for number, note in enumerate(ordered + unanchored, start=1):
        note.number = number
    return AnchoredStory(pieces, ordered, unanchored)


def _find(paragraphs, quote, spans=None):
    """Return (paragraph, start) of `quote`, clear of cited spans when `spans` are given."""
    for index, text in enumerate(paragraphs):
        start = text.find(quote)
        while start != -1:
            if spans is None or not _overlaps(spans[index], start, start + len(quote)):
                return index, start
            start = text.find(quote, start + 1)
    return None


def _merge(spans, start, end) -> list[Note]:
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
