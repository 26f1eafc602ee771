from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from newsroom.coverage.cache.fragments import kept
from newsroom.coverage.cache.pages import public_page
from newsroom.coverage.linking.mentions import PERSON, PLACE, Gazetteer
from newsroom.coverage.models import Article, ArticleRedirect, Citation, Person, Place
from newsroom.coverage.reading.anchoring import anchor
from newsroom.coverage.reading.metadata import article_jsonld
from newsroom.coverage.reading.paging import paginate
from newsroom.coverage.templatetags.coverage_tags import jsonld
from newsroom.coverage.views.withdrawn import gone


def _not_found():
    raise Http404("No story at this address.")


@public_page(lists=("stories",))
def story_list(request):
    page = paginate(request, Article.objects.published().for_listing())
    return render(request, "coverage/article_list.html", {"page": page})


@public_page
def story_detail(request, slug):
    """Show a story with each confirmed citation's words linked to the passage.

    Who may open the story is decided here, on every request; its text, notes and named
    people, places and events are rendered once per change (`_story_parts`).
    """
    visible = Article.objects.visible_to(request.user)
    article = visible.for_listing().filter(slug=slug).first()
    if article is None:
        moved = ArticleRedirect.objects.filter(old_slug=slug, article__in=visible).first()
        if moved is None:
            return gone(request, Article, slug, kind="story") or _not_found()
        return redirect(moved.article, permanent=True)
    return render(
        request,
        "coverage/article_detail.html",
        {"article": article, "story": story_fragment(request, article)},
    )


def story_fragment(request, article, *, again=False) -> dict:
    """Return the story's kept parts (`_story_parts`), rendering them if they are stale."""
    return kept("story", article.pk, request, lambda: _story_parts(request, article), again=again)


def _story_parts(request, article) -> dict[str, str]:
    """Render the story's text with its anchored citations and notes, and its JSON-LD."""
    prefetch_related_objects(
        [article],
        "corrections",
        Prefetch("people", queryset=Person.objects.prefetch_related("other_names")),
        Prefetch("places", queryset=Place.objects.prefetch_related("other_names")),
        "events",
        "other_sources",
    )
    citations = (
        Citation.objects.shown_on_stories()
        .filter(article=article)
        .select_related("segment__transcript", "segment__speaker")
        .order_by("segment__transcript__date", "segment__position")
    )
    people = list(article.people.all())
    places = list(article.places.all())
    gazetteer = Gazetteer(
        people={p.pk: [p.name, *(n.name for n in p.other_names.all())] for p in people},
        places={p.pk: [p.name, *(n.name for n in p.other_names.all())] for p in places},
    )
    urls = {(PERSON, p.pk): p.get_absolute_url() for p in people}
    urls |= {(PLACE, p.pk): p.get_absolute_url() for p in places}
    anchored = anchor(article.body, citations, mentions=gazetteer, urls=urls)
    context = {"article": article, "anchored": anchored, "people": people, "places": places}
    return {
        "article": render_to_string("includes/story_article.html", context),
        "jsonld": jsonld(article_jsonld(request, article, anchored.notes + anchored.unanchored)),
    }
