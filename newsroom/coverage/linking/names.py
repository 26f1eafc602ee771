"""Tell which words of a text only name someone or somewhere.

A link needs evidence beyond the names a sentence and a passage share: every record of
the President's meetings names him, so "Russian President Vladimir Putin" says nothing
of which meeting a sentence reports. The naming words are those of the gazetteer's
mentions of people and places; the title printed before a person's name (the run of
capitalised words before it: "Russian President", "Primorye Territory Governor",
"President of the Republic of Turkey"); and the words for a post that stand for a
person ("the President", "the Turkish leader", "his Chinese counterpart").
"""

import re

from newsroom.coverage.linking.mentions import PERSON, Mention
from newsroom.coverage.linking.tokens import STOP_WORDS, WORD, fold, stem

# Words for a post, in the singular: they stand for the one person who holds it ("the
# President", "the governor"). In the plural they are what a meeting was about ("the
# newly elected governors"), so they stay evidence.
POSTS = frozenset(
    "president governor minister premier leader chairman chairwoman mayor spokesman "
    "spokeswoman counterpart ambassador".split()
)
# Posts of more than one word ("the head of state").
POST_PHRASES = re.compile(r"\bhead of (?:state|government)\b", re.IGNORECASE)
TITLE_CONNECTORS = {"of", "the", "and"}
MAX_TITLE_WORDS = 8


def naming_terms(text: str, mentions: list[Mention]) -> frozenset[str]:
    """Return the index terms of `text` that only name people, places and posts.

    `mentions` are the gazetteer's mentions found in `text`.
    """
    words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    naming = [False] * len(words)
    for mention in mentions:
        inside = [i for i, (s, e, _) in enumerate(words) if s < mention.end and mention.start < e]
        for i in inside:
            naming[i] = True
        if mention.kind == PERSON and inside:
            _title_before(text, words, inside[0], naming)
    for phrase in POST_PHRASES.finditer(text):
        for i, (start, end, _) in enumerate(words):
            if phrase.start() <= start and end <= phrase.end():
                naming[i] = True
    for i, (_, _, word) in enumerate(words):
        if fold(word) in POSTS:
            naming[i] = True
            if i and words[i - 1][2][:1].isupper():
                naming[i - 1] = True  # "the Russian leader", "his Turkish counterpart"
    return frozenset(
        term
        for flag, (_, _, word) in zip(naming, words, strict=True)
        if flag and (term := _term(word))
    )


def _title_before(text: str, words, first: int, naming: list[bool]) -> None:
    """Mark the capitalised words printed right before a person's name as their title.

    The title runs back over capitalised words and "of", "the", "and" between them, up
    to punctuation ("On Friday, Putin said": Friday is no title).
    """
    i, taken = first - 1, []
    while i >= 0 and len(taken) < MAX_TITLE_WORDS:
        if text[words[i][1] : words[i + 1][0]].strip():
            break
        word = words[i][2]
        if word[:1].isupper():
            taken.append(i)
        elif word.lower() not in TITLE_CONNECTORS:
            break
        i -= 1
    for index in taken:
        naming[index] = True


def _term(word: str) -> str:
    folded = fold(word)
    if folded in STOP_WORDS or len(folded) < 2:
        return ""
    return stem(folded)[:60]
