"""Readers' alerts on the site: ask for one, confirm it, stop it in one click, manage
every alert of an address. No page shows an address; the signed links mailed to it
are the reader's key."""

from django import forms
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsroom.coverage.models import (
    Alert,
    AlertFrequency,
    AlertKind,
    Person,
    Transcript,
)
from newsroom.coverage.syndication import alert_mail, alerts

NOINDEX = {"X-Robots-Tag": "noindex"}


class AlertForm(forms.Form):
    email = forms.EmailField(label="Your email address", max_length=254)
    frequency = forms.ChoiceField(
        label="How often",
        choices=AlertFrequency.choices,
        initial=AlertFrequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    phrase = forms.CharField(label="Phrase", max_length=100, required=False)


class AddressForm(forms.Form):
    email = forms.EmailField(label="Your email address", max_length=254)


def _answer(request, template, context, status=200):
    response = render(request, f"coverage/alerts/{template}", context, status=status)
    for header, value in NOINDEX.items():
        response[header] = value
    return response


def _subject(request):
    """Return what the alert asked for by the address is about: (kind, person, transcript)."""

    def source(name):  # the form's hidden field, else the address (?person=…)
        return request.POST.get(name) or request.GET.get(name)

    if slug := source("person"):
        person = Person.objects.filter(slug=slug[:200]).first()
        if person is None:
            raise Http404("No such person.")
        return AlertKind.PERSON, person, None
    if slug := source("transcript"):
        transcript = Transcript.objects.published().filter(slug=slug[:200]).first()
        if transcript is None:
            raise Http404("No such transcript.")
        return AlertKind.CITED, None, transcript
    return AlertKind.PHRASE, None, None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def new_alert(request):
    """Ask for an alert: on a person (`?person=`), on stories citing a transcript
    (`?transcript=`), or on a phrase."""
    kind, person, transcript = _subject(request)
    form = AlertForm(
        request.POST if request.method == "POST" else None,
        initial={"phrase": request.GET.get("phrase", "")[:100]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                alerts.ask(
                    email=data["email"],
                    kind=kind,
                    frequency=data["frequency"],
                    person=person,
                    phrase=data["phrase"],
                    transcript=transcript,
                )
        except alerts.Refused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused))
        else:
            return redirect("alert-asked")
    context = {"form": form, "kind": kind, "person": person, "transcript": transcript}
    return _answer(request, "new.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "HEAD"])
def asked(request):
    return _answer(request, "asked.html", {})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """Show the confirmation button (a link followed by a mail scanner confirms
    nothing); confirm on POST."""
    if request.method != "POST":
        return _answer(request, "confirm.html", {"token": token})
    alert = alerts.confirm(token)
    if alert is None:
        return _answer(request, "invalid.html", {}, status=404)
    return _answer(
        request, "confirmed.html", {"alert": alert, "manage_url": alerts.manage_url(alert.email)}
    )


@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", no token
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def stop(request, token):
    """Stop the alerts an unsubscribe link names: one click (POST), or a page with a
    button for a reader following the link."""
    if request.method != "POST":
        if alerts.stop_names(token) is None:
            return _answer(request, "invalid.html", {}, status=404)
        return _answer(request, "stop.html", {"token": token})
    stopped = alerts.stop(token)
    if stopped is None:
        return _answer(request, "invalid.html", {}, status=404)
    return _answer(request, "stopped.html", {"stopped": stopped})


class ManageForm(forms.Form):
    alert = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("stop", "stop"), *AlertFrequency.choices])


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """Every alert of the address the link was mailed to: change how often, or stop."""
    email = alerts.address_of(token)
    if email is None:
        return _answer(request, "invalid.html", {}, status=404)
    mine = Alert.objects.filter(email=email).select_related("person", "transcript")
    if request.method == "POST":
        form = ManageForm(request.POST)
        if not form.is_valid():
            return _answer(request, "invalid.html", {}, status=400)
        chosen = mine.filter(pk=form.cleaned_data["alert"])
        action = form.cleaned_data["action"]
        if action == "stop":
            chosen.delete()
        else:
            chosen.update(frequency=action)
        return redirect("alert-manage", token=token)
    return _answer(
        request,
        "manage.html",
        {"alerts": list(mine), "frequencies": AlertFrequency.choices, "token": token},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def alerts_home(request):
    """What alerts are; a phrase alert; the link to manage an address's alerts."""
    form = AddressForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = alerts.normal_address(form.cleaned_data["email"])
        transaction.on_commit(lambda: alert_mail.send_manage_link(email))
        return redirect("alert-asked")
    return _answer(request, "home.html", {"form": form, "phrase": AlertForm()})
