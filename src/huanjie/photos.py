"""Checking an uploaded photo by its content, never by its name or the browser's word.

Shared by every part that takes photos (demand ledger, practical projects); each passes its own
error class, so the message names its own context.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
# A phone photo is at most ~50 megapixels; more than that is a decompression bomb, not a photo.
MAX_PIXELS = 60_000_000


def checked_photo(upload: UploadedFile, *, refused: Callable[..., Exception]) -> tuple[str, str]:
    """(extension, content type) of a valid photo; `refused(name=..., reason=...)` raised otherwise."""
    name = upload.name or "?"
    if upload.size is None or upload.size > MAX_PHOTO_BYTES:
        raise refused(name=name, reason=_("文件超过 5 MB，请压缩后再上传。"))
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            fmt = image.format or ""
            if image.width * image.height > MAX_PIXELS:
                raise refused(name=name, reason=_("图片尺寸过大。"))
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise refused(name=name, reason=_("不是能识别的图片文件。")) from error
    finally:
        upload.seek(0)
    if fmt not in FORMATS:
        raise refused(name=name, reason=_("只接受 JPEG、PNG 或 WebP 格式。"))
    return FORMATS[fmt]
