"""Edits to a transcript's paragraphs that span several rows: a turn's speaker."""

from collections import defaultdict

from django.db import transaction

from newsroom.coverage.cache import invalidation
from newsroom.coverage.cache.keys import paragraphs_of
from newsroom.coverage.models import Person, Segment, SegmentKind, Transcript
from newsroom.coverage.services.audit import log, require


def turn_of(rows: list[tuple[int, int, str, str]], position: int) -> list[int]:
    """Return the pks of the speech paragraphs in the turn holding paragraph `position`.

    `rows` are a transcript's (pk, position, kind, speaker_label) in order. A turn starts
    at a labelled paragraph and runs to the next label; narration is no part of it.
    """
    start = max(
        (i for i, (_, pos, _, label) in enumerate(rows) if label and pos <= position),
        default=None,
    )
    if start is None:
        return [pk for pk, pos, kind, _ in rows if pos == position and kind == SegmentKind.SPEECH]
    turn = [rows[start][0]]
    for pk, _, kind, label in rows[start + 1 :]:
        if label:
            break
        if kind == SegmentKind.SPEECH:
            turn.append(pk)
    return turn


def set_turn_speaker(*, segments, speaker: Person | None, user) -> int:
    """Give every speech paragraph of the turns `segments` are in to `speaker`.

    Return how many paragraphs changed. Each transcript's history records the change.
    """
    require(user, "coverage.change_segment", "change paragraphs")
    wanted = defaultdict(set)
    for segment in segments:
        wanted[segment.transcript_id].add(segment.position)
    changed = 0
    with transaction.atomic():
        for transcript_id, positions in wanted.items():
            rows = list(
                Segment.objects.filter(transcript_id=transcript_id)
                .order_by("position")
                .values_list("pk", "position", "kind", "speaker_label")
            )
            pks = {pk for position in positions for pk in turn_of(rows, position)}
            speakers = {*Segment.objects.filter(pk__in=pks).values_list("speaker_id", flat=True)}
            count = (
                Segment.objects.filter(pk__in=pks).exclude(speaker=speaker).update(speaker=speaker)
            )
            if count:
                who = speaker.name if speaker else "no one"
                log(
                    user,
                    Transcript.objects.get(pk=transcript_id),
                    f"Speaker of {count} paragraphs set to {who}",
                )
            changed += count
            if count:  # update() sends no signal; readers must see the change
                speakers.add(speaker.pk if speaker else None)
                invalidation.changed(paragraphs_of(transcript_id, speakers))
    return changed
