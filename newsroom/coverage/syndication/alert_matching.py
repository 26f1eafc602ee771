"""Find what readers' alerts ask for in a newly published or revised transcript, or a
newly published story.

Every confirmed alert is read once per transcript, in one query, and indexed: people by
id, phrases by their first two words (one-word phrases by that word), the alerts sharing
a phrase together. A transcript's paragraphs are then read once, each word looked up in
the index, so the work grows with the words of the transcript and the phrases that
could start there, not with alerts times paragraphs. What an alert found in one
transcript is one row holding the paragraphs' keys, however many there are.
"""

import re
from collections import defaultdict

from newsroom.coverage.models import (
    Alert,
    AlertKind,
    AlertMatch,
    Citation,
    PublicationStatus,
    Segment,
)

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Return the words of `text` as a phrase alert compares them: case and punctuation
    aside ("Sea-bed" holds "sea bed")."""
    return WORD.findall(text.casefold())


class PhraseIndex:
    """Confirmed phrase alerts, by the first two words of their phrase."""

    def __init__(self, phrases):
        wanted = defaultdict(list)
        for alert_id, phrase in phrases:
            if said := tuple(words(phrase)):
                wanted[said].append(alert_id)
        self.by_start = defaultdict(list)
        for said, alert_ids in wanted.items():
            self.by_start[said[:2]].append((said, alert_ids))

    def __bool__(self):
        return bool(self.by_start)

    def found_in(self, text: str) -> set[int]:
        """Return the ids of the alerts whose phrase `text` holds."""
        said = words(text)
        found = set()
        for start, word in enumerate(said):
            pair = (word, said[start + 1]) if start + 1 < len(said) else None
            for key in ((word,), pair):
                for wanted, alert_ids in self.by_start.get(key, ()):
                    if said[start : start + len(wanted)] == list(wanted):
                        found.update(alert_ids)
        return found


def match_transcript(transcript) -> int:
    """Keep what every confirmed person or phrase alert finds in the published
    `transcript`: the paragraphs a person speaks or that hold a phrase. A paragraph an
    alert found before (the transcript revised) is not found again. Return the number
    of alerts that found something new."""
    if transcript.status != PublicationStatus.PUBLISHED:
        return 0
    alerts = Alert.objects.filter(
        confirmed_at__isnull=False, kind__in=[AlertKind.PERSON, AlertKind.PHRASE]
    ).values_list("pk", "kind", "person_id", "phrase")
    by_person, phrases = defaultdict(list), []
    for pk, kind, person_id, phrase in alerts:
        if kind == AlertKind.PERSON:
            by_person[person_id].append(pk)
        else:
            phrases.append((pk, phrase))
    index = PhraseIndex(phrases)
    found = defaultdict(list)
    paragraphs = Segment.objects.filter(transcript=transcript).order_by("position")
    for key, speaker_id, text in paragraphs.values_list("key", "speaker_id", "text").iterator(
        chunk_size=2000
    ):
        hits = index.found_in(text) if index else set()
        hits.update(by_person.get(speaker_id, ()))
        for alert_id in hits:
            found[alert_id].append(key)
    return _keep(transcript, found)


def _keep(transcript, found: dict[int, list[int]]) -> int:
    told, open_rows = defaultdict(set), {}
    for match in AlertMatch.objects.filter(transcript=transcript, alert_id__in=list(found)):
        told[match.alert_id].update(match.keys)
        if match.sent_at is None:
            open_rows[match.alert_id] = match
    new_rows, grown = [], []
    for alert_id, keys in found.items():
        fresh = [key for key in keys if key not in told[alert_id]]
        if not fresh:
            continue
        if match := open_rows.get(alert_id):
            match.keys = [*match.keys, *fresh]
            grown.append(match)
        else:
            new_rows.append(AlertMatch(alert_id=alert_id, transcript=transcript, keys=fresh))
    AlertMatch.objects.bulk_create(new_rows, batch_size=2000)
    AlertMatch.objects.bulk_update(grown, ["keys"], batch_size=2000)
    return len(new_rows) + len(grown)


def match_story(article) -> int:
    """Keep a match for every confirmed alert on a transcript the published `article`
    cites; return how many were found."""
    if not article.is_public:
        return 0
    cited = Citation.objects.shown_on_stories().filter(article=article)
    transcripts = set(cited.values_list("segment__transcript_id", flat=True))
    alerts = Alert.objects.filter(
        confirmed_at__isnull=False, kind=AlertKind.CITED, transcript_id__in=transcripts
    ).values_list("pk", flat=True)
    matches = [AlertMatch(alert_id=pk, article=article) for pk in alerts]
    # Told once per alert and story: a story published again is not news.
    AlertMatch.objects.bulk_create(matches, ignore_conflicts=True, batch_size=2000)
    return len(matches)
