"""Reading the search box: one query for both engines, never their syntax."""

import re

from hypothesis import given
from hypothesis import strategies as st

from newsroom.coverage.search.query import MAX_TERMS, Query, Term, fts5, parse, tsquery


def test_words_phrases_and_exclusions():
    query = parse('grain "Black Sea" -wheat -"port of Odessa"')
    assert query.terms == (
        Term(("grain",)),
        Term(("Black", "Sea")),
        Term(("wheat",), negated=True),
        Term(("port", "of", "Odessa"), negated=True),  # a phrase keeps its stop words
    )
    assert tsquery(query) == (
        "(('grain') & ('Black' <-> 'Sea')) & !('wheat') & !('port' <-> 'of' <-> 'Odessa')"
    )
    assert fts5(query) == '("grain" AND "Black Sea") NOT "wheat" NOT "port of Odessa"'


def test_stop_words_and_punctuation_are_dropped_and_hyphens_join_a_phrase():
    assert parse("the size of the region!").terms == (Term(("size",)), Term(("region",)))
    assert parse("cease-fire").terms == (Term(("cease", "fire")),)
    assert parse('an "unterminated phrase').terms == (Term(("unterminated", "phrase")),)


def test_nothing_wanted_means_no_query():
    for text in ["", "   ", "-grain", '-"Black Sea"', "the of and", "&|!():*", '"" - --']:
        assert not parse(text), text
    assert parse("grain -wheat")


def test_relaxed_wants_any_word_and_only_when_there_are_several():
    relaxed = parse("condolences Turkish -Syria").relaxed()
    assert not relaxed.every
    assert tsquery(relaxed) == "(('condolences') | ('Turkish')) & !('Syria')"
    assert fts5(relaxed) == '("condolences" OR "Turkish") NOT "Syria"'
    assert not parse("condolences").relaxed()


def test_a_pasted_paragraph_is_cut_to_its_first_terms():
    assert len(parse(" ".join(f"word{n}" for n in range(100))).terms) == MAX_TERMS


@given(st.text())
def test_any_input_gives_quoted_words_only(text):
    query = parse(text)
    assert isinstance(query, Query)
    assert fts5(query).count('"') % 2 == 0
    assert tsquery(query).count("'") % 2 == 0
    for term in query.terms:
        assert all(re.fullmatch(r"\w+|\d+(\.\d+)+", word) for word in term.words)


def test_a_question_wants_what_it_is_about():
    query = parse("What did Putin say about the Idlib de-escalation zone?")
    assert query.question
    assert query.terms == (
        Term(("Putin",)),
        Term(("Idlib",)),
        Term(("de", "escalation")),
        Term(("zone",)),
    )
    how_much = parse("how much has Russia invested in Primorye")
    assert [t.words for t in how_much.terms] == [("Russia",), ("invested",), ("Primorye",)]
    # Not a question: its words are all wanted, "talks" among them.
    assert [t.words for t in parse("Putin talks Erdogan").terms] == [
        ("Putin",),
        ("talks",),
        ("Erdogan",),
    ]


def test_a_number_wants_the_number_however_its_unit_is_written():
    for text in ("trade fell 18%", "trade fell 18 percent", "trade fell 18 per cent"):
        assert [t.words for t in parse(text).terms] == [("trade",), ("fell",), ("18",)], text
    # A decimal number is one word, as PostgreSQL's parser reads it.
    assert parse("GRP 1.5 trillion").terms[1] == Term(("1.5",))
    # "percent" is wanted where no number stands before it.
    assert ("percent",) in [t.words for t in parse("percent of the vote").terms]
