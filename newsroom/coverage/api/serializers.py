import copy
import re

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from newsroom.coverage.api.fields import ApiUrlField, PageUrlField
from newsroom.coverage.cache.collecting import shows
from newsroom.coverage.importers.reading import MAX_DOCUMENT_BYTES
from newsroom.coverage.models import (
    AnchorState,
    Article,
    BackgroundJob,
    Citation,
    Correction,
    Event,
    Person,
    Place,
    PublicationStatus,
    QuoteVerdict,
    Role,
    Segment,
    Source,
    Transcript,
    TranscriptRevision,
)
from newsroom.coverage.services.audit import log
from newsroom.coverage.services.checks import (
    OVERRIDE_FIELDS,
    PublicationRefused,
    check_evidence,
    refusal,
)
from newsroom.coverage.services.imports import unique_slug
from newsroom.coverage.services.publishing import (
    apply_status,
    change_status,
    check_status_change,
    evidence_due,
    may_set_citation_status,
    rename,
)

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SLUG_PATTERN = "^[-a-zA-Z0-9_]+$"
# The JSON types each kind of field takes. DRF would also read 5 as "5" or "true" as
# True; the schema says which type a field is, and a client that sent another one made
# a mistake to hear of.
JSON_TYPES = {
    serializers.BooleanField: (bool,),
    serializers.IntegerField: (int,),
    serializers.FloatField: (int, float),
    serializers.CharField: (str,),
    serializers.ChoiceField: (str,),
    serializers.DateField: (str,),
    serializers.DateTimeField: (str,),
    serializers.SlugRelatedField: (str,),
    serializers.RelatedField: (str, int),
    serializers.ManyRelatedField: (list,),
}


def json_type_error(field, value) -> str | None:
    """Say what JSON type `field` takes, if `value` is not of it (None when it is)."""
    wanted = next((t for kind, t in JSON_TYPES.items() if isinstance(field, kind)), None)
    if wanted is None:
        return None
    if isinstance(value, wanted) and not (bool not in wanted and isinstance(value, bool)):
        if isinstance(field, serializers.ManyRelatedField):
            errors = [json_type_error(field.child_relation, item) for item in value]
            return next((e for e in errors if e), None)
        return None
    return f"Give a {' or '.join(t.__name__ for t in wanted)}."


SLUG_LENGTH = 200


def nested(parent, serializer_class):
    """Return one list serializer of `serializer_class` per `parent`, built once.

    A method field that built a new serializer per row would rebuild its fields each
    time, which costs more than the rows themselves on a page of results.
    """
    cache = parent.__dict__.setdefault("_nested", {})
    if serializer_class not in cache:
        cache[serializer_class] = serializer_class(many=True, context=parent.context)
    return cache[serializer_class]


@extend_schema_field({"type": "string", "pattern": SLUG_PATTERN})
class SafeSlugRelatedField(serializers.SlugRelatedField):
    """A slug relation that refuses text no slug can be before asking the database.

    Text that cannot be a slug is malformed (400); a slug that names no object conflicts
    with what is stored (409, see `exceptions`).
    """

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        "not_a_slug": "“{value}” cannot be a slug: give the slug of an object, or null.",
    }

    def run_validation(self, data=serializers.empty):
        # DRF reads "" as null for relations; the schema says a slug, or null for none.
        if data == "":
            self.fail("not_a_slug", value="")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if isinstance(data, str) and (len(data) > SLUG_LENGTH or CONTROL.search(data)):
            self.fail("not_a_slug", value=CONTROL.sub("", data[:50]))
        return super().to_internal_value(data)


def slug_field(queryset, many=False, **kwargs):
    return SafeSlugRelatedField(slug_field="slug", queryset=queryset, many=many, **kwargs)


class RFC3339DateTimeField(serializers.DateTimeField):
    """A date-time as RFC 3339 writes it (the schema's `date-time`), and nothing looser."""

    PATTERN = re.compile(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
    )

    def to_internal_value(self, value):
        if isinstance(value, str) and not self.PATTERN.fullmatch(value):
            self.fail("invalid", format="YYYY-MM-DDThh:mm:ss with Z or an offset (RFC 3339)")
        return super().to_internal_value(value)


class FullDateField(serializers.DateField):
    """A date as YYYY-MM-DD (the schema's `date`), not DRF's laxer forms (2023-9-8)."""

    PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

    def to_internal_value(self, value):
        if isinstance(value, str) and not self.PATTERN.fullmatch(value):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class ConstraintsChecked(serializers.ModelSerializer):
    """Check the model's database constraints (unique, check) as validation: 400, not 500.

    In a JSON body, each field must also come as the JSON type the schema gives it, and
    dates and times as RFC 3339 writes them.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: RFC3339DateTimeField,
        models.DateField: FullDateField,
    }

    def to_internal_value(self, data):
        request = self.context.get("request")
        if request is not None and request.content_type == "application/json":
            errors = {}
            for name, field in self.fields.items():
                if field.read_only or not isinstance(data, dict) or data.get(name) is None:
                    continue
                if error := json_type_error(field, data[name]):
                    errors[name] = [error]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        concrete = {f.name for f in model._meta.concrete_fields}
        values = {k: v for k, v in attrs.items() if k in concrete}
        if self.instance is not None:
            candidate = copy.copy(self.instance)
            for name, value in values.items():
                setattr(candidate, name, value)
        else:
            candidate = model(**values)
        try:
            candidate.validate_constraints()
        except DjangoValidationError as error:
            # as_serializer_error keeps each message's code ("unique" becomes a 409).
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        return attrs


class PublishableSerializer(ConstraintsChecked):
    """Stories and transcripts: status changes go through the one editorial rule."""

    WORKFLOW = ("status", "publish_at", "withdrawal_reason")
    # What `validate` decided about a story's checks: the override to record, the note.
    overridden: dict | None = None
    evidence_note = ""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = self.context["request"].user
        previous = self.instance.status if self.instance else None
        status = attrs.get("status", previous or PublicationStatus.DRAFT)

        def current(name, default):
            return attrs.get(name, getattr(self.instance, name, default))

        try:
            check_status_change(
                user=user,
                previous=previous,
                status=status,
                publish_at=current("publish_at", None),
                reason=current("withdrawal_reason", ""),
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs

    def _workflow(self, data, instance=None):
        """Take the workflow fields out of `data`, for the editorial rule to apply."""
        wanted = {name: data.pop(name) for name in self.WORKFLOW if name in data}
        return {
            "status": wanted.get("status", getattr(instance, "status", PublicationStatus.DRAFT)),
            "publish_at": wanted.get("publish_at", getattr(instance, "publish_at", None)),
            "reason": wanted.get("withdrawal_reason", getattr(instance, "withdrawal_reason", "")),
        }

    def create(self, data):
        workflow = self._workflow(data)
        obj = super().create(data)
        self._record_override(obj)
        if workflow["status"] != obj.status:
            # A story's checks ran in `validate`, on the story as this request makes it.
            change_status(obj=obj, user=self.context["request"].user, **workflow, evidence=False)
        self._log_override(obj)
        return obj

    def update(self, instance, data):
        workflow = self._workflow(data, instance)
        previous = instance.status
        user = self.context["request"].user
        message = None
        if workflow["status"] != previous:
            message = apply_status(
                obj=instance, user=user, previous=previous, **workflow, evidence=False
            )
        else:
            instance.publish_at = workflow["publish_at"]
            instance.withdrawal_reason = workflow["reason"]
        self._record_override(instance)
        obj = super().update(instance, data)
        if message:
            log(user, obj, message)
        self._log_override(obj)
        return obj

    def _record_override(self, obj):
        for name, value in (self.overridden or {}).items():
            setattr(obj, name, value)

    def _log_override(self, obj):
        if self.evidence_note:
            log(self.context["request"].user, obj, f"Published {self.evidence_note}")


class BackgroundJobSerializer(serializers.ModelSerializer):
    """Work a worker does for editors, as the desk shows it (read only)."""

    # Null for a job on every record (rebuilding the linking index), and on the other kind.
    article = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    transcript = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    api_url = ApiUrlField("api:job-detail", lookup="pk")

    class Meta:
        model = BackgroundJob
        fields = [
            "id",
            "kind",
            "state",
            "article",
            "transcript",
            "done",
            "total",
            "result",
            "error",
            "attempts",
            "requested_at",
            "started_at",
            "finished_at",
            "api_url",
        ]
        read_only_fields = fields


class SourceSerializer(ConstraintsChecked):
    api_url = ApiUrlField("api:source-detail")
    page_url = PageUrlField()

    class Meta:
        model = Source
        fields = ["slug", "name", "kind", "url", "description", "api_url", "page_url"]


class PlaceSerializer(ConstraintsChecked):
    parent = slug_field(Place.objects.all(), required=False, allow_null=True)
    other_names = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    api_url = ApiUrlField("api:place-detail")
    page_url = PageUrlField()

    class Meta:
        model = Place
        fields = ["slug", "name", "kind", "parent", "other_names", "summary", "api_url", "page_url"]


class RoleSerializer(ConstraintsChecked):
    place = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Role
        fields = ["title", "organisation", "place", "start_date", "end_date"]


class PersonSerializer(ConstraintsChecked):
    other_names = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    roles = RoleSerializer(many=True, read_only=True)
    api_url = ApiUrlField("api:person-detail")
    page_url = PageUrlField()

    class Meta:
        model = Person
        fields = [
            "slug",
            "name",
            "sort_name",
            "summary",
            "other_names",
            "roles",
            "api_url",
            "page_url",
        ]


class EventSerializer(ConstraintsChecked):
    place = slug_field(Place.objects.all(), required=False, allow_null=True)
    participants = slug_field(Person.objects.all(), many=True, required=False)
    api_url = ApiUrlField("api:event-detail")
    page_url = PageUrlField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "date",
            "date_precision",
            "place",
            "format",
            "participants",
            "summary",
            "api_url",
            "page_url",
        ]


class TranscriptSerializer(PublishableSerializer):
    event = slug_field(Event.objects.all(), required=False, allow_null=True)
    source = slug_field(Source.objects.all())
    place = slug_field(Place.objects.all(), required=False, allow_null=True)
    api_url = ApiUrlField("api:transcript-detail")
    page_url = PageUrlField()

    class Meta:
        model = Transcript
        fields = [
            "slug",
            "title",
            "event",
            "source",
            "source_url",
            "date",
            "dateline",
            "place",
            "summary",
            "status",
            "publish_at",
            "withdrawal_reason",
            "published_at",
            "withdrawn_at",
            "api_url",
            "page_url",
        ]
        read_only_fields = ["published_at", "withdrawn_at"]


class StoryLinkSerializer(ConstraintsChecked):
    page_url = PageUrlField()

    class Meta:
        model = Article
        fields = ["slug", "headline", "page_url"]


class SegmentSerializer(ConstraintsChecked):
    transcript = slug_field(Transcript.objects.all())
    position = serializers.IntegerField(min_value=1, max_value=2_000_000_000)
    speaker = slug_field(Person.objects.all(), required=False, allow_null=True)
    api_url = ApiUrlField("api:segment-detail", lookup="pk")
    page_url = PageUrlField()
    anchor = serializers.CharField(
        read_only=True,
        help_text="The paragraph's address on its transcript's page (#p<key>): it stays "
        "when a revision renumbers the paragraphs.",
    )
    citing_articles = serializers.SerializerMethodField()

    class Meta:
        model = Segment
        fields = [
            "id",
            "transcript",
            "position",
            "anchor",
            "speaker",
            "speaker_label",
            "kind",
            "text",
            "citing_articles",
            "api_url",
            "page_url",
        ]

    @extend_schema_field(StoryLinkSerializer(many=True))
    def get_citing_articles(self, segment):
        shows(f"cited:{segment.transcript_id}")  # for the cache: which stories cite it
        citations = getattr(segment, "public_citations", [])
        stories = {c.article_id: c.article for c in citations}
        return nested(self, StoryLinkSerializer).to_representation(list(stories.values()))


class CitedPassageSerializer(ConstraintsChecked):
    transcript = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    speaker = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    speaker_name = serializers.CharField(
        source="speaker.name", read_only=True, default=None, allow_null=True
    )
    page_url = PageUrlField()

    class Meta:
        model = Segment
        fields = ["id", "transcript", "position", "speaker", "speaker_name", "text", "page_url"]


class QuoteVerdictField(serializers.ChoiceField):
    """How the words a citation's sentence quotes stand in its passage; null: no quotation."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "How the words the sentence quotes stand in the cited passage: verbatim, "
            "number_differs (the same words but a number; see record_words), close (the "
            "record words it differently; see record_words) or not_found. Null when the "
            "sentence quotes nothing.",
        )
        super().__init__(choices=QuoteVerdict.choices, read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


QUOTE_CHECK_FIELDS = ["quote_verdict", "quoted_words", "record_words"]


class ArticleCitationSerializer(ConstraintsChecked):
    segment = CitedPassageSerializer(read_only=True)
    quote_verdict = QuoteVerdictField()

    class Meta:
        model = Citation
        fields = ["id", "quote", "relation", "segment", *QUOTE_CHECK_FIELDS]


class CorrectionSerializer(ConstraintsChecked):
    class Meta:
        model = Correction
        fields = ["text", "created_at"]
        read_only_fields = ["created_at"]


class ArticleSerializer(PublishableSerializer):
    slug = serializers.SlugField(
        max_length=200,
        required=False,
        validators=[UniqueValidator(queryset=Article.objects.all())],
        help_text="The story's address; made from the headline when not given. Renaming a "
        "published story keeps its old address redirecting to the new one.",
    )
    source = slug_field(Source.objects.all(), required=False, allow_null=True)
    other_sources = slug_field(Source.objects.all(), many=True, required=False)
    people = slug_field(Person.objects.all(), many=True, required=False)
    events = slug_field(Event.objects.all(), many=True, required=False)
    places = slug_field(Place.objects.all(), many=True, required=False)
    citations = serializers.SerializerMethodField()
    corrections = CorrectionSerializer(many=True, read_only=True)
    suggest_citations = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Queue suggestions for the saved story: a worker runs the linking engine "
        "and stores them as suggested citations (one job at a time for each story; editors "
        "follow it on the desk).",
    )
    checks_override = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Publishing a story is refused (400, with the list under `status`) while "
        "suggested citations wait for a decision, a quotation is not found in the record "
        "or differs from it, or it has no source. An editor may publish over those "
        "checks by giving the reason here; it is kept in the story's history.",
    )
    api_url = ApiUrlField("api:article-detail")
    page_url = PageUrlField()

    class Meta:
        model = Article
        fields = [
            "slug",
            "headline",
            "standfirst",
            "body",
            "source",
            "other_sources",
            "source_url",
            "byline",
            "dateline",
            "source_date",
            "source_date_approximate",
            "status",
            "publish_at",
            "withdrawal_reason",
            "published_at",
            "withdrawn_at",
            "updated_at",
            "people",
            "events",
            "places",
            "citations",
            "corrections",
            "suggest_citations",
            "checks_override",
            "api_url",
            "page_url",
        ]
        read_only_fields = ["published_at", "withdrawn_at", "updated_at"]

    @extend_schema_field(ArticleCitationSerializer(many=True))
    def get_citations(self, article):
        citations = getattr(article, "public_citations", [])
        return nested(self, ArticleCitationSerializer).to_representation(citations)

    def validate(self, attrs):
        if self.instance is None and not attrs.get("slug"):
            attrs["slug"] = unique_slug(Article, attrs.get("headline", ""))
        override = attrs.pop("checks_override", "")
        attrs = super().validate(attrs)
        previous = self.instance.status if self.instance else None
        if evidence_due(attrs.get("status", previous), previous, override):
            self._check_evidence(attrs, override)
        return attrs

    def _check_evidence(self, attrs, override):
        """Check the story as this request will leave it; refuse with what stands in the way."""
        story = copy.copy(self.instance) if self.instance else Article()
        many = {f.name for f in Article._meta.many_to_many}
        for name, value in attrs.items():
            if name not in many and name != "suggest_citations":
                setattr(story, name, value)
        try:
            note = check_evidence(
                article=story,
                user=self.context["request"].user,
                override=override,
                events=attrs.get("events"),
            )
        except PublicationRefused as refused:
            raise serializers.ValidationError(
                {
                    "status": [refusal(refused.obstacles)],
                    "checks": [o.message for o in refused.obstacles],
                }
            ) from None
        if note:
            self.evidence_note = note
            self.overridden = {name: getattr(story, name) for name in OVERRIDE_FIELDS}

    def create(self, data):
        data.pop("suggest_citations", None)
        return super().create(data)

    def update(self, instance, data):
        data.pop("suggest_citations", None)
        old_slug = instance.slug
        article = super().update(instance, data)
        rename(article=article, old_slug=old_slug)
        return article


class CitationSerializer(ConstraintsChecked):
    article = slug_field(Article.objects.all())
    segment = serializers.PrimaryKeyRelatedField(
        queryset=Segment.objects.all(),
        allow_null=True,
        help_text="The paragraph it cites; null when a revision of the transcript removed "
        "its words (anchor_state lost).",
    )
    transcript = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    position = serializers.IntegerField(
        source="segment.position", read_only=True, allow_null=True, default=None
    )
    anchor = serializers.CharField(
        source="segment.anchor", read_only=True, allow_null=True, default=None
    )
    anchor_state = serializers.CharField(
        read_only=True,
        help_text="What the last revision of the transcript did: moved, reanchored (the "
        "words changed; back to review), lost (the words are gone), or empty.",
    )
    api_url = ApiUrlField("api:citation-detail", lookup="pk")
    quote_verdict = QuoteVerdictField()

    class Meta:
        model = Citation
        fields = [
            "id",
            "article",
            "quote",
            "segment",
            "transcript",
            "position",
            "anchor",
            "relation",
            "status",
            "score",
            "note",
            *QUOTE_CHECK_FIELDS,
            "anchor_state",
            "anchor_note",
            "record_exact",
            "api_url",
        ]
        read_only_fields = ["anchor_note", "record_exact"]

    def validate_segment(self, segment):
        if segment is None:
            raise serializers.ValidationError("Choose the paragraph this citation rests on.")
        return segment

    def validate_status(self, status):
        user = self.context["request"].user
        current = self.instance.status if self.instance else None
        if not may_set_citation_status(user, previous=current, status=status):
            raise PermissionDenied("Only editors may confirm or reject citations.")
        return status

    def validate(self, data):
        data = super().validate(data)
        article = data.get("article") or getattr(self.instance, "article", None)
        quote = data.get("quote", getattr(self.instance, "quote", ""))
        citation = Citation(
            article=article,
            quote=quote,
            segment=data.get("segment", getattr(self.instance, "segment", None)),
            anchor_state=getattr(self.instance, "anchor_state", ""),
        )
        try:
            citation.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return data


class ParagraphAddressSerializer(serializers.Serializer):
    requested = serializers.CharField(help_text="The address asked for, as p<key>.")
    anchor = serializers.CharField(
        help_text="The address of the paragraph that holds its words now."
    )
    moved = serializers.BooleanField(
        help_text="True when a revision removed the paragraph asked for and its words (or "
        "its place) are now in `anchor`."
    )
    segment = SegmentSerializer(read_only=True)


class RevisionCitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    story = serializers.CharField()
    outcome = serializers.ChoiceField(choices=AnchorState.choices)
    was_confirmed = serializers.BooleanField()
    note = serializers.CharField()
    # "from" is a Python keyword: both ends are added by name in get_fields.

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.IntegerField(allow_null=True, help_text="Old position.")
        fields["to"] = serializers.IntegerField(allow_null=True, help_text="New position.")
        return fields


class TranscriptRevisionSerializer(serializers.ModelSerializer):
    summary = serializers.CharField(read_only=True)
    created_at = RFC3339DateTimeField(read_only=True)
    changes = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    redirects = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="The key of each paragraph this revision removed → the key of the "
        "paragraph its words went to (or that took its place).",
    )
    citations = serializers.SerializerMethodField()

    class Meta:
        model = TranscriptRevision
        fields = ["number", "created_at", "comment", "summary", "changes", "redirects", "citations"]

    @extend_schema_field(RevisionCitationSerializer(many=True))
    def get_citations(self, revision):
        """The citations the revision touched: shown to editors only (drafts among them)."""
        request = self.context.get("request")
        if request is None or not request.user.is_staff:
            return []
        return RevisionCitationSerializer(revision.citations, many=True).data


class TranscriptRevisionRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=MAX_DOCUMENT_BYTES,
        trim_whitespace=False,
        help_text="The new version of the text, as the importer reads it: a title line, "
        "the dateline, then paragraphs separated by blank lines.",
    )
    confirm = serializers.BooleanField(
        default=False, help_text="Replace the text; without it, only say what would change."
    )


class PlannedCitationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="citation.pk")
    article = serializers.CharField(source="citation.article.slug")
    outcome = serializers.ChoiceField(choices=AnchorState.choices)
    was_confirmed = serializers.BooleanField(source="confirmed")
    old_position = serializers.IntegerField(allow_null=True)
    new_position = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()


class RevisionPlanSerializer(serializers.Serializer):
    applied = serializers.BooleanField(help_text="False: a preview; nothing was written.")
    changes = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Paragraphs unchanged, edited, moved, added, removed.",
    )
    citations = PlannedCitationSerializer(many=True)

    def __init__(self, plan=None, *, applied: bool = False, **kwargs):
        super().__init__(plan, **kwargs)
        self.applied = applied

    def to_representation(self, plan):
        return {
            "applied": self.applied and plan.changed,
            "changes": plan.changes,
            "citations": PlannedCitationSerializer(plan.citations, many=True).data,
        }
