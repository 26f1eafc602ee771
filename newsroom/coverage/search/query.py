"""Read what a reader typed into the search box, the same way for every database.

Words are wanted (stemmed: "elections" finds "election"; English stop words such as
"the" are dropped, as PostgreSQL's English configuration drops them); "quoted words"
must appear together, in that order; a leading minus excludes a word or a quoted phrase.
A query of nothing but exclusions finds nothing. Punctuation is not syntax, so no
input can break the database's own query language.

A reader's question is read for what it is about: its question words and phrasing
("what did … say about …", "how much …") are not wanted. A number wants the number,
however its unit is written ("18%", "18 percent", "18 per cent"). With a lexicon
(lexicon.py), a person's or place's name finds its other spellings and a synonym its
group's other wordings; the query keeps what it read that way (`readings`), for the
page to say.
"""

import re
from dataclasses import dataclass, field, replace

from newsroom.coverage.linking.tokens import fold, stem

MAX_TERMS = 12  # a pasted paragraph is not a search: its first words are enough
MAX_ALTERNATIVES = 8  # other wordings searched for one term
TERM = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
# A decimal number is one word, as PostgreSQL reads "1.5" (SQLite's index reads "1 5",
# which the quoted form matches too).
WORD = re.compile(r"\d+(?:\.\d+)+|\w+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
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
# What a question opens with, and the words it is asked in rather than about.
QUESTION_WORDS = frozenset(
    """what how why when where who whom which whose did does do is are was were will would
    can could has have had should shall""".split()
)
PHRASING = frozenset(
    """much many say said says saying tell told tells talk talked talking speak spoke
    speaking discuss discussed discussing mention mentioned think thought happen happened
    happening mean meant explain explained describe described""".split()
)
PERCENT = ("percent", "pct", "per cent")  # after a number: the number is what is wanted


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase's words in order
    negated: bool = False
    alternatives: tuple[tuple[str, ...], ...] = ()  # other wordings that count as this

    @property
    def forms(self) -> tuple[tuple[str, ...], ...]:
        return (self.words, *self.alternatives)


@dataclass(frozen=True)
class Reading:
    """A term read through the lexicon: what was typed, and what was searched too."""

    typed: str
    searched: tuple[str, ...]
    kind: str  # "name" or "synonym"
    label: str  # the person's or place's name, or the synonym group's first wording


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...] = ()
    every: bool = True  # every wanted term must appear; otherwise any one will do
    readings: tuple[Reading, ...] = field(default=(), compare=False)
    question: bool = False

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


@dataclass
class _Chunk:
    words: list[str]
    negated: bool
    quoted: bool


def parse(text: str, lexicon=None) -> Query:
    """Return the query `text` asks for; empty when nothing in it can be searched for.

    `lexicon` (lexicon.Lexicon), when given, adds each name's other spellings and each
    synonym's other wordings to the term that typed it.
    """
    chunks = _chunks(text)
    question = _is_question(text, chunks)
    _drop_units(chunks)
    terms, readings = [], []
    for run in _runs(chunks):
        if run[0].quoted or run[0].negated:
            chunk = run[0]
            term = Term(tuple(chunk.words), chunk.negated)
            term, reading = _expanded(term, lexicon.groups_of(term.words) if lexicon else [])
            terms.append(term)
            readings += [reading] if reading else []
            continue
        words = [(w, n) for n, chunk in enumerate(run) for w in chunk.words]
        if question:
            words = [(w, n) for w, n in words if w.lower() not in PHRASING | QUESTION_WORDS]
        spans = lexicon.spans([w for w, _ in words]) if lexicon else []
        at = 0
        for start, end, groups in [*spans, (len(words), len(words), [])]:
            terms += _plain_terms(words[at:start])
            if end > start:
                term, reading = _expanded(Term(tuple(w for w, _ in words[start:end])), groups)
                terms.append(term)
                readings += [reading] if reading else []
            at = end
    terms = terms[:MAX_TERMS]
    if not any(not t.negated for t in terms):
        return Query()
    return Query(tuple(terms), readings=tuple(readings), question=question)


def _chunks(text: str) -> list[_Chunk]:
    chunks = []
    for match in TERM.finditer(text):
        minus_quoted, quoted, minus, bare = match.groups()
        words = WORD.findall(quoted if quoted is not None else bare)
        if words:
            negated = bool(minus_quoted if quoted is not None else minus)
            chunks.append(_Chunk(words, negated, quoted is not None))
    return chunks


def _is_question(text: str, chunks: list[_Chunk]) -> bool:
    first = next((c for c in chunks if not c.quoted and not c.negated), None)
    opens = first is not None and first.words[0].lower() in QUESTION_WORDS
    return opens or text.rstrip().endswith("?")


def _drop_units(chunks: list[_Chunk]) -> None:
    """Drop "percent" (or "per cent") after a number: "18%" is the same number."""
    flat = [(c, i) for c in chunks if not c.quoted for i in range(len(c.words))]
    drop = set()
    for n, (chunk, i) in enumerate(flat):
        if n == 0 or not NUMBER.fullmatch(flat[n - 1][0].words[flat[n - 1][1]]):
            continue
        word = chunk.words[i].lower()
        following = flat[n + 1] if n + 1 < len(flat) else None
        if word in PERCENT:
            drop.add((id(chunk), i))
        elif word == "per" and following and following[0].words[following[1]].lower() == "cent":
            drop |= {(id(chunk), i), (id(following[0]), following[1])}
    for chunk in chunks:
        chunk.words = [w for i, w in enumerate(chunk.words) if (id(chunk), i) not in drop]
    chunks[:] = [c for c in chunks if c.words]


def _runs(chunks: list[_Chunk]) -> list[list[_Chunk]]:
    """Group the chunks: each quoted or negated one alone, the bare ones in between together
    (a name may run over two: Sergey Shoygu)."""
    runs: list[list[_Chunk]] = []
    for chunk in chunks:
        if chunk.quoted or chunk.negated or not runs or runs[-1][0].quoted or runs[-1][0].negated:
            runs.append([chunk])
        else:
            runs[-1].append(chunk)
    return runs


def _plain_terms(words: list[tuple[str, int]]) -> list[Term]:
    """Return a term for each bare chunk's words left: a word, or the phrase a hyphen
    joined ("cease-fire"); stop words dropped."""
    terms, by_chunk = [], {}
    for word, chunk in words:
        if word.lower() not in STOP_WORDS:
            by_chunk.setdefault(chunk, []).append(word)
    for chunk_words in by_chunk.values():
        terms.append(Term(tuple(chunk_words)))
    return terms


def _expanded(term: Term, groups) -> tuple[Term, Reading | None]:
    """Return `term` with the other wordings of `groups`, and what the page says of them."""
    typed = _stems(term.words)
    others = []
    for group in groups:
        for wording in group.wordings:
            # Another ending of the same words is found by stemming already.
            if _stems(wording) != typed and wording not in others:
                others.append(wording)
    # A wording holding another one searched adds nothing ("Sergei Shoigu" beside "Shoigu").
    forms = [term.words, *others]
    others = [w for w in others if not any(_within(o, w) for o in forms if o is not w)]
    others = others[:MAX_ALTERNATIVES]
    if not others:
        return term, None
    group = groups[0]
    reading = Reading(
        " ".join(term.words), tuple(" ".join(w) for w in others), group.kind, group.label
    )
    return replace(term, alternatives=tuple(others)), reading


def _stems(words) -> tuple[str, ...]:
    return tuple(stem(fold(w)) for w in words)


def _lower(words) -> tuple[str, ...]:
    return tuple(w.lower() for w in words)


def _within(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    part, whole = _lower(part), _lower(whole)
    return len(part) < len(whole) and any(
        whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1)
    )


def tsquery(query: Query) -> str:
    """Return `query` in PostgreSQL's to_tsquery syntax (which stems each word)."""
    joiner = " & " if query.every else " | "
    wanted = joiner.join(_tsquery_term(t) for t in query.wanted)
    return f"({wanted})" + "".join(f" & !{_tsquery_term(t)}" for t in query.unwanted)


def fts5(query: Query) -> str:
    """Return `query` in SQLite FTS5's syntax: wanted terms joined, unwanted ones NOTed."""
    joiner = " AND " if query.every else " OR "
    wanted = joiner.join(_fts5_term(t) for t in query.wanted)
    return f"({wanted})" + "".join(f" NOT {_fts5_term(t)}" for t in query.unwanted)


def _tsquery_term(term: Term) -> str:
    # Words are \w+ or decimal numbers: no quote to escape in either language.
    forms = [" <-> ".join(f"'{w}'" for w in form) for form in term.forms]
    return f"({' | '.join(forms)})"


def _fts5_term(term: Term) -> str:
    forms = ['"' + " ".join(form) + '"' for form in term.forms]
    return forms[0] if len(forms) == 1 else f"({' OR '.join(forms)})"
