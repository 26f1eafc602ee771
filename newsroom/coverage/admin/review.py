"""The review screen: a story's suggested citations, a sentence at a time.

Each sentence of the story is shown beside the passages suggested for it, with one
button to confirm and one to reject each (the relation can be changed first), and
one to confirm every suggestion shown. Decisions go through `set_citation_status`.
Above them: what stands between the story and readers (the checks before publishing,
and any override), the tags its text and evidence point to, and every quotation of the
story checked against what its speaker said.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from newsroom.coverage.admin.checks import override_note
from newsroom.coverage.background.queueing import target_of
from newsroom.coverage.linking.mentions import Gazetteer
from newsroom.coverage.linking.sentences import split_sentences
from newsroom.coverage.models import (
    Article,
    BackgroundJob,
    Citation,
    CitationRelation,
    CitationStatus,
    JobKind,
)
from newsroom.coverage.models.background import PENDING
from newsroom.coverage.services.checks import publication_obstacles
from newsroom.coverage.services.linking import accept_tags, unlinked_mentions, untagged_events
from newsroom.coverage.services.publishing import CONFIRM, set_citation_status
from newsroom.coverage.services.quotes import check_story
from newsroom.coverage.services.revisions import keep_version, keep_version_of


@dataclass
class SentenceGroup:
    """A sentence of the story and the suggestions that quote words of it."""

    sentence: str
    position: int  # where it starts in the body, to keep the story's order
    citations: list = field(default_factory=list)


def group_by_sentence(body: str, citations) -> list[SentenceGroup]:
    """Group `citations` under the sentence of `body` holding their words, in story order.

    A quote found in no sentence (the story was edited since) gets a group of its own,
    after the story's sentences, under the words it quotes.
    """
    sentences = split_sentences(body)
    groups: dict[int, SentenceGroup] = {}
    for citation in citations:
        at = body.find(citation.quote) if citation.quote else -1
        holder = next((s for s in sentences if s.start <= at < s.end), None) if at >= 0 else None
        if holder is None:
            key = len(body) + len(groups)
            groups.setdefault(key, SentenceGroup(citation.quote, key))
        else:
            key = holder.start
            groups.setdefault(key, SentenceGroup(holder.text, key))
        groups[key].citations.append(citation)
    return [groups[key] for key in sorted(groups)]


def review_view(model_admin, request, object_id):
    """Show the suggestions of one story; confirm or reject them a click each."""
    article = get_object_or_404(Article, pk=object_id)
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    # Through the story's own relation, each citation knows its story without a query.
    suggested = (
        article.citations.filter(status=CitationStatus.SUGGESTED, segment__isnull=False)
        .select_related("segment__transcript", "segment__speaker")
        .order_by("-score", "pk")
    )
    if request.method == "POST" and request.POST.get("decision") == "tags":
        if not model_admin.has_change_permission(request, article):
            raise PermissionDenied("You may not change this story's tags.")
        added = accept_tags(article=article)
        names = ", ".join(str(t) for t in added) or "nothing new"
        model_admin.message_user(request, f"Tagged with {names}.", messages.SUCCESS)
        return redirect("admin:coverage_article_review", article.pk)
    if request.method == "POST":
        if not request.user.has_perm(CONFIRM):
            raise PermissionDenied("Only editors may confirm or reject citations.")
        decided = decide(request, article, suggested)
        if decided:
            model_admin.message_user(request, decided, messages.SUCCESS)
        return redirect("admin:coverage_article_review", article.pk)
    gazetteer = Gazetteer.from_database()
    quote_checks = check_story(article, gazetteer=gazetteer)
    people, places = unlinked_mentions(article, gazetteer)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Suggested citations: {article.headline}",
        "opts": Article._meta,
        "original": article,
        "groups": group_by_sentence(article.body, suggested),
        "quote_checks": quote_checks,
        "obstacles": publication_obstacles(article, checks=quote_checks),
        "override": override_note(article),
        "proposed_tags": [*people, *places, *untagged_events(article)],
        "may_tag": model_admin.has_change_permission(request, article),
        "relations": CitationRelation.choices,
        "may_decide": request.user.has_perm(CONFIRM),
        "suggesting": BackgroundJob.objects.filter(
            kind=JobKind.SUGGEST, target=target_of(article=article), state__in=PENDING
        ).first(),
        "decided_count": Citation.objects.filter(article=article)
        .exclude(status=CitationStatus.SUGGESTED)
        .count(),
    }
    return TemplateResponse(request, "admin/coverage/article/review.html", context)


def decide(request, article, suggested) -> str:
    """Apply the button pressed: confirm or reject one suggestion, or confirm all shown."""
    verb, _, wanted = request.POST.get("decision", "").partition(":")
    if verb == "confirm-all":
        shown = {int(pk) for pk in request.POST.getlist("shown") if pk.isdigit()}
        chosen = [c for c in suggested if c.pk in shown]
        status = CitationStatus.CONFIRMED
    elif verb in ("confirm", "reject") and wanted.isdigit():
        chosen = [c for c in suggested if c.pk == int(wanted)]
        status = CitationStatus.CONFIRMED if verb == "confirm" else CitationStatus.REJECTED
    else:
        return ""
    # One version of the story, noted with the decisions (its words do not change).
    with transaction.atomic(), keep_version(request.user):
        keep_version_of(article)
        for citation in chosen:
            relation = request.POST.get(f"relation-{citation.pk}")
            if relation in CitationRelation.values and relation != citation.relation:
                citation.relation = relation
                citation.save(update_fields=["relation"])
            set_citation_status(citation=citation, user=request.user, status=status)
    if not chosen:
        return "That suggestion was already decided."
    done = "Confirmed" if status == CitationStatus.CONFIRMED else "Rejected"
    return f"{done} {len(chosen)} citation{'s' if len(chosen) != 1 else ''}."
