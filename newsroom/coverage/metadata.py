"""Structured data (schema.org JSON-LD) for pages, built from what the records say."""


def _absolute(request, path):
    return request.build_absolute_uri(path)


def article_jsonld(request, article, notes) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "url": _absolute(request, article.get_absolute_url()),
        "mainEntityOfPage": _absolute(request, article.get_absolute_url()),
        "citation": [
            {
                "@type": "CreativeWork",
                "name": note.citation.segment.transcript.title,
                "url": _absolute(request, note.citation.segment.get_absolute_url()),
                "text": note.citation.segment.text,
            }
            for note in notes
        ],
        "about": [{"@type": "Person", "name": p.name} for p in article.people.all()],
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": correction.created_at.isoformat(),
            }
            for correction in article.corrections.all()
        ],
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if article.updated_at:
        data["dateModified"] = article.updated_at.isoformat()
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    if article.source:
        data["isBasedOn"] = {"@type": "CreativeWork", "name": article.source.name}
    return data


def event_jsonld(request, event, participants) -> dict:
    status = {
        "announced": "EventScheduled",
        "held": "EventScheduled",
        "cancelled": "EventCancelled",
    }
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": _absolute(request, event.get_absolute_url()),
        "eventStatus": f"https://schema.org/{status[event.status]}",
        "attendee": [{"@type": "Person", "name": p.name} for p in participants],
    }
    if event.date and event.date_precision == "day":
        data["startDate"] = event.date.isoformat()
    if event.format == "videoconference":
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
    elif event.format == "in_person":
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    if event.place:
        data["location"] = {"@type": "Place", "name": event.place.name}
    return data


def person_jsonld(request, person, roles) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": _absolute(request, person.get_absolute_url()),
        "mainEntity": {
            "@type": "Person",
            "name": person.name,
            "description": person.summary,
            "jobTitle": [role.title for role in roles],
        },
    }
