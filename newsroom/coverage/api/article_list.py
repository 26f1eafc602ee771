"""The story list of the API: what a list needs, read as plain rows.

A list item carries the story's headline, dates, source, status, links and counts; its
text, named people, events and places, corrections and citations stay on the story's
own answer. `?expand=citations` adds each story's citations to the list, in one more
query. Rows are read with `values()` and counted with subqueries in the same query:
building model instances and prefetching their relations cost more than the rows.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from newsroom.coverage.api.fields import SlugLinkField
from newsroom.coverage.api.serializers import ArticleCitationSerializer
from newsroom.coverage.models import Citation, Correction, PublicationStatus, Source

EXPANSIONS = ("citations",)
EXPAND = OpenApiParameter(
    "expand",
    str,
    enum=list(EXPANSIONS),
    required=False,
    description="citations: list each story's citations (as on the story's own answer).",
)
FIELDS = (
    "slug",
    "headline",
    "standfirst",
    "byline",
    "dateline",
    "source_date",
    "source_date_approximate",
    "status",
    "published_at",
    "updated_at",
    "withdrawn_at",
)


def expansions(request) -> set[str]:
    """Return what `?expand=` asks for; refuse (400) anything the list cannot expand."""
    asked = set(request.query_params.getlist("expand"))
    unknown = sorted(asked - set(EXPANSIONS))
    if unknown:
        raise ValidationError(
            {"expand": [f"Cannot expand “{unknown[0][:50]}”: give {', '.join(EXPANSIONS)}."]}
        )
    return asked


def _count(queryset):
    """Count `queryset`'s rows for the story of the outer row: one subquery, 0 when none."""
    counted = queryset.filter(article=OuterRef("pk")).order_by().values("article")
    return Coalesce(
        Subquery(counted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        Value(0),
    )


def rows(articles):
    """Return `articles` as the plain rows a list item is made of (with their ids).

    Every column beyond the story's own comes from a subquery, which the page's count
    leaves out: a join, even one PostgreSQL removes, keeps it from counting the public
    stories from their index alone (10 ms rather than 45 at 100,000 stories).
    """
    source_slug = Source.objects.filter(pk=OuterRef("source_id")).values("slug")
    return articles.values("id", *FIELDS).annotate(
        source_slug=Subquery(source_slug),
        citation_count=_count(Citation.objects.shown_on_stories()),
        correction_count=_count(Correction.objects.all()),
    )


def with_citations(rows) -> None:
    """Give each row its citations with their passages, as the story page shows them."""
    by_article = {}
    citations = (
        Citation.objects.shown_on_stories()
        .filter(article_id__in=[row["id"] for row in rows])
        .select_related("segment__transcript", "segment__speaker")
        .order_by("segment__transcript__date", "segment__position")
    )
    for citation in citations:
        by_article.setdefault(citation.article_id, []).append(citation)
    for row in rows:
        row["citations"] = by_article.get(row["id"], [])


class ArticleListItemSerializer(serializers.Serializer):
    """A story in a list. Its text, people, events, places and corrections are on the
    story's own answer (`api_url`); its citations too, or here with ?expand=citations."""

    slug = serializers.CharField(read_only=True)
    headline = serializers.CharField(read_only=True)
    standfirst = serializers.CharField(read_only=True)
    source = serializers.CharField(
        source="source_slug", read_only=True, allow_null=True, help_text="Source slug."
    )
    byline = serializers.CharField(read_only=True)
    dateline = serializers.CharField(read_only=True)
    source_date = serializers.DateField(read_only=True, allow_null=True)
    source_date_approximate = serializers.BooleanField(read_only=True)
    status = serializers.ChoiceField(choices=PublicationStatus.choices, read_only=True)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    withdrawn_at = serializers.DateTimeField(read_only=True, allow_null=True)
    citation_count = serializers.IntegerField(
        read_only=True, help_text="Confirmed citations of published transcripts."
    )
    correction_count = serializers.IntegerField(read_only=True)
    # Not marked read-only, which the schema would make a required property: this
    # serializer only ever writes answers.
    citations = ArticleCitationSerializer(
        many=True,
        required=False,
        help_text="Only with ?expand=citations: the story's citations, as on its own answer.",
    )
    api_url = SlugLinkField("api:article-detail")
    page_url = SlugLinkField("article-detail")
