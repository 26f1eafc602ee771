"""The contradiction guard: a passage cannot back a sentence about another place, person or day.

Rules over the gazetteer and dates, not word lists: a sentence names a region or a city,
and the record is of a meeting about or in another one; it names a person who neither
speaks in the record nor is named by the passage or the record's title; it names a year
or a day the record's date and the passage do not; or the story's own date puts the
meeting it reports far from the record's date.
"""

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from newsroom.coverage.linking.dates import month_days, undated, years
from newsroom.coverage.linking.mentions import PERSON, PLACE, Mention

# "Ankara and Moscow", "Moscow & Beijing": two places named as the two parties.
_PAIRED = re.compile(r"\s+(?:and|&)\s+$")
_LOCATIVE = re.compile(r"\b(?:in|at)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Record:
    """What the guard knows of a transcript: when, where, who speaks, what its title names."""

    date: dt.date
    place_id: int | None
    speakers: frozenset[int]
    named: frozenset[tuple[str, int]]  # people and places its title and summary name
    mentioned: frozenset[int] = frozenset()  # people its passages at hand name
    days: frozenset[tuple[int, int]] = frozenset()  # days of the month they name
    host: int | None = None  # who speaks first: the one who holds the meeting


class Geography:
    """The places of the gazetteer with their kinds and the places they lie in."""

    def __init__(self, rows: list[tuple[int, str, int | None, str]]):
        """Take (id, kind, parent id, name) rows."""
        self.kind = {pk: kind for pk, kind, _, _ in rows}
        self.parent = {pk: parent for pk, _, parent, _ in rows}
        self.name = {pk: name for pk, _, _, name in rows}

    @classmethod
    def from_database(cls):
        from newsroom.coverage.models import Place

        return cls(list(Place.objects.values_list("pk", "kind", "parent_id", "name")))

    def lineage(self, place_id: int) -> list[int]:
        """Return the place and the places it lies in, innermost first."""
        chain, seen = [], set()
        while place_id is not None and place_id not in seen:
            seen.add(place_id)
            chain.append(place_id)
            place_id = self.parent.get(place_id)
        return chain

    def enclosing(self, place_id: int, kind: str) -> int | None:
        return next((p for p in self.lineage(place_id) if self.kind.get(p) == kind), None)


@dataclass(frozen=True)
class Window:
    """How far a record's date may lie from the date of a story that reports it."""

    days_before: int = 10  # a report follows its meeting within this many days…
    days_after: int = 60  # …or announces it at most this long before


def date_conflict(
    sentence: str,
    record_date: dt.date,
    story_date: dt.date | None,
    window: Window,
    *,
    announcing: bool = False,
    passage: str = "",
) -> str | None:
    """Return why a record of `record_date` cannot back `sentence`, or None.

    A sentence naming years is about another meeting unless one of them is the record's
    year or a year the passage itself speaks of ("in the first 10 months of 2018", said
    in 2019). A record of a meeting after the story's date backs only what the story
    announced.
    """
    named_years = years(sentence)
    if named_years and not named_years & ({record_date.year} | years(passage)):
        return f"the sentence names {_listed(named_years)}; the record is of {record_date:%Y}"
    if story_date is None or _recalls(sentence, record_date, story_date):
        return None
    if record_date < story_date - dt.timedelta(days=window.days_before):
        return (
            f"the story of {story_date:%d %B %Y} reports a meeting the record of "
            f"{record_date:%d %B %Y} is too old to be, and the sentence names no such date"
        )
    if record_date > story_date + dt.timedelta(days=window.days_after):
        return f"the record of {record_date:%d %B %Y} is of long after the story's date"
    if record_date > story_date and not announcing:
        return (
            f"the record is of {record_date:%d %B %Y}, after the story's date, and the "
            "sentence announces nothing"
        )
    return None


def _recalls(sentence: str, record_date: dt.date, story_date: dt.date) -> bool:
    """Tell whether the sentence points back to the record's date, away from the story's.

    Its day does ("on March 5"), and so does its year when that is not the story's own
    ("in 2019"); the story's own year ("trade doubled in 2022") says nothing of when
    the meeting was.
    """
    if (record_date.month, record_date.day) in month_days(sentence):
        return True
    return record_date.year != story_date.year and record_date.year in years(sentence)


def day_conflict(sentence: str, passage: str, record: Record) -> str | None:
    """Return the conflict between the days of the month the sentence and the record name.

    A dateline's day ("Samarkand, Sep 16 (UNI) …") is when the story was filed, not a
    day the sentence says anything happened on.
    """
    record_date = record.date
    days = month_days(undated(sentence))
    if not days or (record_date.month, record_date.day) in days:
        return None
    if days & (month_days(passage) | record.days):
        return None
    shown = ", ".join(dt.date(2000, m, d).strftime("%-d %B") for m, d in sorted(days))
    return (
        f"the sentence names {shown}; the record is of {record_date:%-d %B} and names no such day"
    )


def place_conflict(
    sentence_places: set[int],
    context_places: set[int],
    meeting_place: int | None,
    geography: Geography,
) -> str | None:
    """Return the conflict between the regions and cities of a sentence and of a record.

    `context_places` are the places the passage and the record's title name; the
    meeting's place counts too. A sentence naming a region that none of them lies in,
    where they do name a region, is about another region; likewise for cities.
    """
    context = set(context_places) | ({meeting_place} if meeting_place else set())
    for kind in ("region", "city"):
        said = {geography.enclosing(p, kind) for p in sentence_places} - {None}
        known = {geography.enclosing(p, kind) for p in context} - {None}
        if said and known and not said & known:
            return (
                f"the sentence names {_listed(geography.name.get(p) for p in said)}; "
                f"the record is about {_listed(geography.name.get(p) for p in known)}"
            )
    return None


def governments(text: str, mentions: list[Mention]) -> set[int]:
    """Return the places `text` names for their governments, not as where anything happens.

    "Ankara's mediation", "relations between Ankara and Moscow": a place named as a
    party (a possessive, or one of two places joined by "and" that no "in" or "at"
    precedes) says nothing of where the meeting was, so cannot contradict a record.
    `mentions` carry offsets into `text`.
    """
    places = sorted((m for m in mentions if m.kind == PLACE), key=lambda m: m.start)
    found = {m.id for m in places if text[m.end : m.end + 2] in ("'s", "’s")}
    for first, second in itertools.pairwise(places):
        if _PAIRED.search(text[first.end : second.start]) and not _LOCATIVE.search(
            text[: first.start]
        ):
            found |= {first.id, second.id}
    return found


def speaker_conflict(quoted: int | None, passage_speaker: int | None, names: dict) -> str | None:
    """Return the conflict between whose words a sentence reports and who speaks a passage."""
    if quoted is None or passage_speaker is None or quoted == passage_speaker:
        return None
    return (
        f"the sentence reports the words of {names.get((PERSON, quoted), '?')}; "
        f"this passage is {names.get((PERSON, passage_speaker), '?')}’s"
    )


def person_conflict(
    sentence_people: set[int],
    record: Record,
    passage_people: set[int],
    names: dict,
    *,
    quoted: int | None = None,
) -> str | None:
    """Return the people the sentence names whom the record neither hears nor names.

    The person whose words the sentence reports may be the story's source rather than
    someone at the meeting ("…, said the Kremlin spokesman"), so is not required. A
    record all in narration ("the President noted…") says too little of who was there.
    """
    if not record.speakers:
        return None
    present = record.speakers | record.mentioned | passage_people
    present |= {i for k, i in record.named if k == PERSON}
    absent = sentence_people - present - {quoted}
    if not absent:
        return None
    return (
        f"the sentence names {_listed(names.get((PERSON, p), '?') for p in absent)}, "
        "who neither speaks in this record nor is named by it"
    )


def _listed(items) -> str:
    return ", ".join(sorted(str(i) for i in items))
