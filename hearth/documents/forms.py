"""GOV.UK forms for documents: upload (file, title, kind, date) and removal with a reason."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms

from hearth.core.forms import GDSForm, GovDateField, choice, text
from hearth.documents.models import Document
from hearth.documents.services import ACCEPTED


class DocumentUploadForm(GDSForm):
    submit_label = "Add document"
    file = forms.FileField(
        label="Upload a file",
        help_text=f"{ACCEPTED}. Up to the size limit set by your administrator.",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
        widget=forms.FileInput,
    )
    title = text("Title", max_length=120, help_text="For example, Initial health assessment")
    kind = choice("Type of document", Document.Kind.choices)
    document_date = GovDateField(label="Date of the document", required=False, not_future=True)

    def _layout(self):
        for item in super()._layout():
            # crispy-forms-gds renders a file input as the GOV.UK file upload from a plain Field.
            yield (
                Field("file", context={"label_size": "govuk-label--s"})
                if item.fields == ["file"]
                else item
            )


class DocumentArchiveForm(GDSForm):
    submit_label = "Remove document"
    reason = text(
        "Why are you removing this document from the record?",
        long=True,
        max_length=200,
        message="Enter why you are removing this document",
    )
