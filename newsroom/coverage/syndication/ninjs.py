"""Stories and transcripts as IPTC ninjs 3.1 documents, for partners who take our copy.

One builder serves the API (`?format=ninjs`) and webhook deliveries, so a partner gets
the same document however it asks. Every `uri` is made from `NEWSROOM_SITE_URL`, not
from the request: it is the item's identity, the same in a pull and in a push.

A story's confirmed citations travel as associations, each pointing at the transcript
paragraph (`…/transcripts/<slug>/#p46`) that holds the words. A withdrawn story is a
kill notice: `pubStatus: withheld`, its reason in `edNote`, none of its text.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.utils.html import format_html, format_html_join

from newsroom.coverage.models import (
    Article,
    Citation,
    PublicationStatus,
    Segment,
    Transcript,
)
from newsroom.coverage.text import split_paragraphs

MEDIA_TYPE = "application/ninjs+json"
STANDARD = {
    "name": "ninjs",
    "version": "3.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
}
LANGUAGE = "en"


def absolute(path: str) -> str:
    return settings.NEWSROOM_SITE_URL + path


def stories(user):
    """Stories `user` may read, with what their documents need, in a fixed number of
    queries."""
    return with_story_parts(Article.objects.visible_to(user))


def with_story_parts(rows):
    return rows.select_related("source").prefetch_related(
        "people",
        "events",
        "places",
        "other_sources",
        "corrections",
        Prefetch(
            "citations",
            queryset=Citation.objects.shown_on_stories()
            .select_related("segment__transcript", "segment__speaker")
            .order_by("segment__transcript__date", "segment__position", "pk"),
            to_attr="public_citations",
        ),
    )


def transcripts(user):
    """Transcripts `user` may read, with their paragraphs, speakers and citing stories."""
    return with_transcript_parts(Transcript.objects.visible_to(user))


def with_transcript_parts(rows):
    return rows.select_related("source", "event", "place").prefetch_related(
        Prefetch(
            "segments",
            queryset=Segment.objects.select_related("speaker").order_by("position"),
        ),
        "revisions",
        Prefetch(
            "citations",
            queryset=Citation.objects.confirmed()
            .filter(article__in=Article.objects.published())
            .select_related("article", "segment")
            .order_by("article__published_at", "pk"),
            to_attr="public_citations",
        ),
    )


def story(article: Article) -> dict:
    """Return `article` (from `stories()`) as a ninjs document."""
    corrections = list(article.corrections.all())
    document = _common(article, profile="newsroom-story")
    document.update(
        versionCreated=_time(article.updated_at or article.published_at),
        headlines=[_text(article.headline, role="main")],
    )
    if article.source_date is not None and not article.source_date_approximate:
        document["altIds"].append({"role": "source-date", "value": article.source_date.isoformat()})
    if article.byline:
        document["by"] = article.byline
    if article.dateline:
        document["located"] = article.dateline
    if article.standfirst:
        document["descriptions"] = [_text(article.standfirst, role="summary")]
    if corrections:
        document.setdefault("descriptions", []).extend(
            _text(f"{c.created_at:%Y-%m-%d %H:%M} UTC. {c.text}", role="correction")
            for c in corrections
        )
    document["bodies"] = [_body(article.body)]
    document["people"] = [_named(p, p.name, rel="mentioned") for p in article.people.all()]
    document["events"] = [_named(e, e.title, rel="about") for e in article.events.all()]
    document["places"] = [_named(p, p.name, rel="mentioned") for p in article.places.all()]
    sources = [article.source, *article.other_sources.all()] if article.source else []
    document["infoSources"] = [_source(s) for s in sources]
    document["associations"] = [
        _passage(citation, number)
        for number, citation in enumerate(article.public_citations, start=1)
    ]
    return _without_empty(document)


def transcript(record: Transcript) -> dict:
    """Return `record` (from `transcripts()`) as a ninjs document: its paragraphs as
    text, and as HTML with the `p<n>` addresses citations point at."""
    segments = list(record.segments.all())
    revisions = list(record.revisions.all())
    document = _common(record, profile="newsroom-transcript")
    latest = max((r.created_at for r in revisions), default=None)
    document.update(
        versionCreated=_time(latest or record.published_at),
        headlines=[_text(record.title, role="main")],
        located=record.dateline,
    )
    document["altIds"].append({"role": "record-date", "value": record.date.isoformat()})
    if record.summary:
        document["descriptions"] = [_text(record.summary, role="summary")]
    text = "\n\n".join(_said(s) for s in segments)
    document["bodies"] = [
        _body(text),
        {
            "role": "main",
            "contentType": "text/html",
            "value": format_html_join(
                "\n", '<p id="{}">{}</p>', ((s.anchor, _said_html(s)) for s in segments)
            ),
        },
    ]
    speakers = {s.speaker.pk: s.speaker for s in segments if s.speaker is not None}
    document["people"] = [_named(p, p.name, rel="speaker") for p in speakers.values()]
    if record.event is not None:
        document["events"] = [_named(record.event, record.event.title, rel="record-of")]
    if record.place is not None:
        document["places"] = [_named(record.place, record.place.name, rel="located")]
    document["infoSources"] = [_source(record.source)]
    cited_by = {}
    for citation in record.public_citations:
        cited_by.setdefault(citation.article.pk, citation.article)
    document["associations"] = [
        {
            "name": f"cited-by-{number}",
            "rel": "cited-by",
            "uri": absolute(article.get_absolute_url()),
            "type": "text",
            "representationType": "partial",
            "headlines": [_text(article.headline, role="main")],
        }
        for number, article in enumerate(cited_by.values(), start=1)
    ]
    return _without_empty(document)


def kill_notice(model, slug: str) -> dict | None:
    """Return the ninjs notice of a withdrawn item once published here, or None.

    Only the notice is read: the title, the times and the reason, never the text.
    """
    title = "headline" if model is Article else "title"
    item = (
        model.objects.filter(
            slug=slug, status=PublicationStatus.WITHDRAWN, published_at__isnull=False
        )
        .only("slug", "version", "published_at", "withdrawn_at", "withdrawal_reason", title)
        .first()
    )
    return None if item is None else withheld(item)


def withheld(item) -> dict:
    """Return the notice that `item`, a withdrawn story or transcript, must not be used."""
    profile = "newsroom-story" if isinstance(item, Article) else "newsroom-transcript"
    document = _common(item, profile=profile)
    title = item.headline if isinstance(item, Article) else item.title
    document.update(
        pubStatus="withheld",
        representationType="partial",
        versionCreated=_time(item.withdrawn_at),
        headlines=[_text(title, role="main")],
        edNote=f"Withdrawn: {item.withdrawal_reason or 'no reason given.'}",
    )
    return _without_empty(document)


def _common(item, *, profile: str) -> dict:
    return {
        "standard": STANDARD,
        "uri": absolute(item.get_absolute_url()),
        "type": "text",
        "profile": profile,
        "representationType": "full",
        "version": str(item.version),
        "firstCreated": _time(item.published_at),
        # What is not published is shown only to the newsroom's own staff: not usable.
        "pubStatus": "usable" if item.is_public else "withheld",
        "language": LANGUAGE,
        "slugline": item.slug,
        "altIds": [{"role": "slug", "value": item.slug}],
    }


def _passage(citation: Citation, number: int) -> dict:
    segment = citation.segment
    record = segment.transcript
    association = {
        "name": f"citation-{number}",
        "rel": citation.relation,
        "uri": absolute(segment.get_absolute_url()),
        "type": "text",
        "representationType": "partial",
        "headlines": [_text(record.title, role="main")],
        "bodies": [_body(segment.text)],
        "descriptions": [_text(citation.quote, role="story-words")] if citation.quote else [],
        "altIds": [
            {"role": "anchor", "value": segment.anchor},
            {"role": "record-date", "value": record.date.isoformat()},
        ],
    }
    if segment.speaker is not None:
        association["people"] = [_named(segment.speaker, segment.speaker.name, rel="speaker")]
    return _without_empty(association)


def _named(obj, name: str, *, rel: str) -> dict:
    return {"name": name, "rel": rel, "uri": absolute(obj.get_absolute_url()), "literal": obj.slug}


def _source(source) -> dict:
    entry = {"name": source.name, "role": "source", "uri": absolute(source.get_absolute_url())}
    return entry | {"literal": source.slug}


def _said(segment: Segment) -> str:
    # The label is printed where a turn begins, as in the record; not on every paragraph.
    label = segment.speaker_label
    return f"{label}: {segment.text}" if label else segment.text


def _said_html(segment: Segment):
    if not segment.speaker_label:
        return segment.text  # format_html_join escapes it
    return format_html("<b>{}:</b> {}", segment.speaker_label, segment.text)


def _text(value: str, *, role: str) -> dict:
    return {"role": role, "contentType": "text/plain", "value": value}


def _body(text: str) -> dict:
    paragraphs = split_paragraphs(text)
    plain = "\n\n".join(paragraphs)
    return {
        "role": "main",
        "contentType": "text/plain",
        "charCount": len(plain),
        "wordCount": sum(len(p.split()) for p in paragraphs),
        "value": plain,
    }


def _time(moment) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def _without_empty(document: dict) -> dict:
    return {key: value for key, value in document.items() if value not in (None, "", [])}
