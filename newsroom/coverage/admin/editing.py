"""A story's open change form in admin: autosave, who else is editing, restore.

The rules are `services.editing`; this module answers the form's reports (JSON),
offers a kept autosave back when the form opens, and restores or discards it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from newsroom.coverage.services import editing

RESTORE = "restore"  # the query parameter that opens the form with the autosave in it


def editable(model_admin, request, object_id):
    """Return the story `request`'s user may change, or refuse."""
    article = model_admin.get_object(request, object_id)
    if article is None:
        raise Http404("No such story.")
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied("You may not edit this story.")
    return article


def report_view(model_admin, request, object_id):
    """Keep what the open form changes; answer who else is editing and who saved since."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = editable(model_admin, request, object_id)
    if request.POST.get("leave"):
        editing.leave(article=article, user=request.user)
        return JsonResponse({"left": True})
    try:
        opened = int(request.POST.get("expected_version", ""))
    except ValueError:
        opened = None
    answer = editing.report(
        article=article,
        user=request.user,
        data=request.POST,
        opened_version=opened,
        typed=bool(request.POST.get("typed")),
    )
    return JsonResponse(answer.as_json())


def discard_view(model_admin, request, object_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = editable(model_admin, request, object_id)
    editing.drop(article=article, user=request.user)
    model_admin.message_user(request, "Your unsaved changes were discarded.")
    return redirect("admin:coverage_article_change", article.pk)


def kept(request, article):
    """The requesting editor's autosave of `article`, read once per request (the form and
    the page around it both ask)."""
    cache = request.__dict__.setdefault("_autosaves", {})
    if article.pk not in cache:
        cache[article.pk] = editing.kept(article=article, user=request.user)
    return cache[article.pk]


def restored(request, article) -> dict:
    """The autosave to put in the form being opened, when its editor asked for it back."""
    if request.method != "GET" or RESTORE not in request.GET or article is None:
        return {}
    session = kept(request, article)
    return session.fields if session else {}


def context(request, article, *, restoring: bool) -> dict:
    """What the change form shows about editing: others at it, an autosave to restore."""
    session = kept(request, article)
    by, when = editing.last_saved(article) if session else ("", None)
    if session and restoring:
        labels = ", ".join(editing.labels(session.fields))
        messages.info(
            request,
            f"Your unsaved changes to {labels} (autosaved at "
            f"{editing.clock(session.saved_at)}) are back in the form below: save to keep them.",
        )
        if when and when > session.saved_at:
            messages.warning(
                request,
                f"{by} saved this story at {editing.clock(when)}, after your autosave: where you "
                "both changed a field, the form shows yours.",
            )
    return {
        "editing": {
            "url": reverse("admin:coverage_article_editing", args=[article.pk]),
            "interval": int(editing.interval() * 1000),
            "fields": " ".join(editing.AUTOSAVED),
            "others": editing.others_editing(article=article, user=request.user),
            "kept": None if restoring else session,
            "kept_labels": ", ".join(editing.labels(session.fields)) if session else "",
            "kept_at": editing.clock(session.saved_at) if session else "",
            "restore_url": f"?{RESTORE}=1",
            "discard_url": reverse("admin:coverage_article_discard", args=[article.pk]),
        }
    }
