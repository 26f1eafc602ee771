"""Measure how citations survive real revisions: pairs of public copies of a transcript.

For each pair (`a.txt`, the stored version; `b.txt`, the new one) a story cites every
paragraph of the first version long enough twice, each citation confirmed: a sentence
quoting eight of its words, and a sentence quoting nothing. The second version then
replaces the first, through the same import every face uses, and each citation is
judged by text: does the paragraph it names now hold those eight words? Everything is
rolled back afterwards.
"""

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path

from django.db import transaction

from newsroom.coverage.linking.gold import HEADER
from newsroom.coverage.models import (
    AnchorState,
    Article,
    Citation,
    CitationRelation,
    CitationStatus,
    Source,
    SourceKind,
)
from newsroom.coverage.revising.alignment import words
from newsroom.coverage.revising.reanchoring import holds
from newsroom.coverage.services.imports import transcript_import

WINDOW = 8  # words each sentence quotes


@dataclass
class Tally:
    """What became of the citations; `lost` is what must stay 0."""

    citations: int = 0
    words_kept: int = 0  # the new version still holds the quoted words somewhere
    right: int = 0  # names a paragraph holding its words
    right_to_review: int = 0  # … and was sent back to review (its paragraph changed)
    flagged_gone: int = 0  # kept without a paragraph, flagged: its words are gone
    flagged_wrong: int = 0  # names a paragraph without its words, but sent to review
    lost: int = 0  # deleted, or names wrong words unflagged, or flagged gone wrongly
    by_position: int = 0  # the paragraph at its old position holds its words (the old way)
    pairs: list = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for f in fields(self):
            if f.name != "pairs":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def line(self) -> str:
        return (
            f"{self.citations} citations: {self.right} on their words "
            f"({self.right_to_review} of them back to review), {self.flagged_gone} flagged "
            f"as gone, {self.flagged_wrong} on other words but flagged, {self.lost} lost; "
            f"the new version holds the words of {self.words_kept}; matched by position, "
            f"{self.by_position} would be on their words"
        )


def read_version(path: Path) -> tuple[dict, str]:
    """Return a version's header (title, date, place) and its text, as the importer reads
    it: paragraphs apart."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    header = {m["key"]: m["value"] for line in head.splitlines() if (m := HEADER.match(line))}
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    return header, "\n\n".join(paragraphs)


def evaluate(directory: Path) -> Tally:
    """Measure every pair in `directory` (one folder per pair); return the totals."""
    total = Tally()
    for pair in sorted(p for p in directory.iterdir() if (p / "a.txt").exists()):
        tally = evaluate_pair(pair)
        total.add(tally)
        total.pairs.append((pair.name, tally))
    return total


def evaluate_pair(pair: Path) -> Tally:
    """Cite every paragraph of `pair`/a.txt, replace it by `pair`/b.txt, judge; roll back."""
    header, first = read_version(pair / "a.txt")
    _, second = read_version(pair / "b.txt")
    with transaction.atomic():
        tally = _measure(header, first, second)
        transaction.set_rollback(True)
    return tally


def _measure(header: dict, first: str, second: str) -> Tally:
    source, _ = Source.objects.get_or_create(
        slug="revision-gold", defaults={"name": "Revision gold", "kind": SourceKind.OTHER}
    )
    arguments = {
        "source": source,
        "title": header["title"],
        "date": dt.date.fromisoformat(header["date"]),
        "place": header.get("place"),
    }
    transcript = transcript_import(text=first, **arguments).object
    # Each paragraph is cited twice: by a sentence quoting eight of its words, and by
    # one that quotes nothing (a paraphrase), judged by the same eight words.
    quoted = {}
    for n, segment in enumerate(transcript.segments.order_by("position"), start=1):
        window = _window(segment.text)
        if window:
            quoted[f"The record says: “{window}”."] = (segment, window, CitationRelation.QUOTE)
            quoted[f"Paraphrase {n}."] = (segment, window, CitationRelation.PARAPHRASE)
    article = Article.objects.create(
        headline="Citing every paragraph",
        slug="revision-gold-story",
        body="\n\n".join(quoted),
        source=source,
    )
    for sentence, (segment, _, relation) in quoted.items():
        Citation.objects.create(
            article=article,
            quote=sentence,
            segment=segment,
            relation=relation,
            status=CitationStatus.CONFIRMED,
        )
    positions = {sentence: segment.position for sentence, (segment, *_) in quoted.items()}
    transcript_import(text=second, replace=True, **arguments)

    texts = [words(t) for t in transcript.segments.values_list("text", flat=True)]
    tally = Tally(citations=len(quoted))
    kept = {c.quote: c for c in Citation.objects.filter(article=article).select_related("segment")}
    for sentence, (_, window, _) in quoted.items():
        wanted = words(window)
        present = any(holds(text, wanted) for text in texts)
        tally.words_kept += present
        position = positions[sentence]
        tally.by_position += position <= len(texts) and holds(texts[position - 1], wanted)
        citation = kept.get(sentence)
        if citation is None:
            tally.lost += 1  # deleted
        elif citation.segment is None:
            if present:
                tally.lost += 1
            else:
                tally.flagged_gone += 1
        elif holds(words(citation.segment.text), wanted):
            tally.right += 1
            tally.right_to_review += citation.status != CitationStatus.CONFIRMED
        elif citation.anchor_state == AnchorState.REANCHORED:
            tally.flagged_wrong += 1
        else:
            tally.lost += 1  # on other words, and nobody told
    return tally


def _window(text: str) -> str:
    """Return eight words from the middle of `text`, or "" when it is too short."""
    found = text.split()
    if len(found) < WINDOW + 2:
        return ""
    start = (len(found) - WINDOW) // 2
    return " ".join(found[start : start + WINDOW]).strip("“”\"'")
