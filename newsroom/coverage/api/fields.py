from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from newsroom.coverage.reading.addresses import slug_paths


@extend_schema_field(serializers.URLField)
class ApiUrlField(serializers.Field):
    """The object's own URL in the API (read only)."""

    def __init__(self, view_name: str, lookup: str = "slug", **kwargs):
        self.view_name, self.lookup = view_name, lookup
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, obj):
        path = reverse(self.view_name, kwargs={self.lookup: getattr(obj, self.lookup)})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


@extend_schema_field(serializers.URLField)
class PageUrlField(serializers.Field):
    """The object's public page on the site (read only)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


@extend_schema_field(serializers.URLField)
class SlugLinkField(serializers.Field):
    """The URL of `view_name` for a plain row's slug (read only).

    For lists read as rows, not instances: the pattern is reversed once per list, not
    once per row (`addresses.slug_paths`).
    """

    def __init__(self, view_name: str, **kwargs):
        self.view_name = view_name
        super().__init__(read_only=True, source="slug", **kwargs)

    def to_representation(self, slug):
        made = self.parent.__dict__.setdefault("_slug_links", {})
        if self.view_name not in made:
            request = self.context.get("request")
            root = request.build_absolute_uri("/")[:-1] if request else ""
            path = slug_paths(self.view_name)
            made[self.view_name] = lambda value: root + path(value)
        return made[self.view_name](slug)
