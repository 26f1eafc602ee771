"""Replace a transcript's text with a new version, keeping every citation on its words.

One path for every face (the admin import, the command, the API): `plan_revision` works
out, without writing, how the paragraphs align (unchanged, edited, moved, added,
removed) and where each citation's words are in the new version; the editor sees that
plan; `apply_revision` writes it. A paragraph that stays or is edited keeps its row,
its key (its #p address) and its citations. A citation whose words are unchanged
follows them; whose words changed is re-anchored to the best match, its quote checked
again and sent back to review with what changed; whose words are gone stays, without a
paragraph, flagged for the desk. Every version's text is kept (`TranscriptRevision`).
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise

from django.db import transaction
from django.db.models import F, Max

from newsroom.coverage.cache import invalidation
from newsroom.coverage.cache.keys import paragraphs_of
from newsroom.coverage.models import (
    AnchorState,
    Citation,
    CitationStatus,
    Person,
    QuoteVerdict,
    Segment,
    Transcript,
    TranscriptRevision,
    WebhookEvent,
)
from newsroom.coverage.revising import alignment, reanchoring
from newsroom.coverage.revising.alignment import ADDED, MOVED, REMOVED, Step
from newsroom.coverage.syndication import events

RECORD_FIELDS = ["transcript", "record_exact", "record_prefix", "record_suffix", "record_position"]
OUT_OF_THE_WAY = 1_000_000  # positions are moved past this while paragraphs are renumbered


@dataclass(frozen=True)
class NewParagraph:
    kind: str
    label: str
    text: str
    speaker: Person | None = None


@dataclass
class CitationChange:
    """What a revision does to one citation."""

    citation: Citation
    outcome: str  # AnchorState: moved, reanchored, lost
    old_position: int | None
    new_index: int | None  # in the new version
    note: str = ""
    status: str = ""  # the citation's status before the revision

    @property
    def new_position(self) -> int | None:
        return None if self.new_index is None else self.new_index + 1

    @property
    def confirmed(self) -> bool:
        return self.status == CitationStatus.CONFIRMED

    def as_record(self) -> dict:
        """Return what a kept version says of this change (`TranscriptRevision.citations`)."""
        return {
            "id": self.citation.pk,
            "story": self.citation.article.headline,
            "outcome": self.outcome,
            "from": self.old_position,
            "to": self.new_position,
            "was_confirmed": self.confirmed,
            "note": self.note,
        }


@dataclass
class RevisionPlan:
    transcript: Transcript
    rows: list[Segment]  # the stored paragraphs, in order
    incoming: list[NewParagraph]
    steps: list[Step]
    citations: list[CitationChange] = field(default_factory=list)
    changes: dict[str, int] = field(init=False)  # paragraphs: unchanged, edited, moved, …
    pairs: list[tuple[str, str]] = field(init=False)  # (old, new) text of each change

    def __post_init__(self):
        # Counted now: applying the plan changes the rows it holds.
        self.changes = self._count()
        self.pairs = self._diff_pairs()

    def _count(self) -> dict[str, int]:
        counts = {"unchanged": 0, "edited": 0, "moved": 0, "added": 0, "removed": 0}
        for step in self.steps:
            if step.op == ADDED or step.op == REMOVED:
                counts[step.op] += 1
            elif self._differs(step):
                counts["edited"] += 1
            elif step.op == MOVED:
                counts["moved"] += 1
            else:
                counts["unchanged"] += 1
        return counts

    @property
    def changed(self) -> bool:
        counts = self.changes
        return any(counts[k] for k in ("edited", "moved", "added", "removed"))

    def _differs(self, step: Step) -> bool:
        row, new = self.rows[step.old], self.incoming[step.new]
        return (row.text, row.kind, row.speaker_label) != (new.text, new.kind, new.label)

    def outcomes(self, outcome: str) -> list[CitationChange]:
        return [c for c in self.citations if c.outcome == outcome]

    def _diff_pairs(self) -> list[tuple[str, str]]:
        """Return (old text, new text) of every paragraph that changed, in the new order."""
        pairs = []
        for step in self.steps:
            old = self.rows[step.old].text if step.old is not None else ""
            new = self.incoming[step.new].text if step.new is not None else ""
            if step.op in (ADDED, REMOVED) or old != new:
                pairs.append((old, new))
        return pairs


def plan_revision(transcript: Transcript, incoming: list[NewParagraph]) -> RevisionPlan:
    """Work out what replacing `transcript`'s text by `incoming` would do; write nothing."""
    rows = list(transcript.segments.order_by("position"))
    steps = alignment.align([r.text for r in rows], [p.text for p in incoming])
    plan = RevisionPlan(transcript, rows, incoming, steps)
    partner = {s.old: s.new for s in steps if s.old is not None}
    index_of = {row.pk: i for i, row in enumerate(rows)}
    texts = [p.text for p in incoming]
    read = [alignment.words(text) for text in texts]
    citations = (
        Citation.objects.filter(transcript=transcript)
        .select_related("article")
        .order_by("article_id", "pk")
    )
    for citation in citations:
        old = index_of.get(citation.segment_id)
        if old is None:
            _find_lost(plan, citation, texts, read)
            continue
        row = rows[old]
        anchor = reanchoring.Anchor(
            exact=citation.record_exact or row.text,
            prefix=citation.record_prefix,
            suffix=citation.record_suffix,
            quoted=citation.quoted_words if citation.quote_verdict == QuoteVerdict.VERBATIM else "",
        )
        found = reanchoring.find_again(anchor, texts, partner=partner.get(old), texts=read)
        if found.how == reanchoring.EXACT:
            if found.index == old and partner.get(old) == old:
                continue  # the same paragraph, at the same place
            outcome, note = AnchorState.MOVED, f"moved from ¶{row.position} to ¶{found.index + 1}"
        elif found.how == reanchoring.CHANGED:
            outcome = AnchorState.REANCHORED
            note = reanchoring.what_changed(anchor.exact, texts[found.index])
        else:
            outcome, note = AnchorState.LOST, f"the words of ¶{row.position} are gone"
        plan.citations.append(
            CitationChange(citation, outcome, row.position, found.index, note, citation.status)
        )
    return plan


def _find_lost(plan: RevisionPlan, citation: Citation, texts: list[str], read) -> None:
    """Give back a paragraph to a citation whose words an earlier revision removed, when
    this version holds them again: re-anchored, to review."""
    anchor = reanchoring.Anchor(
        citation.record_exact, citation.record_prefix, citation.record_suffix
    )
    found = reanchoring.find_again(anchor, texts, texts=read)
    if found.index is not None:
        note = f"its words, gone since an earlier revision, are back in ¶{found.index + 1}"
        plan.citations.append(
            CitationChange(
                citation,
                AnchorState.REANCHORED,
                citation.record_position,
                found.index,
                note,
                citation.status,
            )
        )


def apply_revision(plan: RevisionPlan, *, user=None, comment: str = "") -> TranscriptRevision:
    """Write `plan`: the new text, the citations where their words went, a new version."""
    transcript = plan.transcript
    with transaction.atomic():
        first = not transcript.revisions.exists()
        if first:
            _keep(transcript, 1, plan.rows, user=None, comment="As first stored")
        rows = _write_paragraphs(plan)
        _move_citations(plan, rows)
        redirects = _redirects(plan, rows)
        Segment.objects.filter(
            pk__in=[plan.rows[s.old].pk for s in plan.steps if s.op == REMOVED]
        ).delete()
        number = (transcript.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        revision = _keep(
            transcript,
            number,
            [rows[j] for j in range(len(plan.incoming))],
            user=user,
            comment=comment,
            changes=plan.changes,
            redirects=redirects,
            citations=[change.as_record() for change in plan.citations],
        )
        invalidation.changed(paragraphs_of(transcript.pk))  # bulk writes send no signal
    return revision


def keep_first_version(transcript: Transcript, *, user=None) -> TranscriptRevision:
    """Keep the text of a newly imported transcript as its version 1."""
    return _keep(transcript, 1, list(transcript.segments.order_by("position")), user=user)


def _keep(transcript, number, rows, *, user, comment="", **extra) -> TranscriptRevision:
    if number > 1 and transcript.is_public:
        # Whether by import or paragraph by paragraph, partners are told of a new text.
        events.announce(WebhookEvent.TRANSCRIPT_REVISED, transcript)
    return TranscriptRevision.objects.create(
        transcript=transcript,
        number=number,
        user=user if user is not None and user.pk else None,
        comment=comment[:300],
        paragraphs=[[r.key, r.kind, r.speaker_label, r.text] for r in rows],
        **extra,
    )


def _write_paragraphs(plan: RevisionPlan) -> dict[int, Segment]:
    """Update kept rows, add new ones, renumber all; return the row of each new index."""
    transcript = plan.transcript
    transcript.segments.update(position=F("position") + OUT_OF_THE_WAY)
    next_key = (transcript.segments.aggregate(k=Max("key"))["k"] or 0) + 1
    rows, updated, created = {}, [], []
    for step in plan.steps:
        if step.new is None:
            continue
        new = plan.incoming[step.new]
        if step.old is not None:
            row = plan.rows[step.old]
            if row.text != new.text:
                row.token_count = None  # the linking engine indexes it again
            updated.append(row)
        else:
            row = Segment(transcript=transcript, key=next_key)
            next_key += 1
            created.append(row)
        row.position = step.new + 1
        row.kind, row.speaker_label, row.text, row.speaker = (
            new.kind,
            new.label,
            new.text,
            new.speaker,
        )
        rows[step.new] = row
    Segment.objects.bulk_update(
        updated,
        ["position", "kind", "speaker_label", "text", "speaker", "token_count"],
        batch_size=200,
    )
    Segment.objects.bulk_create(created, batch_size=200)
    return rows


def _move_citations(plan: RevisionPlan, rows: dict[int, Segment]) -> None:
    for change in plan.citations:
        citation = change.citation
        citation.anchor_state = change.outcome
        citation.anchor_note = change.note
        if change.outcome == AnchorState.LOST:
            # The old words stay in record_exact: what the story rested on, to show.
            citation.segment = None
            citation.save(update_fields=["segment", "anchor_state", "anchor_note"])
            continue
        citation.segment = rows[change.new_index]
        fields = ["segment", "anchor_state", "anchor_note", *RECORD_FIELDS]
        if change.outcome == AnchorState.REANCHORED and change.confirmed:
            citation.status = CitationStatus.SUGGESTED  # back to review
            fields.append("status")
        citation.keep_record_words()  # where it rests now: the next revision starts here
        citation.save(update_fields=fields)


def _redirects(plan: RevisionPlan, rows: dict[int, Segment]) -> dict[str, int]:
    """Map the key of each removed paragraph to the key of where its words went.

    That is where its citations went; else the paragraph most like it; else the one
    that took its place: the next paragraph of the old version that stays (or the one
    before, at the end).
    """
    went = {}
    for change in plan.citations:
        if change.new_index is not None and change.citation.segment_id is not None:
            went.setdefault(change.citation.segment_id, rows[change.new_index].key)
    partner = {s.old: s.new for s in plan.steps if s.old is not None and s.new is not None}
    texts = [p.text for p in plan.incoming]
    read = [alignment.words(text) for text in texts]
    redirects = {}
    for step in plan.steps:
        if step.op != REMOVED:
            continue
        row = plan.rows[step.old]
        target = went.get(row.pk)
        if target is None and texts:
            found = reanchoring.find_again(reanchoring.Anchor(row.text), texts, texts=read)
            if found.index is not None:
                target = rows[found.index].key
        if target is None:
            place = _took_its_place(range(len(plan.rows)), step.old, partner.__contains__)
            target = rows[partner[place]].key if place is not None else None
        if target is not None:
            redirects[str(row.key)] = target
    return redirects


def _took_its_place(items, index: int, kept):
    """Return the first item after `index` that is `kept`, else the last kept before it."""
    after = (items[i] for i in range(index + 1, len(items)) if kept(items[i]))
    before = (items[i] for i in range(index - 1, -1, -1) if kept(items[i]))
    found = next(after, None)
    return found if found is not None else next(before, None)


def current_redirects(transcript: Transcript) -> dict[str, int]:
    """Return every removed paragraph's key → the key of a paragraph that exists now."""
    return follow_redirects(
        transcript.revisions.order_by("number").values_list("redirects", flat=True),
        set(transcript.segments.values_list("key", flat=True)),
    )


def follow_redirects(maps, existing: set[int]) -> dict[str, int]:
    """Compose the redirects of successive revisions (`maps`, oldest first), keeping
    those that lead to a paragraph in `existing`.

    A paragraph removed twice over (its words moved to one that a later revision removed
    in turn) leads to where they are now.
    """
    mapping: dict[str, int] = {}
    for redirects in maps:
        for key, target in mapping.items():
            mapping[key] = redirects.get(str(target), target)
        mapping.update(redirects)
    return {key: target for key, target in mapping.items() if target in existing}


def describe(plan: RevisionPlan) -> list[str]:
    """Say what `plan` does, line by line: the paragraphs, then each citation it touches."""
    counts = plan.changes
    lines = [
        "Paragraphs: " + ", ".join(f"{count} {what}" for what, count in counts.items() if count)
    ]
    for outcome, verb in (
        (AnchorState.MOVED, "moves with its words"),
        (AnchorState.REANCHORED, "words changed: re-anchored, back to review"),
        (AnchorState.LOST, "words gone: kept without a paragraph, flagged"),
    ):
        for change in plan.outcomes(outcome):
            citation = change.citation
            where = f"¶{change.old_position}" + (
                f" → ¶{change.new_position}" if change.new_position else ""
            )
            status = CitationStatus(change.status).label
            lines.append(
                f"{status} citation {citation.pk} of "
                f"“{citation.article.headline}” ({where}): {verb}; {change.note}"
            )
    return lines


@dataclass
class RevisionNote:
    """What readers are told of one revision: when, how much, and which paragraphs."""

    revision: TranscriptRevision
    edited: list[tuple[int, int]]  # (key, position) of paragraphs whose words changed
    added: list[tuple[int, int]]
    removed: int


def revision_notes(transcript: Transcript, revisions=None) -> list[RevisionNote]:
    """Return the revisions made after `transcript` was first published, newest first.

    `revisions` are its versions, oldest first, when the caller has read them.
    """
    if revisions is None:
        revisions = list(transcript.revisions.order_by("number"))
    notes = []
    for before, after in pairwise(revisions):
        if transcript.published_at and after.created_at < transcript.published_at:
            continue  # revised before readers saw it
        old = {key: text for key, _, _, text in before.paragraphs}
        edited, added = [], []
        for position, (key, _, _, text) in enumerate(after.paragraphs, start=1):
            if key not in old:
                added.append((key, position))
            elif old[key] != text:
                edited.append((key, position))
        new_keys = {key for key, *_ in after.paragraphs}
        notes.append(RevisionNote(after, edited, added, len(set(old) - new_keys)))
    return notes[::-1]


def before_paragraph_edits(transcript: Transcript) -> None:
    """Keep the text as it stands as version 1, if no version is kept yet: called before
    paragraphs are edited, added or deleted one by one (admin, API)."""
    if not transcript.revisions.exists():
        keep_first_version(transcript)


def after_paragraph_edits(transcript: Transcript, *, user=None, comment: str = ""):
    """Follow paragraphs edited one by one: re-check the citations whose words changed
    and keep the text as a new version. Return the version, or None when nothing changed.

    A confirmed citation whose paragraph's words changed goes back to review with what
    changed, its quote checked again, as after a revision by import.
    """
    rows = list(transcript.segments.order_by("position"))
    last = transcript.revisions.order_by("-number").first()
    before = {key: text for key, _, _, text in (last.paragraphs if last else [])}
    now = {row.key: row for row in rows}
    touched = []
    with transaction.atomic():
        for citation in Citation.objects.filter(segment__in=rows).select_related("article"):
            row = now[citation.segment.key]
            if not citation.record_exact or _same_words(citation.record_exact, row.text):
                continue
            status = citation.status
            note = reanchoring.what_changed(citation.record_exact, row.text)
            citation.anchor_state, citation.anchor_note = AnchorState.REANCHORED, note
            fields = ["segment", "anchor_state", "anchor_note", *RECORD_FIELDS]
            if status == CitationStatus.CONFIRMED:
                citation.status = CitationStatus.SUGGESTED
                fields.append("status")
            citation.keep_record_words()
            citation.save(update_fields=fields)
            touched.append(
                CitationChange(
                    citation, AnchorState.REANCHORED, row.position, row.position - 1, note, status
                ).as_record()
            )
        keys = [row.key for row in rows]
        common = [key for key in keys if key in before]
        order = [key for key, *_ in (last.paragraphs if last else []) if key in now]
        in_order = sum(
            block.size for block in SequenceMatcher(None, order, common).get_matching_blocks()
        )
        changes = {
            "unchanged": sum(1 for k in common if before[k] == now[k].text),
            "edited": sum(1 for k in common if before[k] != now[k].text),
            "moved": len(common) - in_order,
            "added": len(keys) - len(common),
            "removed": len(set(before) - set(now)),
        }
        if not any(changes[k] for k in ("edited", "moved", "added", "removed")):
            return None
        # A deleted paragraph's address leads to the one that took its place.
        order_before = [key for key, *_ in (last.paragraphs if last else [])]
        redirects = {}
        for index, key in enumerate(order_before):
            if key not in now:
                place = _took_its_place(order_before, index, now.__contains__)
                if place is not None:
                    redirects[str(key)] = place
        number = (last.number if last else 0) + 1
        return _keep(
            transcript,
            number,
            rows,
            user=user,
            comment=comment,
            changes=changes,
            redirects=redirects,
            citations=touched,
        )


def _same_words(a: str, b: str) -> bool:
    return alignment.words(a) == alignment.words(b)
