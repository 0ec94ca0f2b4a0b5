"""Checking an evidence file by its first bytes: a photo, a PDF or an Office document."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from huanjie.reelection.errors import EvidenceRefused

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"%PDF-", "pdf", "application/pdf"),
]
OFFICE = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def checked_evidence(upload: UploadedFile) -> tuple[str, str]:
    """(extension, content type) of an acceptable file; EvidenceRefused with the reason otherwise."""
    name = upload.name or "?"
    if upload.size is None or upload.size > MAX_EVIDENCE_BYTES:
        raise EvidenceRefused(name=name, reason=_("文件超过 10 MB。"))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, extension, content_type in SIGNATURES:
        if head.startswith(magic):
            return extension, content_type
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp", "image/webp"
    suffix = name.rsplit(".", 1)[-1].lower()
    if head.startswith(b"PK\x03\x04") and suffix in OFFICE:
        return suffix, OFFICE[suffix]
    raise EvidenceRefused(name=name, reason=_("只接受照片（JPEG、PNG、WebP）、PDF 或 Word、Excel 文件。"))
