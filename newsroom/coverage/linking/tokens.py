"""Turn text into the normalised, stemmed terms the index and the scorer compare."""

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

import Stemmer

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
NUMBER = re.compile(r"^\d+$")
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    either even ever few for from further had has have having he her here hers herself
    him himself his how i if in into is it its itself just may me might more most must
    my myself no nor not now of off on once one only or other our ours ourselves out
    over own per perhaps quite rather same shall she should so some such than that the
    their theirs them themselves then there these they this those through thus to too
    under until up upon us very via was we were what when where whether which while who
    whom whose why will with within without would yet you your yours yourself yourselves
    s t mr mrs ms
    """.split()
)
_stemmer = Stemmer.Stemmer("english")


def fold(word: str) -> str:
    """Return `word` in lower case without diacritics or possessive endings."""
    word = word.lower()
    if not word.isascii():
        word = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in word if not unicodedata.combining(c)).replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


def words(text: str) -> list[str]:
    """Return the folded words of `text`, stop words included (for verbatim runs)."""
    return list(_words(text))


def _folded(text: str) -> tuple[str, ...]:
    if not text.isascii():
        return tuple(fold(w) for w in WORD.findall(text))
    # fold() word by word, at once: search re-ranks whole stories a request.
    return tuple(w[:-2] if w.endswith("'s") else w for w in WORD.findall(text.lower()))


# The engine reads the same sentences and passages many times over in one run.
_words = lru_cache(maxsize=1024)(_folded)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return word if NUMBER.match(word) else _stemmer.stemWord(word)


def terms(text: str) -> list[str]:
    """Return the index terms of `text`: folded, stop words removed, stemmed."""
    return list(_terms(text))


def analyse(text: str) -> tuple[str, ...]:
    """Return the index terms of `text` as `terms` does, kept nowhere (for a caller
    that keeps them its own way)."""
    kept = [w for w in _folded(text) if w not in STOP_WORDS and len(w) > 1]
    # Stemmed in one call (as stem() would each: Snowball leaves digits alone).
    return tuple(s[:60] for s in _stemmer.stemWords(kept))


_terms = lru_cache(maxsize=1024)(analyse)


def bigrams(text: str) -> set[tuple[str, str]]:
    """Return the pairs of adjacent terms in `text` (stop words skipped)."""
    found = terms(text)
    return set(pairwise(found))


def numbers(text: str) -> set[str]:
    return {w for w in _words(text) if NUMBER.match(w)}
