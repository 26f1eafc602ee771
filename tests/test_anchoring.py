"""Citations re-anchored in a story's text on every render."""

from types import SimpleNamespace

from newsroom.coverage.anchoring import anchor


def cite(quote):
    return SimpleNamespace(quote=quote)


def cited(story):
    return [
        (piece.text, [n.citation.quote for n in piece.notes])
        for piece in story.paragraphs[0]
        if piece.notes
    ]


def test_words_inside_a_cited_sentence_are_anchored_with_it():
    body = "The harvest reached 140 million tonnes this year. Exports grew."
    sentence, figure = "The harvest reached 140 million tonnes this year.", "140 million tonnes"
    story = anchor(body, [cite(sentence), cite(figure)])
    assert story.unanchored == []
    assert cited(story) == [(sentence, [sentence, figure])]
    assert [n.number for n in story.notes] == [1, 2]


def test_overlapping_quotes_share_one_span_and_a_repeat_joins_it():
    body = "One two three four five six."
    story = anchor(body, [cite("One two three"), cite("three four"), cite("One two three")])
    assert story.unanchored == []
    assert cited(story) == [
        ("One two three four", ["One two three", "three four", "One two three"])
    ]
    assert sorted(n.number for n in story.notes) == [1, 2, 3]


def test_words_no_longer_in_the_story_stay_unanchored():
    story = anchor("Exports grew.", [cite("The harvest reached 140 million tonnes.")])
    assert [n.citation.quote for n in story.unanchored] == [
        "The harvest reached 140 million tonnes."
    ]
