from django.core.exceptions import ValidationError
from django.db import models

from newsroom.coverage.diffing import word_diff_html
from newsroom.coverage.linking.quotes import check_sentence
from newsroom.coverage.models.base import choices_check
from newsroom.coverage.models.transcripts import Transcript
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


class CitationQuerySet(models.QuerySet):
    def get_by_natural_key(self, article_slug, quote, position, transcript_slug):
        return self.get(
            article__slug=article_slug,
            quote=quote,
            segment__position=position,
            segment__transcript__slug=transcript_slug,
        )

    def confirmed(self):
        return self.filter(status=CitationStatus.CONFIRMED)

    def shown_on_stories(self):
        """Return the citations a story shows as notes: confirmed, of published transcripts."""
        return self.confirmed().filter(segment__transcript__in=Transcript.objects.published())


class Citation(models.Model):
    """A link from a span of a story to the transcript paragraph that backs it."""

    article = models.ForeignKey(
        "coverage.Article", on_delete=models.CASCADE, related_name="citations"
    )
    quote = models.CharField(
        max_length=1000,
        help_text="The exact words of the story this citation backs. They are found again "
        "in the story each time it is shown, so an edit that removes them is noticed.",
    )
    segment = models.ForeignKey(
        "coverage.Segment", on_delete=models.CASCADE, related_name="citations"
    )
    relation = models.CharField(max_length=20, choices=CitationRelation.choices)
    status = models.CharField(
        max_length=20,
        choices=CitationStatus.choices,
        default=CitationStatus.SUGGESTED,
        db_index=True,
        help_text="Only confirmed citations are shown to readers.",
    )
    score = models.FloatField(null=True, blank=True, help_text="The linking engine's score.")
    note = models.TextField(blank=True)
    quote_verdict = models.CharField(
        max_length=20,
        choices=QuoteVerdict.choices,
        blank=True,
        editable=False,
        help_text="How the words the sentence quotes stand in the passage; empty when it "
        "quotes nothing. Worked out whenever the words or the passage change.",
    )
    quoted_words = models.TextField(
        blank=True, editable=False, help_text="The words the sentence quotes."
    )
    record_words = models.TextField(
        blank=True, editable=False, help_text="The passage's words for them, when they differ."
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
        ]

    def __str__(self):
        return f"“{self.quote[:60]}” → {self.segment}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"quote", "segment"} & set(update_fields):
            self.check_quotation()
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields,
                    "quote_verdict",
                    "quoted_words",
                    "record_words",
                }
        super().save(*args, **kwargs)

    def clean(self):
        if not self.quote.strip():
            raise ValidationError({"quote": "Give the words of the story this citation backs."})
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
