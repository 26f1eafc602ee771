"""Measure the engine against a gold set: precision, recall and F1 per story and overall.

A suggestion is correct when the gold set lists its paragraph for its sentence.
Recall counts backed sentences that got at least one correct suggestion (a reader
needs one link to a passage that backs the claim); pair recall counts every gold
paragraph found, for those who want the stricter figure.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from newsroom.coverage.linking.engine import propose
from newsroom.coverage.models import Article


class Rates:
    """Precision over suggestions, recall over backed sentences (one right link each)."""

    @property
    def precision(self) -> float:
        return self.correct / self.suggestions if self.suggestions else 1.0

    @property
    def recall(self) -> float:
        return self.sentences_found / self.backed_sentences if self.backed_sentences else 1.0


@dataclass
class Scores(Rates):
    article: str
    suggestions: int
    correct: int
    backed_sentences: int
    sentences_found: int
    gold_pairs: int
    pairs_found: int

    @property
    def pair_recall(self) -> float:
        return self.pairs_found / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(gold_path: str | Path, *, threshold: float | None = None) -> list[Scores]:
    """Return scores per gold article and a last row, "overall", summing them."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    rows = []
    for entry in gold["articles"]:
        article = Article.objects.get(slug=entry["article"])
        expected = {link["sentence"]: set(link["positions"]) for link in entry["links"]}
        found = {
            (p.sentence.text, p.segment.position)
            for p in propose(article, threshold=threshold)
            if p.segment.transcript.slug == gold["transcript"]
        }
        correct = {(s, pos) for s, pos in found if pos in expected.get(s, ())}
        rows.append(
            Scores(
                article=article.slug,
                suggestions=len(found),
                correct=len(correct),
                backed_sentences=len(expected),
                sentences_found=len({s for s, _ in correct}),
                gold_pairs=sum(len(p) for p in expected.values()),
                pairs_found=len(correct),
            )
        )
    total = Scores(
        "overall",
        *(
            sum(getattr(r, f) for r in rows)
            for f in (
                "suggestions",
                "correct",
                "backed_sentences",
                "sentences_found",
                "gold_pairs",
                "pairs_found",
            )
        ),
    )
    return [*rows, total]


@dataclass
class RealScores(Rates):
    """How the engine does on one story of a real gold set (or on many, summed)."""

    story: str
    suggestions: int = 0
    correct: int = 0
    backed_sentences: int = 0
    sentences_found: int = 0
    unbacked_links: int = 0  # suggestions for sentences nothing backs (goal 0)
    cross_event_links: int = 0  # suggestions into another meeting's record (goal 0)
    misses: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, other: "RealScores") -> None:
        for name in (
            "suggestions",
            "correct",
            "backed_sentences",
            "sentences_found",
            "unbacked_links",
            "cross_event_links",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.errors += other.errors


def evaluate_real(directory: str | Path, *, split: str | None = None) -> list[RealScores]:
    """Load a real gold set, score every story of `split` (all when None), leave no trace.

    Return a row per story and a last row, "overall", summing them. Everything the
    gold set writes is rolled back, so the command can run against any database.
    """
    from django.db import transaction

    from newsroom.coverage.linking import gold

    with transaction.atomic():
        rows = [_score(story) for story in gold.load(directory) if split in (None, story.split)]
        transaction.set_rollback(True)
    total = RealScores("overall")
    for row in rows:
        total.add(row)
    return [*rows, total]


def _score(story) -> RealScores:
    row = RealScores(story.article.slug, backed_sentences=len(story.backed))
    found = set()
    for proposal in propose(story.article):
        sentence = proposal.sentence.text
        where = (proposal.segment.transcript.slug, proposal.segment.position)
        row.suggestions += 1
        if where in story.backed.get(sentence, ()):
            row.correct += 1
            found.add(sentence)
            continue
        row.unbacked_links += sentence not in story.backed
        row.cross_event_links += where[0] != story.transcript
        row.errors.append(
            f"{story.article.slug}: “{sentence[:70]}” → {where[0]} ¶{where[1]} "
            f"({proposal.relation}, {proposal.score}; {proposal.explanation})"
        )
    row.sentences_found = len(found)
    row.misses = [f"{story.article.slug}: “{s[:90]}”" for s in story.backed if s not in found]
    return row


@dataclass
class QuoteRow:
    story: str
    quotation: str
    expected: str
    found: str  # "" when the check gave no verdict (no quotation found, or no record)
    speaker: str
    split: str
    expected_at: tuple[int, ...] = ()  # the paragraphs that hold the words, by hand
    found_at: tuple[int, ...] = ()  # those the check names

    @property
    def right(self) -> bool:
        """Tell whether the verdict is right and names the paragraphs that hold the words."""
        return self.expected == self.found and self.expected_at == self.found_at


def evaluate_quotes(directory: str | Path, *, split: str | None = None) -> list[QuoteRow]:
    """Check every quotation the gold set judged against its story's own record.

    Like `evaluate_real`, leaves no trace in the database.
    """
    from django.db import transaction

    from newsroom.coverage.linking import gold
    from newsroom.coverage.models import Transcript
    from newsroom.coverage.services.quotes import check_story

    entries = {
        e["story"]: e
        for e in json.loads((Path(directory) / "gold.json").read_text(encoding="utf-8"))["stories"]
    }
    rows = []
    with transaction.atomic():
        for story in gold.load(directory):
            entry = entries[story.article.slug]
            if not entry.get("quotes") or split not in (None, story.split):
                continue
            checks = check_story(
                story.article, transcripts=Transcript.objects.filter(slug=story.transcript)
            )
            for judged in entry["quotes"]:
                check = next((c for c in checks if c.quotation.startswith(judged["start"])), None)
                rows.append(
                    QuoteRow(
                        story.article.slug,
                        check.quotation if check else judged["start"],
                        judged["verdict"],
                        check.verdict if check else "",
                        check.speaker.name if check and check.speaker else "",
                        story.split,
                        tuple(
                            gold.position(story.transcript, piece) for piece in judged["paragraphs"]
                        ),
                        tuple(p.position for p in check.paragraphs) if check else (),
                    )
                )
        transaction.set_rollback(True)
    return rows
