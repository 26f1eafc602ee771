"""Public pages. Every query goes through `published()`: drafts never reach a reader."""

from django.shortcuts import get_object_or_404, render

from coverage.models import Article, Citation, Transcript

HOME_LIST_SIZE = 10


def home(request):
    """Show the latest published stories and transcripts."""
    context = {
        "articles": Article.objects.published().for_listing()[:HOME_LIST_SIZE],
        "transcripts": Transcript.objects.published().for_listing()[:HOME_LIST_SIZE],
    }
    return render(request, "coverage/home.html", context)


def article_detail(request, slug):
    """Show a published story and the transcript passages it cites."""
    article = get_object_or_404(Article.objects.published().for_listing(), slug=slug)
    citations = (
        Citation.objects.confirmed()
        .filter(article=article, segment__transcript__in=Transcript.objects.published())
        .select_related("segment__transcript", "segment__speaker")
        .order_by("segment__transcript", "segment__position")
    )
    context = {"article": article, "citations": citations}
    return render(request, "coverage/article_detail.html", context)


def transcript_detail(request, slug):
    """Show a published transcript, every paragraph anchored #p<position>."""
    transcript = get_object_or_404(
        Transcript.objects.published().for_listing().with_segments(), slug=slug
    )
    return render(request, "coverage/transcript_detail.html", {"transcript": transcript})
