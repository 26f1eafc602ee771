from django.shortcuts import render

from newsroom.coverage.caching import public_page
from newsroom.coverage.models import Article, Event, Transcript


@public_page
def home(request):
    """Show the latest stories, transcripts and events."""
    context = {
        "articles": Article.objects.published().for_listing()[:10],
        "transcripts": Transcript.objects.published().for_listing()[:5],
        "events": Event.objects.select_related("place")[:5],
    }
    return render(request, "coverage/home.html", context)
