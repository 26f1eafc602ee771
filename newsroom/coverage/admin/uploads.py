from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.importers.reading import MAX_DOCUMENT_BYTES, decode_document


def read_upload(upload) -> str:
    """Return an uploaded document's text, refusing files too large or not UTF-8 text."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"the file is {upload.size:,} bytes; the largest accepted is {MAX_DOCUMENT_BYTES:,}"
        )
    return decode_document(upload.read(), name=upload.name or "")


def upload_size_validator(upload):
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            f"The file is {upload.size:,} bytes; the largest accepted is {MAX_DOCUMENT_BYTES:,}."
        )


def render_import_form(model_admin, request, form, title: str) -> TemplateResponse:
    """Render an import form inside the admin's page."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/coverage/import.html", context)
