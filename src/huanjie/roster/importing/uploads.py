"""Refusing an oversized upload early, before it is read (HUANJIE_MAX_IMPORT_BYTES).

The view looks at Content-Length first and refuses without touching the body. A client that
sends no length, or a wrong one, is stopped by this handler as soon as the file passes the
limit: parsing stops and the rest of the body is not read.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest


class SizeLimitedUploadHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.refused = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> Any:
        return None


def declared_too_large(request: HttpRequest, limit: int) -> bool:
    """The body's declared length is beyond the limit plus room for the form's other fields."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limit + 64 * 1024
