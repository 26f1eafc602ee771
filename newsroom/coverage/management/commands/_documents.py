"""What the document commands share: reading a file and looking objects up by slug."""

from pathlib import Path

from django.core.management.base import CommandError

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.importers.reading import decode_document


def read_document(path: str) -> str:
    """Return the text of the file at `path`, or raise CommandError saying why not."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: cannot read the file ({error.strerror})") from None
    try:
        return decode_document(data, name=str(path))
    except DocumentError as error:
        raise CommandError(f"{path}: {error}") from None


def get_by_slug(model, slug: str | None, option: str):
    if slug is None:
        return None
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist:
        raise CommandError(
            f"{option}: no {model._meta.verbose_name} has the slug {slug!r}"
        ) from None
