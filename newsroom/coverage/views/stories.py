from django.db.models import Prefetch, Value, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from newsroom.coverage.anchoring import anchor
from newsroom.coverage.caching import public_page
from newsroom.coverage.fragments import kept
from newsroom.coverage.linking.mentions import PERSON, PLACE, Gazetteer
from newsroom.coverage.metadata import article_jsonld
from newsroom.coverage.models import (
    Article,
    ArticleRedirect,
    Citation,
    Correction,
    PersonName,
    PlaceName,
    Segment,
)
from newsroom.coverage.templatetags.coverage_tags import jsonld
from newsroom.coverage.views.paging import paginate
from newsroom.coverage.views.withdrawn import gone


def _not_found():
    raise Http404("No story at this address.")


@public_page
def story_list(request):
    page = paginate(request, Article.objects.published().for_listing())
    return render(request, "coverage/article_list.html", {"page": page})


@public_page
def story_detail(request, slug):
    """Show a story with each confirmed citation's words linked to the passage.

    Who may open the story is decided here, on every request; its text, notes and named
    people, places and events are rendered once per content version (`_story_parts`).
    """
    visible = Article.objects.visible_to(request.user)
    article = visible.for_listing().filter(slug=slug).first()
    if article is None:
        moved = ArticleRedirect.objects.filter(old_slug=slug, article__in=visible).first()
        if moved is None:
            return gone(request, Article, slug, kind="story") or _not_found()
        return redirect(moved.article, permanent=True)
    story = kept("story", article.pk, request, lambda: _story_parts(request, article))
    return render(request, "coverage/article_detail.html", {"article": article, "story": story})


def _story_parts(request, article) -> dict[str, str]:
    """Render the story's text with its anchored citations and notes, and its JSON-LD."""
    prefetch_related_objects(
        [article],
        # By time alone: the model's ordering starts with the article, which joins it.
        Prefetch("corrections", queryset=Correction.objects.order_by("created_at")),
        "people",
        "places",
        "events",
        "other_sources",
    )
    citations = list(
        Citation.objects.shown_on_stories()
        .filter(article=article)
        .select_related("segment__transcript", "segment__speaker")
        .order_by("segment__transcript__date", "segment__position")
    )
    people = list(article.people.all())
    places = list(article.places.all())
    gazetteer = Gazetteer(**_names(people, places))
    addresses = _Addresses()
    addresses.stamp(people, places, article.events.all(), article.other_sources.all())
    for citation in citations:
        addresses.stamp([citation.segment])
        if citation.segment.speaker is not None:
            addresses.stamp([citation.segment.speaker])
    urls = {(PERSON, p.pk): p.href for p in people}
    urls |= {(PLACE, p.pk): p.href for p in places}
    anchored = anchor(article.body, citations, mentions=gazetteer, urls=urls)
    context = {"article": article, "anchored": anchored, "people": people, "places": places}
    notes = anchored.notes + anchored.unanchored
    return {
        "article": render_to_string("includes/story_article.html", context),
        "jsonld": jsonld(article_jsonld(request, article, notes, href=addresses)),
    }


def _names(people, places) -> dict[str, dict[int, list[str]]]:
    """Return each person's and place's names, the name first, for the gazetteer.

    Their other names are read in one query, as plain values: they are only matched.
    """
    found = {
        PERSON: {p.pk: [p.name] for p in people},
        PLACE: {p.pk: [p.name] for p in places},
    }
    if people or places:
        names = (
            PersonName.objects.filter(person__in=found[PERSON])
            .annotate(kind_of=Value(PERSON))
            .values_list("kind_of", "person_id", "name")
            .order_by()
            .union(
                PlaceName.objects.filter(place__in=found[PLACE])
                .annotate(kind_of=Value(PLACE))
                .values_list("kind_of", "place_id", "name")
                .order_by(),
                all=True,
            )
            .order_by("name")  # as each model orders its other names
        )
        for kind, owner, name in names:
            found[kind][owner].append(name)
    return {"people": found[PERSON], "places": found[PLACE]}


class _Addresses:
    """Each object's address on the site, reversed once per render.

    A story names the same transcripts and people many times over (cited words, notes,
    the list of who is named, JSON-LD): reversing each address every time took a tenth
    of the render. `stamp` sets `href` on objects for the templates.
    """

    def __init__(self):
        self.known: dict[tuple[str, int], str] = {}

    def __call__(self, obj) -> str:
        if isinstance(obj, Segment):
            return f"{self(obj.transcript)}#{obj.anchor}"
        key = (obj._meta.label, obj.pk)
        url = self.known.get(key)
        if url is None:
            url = self.known[key] = obj.get_absolute_url()
        return url

    def stamp(self, *groups) -> None:
        for group in groups:
            for obj in group:
                obj.href = self(obj)
