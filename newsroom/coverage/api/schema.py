"""The OpenAPI description: anonymous reads, and every error the API answers with its body.

drf-spectacular describes the successful answer of each operation; this schema class
adds what a generated client also needs: that reads need no token, and the errors each
kind of operation can meet (400, 401, 403, 404, 409, 412, 413, 429), each with the
JSON body the API sends, and the 414 the web server sends for an over-long address.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import permissions, serializers


class Error(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words for a person.")


class FieldErrors(serializers.Serializer):
    """Field names mapped to what is wrong with each; `non_field_errors` for the whole."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        # Other keys are the names of the fields sent (or of the filters, in a list).
        ref_name = "FieldErrors"


def _error(description: str, serializer=Error) -> OpenApiResponse:
    return OpenApiResponse(response=serializer, description=description)


INVALID = _error(
    "A field or filter value is invalid: each one named with its messages.", FieldErrors
)
UNAUTHENTICATED = _error("The token or session given is not valid, or a write came without one.")
FORBIDDEN = _error("Signed in, but without the permission this needs (a reporter publishing).")
NOT_FOUND = _error("No such object, or a page past the last one.")
CONFLICT = _error("Still used by other objects, or in conflict with stored data.")
TOO_LARGE = _error("The request body is larger than the API accepts.")
THROTTLED = _error("Too many requests: wait the seconds given in Retry-After.")
STALE = _error("The object changed since the version named in If-Match: nothing was written.")
# The web server answers this one before the API reads the request, with a page of its own.
URI_TOO_LONG = OpenApiResponse(
    response=OpenApiTypes.STR,
    description="The address with its query is longer than the web server accepts "
    "(gunicorn: 4,094 bytes for the request line). The body is the server's, not JSON.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the version you edited (as the object's answer gave it). "
    "When it is no longer the stored version, the write is refused with 412.",
)


class NewsroomAutoSchema(AutoSchema):
    def _versioned_write(self) -> bool:
        return getattr(self.view, "versioned", False) and self.method in ("PUT", "PATCH", "DELETE")

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        return [*parameters, IF_MATCH] if self._versioned_write() else parameters

    def get_auth(self):
        auth = super().get_auth()
        if self.method in permissions.SAFE_METHODS and self._anonymous_reads() and {} not in auth:
            auth.append({})  # a read needs no credentials
        return auth

    def _anonymous_reads(self) -> bool:
        return any(
            isinstance(p, (permissions.DjangoModelPermissionsOrAnonReadOnly, permissions.AllowAny))
            for p in self.view.get_permissions()
        )

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in self._errors().items():
            responses.setdefault(code, self._get_response_for_code(response, code, None, direction))
        responses.setdefault(
            "414", self._get_response_for_code(URI_TOO_LONG, "414", ["text/html"], direction)
        )
        return dict(sorted(responses.items()))

    def _errors(self) -> dict[str, OpenApiResponse]:
        write = self.method not in permissions.SAFE_METHODS
        detail = "{" in self.path
        errors = {"401": UNAUTHENTICATED, "429": THROTTLED}
        # One object's paginated list (a webhook's deliveries) reads a page as a list does.
        paged = not write and self._is_list_view() and self._get_paginator() is not None
        if write or not detail or paged:
            errors["400"] = INVALID  # a body, or a list's filters and page size
        if write or not self._anonymous_reads():
            errors["403"] = FORBIDDEN  # signed in without the permission
        if write:
            errors["413"] = TOO_LARGE
        if detail or not write:
            errors["404"] = NOT_FOUND  # an unknown object, or a list page past the end
        if write:
            errors["409"] = CONFLICT  # a unique value taken, or an object still in use
        if self._versioned_write():
            errors["412"] = STALE
        return dict(sorted(errors.items()))


# Text the API stores may not hold NUL characters (PostgreSQL cannot store them).
NO_NUL = "^[^\\u0000]*$"
# The web addresses Django's URLValidator accepts, as far as a pattern can say it: http
# or https, a host name with a top-level domain, then any path, query or fragment.
WEB_ADDRESS = (
    r"^https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    r"(:[0-9]{1,5})?([/?#][^\s\u0000-\u001f\u007f]*)?$"
)


def document_what_the_api_refuses(result, generator, request, public):
    """Say in the schema what the API refuses beyond types: text with NUL characters,
    and web addresses that are not http(s) addresses of a named host.

    A postprocessing hook: it marks every free-text query parameter and request field
    (a string with no format, enum or pattern of its own), and every URL field.
    """

    def mark(schema):
        if isinstance(schema, list):
            for item in schema:
                mark(item)
            return
        if not isinstance(schema, dict):
            return
        if schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema):
            schema["pattern"] = NO_NUL
        if schema.get("format") == "uri" and "pattern" not in schema:
            schema["pattern"] = WEB_ADDRESS
        for value in schema.values():
            mark(value)

    for item in result.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    mark(parameter["schema"])
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            mark(component)
    return result
