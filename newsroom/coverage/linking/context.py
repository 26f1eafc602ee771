"""Work out from a story's text alone whom it is about, when, and which records to search.

An editor may paste a story and ask for suggestions without tagging anything first.
The engine then reads the people and places the story names (the gazetteer), and the
date of what it reports: its source's date; else a full date its text gives ("on 28
September 2023"); else the latest exact day of the events it is tagged with. The records
searched are those of the events it is tagged with; those of a meeting near that date;
and, when the story gives no date, those in which the people it names speak or are
named. When that leaves nothing, or nothing matches, the context says why in words an
editor can act on.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from newsroom.coverage.linking.conflicts import Window
from newsroom.coverage.linking.dates import MONTH_DAY, MONTHS, YEAR
from newsroom.coverage.linking.mentions import PERSON, PLACE, Gazetteer, Mention
from newsroom.coverage.models import DatePrecision, Segment

# "28 September 2023", "September 28, 2023": a day the text names in full.
FULL_DATE = re.compile(rf"(?:{MONTH_DAY.pattern}),?\s+{YEAR.pattern}", re.IGNORECASE)


@dataclass
class StoryContext:
    """What the engine knows of a story before it compares sentences with passages."""

    date: dt.date | None
    date_from: str  # where the date comes from, for the editor ("" when there is none)
    mentions: list[Mention]
    people: set[int] = field(default_factory=set)  # named in the text or tagged
    places: set[int] = field(default_factory=set)
    tagged_events: set[int] = field(default_factory=set)
    records: list[int] = field(default_factory=list)  # the transcripts to search
    reason: str = ""  # why nothing is searched, when `records` is empty

    @property
    def named_people(self) -> set[int]:
        return {m.id for m in self.mentions if m.kind == PERSON}


def story_context(
    article, gazetteer: Gazetteer, transcripts: dict, names: dict, window: Window
) -> StoryContext:
    """Return the story's people, places, date and the records worth searching.

    `transcripts` maps each published transcript's id to (event id, date, its title and
    summary); `names` maps person ids to names, for the reasons given.
    """
    mentions = gazetteer.find(article.body)
    events = list(article.events.values_list("pk", "date", "date_precision")) if article.pk else []
    tagged_people = set(article.people.values_list("pk", flat=True)) if article.pk else set()
    date, date_from = story_date(article, events)
    context = StoryContext(
        date,
        date_from,
        mentions,
        people={m.id for m in mentions if m.kind == PERSON} | tagged_people,
        places={m.id for m in mentions if m.kind == PLACE},
        tagged_events={pk for pk, _, _ in events},
    )
    speaking = _speaking(context.people) if context.people and date is None else {}
    for pk, (event_id, record_date, described) in transcripts.items():
        if event_id in context.tagged_events:
            context.records.append(pk)
        elif date is not None:
            if in_window(record_date, date, window):
                context.records.append(pk)
        elif context.people and context.people & (
            speaking.get(pk, set()) | {m.id for m in gazetteer.find(described) if m.kind == PERSON}
        ):
            context.records.append(pk)
    if not context.records:
        context.reason = _why_nothing(context, names)
    return context


def story_date(article, events) -> tuple[dt.date | None, str]:
    """Return the date of what the story reports, and where it comes from.

    That is its source's date; else the first full date its text gives; else the latest
    exact day of the events an editor tagged it with.
    """
    if getattr(article, "source_date", None):
        return article.source_date, "the source's date"
    named = first_full_date(article.body)
    if named is not None:
        return named, f"the date the text gives ({named:%-d %B %Y})"
    days = [date for _, date, precision in events if date and precision == DatePrecision.DAY]
    if days:
        return max(days), "the date of the events it is tagged with"
    return None, ""


def first_full_date(text: str) -> dt.date | None:
    """Return the first day, month and year `text` names together, or None."""
    for match in FULL_DATE.finditer(text):
        month = MONTHS[(match["m1"] or match["m2"]).lower()]
        day = int(match["d1"] or match["d2"])
        try:
            return dt.date(int(match["year"]), month, day)
        except ValueError:
            continue
    return None


def in_window(date: dt.date, story_date: dt.date, window: Window) -> bool:
    return (
        story_date - dt.timedelta(days=window.days_before)
        <= date
        <= story_date + dt.timedelta(days=window.days_after)
    )


def _speaking(people: set[int]) -> dict[int, set[int]]:
    """Return {transcript: the given people who speak in it}."""
    found: dict[int, set[int]] = {}
    rows = Segment.objects.filter(speaker__in=people).values_list("transcript_id", "speaker_id")
    for transcript_id, speaker_id in rows.distinct():
        found.setdefault(transcript_id, set()).add(speaker_id)
    return found


def _why_nothing(context: StoryContext, names: dict) -> str:
    who = ", ".join(sorted(names.get(p, "?") for p in context.people))
    if context.date is not None:
        when = f"{context.date:%-d %B %Y} ({context.date_from})"
        if who:
            return f"No published record of a meeting near {when}; the story names {who}."
        return f"No published record of a meeting near {when}."
    if who:
        return (
            f"The story gives no date, and no published record has {who} speaking or in "
            "its title: give the source's date or tag the event."
        )
    return (
        "The story names no one the archive knows and gives no date: give the source's "
        "date, or tag the event or a person it is about."
    )
