"""Tell whose words each sentence of a story reports.

A sentence that names people reports the one named nearest its verb of saying. One that
names nobody ("he added", "the Russian leader said") reports, as a reader takes it, the
speaker of the sentences before it, or else the first person the nearest earlier
sentence names: news copy names its subject first.
"""

from newsroom.coverage.linking.mentions import PERSON, Mention
from newsroom.coverage.linking.sentences import Sentence
from newsroom.coverage.linking.speech import REPORTING, reports_speech


def speakers(sentences: list[Sentence], story_mentions: list[Mention]) -> dict[int, int]:
    """Return {sentence start: person} for the sentences of a story that report speech.

    `story_mentions` are the gazetteer's mentions in the story's whole text.
    """
    people = [m for m in story_mentions if m.kind == PERSON]
    found, last_speaker, last_subject = {}, None, None
    for sentence in sentences:
        inside = [m for m in people if sentence.start <= m.start < sentence.end]
        if reports_speech(sentence.text):
            speaker = _nearest_to_verb(sentence, inside) or last_speaker or last_subject
            if speaker is not None:
                found[sentence.start] = last_speaker = speaker
        if inside:
            last_subject = inside[0].id
    return found


def _nearest_to_verb(sentence: Sentence, inside: list[Mention]) -> int | None:
    if not inside:
        return None
    verbs = [sentence.start + v.start() for v in REPORTING.finditer(sentence.text)]
    if not verbs:
        return inside[0].id
    return min(inside, key=lambda m: min(_distance(m, v) for v in verbs)).id


def _distance(mention: Mention, at: int) -> int:
    return mention.start - at if mention.start >= at else at - mention.end
