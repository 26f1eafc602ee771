from django import forms
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.importers.reading import MAX_DOCUMENT_BYTES, decode_document, too_large


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


def render_import_form(
    model_admin, request, form, title: str, *, field_by_field: str = ""
) -> TemplateResponse:
    """Render an import form inside the admin's page (`field_by_field`: the address of
    the plain add form, offered beside it)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "opts": model_admin.model._meta,
        "field_by_field": field_by_field,
    }
    return TemplateResponse(request, "admin/coverage/import.html", context)


class PastedOrUploaded(forms.Form):
    """An import's document: text pasted into the box, or a file; one of the two.

    Both go through the same parser, with the same refusals and the same preview.
    """

    text = forms.CharField(
        widget=forms.Textarea({"rows": 14}),
        required=False,
        strip=False,
        max_length=MAX_DOCUMENT_BYTES,
        label="Text",
        help_text="Paste the text here: paragraphs separated by line breaks.",
    )
    file = forms.FileField(
        required=False,
        help_text="…or choose a UTF-8 text file.",
        validators=[upload_size_validator],
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if refusal := too_large(text):
            raise ValidationError(refusal)
        return text

    def clean(self):
        data = super().clean()
        pasted, upload = data.get("text", "").strip(), data.get("file")
        if pasted and upload:
            raise ValidationError("Paste the text or choose a file, not both.")
        if not pasted and not upload and not data.get("document"):
            raise ValidationError("Paste the text or choose a file.")
        return data

    def document_text(self) -> str:
        """Return the document's text (reading the file, which may refuse it)."""
        data = self.cleaned_data
        if data.get("document"):
            return data["document"]
        return read_upload(data["file"]) if data.get("file") else data["text"]

    def document_name(self) -> str:
        upload = self.cleaned_data.get("file")
        return upload.name if upload else "pasted text"
