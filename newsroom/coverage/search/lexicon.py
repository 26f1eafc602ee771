"""The names and synonyms a reader's query is read with: other spellings of a person or a
place, and the wordings editors keep as synonyms.

Each group is a set of wordings that count as one (a person's name, other names and
surname; a place's names; a synonym group). A query's words are matched to wordings by
their keys: folded, transliterations made alike (Shoygu and Shoigu, Sergey and Sergei,
Dmitriy and Dmitry, Tokaev and Tokayev), stemmed. Stop words are ignored in the
matching, so "head of a region" is "head of the region".
"""

import re
import threading
import time
from dataclasses import dataclass

from django.db.models import CharField, F, IntegerField, Value
from django.db.models.signals import post_delete, post_save

from newsroom.coverage.linking.tokens import fold, stem
from newsroom.coverage.search.query import STOP_WORDS, WORD

NAME, SYNONYM = "name", "synonym"
TTL = 60  # seconds another process's change may take to reach this one
MAX_WORDS = 8


@dataclass(frozen=True)
class Group:
    kind: str  # NAME or SYNONYM
    label: str  # what the page calls it: the person's or place's name, the first wording
    wordings: tuple[tuple[str, ...], ...]  # each wording's words, as written


def key(word: str) -> str:
    """Return what `word` is matched by: folded, its transliteration made plain, stemmed."""
    word = fold(word)
    word = re.sub(r"iy$|(?<=[^aeiou])i$", "y", word)  # Dmitriy, Dmitri, Yuri: Dmitry, Yury
    word = re.sub(r"(?<=[aeiou])y(?=[aeiou])", "", word)  # Tokayev, Kadyrov stays: Tokaev
    word = re.sub(r"(?<=[aeiou])y", "i", word)  # Sergey, Shoygu, Andrey: Sergei, Shoigu
    return stem(word)


def keys(words) -> tuple[str, ...]:
    return tuple(key(w) for w in words if w.lower() not in STOP_WORDS)


class Lexicon:
    """Groups of wordings, found by the keys of the words of a query."""

    def __init__(self, groups: list[Group]):
        self.groups = groups
        self.index: dict[tuple[str, ...], list[int]] = {}
        for number, group in enumerate(groups):
            for wording in group.wordings:
                found = keys(wording)
                if found and number not in self.index.get(found, []):
                    self.index.setdefault(found, []).append(number)
        self.longest = max((len(k) for k in self.index), default=0)

    def groups_of(self, words: tuple[str, ...]) -> list[Group]:
        """Return the groups one of whose wordings `words` is."""
        return [self.groups[n] for n in self.index.get(keys(words), [])]

    def spans(self, words: list[str]) -> list[tuple[int, int, list[Group]]]:
        """Return (start, end, groups) for the longest wordings found in `words`, left to
        right; stop words do not start or end a wording."""
        found, start = [], 0
        while start < len(words):
            if words[start].lower() in STOP_WORDS:
                start += 1
                continue
            for end in range(min(len(words), start + self.longest * 2), start, -1):
                if words[end - 1].lower() in STOP_WORDS:
                    continue
                groups = self.groups_of(tuple(words[start:end]))
                if groups:
                    found.append((start, end, groups))
                    start = end
                    break
            else:
                start += 1
        return found


def from_database() -> Lexicon:
    """Read every person's, place's and synonym group's wordings, in one query."""
    from newsroom.coverage.models import Person, PersonName, Place, PlaceName, Synonym

    def rows(model, kind: str, owner: str, first: int, text: str):
        # Named apart from the models' own fields (an other name has a `kind`).
        return (
            model.objects.order_by()
            .annotate(
                of_kind=Value(kind, output_field=CharField()),
                of_owner=F(owner),
                is_other=Value(first, output_field=IntegerField()),
            )
            .values_list("of_kind", "of_owner", "is_other", text)
        )

    union = rows(Person, NAME, "pk", 0, "name").union(
        rows(PersonName, NAME, "person_id", 1, "name"),
        rows(Place, "place", "pk", 0, "name"),
        rows(PlaceName, "place", "place_id", 1, "name"),
        rows(Synonym, SYNONYM, "pk", 0, "wordings"),
        all=True,
    )
    named: dict[tuple[str, int], list[str]] = {}
    for kind, owner, _first, text in sorted(union, key=lambda row: row[:3]):
        named.setdefault((kind, owner), []).append(text)
    groups = []
    for (kind, _owner), texts in named.items():
        if kind == NAME:
            # A person is named by surname alone as often as in full ("Mr Shoigu said").
            surnames = [n.split()[-1] for n in texts if len(n.split()) > 1]
            groups.append(_group(NAME, texts[0], [*texts, *surnames]))
        elif kind == "place":
            groups.append(_group(NAME, texts[0], texts))
        else:
            forms = Synonym(wordings=texts[0]).forms
            if len(forms) > 1:
                groups.append(_group(SYNONYM, forms[0], forms))
    return Lexicon(groups)


def _group(kind: str, label: str, names: list[str]) -> Group:
    wordings = []
    for name in names:
        words = tuple(WORD.findall(name))[:MAX_WORDS]
        if words and words not in wordings:
            wordings.append(words)
    return Group(kind, label, tuple(wordings))


_lock = threading.Lock()
_cached: tuple[float, Lexicon] | None = None


def current() -> Lexicon:
    """Return the lexicon, read again once TTL has passed or after a change here."""
    global _cached
    with _lock:
        if _cached is None or time.monotonic() - _cached[0] >= TTL:
            _cached = (time.monotonic(), from_database())
        return _cached[1]


def forget(**kwargs) -> None:
    """Read the lexicon afresh at the next search (a name or synonym changed)."""
    global _cached
    with _lock:
        _cached = None


def connect_signals() -> None:
    from newsroom.coverage.models import Person, PersonName, Place, PlaceName, Synonym

    for model in (Person, PersonName, Place, PlaceName, Synonym):
        post_save.connect(forget, sender=model, dispatch_uid=f"lexicon-{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"lexicon-{model.__name__}-d")
