"""Say how a passage backs a sentence, and which evidence decided it.

Quote: words the sentence quotes stand verbatim in the passage (or a long verbatim run).
Close paraphrase: most of the sentence's terms, or most of its quoted words, are there.
Paraphrase: a strong match of terms and names. Context: a weaker one. Record: a story
that announced a meeting, backed by the record that the meeting took place. A passage
the contradiction guard objects to is dropped, unless it holds the sentence's words
verbatim: then it is kept as context, with the conflict in its explanation.
"""

from dataclasses import dataclass, field

from newsroom.coverage.linking import quotes
from newsroom.coverage.linking.speech import announces
from newsroom.coverage.linking.tokens import terms, words
from newsroom.coverage.models import CitationRelation


@dataclass
class Evidence:
    sentence: str
    passage: str
    score: float
    shared_terms: list[str] = field(default_factory=list)
    shared_names: list[str] = field(default_factory=list)
    shared_numbers: list[str] = field(default_factory=list)
    announced: bool = False  # the story predates the meeting the passage records
    narration: bool = False  # the passage tells of the meeting rather than quoting it
    conflict: str | None = None
    meeting: bool = False  # the passage is the record's account of the meeting reported


def decide(evidence: Evidence, config) -> tuple[str, str] | None:
    """Return (relation, explanation), or None when the passage cannot back the sentence."""
    run = longest_common_run(words(evidence.sentence), words(evidence.passage))
    spans = quotes.quoted_spans(evidence.sentence)
    verdicts = [quotes.compare(span.text, evidence.passage) for span in spans]
    verbatim = max((v.quoted for v in verdicts if v.verdict == quotes.VERBATIM), default=0)
    closest = quotes.best(verdicts)
    sentence_terms = set(terms(evidence.sentence))
    share = len(sentence_terms & set(terms(evidence.passage))) / max(len(sentence_terms), 1)
    details = _details(evidence, run)

    if evidence.conflict:
        if max(verbatim, run) >= config.quote_run:
            return (
                CitationRelation.CONTEXT,
                f"context only, despite {max(verbatim, run)} words verbatim: "
                f"{evidence.conflict}; {details}",
            )
        return None
    if evidence.announced and announces(evidence.sentence):
        return (
            CitationRelation.RECORD,
            f"record: the story announced the meeting this record shows took place; {details}",
        )
    if (
        closest is not None
        and closest.verdict == quotes.NOT_FOUND
        and _mostly_quoted(evidence, spans)
    ):
        if not evidence.narration:
            return None  # someone's words that are not the story's quotation back nothing
        return (
            CitationRelation.CONTEXT,
            "context: the passage says this in narration, not in the words the story quotes "
            f"({closest.matched} of {closest.quoted} found); {details}",
        )
    if evidence.meeting and not spans:
        return (
            CitationRelation.RECORD,
            "record: the sentence reports a meeting of "
            f"{', '.join(evidence.shared_names)}; this is the record's account of it; {details}",
        )
    if verbatim or run >= config.quote_run:
        what = f"{verbatim} quoted words" if verbatim else f"a run of {run} words"
        return CitationRelation.QUOTE, f"quote: {what} verbatim in the passage; {details}"
    if closest is not None and closest.verdict == quotes.CLOSE and closest.share >= 0.75:
        return (
            CitationRelation.CLOSE_PARAPHRASE,
            f"close paraphrase: {closest.matched} of {closest.quoted} quoted words as the "
            f"record has them; {details}",
        )
    if share >= config.close_share and len(sentence_terms) >= 5:
        return (
            CitationRelation.CLOSE_PARAPHRASE,
            f"close paraphrase: {share:.0%} of the sentence's terms are in the passage; {details}",
        )
    if evidence.score >= config.paraphrase:
        return CitationRelation.PARAPHRASE, f"paraphrase: score {evidence.score:.2f}; {details}"
    return (
        CitationRelation.CONTEXT,
        f"context: a weaker match, score {evidence.score:.2f}; {details}",
    )


def _mostly_quoted(evidence: Evidence, spans) -> bool:
    """Tell whether most of the sentence's words are inside quotation marks."""
    quoted = sum(len(words(s.text)) for s in spans)
    return evidence.narration or quoted >= 0.5 * len(words(evidence.sentence))


def _details(evidence: Evidence, run: int) -> str:
    parts = ["shared terms: " + ", ".join(evidence.shared_terms)]
    if evidence.shared_names:
        parts.append("shared names: " + ", ".join(evidence.shared_names))
    if evidence.shared_numbers:
        parts.append("shared numbers: " + ", ".join(evidence.shared_numbers))
    if run >= 4:
        parts.append(f"{run} words verbatim")
    return "; ".join(parts)


def longest_common_run(a: list[str], b: list[str]) -> int:
    """Return the length of the longest run of words `a` and `b` share, in order."""
    best = 0
    previous = [0] * (len(b) + 1)
    for word in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best
