"""Turn database refusals into clear client errors: never a 500 for what a client sent."""

from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

# Codes of a request that is well formed but conflicts with what is stored: a value
# another object holds, or a reference to an object that does not exist.
CONFLICTS = {"unique", "unique_together", "does_not_exist"}


def handle(exc, context):
    response = exception_handler(exc, context)
    if response is not None:
        if isinstance(exc, ValidationError) and _codes(exc.get_codes()) <= CONFLICTS:
            response.status_code = status.HTTP_409_CONFLICT
            fields = ", ".join(k for k in response.data if k != "non_field_errors")
            detail = "This conflicts with stored data: a value another object holds, "
            detail += f"or an object that does not exist ({fields or 'see the messages'})."
            response.data = {"detail": detail, **response.data}
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


def _codes(codes) -> set[str]:
    """Flatten the codes of a ValidationError's detail (dicts and lists of codes)."""
    if isinstance(codes, dict):
        return set().union(*(_codes(c) for c in codes.values())) if codes else set()
    if isinstance(codes, list):
        return set().union(*(_codes(c) for c in codes)) if codes else set()
    return {codes}
