"""Search through the API: the site's search, as JSON.

The same parser, ranking and public rules as `/search/` (`coverage.search`): only
published stories and passages of published transcripts, for every client. Filters the
site reports and ignores when malformed are a 400 here, with the field's message; a
person no one has the address of finds nothing.
"""

from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.reverse import reverse

from newsroom.coverage.api.pagination import ResultsPagination
from newsroom.coverage.models import Person
from newsroom.coverage.search import Result, Results, prepare, search, searching


class SearchParameters(serializers.Serializer):
    q = serializers.CharField(
        max_length=200,
        trim_whitespace=False,  # blank words are no query: nothing found, as on the site
        help_text='Every word is wanted (stemmed); "quoted words" stand together in order; '
        "a leading - excludes a word or a phrase.",
    )
    kind = serializers.ChoiceField(choices=["stories", "passages"], required=False)
    person = serializers.SlugField(
        max_length=200, required=False, help_text="Stories about, and passages spoken by, them."
    )
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


class PieceSerializer(serializers.Serializer):
    text = serializers.CharField()
    match = serializers.BooleanField(help_text="Words of the query.")


class SearchResultSerializer(serializers.Serializer):
    """A story or a transcript passage found, with the words it was found by marked."""

    kind = serializers.ChoiceField(choices=["story", "passage"])
    found_in = serializers.ChoiceField(
        choices=["own words", "speaker's title"],
        help_text="Where the words are: the story's or passage's own text, or only the "
        "title of the passage's speaker (such results come after every other).",
    )
    title = PieceSerializer(
        many=True, help_text="The story's headline, or the passage speaker's title."
    )
    snippet = PieceSerializer(many=True, help_text="The text around the matches.")
    slug = serializers.CharField(help_text="The story's, or the passage's transcript's.")
    position = serializers.IntegerField(allow_null=True, help_text="The passage's paragraph.")
    speaker = serializers.CharField(allow_null=True)
    date = serializers.DateField(allow_null=True, help_text="The passage's transcript's date.")
    page_url = serializers.URLField()
    api_url = serializers.URLField()

    def to_representation(self, result: Result) -> dict:
        request = self.context["request"]
        found = result.object
        story = result.kind == "story"
        if story:
            api_url = reverse("api:article-detail", args=[found.slug], request=request)
        else:
            api_url = reverse("api:segment-detail", args=[found.pk], request=request)
        return {
            "kind": result.kind,
            "found_in": "own words" if result.own_words else "speaker's title",
            "title": _pieces(result.title),
            "snippet": _pieces(result.snippet),
            "slug": found.slug if story else found.transcript.slug,
            "position": None if story else found.position,
            "speaker": None if story or found.speaker is None else found.speaker.name,
            "date": None if story else found.transcript.date.isoformat(),
            "page_url": request.build_absolute_uri(found.get_absolute_url()),
            "api_url": api_url,
        }


def _pieces(pieces: list[tuple[str, bool]]) -> list[dict]:
    return [{"text": text, "match": match} for text, match in pieces]


READING = {  # search.query.Reading
    "type": "object",
    "properties": {
        "typed": {"type": "string", "description": "The words as the query has them."},
        "searched": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The other wordings searched with them.",
        },
        "kind": {
            "type": "string",
            "enum": ["name", "synonym"],
            "description": "name: other names of a person or place in the archive; "
            "synonym: a group of the newsroom's synonyms.",
        },
        "label": {
            "type": "string",
            "description": "The person's or place's name, or the synonym group's first wording.",
        },
    },
    "required": ["typed", "searched", "kind", "label"],
}


class SearchPagination(ResultsPagination):
    """Pages of results, with how the query was read (`readings`) beside them."""

    readings = ()

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["readings"] = [asdict(reading) for reading in self.readings]
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["readings"] = {
            "type": "array",
            "items": READING,
            "description": "The query's words searched in other wordings too: a name "
            "as the archive spells it, or a synonym (the search page says the same).",
        }
        schema["required"] = [*schema.get("required", []), "readings"]
        return schema


class SearchView(GenericAPIView):
    """Search published stories and transcript passages, best first."""

    permission_classes = [AllowAny]
    pagination_class = SearchPagination
    filter_backends = []
    serializer_class = SearchResultSerializer

    @extend_schema(
        parameters=[SearchParameters],
        responses=SearchResultSerializer(many=True),
        summary="Search stories and passages",
    )
    def get(self, request):
        """Answer as the site's search page does: stories and passages together, ranked,
        those whose own text holds the words first; when nothing has every word, those
        with some of them."""
        # A plain dict: DRF reads a form's empty value as "not given", the schema does not.
        asked = SearchParameters(data=request.query_params.dict())
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        person = None
        if "person" in data:
            person = Person.objects.filter(slug=data["person"]).first()
        with searching():
            results = Results()
            if person is not None or "person" not in data:  # nobody of that name says nothing
                results = search(
                    data["q"],
                    kind=data.get("kind", ""),
                    person=person,
                    date_from=data.get("date_from"),
                    date_to=data.get("date_to"),
                )
            page = prepare(self.paginate_queryset(list(results)), results.query)
        self.paginator.readings = results.query.readings
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
