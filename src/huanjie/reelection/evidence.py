"""Stage evidence: a photo, a PDF scan or a Word or Excel file of at most 10 MB, judged by its content."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from huanjie import uploads
from huanjie.reelection.errors import EvidenceRefused

EVIDENCE = uploads.Rule(10 * uploads.MB, (*uploads.PHOTOS, uploads.PDF, uploads.DOCX, uploads.XLSX))


def checked_evidence(upload: UploadedFile) -> tuple[str, str]:
    """(extension, content type) of an acceptable file; EvidenceRefused with the reason otherwise."""
    kind = uploads.checked_upload(upload, EVIDENCE, refused=EvidenceRefused)
    return kind.extension, kind.content_type
