from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string

from newsroom.coverage.cache.collecting import shows
from newsroom.coverage.cache.fragments import kept
from newsroom.coverage.cache.pages import public_page
from newsroom.coverage.models import Article, Citation, Person, SegmentKind, Transcript
from newsroom.coverage.reading.metadata import transcript_jsonld
from newsroom.coverage.reading.paging import paginate
from newsroom.coverage.reading.transcript_html import Paragraph, render_turns, speaker_turns
from newsroom.coverage.services.transcript_versions import follow_redirects, revision_notes
from newsroom.coverage.templatetags.coverage_tags import jsonld
from newsroom.coverage.views.withdrawn import gone


def _not_found():
    raise Http404("No transcript at this address.")


@public_page(lists=("transcripts",))
def transcript_list(request):
    page = paginate(request, Transcript.objects.published().for_listing())
    return render(request, "coverage/transcript_list.html", {"page": page})


@public_page
def transcript_detail(request, slug):
    """Show a transcript in speaker turns, every paragraph anchored and its citing stories.

    Who may open it is decided here on every request; its turns are rendered once per
    change of what they show (`_transcript_parts`).
    """
    transcript = Transcript.objects.visible_to(request.user).for_listing().filter(slug=slug).first()
    if transcript is None:
        return gone(request, Transcript, slug, kind="transcript") or _not_found()
    return render(
        request,
        "coverage/transcript_detail.html",
        {"transcript": transcript, "parts": transcript_fragment(request, transcript)},
    )


def transcript_fragment(request, transcript, *, again=False) -> dict:
    """Return the transcript's kept parts (`_transcript_parts`), rendering them if stale."""
    return kept(
        "transcript",
        transcript.pk,
        request,
        lambda: _transcript_parts(request, transcript),
        again=again,
    )


def _transcript_parts(request, transcript) -> dict[str, str]:
    """Render the turns, each paragraph with the published stories citing it, and JSON-LD.

    Paragraphs are read as plain rows, not model instances, and rendered in Python:
    a transcript page may hold a thousand of them.
    """
    paragraphs = [
        Paragraph(position, speaker_id, label, kind == SegmentKind.NARRATION, text, key)
        for position, speaker_id, label, kind, text, key in transcript.segments.order_by(
            "position"
        ).values_list("position", "speaker_id", "speaker_label", "kind", "text", "key")
    ]
    by_position = {p.position: p for p in paragraphs}
    citing = (
        Citation.objects.confirmed()
        .filter(segment__transcript=transcript, article__in=Article.objects.published())
        .order_by("article__headline", "pk")
        .values_list("segment__position", "pk", "article_id", "article__slug", "article__headline")
    )
    shows(f"cited:{transcript.pk}")  # which published stories cite it
    for position, pk, story, story_slug, headline in citing:
        shows(f"story:{story}")
        cited = by_position[position].citations
        if all(slug != story_slug for _, slug, _ in cited):  # "Cited in N stories": distinct
            cited.append((pk, story_slug, headline))
    speakers = Person.objects.in_bulk({p.speaker_id for p in paragraphs if p.speaker_id})
    by_name = sorted(speakers.values(), key=lambda p: p.sort_name)
    versions = list(transcript.revisions.order_by("number"))
    notes = revision_notes(transcript, versions)
    moved = follow_redirects([v.redirects for v in versions], {p.key for p in paragraphs})
    return {
        "revisions": render_to_string(
            "coverage/transcript_revisions.html", {"revisions": notes, "moved": moved}
        ),
        "turns": render_turns(speaker_turns(paragraphs, speakers)),
        "jsonld": jsonld(transcript_jsonld(request, transcript, by_name)),
    }
