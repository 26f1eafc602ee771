"""Pages for people, events, sources and places."""

from django.shortcuts import get_object_or_404, render

from newsroom.coverage.caching import public_page
from newsroom.coverage.metadata import event_jsonld, person_jsonld
from newsroom.coverage.models import Article, Event, Person, Place, Segment, Source, Transcript
from newsroom.coverage.views.paging import paginate

RELATED = 10


@public_page
def person_list(request):
    page = paginate(request, Person.objects.all(), per_page=50)
    return render(request, "coverage/person_list.html", {"page": page})


@public_page
def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
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
        "said": paginate(request, said),
        "articles": Article.objects.published().filter(people=person).for_listing()[:RELATED],
        "events": person.events.select_related("place")[:RELATED],
    }
    return render(request, "coverage/person_detail.html", context)


@public_page
def event_list(request):
    page = paginate(request, Event.objects.select_related("place"))
    return render(request, "coverage/event_list.html", {"page": page})


@public_page
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.select_related("place"), slug=slug)
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
    articles = Article.objects.published().filter(source=source).for_listing()
    context = {
        "source": source,
        "articles": paginate(request, articles),
        "transcripts": Transcript.objects.published().filter(source=source).for_listing()[:RELATED],
    }
    return render(request, "coverage/source_detail.html", context)


@public_page
def place_detail(request, slug):
    place = get_object_or_404(Place.objects.select_related("parent"), slug=slug)
    context = {
        "place": place,
        "children": place.children.all(),
        "other_names": place.other_names.all(),
        "events": place.events.all()[:RELATED],
        "articles": Article.objects.published().filter(places=place).for_listing()[:RELATED],
        "transcripts": Transcript.objects.published().filter(place=place).for_listing()[:RELATED],
    }
    return render(request, "coverage/place_detail.html", context)
