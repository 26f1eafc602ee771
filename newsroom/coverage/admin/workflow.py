"""The editorial workflow in admin, shared by stories and transcripts.

Every change of status, from the status field, a button or a bulk action, goes
through `services.publishing`; this module only turns its answers into form errors
and messages.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from newsroom.coverage.diffing import paragraph_diff_html
from newsroom.coverage.models import PublicationStatus
from newsroom.coverage.services import revisions
from newsroom.coverage.services.audit import log
from newsroom.coverage.services.checks import PublicationRefused, refusal
from newsroom.coverage.services.publishing import (
    NEEDS_EDITOR,
    PUBLISH,
    PUBLISHING_STATUSES,
    StaleWrite,
    apply_status,
    change_status,
    check_status_change,
    evidence_due,
    lock_version,
    publish,
    submit_for_review,
)
from newsroom.coverage.services.revisions import keep_version

STALE = (
    "Someone else saved this after you opened it. Your changes were not saved: "
    "copy them, reload the page to see the other changes, and apply yours again."
)


# The fields only those who may publish use: a reporter's form does not show them.
FOR_PUBLISHERS = frozenset({"publish_at", "withdrawal_reason", "checks_override"})
REPORTER_STATUS_HELP = (
    "Keep it as a draft while you work on it; put it in review when an editor may publish it."
)


def publication_fieldset(*extra: str):
    """The change form's Publication fieldset: the workflow fields, then `extra`."""
    fields = ["status", "publish_at", "withdrawal_reason", "published_at", *extra]
    return ("Publication", {"fields": [*fields, "expected_version"]})


class PublishableForm(forms.ModelForm):
    """A change form that refuses stale saves and status changes the user may not make."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    user = None  # set per request by WorkflowAdmin.get_form
    refused = None  # the checks that refused this very submission, shown on the form again

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version
        self.previous_status = self.instance.status if self.instance.pk else None

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status:
            try:
                check_status_change(
                    user=self.user,
                    previous=self.previous_status,
                    status=status,
                    publish_at=data.get("publish_at"),
                    reason=data.get("withdrawal_reason", ""),
                )
            except PermissionDenied as refused:
                self.add_error("status", str(refused))
            except ValidationError as error:
                self.add_error(None, error)
        if self.refused is not None:
            self.add_error("status", refusal(self.refused.obstacles))
        if self.instance.pk:
            # The admin wraps the save in a transaction: the row stays locked until then.
            try:
                lock_version(obj=self.instance, expected=data.get("expected_version"))
            except StaleWrite:
                raise ValidationError(STALE, code="stale") from None
        return data


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label="Why it is withdrawn",
        widget=forms.Textarea({"rows": 4, "cols": 60}),
        help_text="Readers see this at its address, with the headline and the date, "
        "instead of the text.",
    )


class WorkflowAdmin(admin.ModelAdmin):
    """Publish, schedule, withdraw and review for a model with a publication status."""

    actions = ["publish_selected", "withdraw_selected"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Save a change form; a publication its checks refuse is undone and shown why.

        A story's checks read it as saved, with its citations and events (the inlines and
        the many-to-many fields are saved after the story), so they run at the end of
        the save. When they refuse, the whole save is rolled back and the form is shown
        again with the editor's input and the reason.
        """
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            with keep_version(request.user):
                return super().changeform_view(request, object_id, form_url, extra_context)
        except PublicationRefused as refused:
            request.publication_refused = refused
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request, obj=None):
        """Leave out, for those who may not publish, the fields only publishing uses."""
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm(PUBLISH):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in FOR_PUBLISHERS]})
            for name, options in fieldsets
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        form.refused = getattr(request, "publication_refused", None)
        if not request.user.has_perm(PUBLISH) and "status" in form.base_fields:
            allowed = {PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW}
            if obj is not None:
                allowed.add(obj.status)
            field = form.base_fields["status"]
            field.choices = [c for c in field.choices if c[0] in allowed]
            field.help_text = REPORTER_STATUS_HELP
        return form

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.status in PUBLISHING_STATUSES
            and not request.user.has_perm(PUBLISH)
        ):
            return False  # reporters work on drafts; what readers have is the editors'
        return super().has_change_permission(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH)

    def save_model(self, request, obj, form, change):
        loaded = getattr(obj, "_loaded", {})
        previous = loaded.get("status") if change else None
        message = None
        if obj.status != previous:
            message = apply_status(
                obj=obj,
                user=request.user,
                status=obj.status,
                previous=previous,
                publish_at=obj.publish_at,
                reason=obj.withdrawal_reason,
                evidence=False,  # checked once the inlines are saved (save_related)
            )
        override = form.cleaned_data.get("checks_override", "")
        obj.evidence_due = evidence_due(obj.status, previous, override)
        super().save_model(request, obj, form, change)
        if change and message:
            log(request.user, obj, message)
        self.after_save(request, obj, loaded)

    def after_save(self, request, obj, loaded) -> None:
        """Do what a save implies beyond the object itself (stories keep old addresses)."""

    @admin.action(description="Publish the selected items", permissions=["publish"])
    def publish_selected(self, request, queryset):
        """Publish those that pass their checks; show why the others did not.

        The page that lists the refused ones offers to publish them over the checks,
        with a reason written once for all of them.
        """
        override = request.POST.get("checks_override", "").strip()
        published, refused = [], []
        with transaction.atomic():
            for obj in queryset:
                try:
                    publish(article=obj, user=request.user, override=override)
                except PublicationRefused as error:
                    refused.append((obj, error.obstacles))
                else:
                    published.append(obj)
        if published:
            self.message_user(request, f"Published {len(published)}.", messages.SUCCESS)
        if not refused:
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Not published: the checks stand in the way",
            "opts": self.model._meta,
            "refused": refused,
            "published": published,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/coverage/publish_over_checks.html", context)

    @admin.action(description="Withdraw the selected items…", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        """Ask for the reason readers will see, then withdraw them all with it."""
        form = WithdrawalForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            with transaction.atomic():
                for obj in queryset:
                    change_status(
                        obj=obj,
                        user=request.user,
                        status=PublicationStatus.WITHDRAWN,
                        reason=form.cleaned_data["reason"],
                    )
            self.message_user(request, f"Withdrew {len(queryset)}.", messages.SUCCESS)
            return None
        return self.render_withdrawal(request, list(queryset), form, bulk=True)

    def render_withdrawal(self, request, objects, form, *, bulk: bool):
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": "Withdraw from readers",
            "opts": opts,
            "objects": objects,
            "form": form,
            "bulk": bulk,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/coverage/withdraw.html", context)

    def get_urls(self):
        opts = self.model._meta
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/withdraw/",
                view(self.withdraw_view),
                name=f"{opts.app_label}_{opts.model_name}_withdraw",
            ),
            path(
                "<int:object_id>/versions/",
                view(self.versions_view),
                name=f"{opts.app_label}_{opts.model_name}_versions",
            ),
            path(
                "<int:object_id>/workflow/<slug:action>/",
                view(self.workflow_view),
                name=f"{opts.app_label}_{opts.model_name}_workflow",
            ),
            *super().get_urls(),
        ]

    def change_url(self, obj) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def withdraw_view(self, request, object_id):
        """Ask for confirmation and a reason, then withdraw one item."""
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        form = WithdrawalForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            change_status(
                obj=obj,
                user=request.user,
                status=PublicationStatus.WITHDRAWN,
                reason=form.cleaned_data["reason"],
            )
            self.message_user(
                request, "Withdrawn. Its address now tells readers why.", messages.SUCCESS
            )
            return redirect(self.change_url(obj))
        return self.render_withdrawal(request, [obj], form, bulk=False)

    def versions_view(self, request, object_id):
        """List the saved versions; compare two word by word; restore one."""
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = list(revisions.versions_of(obj))
        by_pk = {str(v.pk): v for v in versions}
        if request.method == "POST":
            version = by_pk.get(request.POST.get("restore", ""))
            if version is None or not self.has_change_permission(request, obj):
                raise PermissionDenied("Choose a version of this item to restore.")
            revisions.restore(obj=obj, version=version, user=request.user)
            self.message_user(
                request,
                "Restored. The restored words are now the latest version; the publication "
                "status did not change.",
                messages.SUCCESS,
            )
            return redirect(self.change_url(obj))
        # By default the newest version against the one before it.
        older = by_pk.get(request.GET.get("a", "")) or (versions[1] if len(versions) > 1 else None)
        newer = by_pk.get(request.GET.get("b", "")) or (versions[0] if versions else None)
        if older and newer and older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        differences = []
        if older and newer and older != newer:
            differences = [
                (label, paragraph_diff_html(old, new))
                for label, old, new in revisions.compare(obj, older, newer)
            ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Versions of “{obj}”",
            "opts": self.model._meta,
            "original": obj,
            "versions": versions,
            "older": older,
            "newer": newer,
            "differences": differences,
            "may_restore": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/coverage/versions.html", context)

    def response_change(self, request, obj):
        """After a save, run the workflow button that sent the form, if one did."""
        action = request.POST.get("_workflow")
        if not action:
            return super().response_change(request, obj)
        return self.run_workflow(request, obj, action)

    def workflow_view(self, request, object_id, action):
        """Run a workflow action on one item, by a POST of its own (scripts, old pages)."""
        obj = get_object_or_404(self.model, pk=object_id)
        if request.method == "POST":
            return self.run_workflow(request, obj, action)
        return redirect(self.change_url(obj))

    def run_workflow(self, request, obj, action: str):
        """Run a workflow button (suggest, submit, publish, withdraw) and say what it did.

        The change form's buttons send the form, so what the editor typed is saved
        first; a form that does not save runs no action. Withdrawing asks for a reason
        on a page of its own.
        """
        opts = self.model._meta
        if action == "withdraw":
            if not self.has_publish_permission(request):
                self.message_user(request, NEEDS_EDITOR, messages.ERROR)
                return redirect(self.change_url(obj))
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_withdraw", obj.pk)
        try:
            with transaction.atomic():
                message = self.workflow_action(request, obj, action)
        except PermissionDenied as error:
            self.message_user(request, str(error) or "Not allowed.", messages.ERROR)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            if isinstance(message, str):
                self.message_user(request, message, messages.SUCCESS)
            else:
                return message
        return redirect(self.change_url(obj))

    def workflow_action(self, request, obj, action: str):
        """Do one button's action; return the message to show, or a response."""
        if action == "submit":
            submit_for_review(article=obj, user=request.user)
            return "Submitted for review."
        if action == "publish":
            publish(
                article=obj, user=request.user, override=request.POST.get("checks_override", "")
            )
            return "Published."
        raise PermissionDenied(f"There is no “{action}” button.")
