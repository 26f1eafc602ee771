"""Sentences, terms and mentions: the engine's reading of text."""

import pytest

from newsroom.coverage.linking.mentions import PERSON, PLACE, Gazetteer
from newsroom.coverage.linking.sentences import split_sentences
from newsroom.coverage.linking.tokens import terms


def texts(body):
    return [s.text for s in split_sentences(body)]


class TestSentences:
    def test_offsets_point_at_the_sentence(self):
        body = "First one here. Second, with “quotes.” Third?\n\nNew paragraph! Last"
        sentences = split_sentences(body)
        assert [body[s.start : s.end] for s in sentences] == [s.text for s in sentences]
        assert [s.text for s in sentences] == [
            "First one here.",
            "Second, with “quotes.”",
            "Third?",
            "New paragraph!",
            "Last",
        ]

    @pytest.mark.parametrize(
        "body",
        [
            "Mr Pushilin spoke. Then Mr. Putin replied.",
            "Governor A. Dyumin spoke. Then J. R. Smith replied.",
            "The share rose to 3.5 per cent. Then it fell.",
            "He met the U.S. delegation, e.g. its chair. Then he left.",
        ],
    )
    def test_abbreviations_initials_and_numbers_do_not_split(self, body):
        assert len(texts(body)) == 2

    def test_sentences_never_cross_paragraphs(self):
        assert texts("A heading without a stop\n\nA sentence.") == [
            "A heading without a stop",
            "A sentence.",
        ]

    def test_lower_case_after_a_stop_does_not_split(self):
        assert texts("He said no. and left. Then came back.") == [
            "He said no. and left.",
            "Then came back.",
        ]


class TestTerms:
    def test_stemmed_without_stop_words_or_possessives(self):
        assert terms("The regions’ elections were held") == ["region", "elect", "held"]

    def test_numbers_kept(self):
        assert "26" in terms("26 newly elected heads")


@pytest.fixture
def gazetteer():
    return Gazetteer(
        people={
            1: ["Leonid Pasechnik"],
            2: ["Evgeniy Balitsky", "Yevgeny Balitsky"],
            3: ["Denis Pushilin"],
            4: ["Igor Pushilin"],
        },
        places={10: ["Lugansk People’s Republic", "Luhansk People’s Republic"], 11: ["Donbass"]},
    )


class TestMentions:
    def found(self, gazetteer, text):
        return [(m.kind, m.id, m.text, m.how) for m in gazetteer.find(text)]

    def test_full_names_and_other_names(self, gazetteer):
        assert self.found(gazetteer, "Yevgeny Balitsky met Leonid Pasechnik.") == [
            (PERSON, 2, "Yevgeny Balitsky", "other name"),
            (PERSON, 1, "Leonid Pasechnik", "name"),
        ]

    def test_place_alias_matches_with_either_apostrophe(self, gazetteer):
        assert self.found(gazetteer, "chairman of the Luhansk People's Republic") == [
            (PLACE, 10, "Luhansk People's Republic", "other name")
        ]

    def test_surname_alone_after_a_full_mention(self, gazetteer):
        text = "Leonid Pasechnik spoke. Later Pasechnik thanked everyone."
        assert self.found(gazetteer, text)[1] == (PERSON, 1, "Pasechnik", "surname")
        assert self.found(gazetteer, "Pasechnik spoke first.") == []

    def test_mr_and_surname(self, gazetteer):
        assert self.found(gazetteer, "Yes, please, Mr Pasechnik.") == [
            (PERSON, 1, "Mr Pasechnik", "honorific")
        ]

    def test_shared_surname_needs_the_full_name_first(self, gazetteer):
        assert self.found(gazetteer, "Yes, Mr Pushilin.") == []
        text = "Denis Pushilin spoke, then Mr Pushilin left."
        assert [m[1] for m in self.found(gazetteer, text)] == [3, 3]

    def test_no_match_inside_a_longer_word(self, gazetteer):
        assert self.found(gazetteer, "Donbassian style") == []
        assert self.found(gazetteer, "Donbass’s future")[0][:3] == (PLACE, 11, "Donbass")
