"""Read what a reader typed into the search box, the same way for every database.

Words are wanted (stemmed: "elections" finds "election"; English stop words such as
"the" are dropped, as PostgreSQL's English configuration drops them); "quoted words"
must appear together, in that order; a leading minus excludes a word or a quoted phrase.
A query of nothing but exclusions finds nothing. Punctuation is not syntax, so no
input can break the database's own query language.
"""

import re
from dataclasses import dataclass, replace

MAX_TERMS = 12  # a pasted paragraph is not a search: its first words are enough
TERM = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
WORD = re.compile(r"\w+")
# PostgreSQL's english.stop (Snowball's list), so that SQLite drops the same words.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now""".split()
)


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase's words in order
    negated: bool = False


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...] = ()
    every: bool = True  # every wanted term must appear; otherwise any one will do

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def wanted(self) -> list[Term]:
        return [t for t in self.terms if not t.negated]

    @property
    def unwanted(self) -> list[Term]:
        return [t for t in self.terms if t.negated]

    def relaxed(self) -> "Query":
        """Return this query with any wanted term enough, when one term is not enough."""
        return replace(self, every=False) if len(self.wanted) > 1 else Query()


def parse(text: str) -> Query:
    """Return the query `text` asks for; empty when nothing in it can be searched for."""
    terms = []
    for match in TERM.finditer(text):
        minus_quoted, quoted, minus, bare = match.groups()
        words = tuple(WORD.findall(quoted if quoted is not None else bare))
        if quoted is None:
            words = tuple(w for w in words if w.lower() not in STOP_WORDS)
        if not words:
            continue
        negated = minus_quoted if quoted is not None else minus
        terms.append(Term(words, bool(negated)))  # "cease-fire" is the phrase "cease fire"
    terms = terms[:MAX_TERMS]
    return Query(tuple(terms)) if any(not t.negated for t in terms) else Query()


def websearch(query: Query) -> str:
    """Return `query` in PostgreSQL's websearch_to_tsquery syntax."""
    wanted = (" " if query.every else " or ").join(_quoted(t.words) for t in query.wanted)
    return wanted + "".join(f" -{_quoted(t.words)}" for t in query.unwanted)


def fts5(query: Query) -> str:
    """Return `query` in SQLite FTS5's syntax: wanted terms joined, unwanted ones NOTed."""
    wanted = (" AND " if query.every else " OR ").join(_quoted(t.words) for t in query.wanted)
    return f"({wanted})" + "".join(f" NOT {_quoted(t.words)}" for t in query.unwanted)


def _quoted(words: tuple[str, ...]) -> str:
    # \w+ words hold no quote, so quoting needs no escaping in either language.
    return '"' + " ".join(words) + '"'
