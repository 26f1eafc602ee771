"""A transcript's text revisions in admin: what each changed, word by word, and the
citations it moved; and the preview an editor confirms before a text is replaced."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from newsroom.coverage.diffing import paragraph_diff_html, word_diff_html
from newsroom.coverage.models import AnchorState, Transcript
from newsroom.coverage.services.transcript_versions import describe


def revisions_view(model_admin, request, object_id):
    """List the text revisions of a transcript; show one against the version before."""
    transcript = get_object_or_404(Transcript, pk=object_id)
    if not model_admin.has_view_or_change_permission(request, transcript):
        raise PermissionDenied
    revisions = list(transcript.revisions.select_related("user").order_by("-number"))
    wanted = request.GET.get("n", "")
    chosen = next((r for r in revisions if str(r.number) == wanted), None) or (
        revisions[0] if revisions else None
    )
    before = next((r for r in revisions if chosen and r.number == chosen.number - 1), None)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Text revisions of “{transcript}”",
        "opts": Transcript._meta,
        "original": transcript,
        "revisions": revisions,
        "chosen": chosen,
        "before": before,
        "difference": _difference(before, chosen) if before else None,
    }
    return TemplateResponse(request, "admin/coverage/transcript/revisions.html", context)


def _difference(before, after):
    """Return the word-level difference of two versions' texts, unchanged runs folded."""

    def text(revision):
        return "\n\n".join(
            f"{label}: {words}" if label else words for _, _, label, words in revision.paragraphs
        )

    return paragraph_diff_html(text(before), text(after))


def render_preview(model_admin, request, form, plan):
    """Show what replacing a transcript's text would do, for the editor to confirm."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Replace the text of “{plan.transcript}”?",
        "opts": Transcript._meta,
        "form": form,
        "plan": plan,
        "lines": describe(plan),
        "moved": plan.outcomes(AnchorState.MOVED),
        "reanchored": plan.outcomes(AnchorState.REANCHORED),
        "lost": plan.outcomes(AnchorState.LOST),
        "changes": [word_diff_html(old, new) for old, new in plan.pairs],
    }
    return TemplateResponse(request, "admin/coverage/transcript/revision_preview.html", context)
