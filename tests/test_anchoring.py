"""Citations re-anchored in a story's text on every render."""

from types import SimpleNamespace

from newsroom.coverage.reading.anchoring import anchor

_passages = iter(range(1, 10_000))


def cite(quote, passage=None):
    """A citation of `quote` backed by `passage` (a new passage unless one is named)."""
    return SimpleNamespace(quote=quote, segment_id=passage or next(_passages))


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


def test_a_passage_backing_two_sentences_is_one_note_with_two_back_links():
    body = "Putin will meet the governors. They were elected this month. Exports grew."
    first, second = "Putin will meet the governors.", "They were elected this month."
    story = anchor(body, [cite(first, passage=1), cite(second, passage=1)])
    assert len(story.notes) == 1
    note = story.notes[0]
    assert [ref.citation.quote for ref in note.refs] == [first, second]
    marks = [[ref.number for ref in piece.notes] for piece in story.paragraphs[0] if piece.notes]
    assert marks == [[1], [1]]


def test_words_inside_a_sentence_backed_by_the_same_passage_are_marked_once():
    body = "The harvest reached 140 million tonnes this year."
    story = anchor(body, [cite(body, passage=7), cite("140 million tonnes", passage=7)])
    assert len(story.notes) == 1 and len(story.notes[0].citations) == 2
    assert [len(piece.notes) for piece in story.paragraphs[0] if piece.notes] == [1]


def test_different_passages_are_different_notes_in_reading_order():
    body = "First claim. Second claim."
    story = anchor(body, [cite("Second claim.", passage=2), cite("First claim.", passage=1)])
    assert [(n.number, n.citation.quote) for n in story.notes] == [
        (1, "First claim."),
        (2, "Second claim."),
    ]
