"""One story or transcript as IPTC ninjs: `?format=ninjs`, or `Accept: application/ninjs+json`."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from newsroom.coverage.syndication import ninjs


class NinjsRenderer(JSONRenderer):
    media_type = ninjs.MEDIA_TYPE
    format = "ninjs"


FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "ninjs"],
    description="`ninjs` answers with the item as an IPTC ninjs 3.1 document (also asked "
    f"for with `Accept: {ninjs.MEDIA_TYPE}`): a withdrawn story or transcript once "
    "published is then a 410 whose body is its kill notice (`pubStatus: withheld`).",
)
DOCUMENT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="An IPTC ninjs 3.1 document (http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json).",
)


def documented(serializer_class):
    """Document an item's answer in both forms, and the kill notice."""
    return extend_schema(
        parameters=[FORMAT],
        responses={
            (200, "application/json"): serializer_class,
            (200, ninjs.MEDIA_TYPE): DOCUMENT,
            (410, ninjs.MEDIA_TYPE): DOCUMENT,
        },
        filters=False,
    )


def answer(view, *, model, rows, build, slug: str) -> Response:
    """Answer the ninjs document of the item at `slug` that `view`'s user may read, the
    kill notice of one withdrawn (410), or 404."""
    item = rows(view.request.user).filter(slug=slug).first()
    if item is None:
        notice = ninjs.kill_notice(model, slug)
        if notice is None:
            raise NotFound()
        return Response(notice, status=410)
    view._versioned = item  # its ETag, as the JSON answer has
    return Response(build(item))
