from dataclasses import dataclass

from django.db import connections
from django.db.models import BigIntegerField, Expression, F, Value, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from newsroom.coverage.cache.collecting import shows
from newsroom.coverage.cache.fragments import kept
from newsroom.coverage.cache.keys import object_key
from newsroom.coverage.cache.pages import public_page
from newsroom.coverage.linking.mentions import PERSON, PLACE, Gazetteer
from newsroom.coverage.models import (
    Article,
    ArticleRedirect,
    Citation,
    Correction,
    Event,
    Person,
    PersonName,
    Place,
    PlaceName,
    Segment,
    Source,
)
from newsroom.coverage.reading.anchoring import anchor
from newsroom.coverage.reading.metadata import article_jsonld
from newsroom.coverage.reading.paging import paginate
from newsroom.coverage.reading.story_html import story_body, story_notes
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
    named = _named(article)
    people, places = named[Person], named[Place]
    corrections = []
    if named[Correction]:  # rare: read only when the story has some
        corrections = list(Correction.objects.filter(article=article).order_by("created_at"))
    citations = list(
        Citation.objects.shown_on_stories()
        .filter(article=article)
        .select_related("segment__transcript", "segment__speaker")
        .order_by("segment__transcript__date", "segment__position")
    )
    gazetteer = Gazetteer(
        people={p.pk: p.names for p in people}, places={p.pk: p.names for p in places}
    )
    addresses = _Addresses()
    for citation in citations:
        addresses.stamp([citation.segment])
        if citation.segment.speaker is not None:
            addresses.stamp([citation.segment.speaker])
    urls = {(PERSON, p.pk): p.href for p in people}
    urls |= {(PLACE, p.pk): p.href for p in places}
    anchored = anchor(article.body, citations, mentions=gazetteer, urls=urls)
    context = {
        "article": article,
        "anchored": anchored,
        "body": story_body(anchored),
        "notes": story_notes(anchored.notes),
        "unanchored_notes": story_notes(anchored.unanchored, unanchored=True),
        "corrections": corrections,
        "people": people,
        "places": places,
        "events": named[Event],
        "other_sources": named[Source],
    }
    notes = anchored.notes + anchored.unanchored
    data = article_jsonld(request, article, notes, people, corrections, href=addresses)
    return {
        "article": render_to_string("includes/story_article.html", context),
        "jsonld": jsonld(data),
    }


@dataclass
class Named:
    """A person, place, event or source a story names: what its page shows of it."""

    pk: int
    name: str  # an event's title
    href: str
    names: list[str]  # a person's or place's name, then its other names


# What a story names, through which relation; the other names of people and places.
_NAMED = ((Person, "articles", "name"), (Place, "articles", "name"), (Event, "articles", "title"))
_NAMED += ((Source, "secondary_articles", "name"),)
_OTHER_NAMES = ((PersonName, Person), (PlaceName, Place))


def _named(article) -> dict[type, list[Named]]:
    """Return the people, places, events and other sources `article` names, in each
    model's order, with the other names of its people and places, and whether it has
    corrections (under Correction): in one query.

    Each part numbers its rows in its model's ordering (a window), as the database
    collates, and the rows are put back in that order here.
    """
    using = Article.objects.db
    if using not in _compiled:
        _compiled[using] = _named_query().query.get_compiler(using).as_sql()
    sql, params = _compiled[using]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [article.pk if p is _STORY else p for p in params])
        rows = sorted(cursor.fetchall(), key=lambda row: (row[0], row[4]))
    models = {model._meta.model_name: model for model, _, _ in _NAMED}
    found = {model: {} for model in models.values()}
    owners = {model._meta.model_name: owner for model, owner in _OTHER_NAMES}
    for of, pk, slug, name, _ in rows:
        if of in models:
            url = models[of](slug=slug).get_absolute_url()
            found[models[of]][pk] = Named(pk, name, url, [name])
    for of, pk, _, name, _ in rows:
        if of in owners:
            found[owners[of]][pk].names.append(name)
    found[Correction] = {pk: None for of, pk, *_ in rows if of == "correction"}
    # Read as plain values, these rows do not name themselves to the cache: say it here.
    shows(*(object_key(model, pk) for model in models.values() for pk in found[model]))
    return {model: list(table.values()) for model, table in found.items()}


# The query of what a story names is the same for every story but the story's id, and
# building it took three times as long as running it: it is compiled once per database
# with a marker where the id goes (_StoryId), which each call replaces. Nothing else in
# it may depend on the request or the time (no published() there: what it reads has no
# publication state), or the compiled copy would freeze it.
_STORY = object()
_compiled: dict[str, tuple[str, tuple]] = {}


class _StoryId(Expression):
    output_field = BigIntegerField()

    def as_sql(self, compiler, connection):
        return "%s", [_STORY]


def _named_query():
    parts = []
    for model, relation, label in _NAMED:
        parts.append(
            model.objects.filter(**{f"{relation}__pk": _StoryId()})
            .annotate(
                of=Value(model._meta.model_name),
                label=F(label),
                url_slug=F("slug"),
                place_in_order=_numbered(model),
            )
            .values_list("of", "pk", "url_slug", "label", "place_in_order")
            .order_by()
        )
    for model, _ in _OTHER_NAMES:
        field = model.owner_field
        parts.append(
            model.objects.filter(**{f"{field}__articles__pk": _StoryId()})
            .annotate(
                of=Value(model._meta.model_name),
                owner=F(f"{field}_id"),
                no_slug=Value(""),
                place_in_order=_numbered(model),
            )
            .values_list("of", "owner", "no_slug", "name", "place_in_order")
            .order_by()
        )
    parts.append(
        Correction.objects.filter(article__pk=_StoryId())
        .annotate(of=Value("correction"), no_slug=Value(""), no_name=Value(""), n=Value(0))
        .values_list("of", "pk", "no_slug", "no_name", "n")
        .order_by()
    )
    return parts[0].union(*parts[1:], all=True)


def _numbered(model) -> Window:
    return Window(RowNumber(), order_by=list(model._meta.ordering))


class _Addresses:
    """Each object's address on the site, reversed once per render.

    A story names the same transcripts and people many times over (cited words, notes,
    JSON-LD): reversing each address every time took a tenth of the render. `stamp`
    sets `href` on objects for the templates.
    """

    def __init__(self):
        self.known: dict[tuple[str, int], str] = {}

    def __call__(self, obj) -> str:
        if isinstance(obj, Named):
            return obj.href
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
