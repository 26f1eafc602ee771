import contextlib

from django import forms
from django.shortcuts import render

from newsroom.coverage.models import Person
from newsroom.coverage.reading.paging import paginate
from newsroom.coverage.search import LIMIT, Results, prepare, search, searching

KINDS = ("story", "passage")


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", max_length=200, required=False)
    kind = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "Stories and passages"), ("stories", "Stories"), ("passages", "Passages")],
    )
    person = forms.SlugField(label="Person", required=False, max_length=200)
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput({"type": "date"})
    )
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput({"type": "date"}))


def search_view(request):
    """Search stories and transcript passages; invalid filters are reported and ignored."""
    form = SearchForm(request.GET)
    form.is_valid()  # keeps the valid fields in cleaned_data; errors are shown
    data = form.cleaned_data
    query = data.get("q", "").strip()
    person = None
    if data.get("person"):
        person = Person.objects.filter(slug=data["person"]).first()
        if person is None:
            form.add_error("person", "No person has this name in the address.")
    results = Results()
    params = request.GET.copy()
    params.pop("page", None)
    with searching() if query else contextlib.nullcontext():
        if query:
            results = search(
                query,
                kind=data.get("kind", ""),
                person=person,
                date_from=data.get("date_from"),
                date_to=data.get("date_to"),
            )
        page = paginate(request, results)
        page.object_list = prepare(page.object_list, results.query)
    context = {
        "form": form,
        "search_query": query,
        "page": page,
        "total": len(results),
        "every_word": results.every_word,
        "readings": results.query.readings,
        "capped": any(sum(r.kind == kind for r in results) >= LIMIT for kind in KINDS),
        "query_string": params.urlencode(),
    }
    return render(request, "coverage/search.html", context)
