"""RSS 2.0 and Atom feeds of published stories: all, per person, per event."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from newsroom.coverage.cache.collecting import shows
from newsroom.coverage.cache.keys import object_key
from newsroom.coverage.models import Article, Event, Person

FEED_SIZE = 30


class LatestStoriesFeed(Feed):
    title = "newsroom: latest stories"
    description = "Stories checked against the official record."
    # Atom asks for an author of every entry: the newsroom, where a story has no byline.
    author_name = "newsroom"

    def link(self):
        return reverse("article-list")

    def stories(self, obj):
        return Article.objects.published().for_listing().prefetch_related("corrections")

    def items(self, obj=None):
        return self.stories(obj)[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        text = item.description
        corrections = [
            f"Correction ({c.created_at:%d %B %Y}): {c.text}" for c in item.corrections.all()
        ]
        return "\n\n".join([*corrections, text])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # Atom asks for an update time on every entry: the last change of the text, or
        # else the publication. The feed's own update time is the latest of these, so
        # it stays the same from one fetch to the next until a story changes.
        return item.updated_at or item.last_published_at or item.published_at

    def item_author_name(self, item):
        return item.byline or None


class ObjectStoriesFeed(LatestStoriesFeed):
    """Stories linked to one object, found by its slug."""

    model = None
    lookup = ""  # the Article relation to filter on
    title_format = ""

    def get_object(self, request, slug):
        obj = get_object_or_404(self.model, slug=slug)
        shows(f"{object_key(self.model, obj.pk)}:stories")  # for the cache: its stories
        return obj

    def title(self, obj):
        return self.title_format.format(obj=obj)

    def link(self, obj):
        return obj.get_absolute_url()

    def stories(self, obj):
        return super().stories(obj).filter(**{self.lookup: obj})


class PersonStoriesFeed(ObjectStoriesFeed):
    model = Person
    lookup = "people"
    title_format = "newsroom: stories about {obj.name}"


class EventStoriesFeed(ObjectStoriesFeed):
    model = Event
    lookup = "events"
    title_format = "newsroom: coverage of {obj.title}"


def atom(feed: type[Feed]) -> type[Feed]:
    """Return the Atom 1.0 version of an RSS feed class."""
    return type(
        f"{feed.__name__}Atom", (feed,), {"feed_type": Atom1Feed, "subtitle": feed.description}
    )


LatestStoriesAtom = atom(LatestStoriesFeed)
PersonStoriesAtom = atom(PersonStoriesFeed)
EventStoriesAtom = atom(EventStoriesFeed)
