from django.core.exceptions import ValidationError
from django.db import models

from newsroom.coverage.diffing import word_diff_html
from newsroom.coverage.linking.quotes import check_sentence
from newsroom.coverage.models.base import choices_check, public
from newsroom.coverage.models.fields import CharField, TextField
from newsroom.coverage.models.transcripts import Segment, Transcript
from newsroom.coverage.text import normalise_whitespace


class CitationRelation(models.TextChoices):
    QUOTE = "quote", "Quote"
    CLOSE_PARAPHRASE = "close_paraphrase", "Close paraphrase"
    PARAPHRASE = "paraphrase", "Paraphrase"
    SUMMARY = "summary", "Summary"
    CONTEXT = "context", "Context"
    # A story that announced an event, backed by the record that the event took place.
    RECORD = "record", "Record of the announced event"


class QuoteVerdict(models.TextChoices):
    """How the words a cited sentence quotes stand in the passage it cites."""

    VERBATIM = "verbatim", "Verbatim"
    NUMBER_DIFFERS = "number_differs", "A number differs"
    CLOSE = "close", "Close, with differences"
    NOT_FOUND = "not_found", "Not in this passage"


class CitationStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class AnchorState(models.TextChoices):
    """Where a citation stands after the last revision of its transcript."""

    MOVED = "moved", "Moved with its words"
    REANCHORED = "reanchored", "Words changed: re-anchored, to review"
    LOST = "lost", "Words gone from the record"


# How much of the neighbouring paragraphs a citation keeps, to tell repeated words apart.
CONTEXT_CHARS = 64


def keep_as_lost(collector, field, sub_objs, using):
    """When a cited paragraph is deleted, keep its citations, flagged: their words are gone.

    (`on_delete` of Citation.segment.) The state is set before the paragraph is
    cleared, so the row never stands without a paragraph and unflagged.
    """
    model = field.model
    collector.add_field_update(model._meta.get_field("anchor_state"), AnchorState.LOST, sub_objs)
    collector.add_field_update(
        model._meta.get_field("anchor_note"), "its paragraph was deleted", sub_objs
    )
    collector.add_field_update(field, None, sub_objs)


class CitationQuerySet(models.QuerySet):
    def get_by_natural_key(self, article_slug, quote, position, transcript_slug):
        return self.get(
            article__slug=article_slug,
            quote=quote,
            segment__position=position,
            segment__transcript__slug=transcript_slug,
        )

    def confirmed(self):
        """Return confirmed citations that rest on a paragraph (not lost in a revision)."""
        return self.filter(status=CitationStatus.CONFIRMED, segment__isnull=False)

    def lost(self):
        """Return citations whose words a revision of their transcript removed."""
        return self.filter(anchor_state=AnchorState.LOST)

    def shown_on_stories(self):
        """Return the citations a story shows as notes: confirmed, of published transcripts."""
        return self.confirmed().filter(public(through="segment__transcript"))


class Citation(models.Model):
    """A link from a span of a story to the transcript paragraph that backs it."""

    article = models.ForeignKey(
        "coverage.Article", on_delete=models.CASCADE, related_name="citations"
    )
    quote = CharField(
        max_length=1000,
        help_text="The exact words of the story this citation backs. They are found again "
        "in the story each time it is shown, so an edit that removes them is noticed.",
    )
    # A paragraph removed by a revision leaves its citations in place, without a paragraph
    # but with its words below and its transcript: flagged, never deleted silently.
    segment = models.ForeignKey(
        "coverage.Segment",
        null=True,
        blank=True,
        on_delete=keep_as_lost,
        related_name="citations",
    )
    transcript = models.ForeignKey(
        Transcript, on_delete=models.CASCADE, related_name="citations", editable=False
    )
    relation = CharField(max_length=20, choices=CitationRelation.choices)
    status = CharField(
        max_length=20,
        choices=CitationStatus.choices,
        default=CitationStatus.SUGGESTED,
        db_index=True,
        help_text="Only confirmed citations are shown to readers.",
    )
    score = models.FloatField(null=True, blank=True, help_text="The linking engine's score.")
    note = TextField(blank=True)
    quote_verdict = CharField(
        max_length=20,
        choices=QuoteVerdict.choices,
        blank=True,
        editable=False,
        help_text="How the words the sentence quotes stand in the passage; empty when it "
        "quotes nothing. Worked out whenever the words or the passage change.",
    )
    quoted_words = TextField(blank=True, editable=False, help_text="The words the sentence quotes.")
    record_words = TextField(
        blank=True, editable=False, help_text="The passage's words for them, when they differ."
    )

    # The record's words it rests on (W3C Web Annotation: a text quote with its prefix
    # and suffix, and a position), so a revised transcript can be searched for them.
    record_exact = TextField(
        blank=True, editable=False, help_text="The cited paragraph's words when it was cited."
    )
    record_prefix = CharField(max_length=CONTEXT_CHARS, blank=True, editable=False)
    record_suffix = CharField(max_length=CONTEXT_CHARS, blank=True, editable=False)
    record_position = models.PositiveIntegerField(null=True, blank=True, editable=False)
    anchor_state = CharField(
        max_length=20,
        choices=AnchorState.choices,
        blank=True,
        editable=False,
        help_text="What the last revision of the transcript did to this citation.",
    )
    anchor_note = TextField(
        blank=True, editable=False, help_text="What a revision changed under this citation."
    )

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["article", "segment__position"]
        permissions = [("confirm_citation", "Can confirm or reject citations")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "segment", "quote"], name="coverage_citation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(quote=""), name="coverage_citation_quote_not_empty"
            ),
            choices_check("relation", CitationRelation, "coverage_citation_relation_valid"),
            choices_check("status", CitationStatus, "coverage_citation_status_valid"),
            models.CheckConstraint(
                condition=models.Q(segment__isnull=False) | models.Q(anchor_state="lost"),
                name="coverage_citation_segment_or_lost",
            ),
        ]

    def __str__(self):
        return f"“{self.quote[:60]}” → {self.segment or 'words gone from the record'}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"quote", "segment"} & set(update_fields):
            self.check_quotation()
            derived = {"quote_verdict", "quoted_words", "record_words"}
            if self.segment_id and self.anchor_state == AnchorState.LOST:
                self.anchor_state = ""  # cited again, on a paragraph an editor chose
                derived.add("anchor_state")
            if self.segment_id and self._segment_changed():
                self.keep_record_words()
                derived |= {"transcript", "record_exact", "record_prefix", "record_suffix"}
                derived |= {"record_position"}
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)

    def _segment_changed(self) -> bool:
        if not self.pk or not self.record_exact:
            return True
        stored = Citation.objects.filter(pk=self.pk).values_list("segment_id", flat=True)
        return stored.first() != self.segment_id

    def keep_record_words(self) -> None:
        """Keep the cited paragraph's words, the end of the one before and the start of
        the one after, and its position, as they are now."""
        segment = self.segment
        self.transcript_id = segment.transcript_id
        self.record_exact = segment.text
        self.record_position = segment.position
        around = dict(
            Segment.objects.filter(
                transcript_id=segment.transcript_id,
                position__in=[segment.position - 1, segment.position + 1],
            ).values_list("position", "text")
        )
        self.record_prefix = around.get(segment.position - 1, "")[-CONTEXT_CHARS:]
        self.record_suffix = around.get(segment.position + 1, "")[:CONTEXT_CHARS]

    def clean(self):
        if not self.quote.strip():
            raise ValidationError({"quote": "Give the words of the story this citation backs."})
        if self.segment_id is None and self.anchor_state != AnchorState.LOST:
            raise ValidationError({"segment": "Choose the paragraph this citation rests on."})
        if self.pk and self.status != CitationStatus.CONFIRMED:
            # An editor's "no", or a suggestion not yet decided: its words may leave the
            # story without blocking a save. The review screen shows such a suggestion
            # under the words it quoted, to reject. A confirmed citation must stay true.
            return
        if self.article_id and normalise_whitespace(self.quote) not in normalise_whitespace(
            self.article.body
        ):
            raise ValidationError({"quote": "These words are not in the story's body."})

    def check_quotation(self) -> None:
        """Set the quote check: the sentence's quotation against the cited passage."""
        verdict = check_sentence(self.quote, self.segment.text) if self.segment_id else None
        self.quote_verdict = verdict.verdict if verdict else ""
        self.quoted_words = verdict.quotation if verdict else ""
        self.record_words = verdict.record if verdict else ""

    @property
    def quote_differs(self) -> bool:
        return self.quote_verdict in (
            QuoteVerdict.CLOSE,
            QuoteVerdict.NUMBER_DIFFERS,
            QuoteVerdict.NOT_FOUND,
        )

    def quote_difference_html(self):
        """Return the quotation against the record's words, as escaped HTML."""
        return word_diff_html(self.quoted_words, self.record_words)

    def natural_key(self):
        return (self.article.slug, self.quote, *self.segment.natural_key())
