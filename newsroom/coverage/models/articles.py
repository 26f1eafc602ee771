from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from newsroom.coverage.models.base import PublicationStatus, Publishable, PublishableQuerySet
from newsroom.coverage.models.fields import CharField, TextField, URLField
from newsroom.coverage.models.search_vectors import SearchIndex, search_vector_field
from newsroom.coverage.text import split_paragraphs

TEXT_FIELDS = ("headline", "standfirst", "body")
TRACKED = (*Publishable.TRACKED, "source_id", *TEXT_FIELDS)


class ArticleQuerySet(PublishableQuerySet):
    def for_listing(self):
        """Fetch what a list of stories shows: the source, without the body's neighbours."""
        return self.select_related("source")


class Article(Publishable):
    """A story. Its body is plain text, paragraphs separated by blank lines."""

    headline = CharField(max_length=300)
    standfirst = TextField(blank=True, help_text="One or two sentences under the headline.")
    body = TextField(help_text="Plain text. Separate paragraphs with a blank line.")
    source = models.ForeignKey(
        "coverage.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Where the story's information comes from.",
    )
    other_sources = models.ManyToManyField(
        "coverage.Source",
        blank=True,
        related_name="secondary_articles",
        help_text="Further sources the story reports.",
    )
    source_url = URLField(blank=True, max_length=500)
    byline = CharField(max_length=200, blank=True, help_text="Empty when not known.")
    dateline = CharField(max_length=200, blank=True, help_text="Empty when not stated.")
    source_date = models.DateField(
        null=True,
        blank=True,
        help_text="The date the source gave its report. Empty when the source states none: "
        "never the date it reached us.",
    )
    source_date_approximate = models.BooleanField(
        default=False,
        help_text="Tick when the source's date is inferred or approximate, not stated.",
    )
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the published text last changed."
    )
    last_published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was last (re)published."
    )
    checks_override_reason = TextField(
        blank=True,
        editable=False,
        help_text="Why an editor published over the checks (undecided suggestions, "
        "quotations not in the record, no source).",
    )
    checks_override_keys = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="The obstacles that override covered; a new one needs a new decision.",
    )
    checks_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checks_overridden_at = models.DateTimeField(null=True, blank=True, editable=False)
    held_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the scheduler found this story due but failing its checks.",
    )
    held_reason = TextField(
        blank=True, editable=False, help_text="What kept a scheduled story from going live."
    )
    search_vector = search_vector_field(headline="A", standfirst="B", body="C")
    people = models.ManyToManyField("coverage.Person", blank=True, related_name="articles")
    events = models.ManyToManyField("coverage.Event", blank=True, related_name="articles")
    places = models.ManyToManyField("coverage.Place", blank=True, related_name="articles")

    objects = ArticleQuerySet.as_manager()

    TRACKED = TRACKED

    class Meta(Publishable.Meta):
        ordering = [models.F("published_at").desc(nulls_last=True), "headline"]
        indexes = [
            SearchIndex(fields=["search_vector"], name="coverage_article_search"),
            # Counting the public stories reads this index alone, not the table with
            # every body (PostgreSQL, 100,000 stories: 45 ms → 11 ms).
            models.Index(fields=["status", "published_at"], name="coverage_article_public"),
        ]
        permissions = [
            (
                "publish_article",
                "Can publish, schedule and withdraw stories and transcripts",
            )
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded", {})
        now = timezone.now()
        derived = set()
        if self.status == PublicationStatus.PUBLISHED:
            if loaded.get("status") != PublicationStatus.PUBLISHED:
                self.published_at = self.published_at or now
                self.last_published_at = now
                derived |= {"published_at", "last_published_at"}
            elif any(loaded.get(name) != getattr(self, name) for name in TEXT_FIELDS):
                self.updated_at = now
                derived.add("updated_at")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *derived}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("article-detail", kwargs={"slug": self.slug})

    @property
    def paragraphs(self):
        return split_paragraphs(self.body)

    @property
    def description(self) -> str:
        """What a page's description says of the story: its standfirst, else its first
        paragraph ("" for a story with neither)."""
        return self.standfirst or next(iter(self.paragraphs), "")


class Correction(models.Model):
    """A correction to a published story, shown with it, in feeds and in its JSON-LD."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    text = TextField(help_text="What was wrong and what is right, for readers.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["article", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text=""), name="coverage_correction_text_not_empty"
            )
        ]

    def __str__(self):
        return f"Correction of {self.created_at:%Y-%m-%d %H:%M}"


class ArticleRedirect(models.Model):
    """An old address of a published story, which keeps answering with a redirect."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
