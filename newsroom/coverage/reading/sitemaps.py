"""sitemap.xml sections, a Google News sitemap for recent stories, and robots.txt."""

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from newsroom.coverage.models import Article, Event, Person, Place, Source, Transcript

NEWS_WINDOW = dt.timedelta(days=2)  # Google News takes stories of the last two days


class StorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Article.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at or item.published_at


class TranscriptSitemap(Sitemap):
    def items(self):
        return Transcript.objects.published().order_by("pk")


class SlugSitemap(Sitemap):
    model = None

    def items(self):
        return self.model.objects.order_by("pk")


class PersonSitemap(SlugSitemap):
    model = Person


class EventSitemap(SlugSitemap):
    model = Event


class PlaceSitemap(SlugSitemap):
    model = Place


class SourceSitemap(SlugSitemap):
    model = Source


class SectionSitemap(Sitemap):
    def items(self):
        return ["home", "article-list", "transcript-list", "person-list", "event-list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "sections": SectionSitemap,
    "stories": StorySitemap,
    "transcripts": TranscriptSitemap,
    "people": PersonSitemap,
    "events": EventSitemap,
    "places": PlaceSitemap,
    "sources": SourceSitemap,
}


def news_sitemap(request):
    """List stories published in the last two days, in the Google News sitemap format."""
    since = timezone.now() - NEWS_WINDOW
    stories = Article.objects.published().filter(published_at__gte=since).order_by("-published_at")
    return render(
        request,
        "coverage/news_sitemap.xml",
        {"stories": stories[:1000]},
        content_type="application/xml",
    )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
