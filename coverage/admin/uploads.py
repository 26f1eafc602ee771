from django.core.exceptions import ValidationError

from coverage.importers.errors import DocumentError
from coverage.importers.reading import MAX_DOCUMENT_BYTES, decode_document


def read_upload(upload) -> str:
    """Return an uploaded document's text, refusing files too large or not UTF-8 text."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"the file is {upload.size:,} bytes; the largest accepted is {MAX_DOCUMENT_BYTES:,}"
        )
    return decode_document(upload.read())


def upload_size_validator(upload):
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            f"The file is {upload.size:,} bytes; the largest accepted is {MAX_DOCUMENT_BYTES:,}."
        )
