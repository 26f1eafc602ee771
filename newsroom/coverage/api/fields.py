from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


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
