from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from coverage.caching import public_page
from coverage.models import Article, Citation, Segment, SegmentKind, Transcript
from coverage.views.paging import paginate


@dataclass
class Turn:
    speaker: object  # Person or None
    label: str
    narration: bool
    segments: list = field(default_factory=list)


def speaker_turns(segments) -> list[Turn]:
    """Group paragraphs into turns: a labelled paragraph or narration starts a new one."""
    turns: list[Turn] = []
    for segment in segments:
        narration = segment.kind == SegmentKind.NARRATION
        current = turns[-1] if turns else None
        if (
            current is None
            or segment.speaker_label
            or narration
            or current.narration
            or segment.speaker_id != getattr(current.speaker, "pk", None)
        ):
            current = Turn(segment.speaker, segment.speaker_label, narration)
            turns.append(current)
        current.segments.append(segment)
    return turns


@public_page
def transcript_list(request):
    page = paginate(request, Transcript.objects.published().for_listing())
    return render(request, "coverage/transcript_list.html", {"page": page})


@public_page
def transcript_detail(request, slug):
    """Show a transcript in speaker turns, every paragraph anchored and its citing stories."""
    citing = (
        Citation.objects.confirmed()
        .filter(article__in=Article.objects.published())
        .select_related("article")
        .order_by("article__headline")
    )
    segments = Segment.objects.select_related("speaker").prefetch_related(
        Prefetch("citations", queryset=citing, to_attr="public_citations")
    )
    transcript = get_object_or_404(
        Transcript.objects.visible_to(request.user)
        .for_listing()
        .prefetch_related(Prefetch("segments", queryset=segments)),
        slug=slug,
    )
    context = {"transcript": transcript, "turns": speaker_turns(transcript.segments.all())}
    return render(request, "coverage/transcript_detail.html", context)
