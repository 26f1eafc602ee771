"""Structured data (schema.org JSON-LD) for pages, built from what the records say.

It follows Google's article and event guidelines: a NewsArticle names its dates, its
author (the byline, or the newsroom when there is none) and its publisher with a logo;
its citations are Quotations of the transcript passages; a transcript is described
with the event it records, its speakers and the organisation that published it; an
Event's attendance mode matches its location (a VirtualLocation online).
"""

from django.templatetags.static import static

SITE_NAME = "newsroom"
CONTEXT = "https://schema.org"


def _absolute(request, path):
    return request.build_absolute_uri(path)


def site_organization(request) -> dict:
    """The newsroom, as publisher (and author of stories without a byline)."""
    return {
        "@type": "NewsMediaOrganization",
        "name": SITE_NAME,
        "url": _absolute(request, "/"),
        "logo": {
            "@type": "ImageObject",
            "url": _absolute(request, static("logo.png")),
            "width": 512,
            "height": 512,
        },
    }


def _address(obj) -> str:
    return obj.get_absolute_url()


def _person(request, person, href=_address) -> dict:
    return {
        "@type": "Person",
        "name": person.name,
        "url": _absolute(request, href(person)),
    }


def _source_organization(source) -> dict:
    data = {"@type": "Organization", "name": source.name}
    if source.url:
        data["url"] = source.url
    return data


def quotation(request, segment, href=_address) -> dict:
    """A transcript passage as a Quotation: its words, speaker and the record it is from.

    `href` gives an object's address (a caller may know them already).
    """
    transcript = segment.transcript
    data = {
        "@type": "Quotation",
        "text": segment.text,
        "url": _absolute(request, href(segment)),
        "isPartOf": {
            "@type": "CreativeWork",
            "name": transcript.title,
            "url": _absolute(request, href(transcript)),
        },
    }
    if segment.speaker:
        data["spokenByCharacter"] = _person(request, segment.speaker, href)
    return data


def article_jsonld(request, article, notes, people, corrections, href=_address) -> dict:
    url = _absolute(request, article.get_absolute_url())
    publisher = site_organization(request)
    author = (
        {"@type": "Person", "name": article.byline}
        if article.byline
        else {"@type": "NewsMediaOrganization", "name": SITE_NAME, "url": publisher["url"]}
    )
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "url": url,
        "mainEntityOfPage": url,
        "author": [author],
        "publisher": publisher,
        "image": [publisher["logo"]["url"]],
        "citation": [quotation(request, note.citation.segment, href) for note in notes],
        "about": [_person(request, p, href) for p in people],
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": correction.created_at.isoformat(),
            }
            for correction in corrections
        ],
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
        data["dateModified"] = (article.updated_at or article.published_at).isoformat()
    if article.source:
        based_on = {"@type": "CreativeWork", "name": article.source.name}
        if article.source_url:
            based_on["url"] = article.source_url
        if article.source_date:
            based_on["datePublished"] = article.source_date.isoformat()
        data["isBasedOn"] = based_on
    return data


def transcript_jsonld(request, transcript, speakers) -> dict:
    """Describe a transcript: the record of an event, its speakers, who published it."""
    url = _absolute(request, transcript.get_absolute_url())
    data = {
        "@context": CONTEXT,
        "@type": "CreativeWork",
        "genre": "Transcript",
        "name": transcript.title,
        "url": url,
        "mainEntityOfPage": url,
        "dateCreated": transcript.date.isoformat(),
        "publisher": _source_organization(transcript.source),
        "contributor": [_person(request, person) for person in speakers],
        "inLanguage": "en",
    }
    if transcript.summary:
        data["description"] = transcript.summary
    if transcript.source_url:
        data["isBasedOn"] = transcript.source_url
    if transcript.published_at:
        data["datePublished"] = transcript.published_at.isoformat()
    if transcript.event:
        data["recordedAt"] = {
            "@type": "Event",
            "name": transcript.event.title,
            "url": _absolute(request, transcript.event.get_absolute_url()),
        }
    return data


def event_jsonld(request, event, participants) -> dict:
    status = {
        "announced": "EventScheduled",
        "held": "EventScheduled",
        "cancelled": "EventCancelled",
    }
    url = _absolute(request, event.get_absolute_url())
    data = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": event.title,
        "url": url,
        "eventStatus": f"{CONTEXT}/{status[event.status]}",
        "attendee": [_person(request, p) for p in participants],
    }
    if event.summary:
        data["description"] = event.summary
    if event.date and event.date_precision == "day":
        data["startDate"] = event.date.isoformat()
    place = {"@type": "Place", "name": event.place.name} if event.place else None
    if event.format == "videoconference":
        # Held online: its location is virtual. Where the host sat is not where it was.
        data["eventAttendanceMode"] = f"{CONTEXT}/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": url}
    elif event.format == "in_person":
        data["eventAttendanceMode"] = f"{CONTEXT}/OfflineEventAttendanceMode"
        if place:
            data["location"] = place
    elif place:
        data["location"] = place
    return data


def person_jsonld(request, person, roles) -> dict:
    return {
        "@context": CONTEXT,
        "@type": "ProfilePage",
        "url": _absolute(request, person.get_absolute_url()),
        "mainEntity": {
            "@type": "Person",
            "name": person.name,
            "description": person.summary,
            "jobTitle": [role.title for role in roles],
        },
    }
