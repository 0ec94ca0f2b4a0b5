"""Training materials: a PDF, a Word, PowerPoint or Excel file or a picture of at most 20 MB, judged by its content."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from huanjie import uploads
from huanjie.training.errors import MaterialRefused

MATERIAL = uploads.Rule(20 * uploads.MB, (uploads.PDF, uploads.DOCX, uploads.PPTX, uploads.XLSX, uploads.JPEG,
                                          uploads.PNG))


def checked_material(upload: UploadedFile) -> tuple[str, str]:
    """(extension, content type) of an acceptable file; MaterialRefused with the reason otherwise."""
    kind = uploads.checked_upload(upload, MATERIAL, refused=MaterialRefused)
    return kind.extension, kind.content_type
