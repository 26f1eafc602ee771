"""Pages for people, events, sources and places."""

from django.shortcuts import get_object_or_404, render

from newsroom.coverage.cache.collecting import shows
from newsroom.coverage.cache.keys import about
from newsroom.coverage.cache.pages import public_page
from newsroom.coverage.models import Article, Event, Person, Place, Segment, Source, Transcript
from newsroom.coverage.reading.metadata import event_jsonld, person_jsonld
from newsroom.coverage.reading.paging import paginate

RELATED = 10
LISTED_ON_PLACES = ("places", "events", "stories", "transcripts")


@public_page(lists=("people",))
def person_list(request):
    page = paginate(request, Person.objects.all(), per_page=50)
    return render(request, "coverage/person_list.html", {"page": page})


@public_page
def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    lists = [about("person", person.pk, listed) for listed in ("stories", "passages", "events")]
    shows(*lists)
    said = (
        Segment.objects.spoken_by(person)
        .filter(transcript__in=Transcript.objects.published())
        .select_related("transcript")
        .order_by("-transcript__date", "transcript", "position")
    )
    roles = list(person.roles.select_related("place"))
    context = {
        "person": person,
        "roles": roles,
        "jsonld": person_jsonld(request, person, roles),
        "other_names": person.other_names.all(),
        "said": paginate(request, said, keys=[lists[1]]),
        "articles": Article.objects.published().filter(people=person).for_listing()[:RELATED],
        "events": person.events.select_related("place")[:RELATED],
    }
    return render(request, "coverage/person_detail.html", context)


@public_page(lists=("events",))
def event_list(request):
    page = paginate(request, Event.objects.select_related("place"))
    return render(request, "coverage/event_list.html", {"page": page})


@public_page
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.select_related("place"), slug=slug)
    shows(about("event", event.pk, "stories"), about("event", event.pk, "transcripts"))
    participants = list(event.participants.all())
    context = {
        "event": event,
        "participants": participants,
        "jsonld": event_jsonld(request, event, participants),
        "transcripts": Transcript.objects.published().filter(event=event).for_listing(),
        "articles": Article.objects.published().filter(events=event).for_listing()[:RELATED],
    }
    return render(request, "coverage/event_detail.html", context)


@public_page
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    stories = about("source", source.pk, "stories")
    shows(stories, about("source", source.pk, "transcripts"))
    articles = Article.objects.published().filter(source=source).for_listing()
    context = {
        "source": source,
        "articles": paginate(request, articles, keys=[stories]),
        "transcripts": Transcript.objects.published().filter(source=source).for_listing()[:RELATED],
    }
    return render(request, "coverage/source_detail.html", context)


@public_page
def place_detail(request, slug):
    place = get_object_or_404(Place.objects.select_related("parent"), slug=slug)
    shows(*(about("place", place.pk, listed) for listed in LISTED_ON_PLACES))
    context = {
        "place": place,
        "children": place.children.all(),
        "other_names": place.other_names.all(),
        "events": place.events.all()[:RELATED],
        "articles": Article.objects.published().filter(places=place).for_listing()[:RELATED],
        "transcripts": Transcript.objects.published().filter(place=place).for_listing()[:RELATED],
    }
    return render(request, "coverage/place_detail.html", context)
