"""Checking a training material by its first bytes: a PDF, an Office file or a picture."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from huanjie.training.errors import MaterialRefused

MAX_MATERIAL_BYTES = 20 * 1024 * 1024
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
]
OFFICE = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def checked_material(upload: UploadedFile) -> tuple[str, str]:
    """(extension, content type) of an acceptable file; MaterialRefused with the reason otherwise."""
    name = upload.name or "?"
    if upload.size is None or upload.size > MAX_MATERIAL_BYTES:
        raise MaterialRefused(name=name, reason=_("文件超过 20 MB。"))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for magic, extension, content_type in SIGNATURES:
        if head.startswith(magic):
            return extension, content_type
    suffix = name.rsplit(".", 1)[-1].lower()
    if head.startswith(b"PK\x03\x04") and suffix in OFFICE:
        return suffix, OFFICE[suffix]
    raise MaterialRefused(name=name, reason=_("只接受 PDF、Word、PowerPoint、Excel 文件或图片。"))
