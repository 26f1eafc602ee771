"""Align the paragraphs of two versions of a transcript: which stayed, moved, changed.

A paragraph keeps its identity (and the citations resting on it) when the new version
holds it unchanged, in order or elsewhere, or edited: most of its words still there.
Unchanged paragraphs in order are found first (difflib's longest matching blocks); then
unchanged ones out of order (moved); then edited pairs, the most alike first, within
the same gap between unchanged paragraphs before anywhere else.
"""

from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsroom.coverage.linking.quotes import tokens

# Two paragraphs are one, edited, when this share of their words match in order
# (difflib's ratio: 2 × matching / total).
EDITED = 0.5

SAME, MOVED, EDITED_OP, ADDED, REMOVED = "same", "moved", "edited", "added", "removed"


@dataclass(frozen=True)
class Step:
    op: str  # same, moved, edited, added, removed
    old: int | None  # index in the old version
    new: int | None  # index in the new version


def words(text: str) -> tuple[str, ...]:
    """Return the words of `text` as compared: folded, quotes and dashes aside."""
    return tuple(token.word for token in tokens(text))


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Return how alike two paragraphs' words are, in order: 0 to 1."""
    if not a or not b:
        return float(a == b)
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def align(old: list[str], new: list[str]) -> list[Step]:
    """Return the steps turning the paragraphs `old` into `new`, in the new order.

    Each old paragraph and each new one appears in exactly one step; removed
    paragraphs come right after the step before them in the old order.
    """
    a, b = [words(t) for t in old], [words(t) for t in new]
    partner: dict[int, tuple[int, str]] = {}  # new index → (old index, op)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    gaps = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                partner[j1 + offset] = (i1 + offset, SAME)
        else:
            gaps.append((range(i1, i2), range(j1, j2)))

    taken = {i for i, _ in partner.values()}
    # Unchanged text elsewhere: a moved paragraph.
    waiting = defaultdict(list)
    for i in (i for olds, _ in gaps for i in olds):
        waiting[a[i]].append(i)
    for j in (j for _, news in gaps for j in news):
        if waiting.get(b[j]):
            i = waiting[b[j]].pop(0)
            partner[j] = (i, MOVED)
            taken.add(i)

    # Edited paragraphs: first within each gap, then across gaps.
    for olds, news in gaps:
        _pair_edited(a, b, [i for i in olds if i not in taken], news, partner, taken)
    left_old = [i for olds, _ in gaps for i in olds if i not in taken]
    left_new = [j for _, news in gaps for j in news if j not in partner]
    _pair_edited(a, b, left_old, left_new, partner, taken)

    return _in_order(len(a), len(b), partner)


def _pair_edited(a, b, olds, news, partner, taken) -> None:
    news = [j for j in news if j not in partner]
    if not olds or not news:
        return
    if len(olds) * len(news) > 40_000:
        olds, news = _sharing_words(a, b, olds, news)
    scored = sorted(
        (
            (score, -abs(i - j), i, j)
            for i in olds
            for j in news
            if (score := _quick_then_full(a[i], b[j])) >= EDITED
        ),
        reverse=True,
    )
    for _, _, i, j in scored:
        if i in taken or j in partner:
            continue
        partner[j] = (i, EDITED_OP)
        taken.add(i)


def _quick_then_full(x, y) -> float:
    matcher = SequenceMatcher(None, x, y, autojunk=False)
    if matcher.real_quick_ratio() < EDITED or matcher.quick_ratio() < EDITED:
        return 0.0
    return matcher.ratio()


def _sharing_words(a, b, olds, news):
    """Keep, of a very large gap, only the paragraphs that share a word with the other side."""
    old_words = {w for i in olds for w in a[i]}
    new_words = {w for j in news for w in b[j]}
    return (
        [i for i in olds if new_words & set(a[i])],
        [j for j in news if old_words & set(b[j])],
    )


def _in_order(old_count: int, new_count: int, partner) -> list[Step]:
    steps: list[Step] = []
    kept = {i for i, _ in partner.values()}
    removed_after: dict[int, list[int]] = defaultdict(list)  # old index before → removed
    previous = -1
    for i in range(old_count):
        if i in kept:
            previous = i
        else:
            removed_after[previous].append(i)
    steps.extend(Step(REMOVED, i, None) for i in removed_after.pop(-1, []))
    for j in range(new_count):
        if j in partner:
            i, op = partner[j]
            steps.append(Step(op, i, j))
            steps.extend(Step(REMOVED, r, None) for r in removed_after.pop(i, []))
        else:
            steps.append(Step(ADDED, None, j))
    return steps
