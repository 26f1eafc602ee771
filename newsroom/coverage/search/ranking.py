"""Order what each engine found by one formula, so both databases rank alike.

SQLite's bm25() and PostgreSQL's ts_rank (or RUM's distance) order matches differently.
Each engine finds the matches and its own best RERANKED of each kind; those are then
scored here, the same way on every database: BM25 over the stemmed words of each field
(a headline counts more than a standfirst, a standfirst more than a body; a speaker's
title more than the paragraph), each term's weight from how many paragraphs hold it
(`TermStat`, the linking engine's statistics, the same rows on either database).
A term is any of its wordings (a name's other spellings, a synonym's), the reader's own
counting more than the others, and a phrase counts where its words stand together.
"""

import contextlib
import math
import sys
import threading
import time
from collections import OrderedDict

from newsroom.coverage.linking.tokens import analyse, terms
from newsroom.coverage.models import IndexTotals, TermStat
from newsroom.coverage.search.query import Query

RERANKED = 40  # of each kind: the first pages come from these
K1, B = 1.2, 0.75
FIELDS = {
    "story": (("headline", 5.0), ("standfirst", 2.0), ("body", 1.0)),
    "passage": (("speaker_label", 2.0), ("text", 1.0)),
}
OWN = {"story": {"headline", "standfirst", "body"}, "passage": {"text"}}
STORY_LENGTH = 300  # a story's typical length in terms, where paragraphs have statistics
ANALYSED = 8192  # rows' stems kept per process (about 3 MB for passages, 25 for stories)
OTHER_WORDING = 0.8  # what a name's other spelling or a synonym counts for, the typed word 1
WEIGHTS_TTL = 60  # seconds a process trusts what it read of the paragraphs' statistics


def rerank(results: list, query: Query, rows_of) -> list:
    """Return `results` with the first RERANKED of each kind scored and ordered here.

    `rows_of(kind, pks)` returns {pk: {field: text}} for the rows to score.
    """
    wanted = [_forms(term) for term in query.wanted]
    if not results or not any(wanted):
        return results
    statistics = _weights(wanted)
    if statistics is None:
        return results  # the statistics are not built yet: the engine's order stands
    weights, mean_length = statistics
    head, tail = [], []
    for kind in FIELDS:
        of_kind = [r for r in results if r.kind == kind]
        head += of_kind[:RERANKED]
        tail += of_kind[RERANKED:]
    texts = {}
    for kind in FIELDS:
        pks = [r.pk for r in head if r.kind == kind]
        if pks:
            texts[kind] = rows_of(kind, pks)
    for result in head:
        fields = texts[result.kind].get(result.pk)
        if fields is None:
            continue
        length_norm = (mean_length if result.kind == "passage" else STORY_LENGTH) or 1.0
        result.rank, result.own_words = _score(
            result.kind, result.pk, fields, wanted, weights, length_norm
        )
    head.sort(key=lambda r: (not r.own_words, -r.rank, r.kind, -r.pk))
    # Past the first RERANKED of each kind, the engines' own order (their scores are
    # not comparable with these).
    tail.sort(key=lambda r: (not r.own_words, -r.rank))
    return head + tail


def _forms(term) -> dict[tuple[str, ...], float]:
    """Return {the stems of a wording of `term`: what it counts for}: the typed wording
    1, the others OTHER_WORDING (a wording of stop words alone is left out)."""
    found = {}
    for n, form in enumerate(term.forms):
        stems = tuple(terms(" ".join(form)))
        if stems and stems not in found:
            found[stems] = 1.0 if n == 0 else OTHER_WORDING
    return found


def _weights(wanted: list[dict[tuple[str, ...], float]]) -> tuple[list[float], float] | None:
    """Return each term's inverse document frequency and the paragraphs' mean length,
    from the linking engine's statistics; None before any paragraph is indexed (the
    worker's sweep indexes new ones)."""
    stems = {s for forms in wanted for form in forms for s in form}
    totals, held = _statistics.read(stems)
    paragraphs, mean_length = totals
    if not paragraphs:
        return None
    weights = []
    for forms in wanted:
        # A phrase is in at most as many paragraphs as its rarest word; a term with
        # several wordings in at most as many as they are together.
        held_by = min(paragraphs, sum(min(held.get(s, 0) for s in form) for form in forms))
        n = max(paragraphs, held_by, 1)
        weights.append(math.log(1 + (n - held_by + 0.5) / (held_by + 0.5)) if forms else 0.0)
    return weights, mean_length


class _Statistics:
    """The linking engine's statistics as this process last read them: the totals and
    each stem's paragraphs, read again after WEIGHTS_TTL (as the lexicon is).

    Reading them costs two queries a search; a minute's change in how many paragraphs
    hold a word moves its weight by a hair, never what matches.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.forget()

    def forget(self) -> None:
        """Read the statistics afresh at the next search."""
        self.read_at, self.totals, self.held = -math.inf, None, {}

    def read(self, stems: set[str]) -> tuple[tuple[int, float], dict[str, int]]:
        """Return (the totals, {stem: paragraphs holding it}) for `stems`."""
        with self._lock:
            if time.monotonic() - self.read_at >= WEIGHTS_TTL:
                self.forget()
                self.read_at = time.monotonic()
            if self.totals is None:
                totals = IndexTotals.current()
                if not totals[0]:
                    return totals, {}  # nothing indexed yet: asked again next time
                self.totals = totals
            unread = stems - self.held.keys()
            if unread:
                found = TermStat.objects.filter(stem__in=unread).values_list("stem", "segments")
                self.held.update(dict.fromkeys(unread, 0) | dict(found))
            return self.totals, {s: self.held[s] for s in stems}


_statistics = _Statistics()


def forget() -> None:
    """Read the paragraphs' statistics afresh at the next search (tests' rows change)."""
    _statistics.forget()


_analysed: OrderedDict[tuple, tuple[int, tuple[str, ...]]] = OrderedDict()  # by row's field


def _stems(kind: str, pk: int, name: str, text: str) -> tuple[str, ...]:
    """Return the stems of a row's field, kept per process for the ANALYSED rows last
    scored, by row (stemming a story anew costs more than scoring it). Each stem is kept
    once however many rows hold it, so a row's stems take a tenth of its text's room."""
    key = (kind, pk, name)
    kept = _analysed.get(key)
    if kept is not None and kept[0] == hash(text):
        _analysed.move_to_end(key)
        return kept[1]
    stems = tuple(map(sys.intern, analyse(text)))  # kept here only, not among tokens' texts
    _analysed[key] = (hash(text), stems)
    if len(_analysed) > ANALYSED:
        _analysed.popitem(last=False)
    return stems


def _score(kind, pk, fields, wanted, weights, mean_length) -> tuple[float, bool]:
    """Return (BM25 score, whether the row's own words hold a wanted term)."""
    stems = {name: _stems(kind, pk, name, fields.get(name) or "") for name, _ in FIELDS[kind]}
    length = len(stems[FIELDS[kind][-1][0]])
    norm = K1 * (1 - B + B * length / mean_length)
    score, own = 0.0, False
    for forms, weight in zip(wanted, weights, strict=True):
        frequency = 0.0
        for name, field_weight in FIELDS[kind]:
            field = stems[name]
            found = sum(_count(field, form) * weight_of for form, weight_of in forms.items())
            frequency += field_weight * found
            own = own or (found > 0 and name in OWN[kind])
        if frequency:
            score += weight * frequency * (K1 + 1) / (frequency + norm)
    return score, own


def _count(stems: tuple[str, ...], form: tuple[str, ...]) -> int:
    """Return how often `form` (a word, or a phrase's words together) is in `stems`."""
    # Counted for the few wanted words only: counting every word of every row scored
    # took 40% of the ranking's time.
    first, width = form[0], len(form)
    if width == 1:
        return stems.count(first)
    found, at = 0, -1
    with contextlib.suppress(ValueError):  # no more of the phrase's first word
        while True:
            at = stems.index(first, at + 1)
            found += stems[at : at + width] == form
    return found
