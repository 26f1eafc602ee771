"""Turn database refusals into clear client errors: never a 500 for what a client sent."""

from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def handle(exc, context):
    response = exception_handler(exc, context)
    if response is not None:
        return response
    if isinstance(exc, ProtectedError | RestrictedError):
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        message = f"Still used by {', '.join(kinds)}: change or delete those first."
        return Response({"detail": message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, IntegrityError):
        # Validation checks constraints first; this is a race with another write.
        message = "This conflicts with existing data (a unique or related value)."
        return Response({"detail": message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DataError):
        return Response({"detail": "A value is out of range or malformed."}, status=400)
    return None
