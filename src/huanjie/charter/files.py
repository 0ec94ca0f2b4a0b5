"""The text of a rules of procedure or covenant: a PDF, a Word file or a UTF-8 text file of at most 20 MB."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from huanjie import uploads
from huanjie.charter.errors import DocumentRefused

DOCUMENT = uploads.Rule(20 * uploads.MB, (uploads.PDF, uploads.DOCX, uploads.TEXT))


def checked_document(upload: UploadedFile) -> uploads.Kind:
    """The kind of an acceptable file, judged by its content; DocumentRefused with the reason otherwise."""
    return uploads.checked_upload(upload, DOCUMENT, refused=DocumentRefused)
