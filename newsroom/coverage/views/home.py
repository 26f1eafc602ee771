from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from newsroom.coverage.cache.pages import public_page
from newsroom.coverage.models import Article, Event, Transcript


@public_page(lists=("stories", "transcripts", "events"))
def home(request):
    """Show the latest stories, transcripts and events."""
    context = {
        "articles": Article.objects.published().for_listing()[:10],
        "transcripts": Transcript.objects.published().for_listing()[:5],
        "events": Event.objects.select_related("place")[:5],
    }
    return render(request, "coverage/home.html", context)


def favicon(request):
    """Send browsers that ask for /favicon.ico to the site's icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
