from django.db import models
from django.urls import reverse

from coverage.models.base import Publishable, PublishableQuerySet
from coverage.models.fields import URLField
from coverage.text import split_paragraphs


class ArticleQuerySet(PublishableQuerySet):
    def for_listing(self):
        """Fetch what a list of stories shows: the source, without the body's neighbours."""
        return self.select_related("source")


class Article(Publishable):
    """A story. Its body is plain text, paragraphs separated by blank lines."""

    headline = models.CharField(max_length=300)
    standfirst = models.TextField(blank=True, help_text="One or two sentences under the headline.")
    body = models.TextField(help_text="Plain text. Separate paragraphs with a blank line.")
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
    byline = models.CharField(max_length=200, blank=True, help_text="Empty when not known.")
    dateline = models.CharField(max_length=200, blank=True, help_text="Empty when not stated.")
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the published text last changed."
    )
    people = models.ManyToManyField("coverage.Person", blank=True, related_name="articles")
    events = models.ManyToManyField("coverage.Event", blank=True, related_name="articles")
    places = models.ManyToManyField("coverage.Place", blank=True, related_name="articles")

    objects = ArticleQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = [models.F("published_at").desc(nulls_last=True), "headline"]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("article-detail", kwargs={"slug": self.slug})

    @property
    def paragraphs(self):
        return split_paragraphs(self.body)
