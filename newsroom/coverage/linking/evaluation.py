"""Measure the engine against a gold set: precision, recall and F1 per story and overall.

A suggestion is correct when the gold set lists its paragraph for its sentence.
Recall counts backed sentences that got at least one correct suggestion (a reader
needs one link to a passage that backs the claim); pair recall counts every gold
paragraph found, for those who want the stricter figure.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from newsroom.coverage.linking.engine import propose
from newsroom.coverage.models import Article


@dataclass
class Scores:
    article: str
    suggestions: int
    correct: int
    backed_sentences: int
    sentences_found: int
    gold_pairs: int
    pairs_found: int

    @property
    def precision(self) -> float:
        return self.correct / self.suggestions if self.suggestions else 1.0

    @property
    def recall(self) -> float:
        return self.sentences_found / self.backed_sentences if self.backed_sentences else 1.0

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
