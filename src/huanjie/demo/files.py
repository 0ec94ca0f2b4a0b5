"""Small real files for the demo and the tests: uploads are checked by their content, so a few
magic bytes are not enough — these parse as what they claim to be."""

from __future__ import annotations

import io

from PIL import Image
from reportlab.pdfgen.canvas import Canvas


def pdf(text: str = "demo") -> bytes:
    """A one-page PDF with `text` on it (ASCII; the same bytes on every run)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    canvas.drawString(72, 760, text)
    canvas.save()
    return buffer.getvalue()


def image(fmt: str = "JPEG", color: str = "gray", size: tuple[int, int] = (64, 48)) -> bytes:
    """A plain picture in `fmt` (any format Pillow writes: JPEG, PNG, WEBP, GIF ...)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()
