from django.db import models
from django.urls import reverse
from django.utils.text import Truncator

from newsroom.coverage.models.base import Publishable, PublishableQuerySet, choices_check
from newsroom.coverage.models.fields import CharField, TextField, URLField
from newsroom.coverage.models.revisions import TranscriptRevision
from newsroom.coverage.models.search_vectors import SearchIndex, search_vector_field


class TranscriptQuerySet(PublishableQuerySet):
    def for_listing(self):
        return self.select_related("event", "source", "place")

    def with_segments(self):
        """Fetch segments in order with their speakers, in one more query."""
        return self.prefetch_related(
            models.Prefetch("segments", queryset=Segment.objects.select_related("speaker"))
        )


class Transcript(Publishable):
    """The verbatim record of an event, as the official source published it."""

    title = CharField(max_length=300)
    event = models.ForeignKey(
        "coverage.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transcripts",
    )
    source = models.ForeignKey(
        "coverage.Source", on_delete=models.PROTECT, related_name="transcripts"
    )
    source_url = URLField(
        blank=True, max_length=500, help_text="The page the transcript was copied from."
    )
    date = models.DateField(help_text="The date of the event the transcript records.")
    dateline = CharField(
        max_length=300, blank=True, help_text='As printed, e.g. "September 28, 2023, The Kremlin".'
    )
    place = models.ForeignKey(
        "coverage.Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transcripts",
    )
    summary = TextField(blank=True, help_text="The one-line summary the source gives.")

    objects = TranscriptQuerySet.as_manager()

    # Also what places it in the lists of its event, source and place (the cache's keys).
    TRACKED = (*Publishable.TRACKED, "source_id", "event_id", "place_id")

    class Meta(Publishable.Meta):
        ordering = ["-date", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("transcript-detail", kwargs={"slug": self.slug})


class SegmentKind(models.TextChoices):
    SPEECH = "speech", "Speech"
    NARRATION = "narration", "Narration"


class SegmentQuerySet(models.QuerySet):
    def get_by_natural_key(self, position, transcript_slug):
        return self.get(position=position, transcript__slug=transcript_slug)

    def bulk_create(self, objs, *args, **kwargs):
        """Create paragraphs in bulk; one without a key gets its position as its key, as
        the paragraphs of a new transcript do."""
        objs = list(objs)
        for segment in objs:
            if segment.key is None:
                segment.key = segment.position
        return super().bulk_create(objs, *args, **kwargs)

    def spoken_by(self, person):
        """Return segments spoken by `person`."""
        return self.filter(speaker=person, kind=SegmentKind.SPEECH)


class Segment(models.Model):
    """One paragraph of a transcript, in order; its anchor is #p<key>.

    The key is the paragraph's position when it first joined the transcript and never
    changes: a revision that adds or removes paragraphs before it renumbers its position
    but leaves its address, so a link made before the revision still opens its words.
    """

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveIntegerField(help_text="1 for the first paragraph.")
    key = models.PositiveIntegerField(
        editable=False,
        help_text="The paragraph's address (#p<key>): its first position, kept for good.",
    )
    speaker = models.ForeignKey(
        "coverage.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="segments",
        help_text="Who speaks this paragraph. Empty for narration.",
    )
    speaker_label = CharField(
        max_length=300,
        blank=True,
        help_text="The speaker label as printed before this paragraph, if any "
        '("Moscow Mayor Sergei Sobyanin").',
    )
    kind = CharField(max_length=20, choices=SegmentKind.choices, default=SegmentKind.SPEECH)
    text = TextField()
    token_count = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="Length in index terms for the linking engine; empty until indexed.",
    )
    search_vector = search_vector_field(speaker_label="B", text="C")

    objects = SegmentQuerySet.as_manager()

    class Meta:
        ordering = ["transcript", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "position"], name="coverage_segment_position_unique"
            ),
            models.UniqueConstraint(
                fields=["transcript", "key"], name="coverage_segment_key_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="coverage_segment_position_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(text=""), name="coverage_segment_text_not_empty"
            ),
            choices_check("kind", SegmentKind, "coverage_segment_kind_valid"),
            models.CheckConstraint(
                condition=~models.Q(kind=SegmentKind.NARRATION) | models.Q(speaker__isnull=True),
                name="coverage_segment_narration_has_no_speaker",
            ),
        ]
        indexes = [
            # The linking engine asks for these on every run; usually there are none.
            models.Index(
                fields=["id"],
                condition=models.Q(token_count__isnull=True),
                name="coverage_segment_unindexed",
            ),
            SearchIndex(fields=["search_vector"], name="coverage_segment_search"),
        ]

    def __str__(self):
        return f"¶{self.position} {Truncator(self.text).words(8)}"

    def save(self, *args, **kwargs):
        if self.key is None:
            self.key = Segment.next_key(self.transcript_id, self.position)
        # Saved text may have changed: the linking engine re-indexes it when next asked.
        self.token_count = None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "token_count"}
        super().save(*args, **kwargs)
        self._loaded_speaker = self.speaker_id

    def get_absolute_url(self):
        return f"{self.transcript.get_absolute_url()}#{self.anchor}"

    @classmethod
    def from_db(cls, db, field_names, values):
        segment = super().from_db(db, field_names, values)
        # Remembered so a save can tell whether the speaker changed (the cache's keys).
        segment._loaded_speaker = segment.__dict__.get("speaker_id")
        return segment

    def natural_key(self):
        return (self.position, *self.transcript.natural_key())

    @property
    def anchor(self):
        return f"p{self.key}"

    @staticmethod
    def next_key(transcript_id, position: int) -> int:
        """Return the key of a new paragraph: its position while free, else a new number.

        A key a revision removed is never given again: old links to it are redirected.
        """
        used = set(
            Segment.objects.filter(transcript_id=transcript_id).values_list("key", flat=True)
        )
        for redirects in TranscriptRevision.objects.filter(transcript_id=transcript_id).values_list(
            "redirects", flat=True
        ):
            used.update(int(key) for key in redirects)
        return position if position not in used else max(used) + 1


class SegmentTerm(models.Model):
    """One stemmed term of a segment, with its count: the linking engine's inverted index."""

    # Looked up by segment through the unique (segment, stem) index.
    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, related_name="terms", db_index=False
    )
    # The segment's transcript and length, copied here so a search reads one table.
    transcript = models.ForeignKey(
        Transcript, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    length = models.PositiveIntegerField()
    stem = CharField(max_length=60)
    count = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["segment", "stem"], name="coverage_segmentterm_unique"),
        ]
        indexes = [
            # Covering on PostgreSQL: a postings read is an index-only scan.
            models.Index(
                fields=["stem", "transcript"],
                include=["segment", "count", "length"],
                name="coverage_term_postings",
            ),
        ]

    def __str__(self):
        return f"{self.stem}×{self.count}"


class TermStat(models.Model):
    """How many indexed segments hold a stem; kept by database triggers on SegmentTerm."""

    stem = CharField(max_length=60, primary_key=True)
    segments = models.IntegerField(default=0)

    def __str__(self):
        return f"{self.stem}: {self.segments}"


class IndexTotals(models.Model):
    """The count and total length of indexed segments; one row, kept by triggers on Segment."""

    segments = models.BigIntegerField(default=0)
    tokens = models.BigIntegerField(default=0)

    class Meta:
        verbose_name_plural = "index totals"

    def __str__(self):
        return f"{self.segments} segments, {self.tokens} terms"

    @classmethod
    def current(cls) -> tuple[int, float]:
        """Return (indexed segments, their mean length in terms)."""
        row = cls.objects.filter(pk=1).values_list("segments", "tokens").first()
        if not row or row[0] <= 0:
            return 0, 1.0
        return row[0], row[1] / row[0]
