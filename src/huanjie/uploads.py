"""Checking an uploaded file by its content, never by its name or the browser's word.

One set of rules for every part that takes files (demand and project photos, stage evidence,
training materials, notice postings and objections, proxy authorisations). Each use names its
`Rule` — a size limit and the kinds it accepts — and its own error class, so the message names
its context: `refused(name=..., reason=...)` gets the file's name as sent and a Chinese reason;
the log gets the same refusal in English.

The order is fixed: the size first (from the upload's declared size, before a byte of the body
is read), then the kind from the first bytes, then a real parse of that kind: Pillow decodes an
image, pypdf reads a PDF's cross-reference table and page tree, zipfile reads an Office file's
directory (and `check_zip_members` refuses a zip bomb by the sizes it declares, before any
parser opens a member), and a HEIC photo's boxes must add up to the file. A file is stored under a name made
here (`stored_name`), never under the one it came with.
"""

from __future__ import annotations

import logging
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

import pypdf
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

MB = 1024 * 1024
# A phone photo is at most ~50 megapixels; more than that is a decompression bomb, not a photo.
MAX_PIXELS = 60_000_000
HEAD_BYTES = 16


@dataclass(frozen=True)
class Kind:
    """One kind of file we accept: stored with `extension`, served as `content_type`."""

    extension: str
    content_type: str
    label: str


JPEG = Kind("jpg", "image/jpeg", "JPEG")
PNG = Kind("png", "image/png", "PNG")
WEBP = Kind("webp", "image/webp", "WebP")
HEIC = Kind("heic", "image/heic", "HEIC")
PDF = Kind("pdf", "application/pdf", "PDF")
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel")
PPTX = Kind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint")
# Plain text has no magic number: it is what is left when no other kind matched, and it must decode as UTF-8.
TEXT = Kind("txt", "text/plain; charset=utf-8", "TXT")
PHOTOS = (JPEG, PNG, WEBP)
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
# The part every Office Open XML file of that kind has (ECMA-376 part 2, the package's main part).
OFFICE_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
# What a ZIP-based file (Office, a roster workbook) may expand to. A roster of 20,000 units is
# about 10 MB of XML and deflates about 10:1; deflate reaches 1,000:1, which is what a bomb uses.
ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_UNZIPPED = 100 * MB
ZIP_MAX_RATIO = 100
ZIP_RATIO_FLOOR = MB  # a smaller member may compress better than that: it cannot hurt
HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})


@dataclass(frozen=True)
class Rule:
    """What one use accepts: at most `max_bytes`, of one of `kinds`."""

    max_bytes: int
    kinds: tuple[Kind, ...]


PHOTO_RULE = Rule(5 * MB, PHOTOS)


class Refusal(Exception):
    """Why a file was refused: `message` for the person (Chinese), `log` for the log (English)."""

    def __init__(self, message: str, log: str) -> None:
        super().__init__(log)
        self.message, self.log = message, log


def checked_upload(upload: UploadedFile, rule: Rule, *, refused: Callable[..., Exception]) -> Kind:
    """The kind of an acceptable file; `refused(name=..., reason=...)` raised otherwise."""
    name = upload.name or "?"
    try:
        check_size(upload, rule.max_bytes)
        try:
            return content_kind(upload, rule)
        finally:
            upload.seek(0)
    except Refusal as refusal:
        logger.info("upload %r (%s bytes) refused: %s", name, upload.size, refusal.log)
        raise refused(name=name, reason=refusal.message) from refusal


def checked_photo(upload: UploadedFile, *, refused: Callable[..., Exception]) -> tuple[str, str]:
    """(extension, content type) of a JPEG, PNG or WebP photo of at most 5 MB (demand ledger, projects)."""
    kind = checked_upload(upload, PHOTO_RULE, refused=refused)
    return kind.extension, kind.content_type


def stored_name(kind: Kind, prefix: str = "") -> str:
    """A fresh name for storage: ASCII, random, with the extension of what the file really is."""
    return f"{prefix}{uuid.uuid4().hex[:12]}.{kind.extension}"


def check_size(upload: UploadedFile, max_bytes: int) -> None:
    """Refuse an empty file or one over the limit by its declared size, before reading the body."""
    if upload.size is None or upload.size > max_bytes:
        raise Refusal(_("文件超过 %(limit)s MB，请压缩后再上传。") % {"limit": max_bytes // MB},
                      f"larger than {max_bytes // MB} MB")
    if upload.size == 0:
        raise Refusal(_("文件是空的。"), "empty file")


def content_kind(upload: UploadedFile, rule: Rule) -> Kind:
    """What the bytes say the file is, checked by a real parse; refused if not one the rule accepts."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    kind = sniffed_kind(head)
    if kind is None and head.startswith(b"PK\x03\x04") and set(rule.kinds) & set(OFFICE_PARTS.values()):
        kind = office_kind(upload)
    if kind is None and TEXT in rule.kinds:
        kind = text_kind(upload, rule.max_bytes)
    if kind is None or kind not in rule.kinds:
        raise not_accepted(rule, found=kind.label if kind else "unknown content")
    upload.seek(0)
    if kind in PILLOW_FORMATS:
        check_image(upload, kind)
    elif kind is PDF:
        check_pdf(upload)
    elif kind is HEIC:
        check_heic(upload, upload.size or 0)
    return kind


def sniffed_kind(head: bytes) -> Kind | None:
    """The kind the first bytes announce (Office files need their directory read: `office_kind`)."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return HEIC
    return None


def not_accepted(rule: Rule, *, found: str) -> Refusal:
    # Translators: the separator between the names of file formats in a list.
    labels = _("、").join(kind.label for kind in rule.kinds)
    return Refusal(_("只接受 %(kinds)s 文件（按文件内容判断，与文件名无关）。") % {"kinds": labels},
                   f"{found}, not one of {', '.join(kind.label for kind in rule.kinds)}")


def damaged(kind: Kind, error: Exception) -> Refusal:
    return Refusal(_("文件不完整或已损坏，不是有效的 %(kind)s 文件。") % {"kind": kind.label},
                   f"damaged or truncated {kind.label}: {error}")


def check_image(upload: IO[bytes], kind: Kind) -> None:
    """Pillow must read it as `kind`, within MAX_PIXELS, and decode it to the last byte."""
    try:
        with Image.open(upload) as image:
            if image.format != PILLOW_FORMATS[kind]:
                raise damaged(kind, ValueError(f"Pillow reads it as {image.format}"))
            check_pixels(image.width, image.height)
            image.verify()  # PNG: every chunk's checksum, up to IEND; enough to catch a cut-off file
        if kind is PNG:
            return
        upload.seek(0)
        with Image.open(upload) as image:
            # verify() does not read JPEG or WebP data: decode it, a JPEG at 1/8 scale (it still reads every block).
            image.draft("RGB", (image.width // 8, image.height // 8))
            image.load()
    except Image.DecompressionBombError as error:
        raise Refusal(too_many_pixels(), f"decompression bomb: {error}") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise damaged(kind, error) from error


def check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise Refusal(too_many_pixels(), f"{width}x{height} pixels, more than {MAX_PIXELS}")


def too_many_pixels() -> str:
    return str(_("图片尺寸过大（超过 %(limit)s 百万像素）。") % {"limit": MAX_PIXELS // 1_000_000})


def check_pdf(upload: IO[bytes]) -> None:
    """pypdf must find the cross-reference table and at least one page a person can open."""
    try:
        reader = pypdf.PdfReader(upload)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Refusal(_("PDF 文件设有打开密码，无法查看。"), "PDF with a user password")
        pages = len(reader.pages)
        if pages == 0:
            raise damaged(PDF, ValueError("no pages"))
        reader.pages[0].mediabox  # noqa: B018 — resolves the first page object
    except Refusal:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise damaged(PDF, error) from error


def text_kind(upload: IO[bytes], max_bytes: int) -> Kind | None:
    """TEXT when the whole file is UTF-8 (a BOM allowed) with no NUL or other control bytes but
    tabs and line ends; None otherwise (a binary file of some kind we do not accept)."""
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if any(ord(char) < 32 and char not in "\t\n\r\f" for char in text) or not text.strip():
        return None
    return TEXT


def office_kind(upload: IO[bytes]) -> Kind | None:
    """Word, Excel or PowerPoint by the main part in the zip directory; None for any other zip."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            check_zip_members(archive)
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise Refusal(_("文件不完整或已损坏，不是有效的 Office 文件。"), f"damaged zip: {error}") from error
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for part, kind in OFFICE_PARTS.items() if part in names), None)


def check_zip_members(archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose members would expand past the limits, from its directory alone.

    The sizes checked are those the directory declares; Python's zipfile never hands a parser more
    of a member than declared (it stops there and checks the CRC), so the check holds for openpyxl
    and anything else reading through zipfile.
    """
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise Refusal(inflates_too_much(), f"zip with {len(members)} members, more than {ZIP_MAX_MEMBERS}")
    for member in members:
        if member.file_size > ZIP_RATIO_FLOOR and member.file_size > ZIP_MAX_RATIO * member.compress_size:
            raise Refusal(inflates_too_much(), f"zip member {member.filename!r} inflates {member.compress_size} "
                          f"to {member.file_size} bytes, more than {ZIP_MAX_RATIO}:1")
    total = sum(member.file_size for member in members)
    if total > ZIP_MAX_UNZIPPED:
        raise Refusal(inflates_too_much(), f"zip members add up to {total} bytes unzipped, "
                      f"more than {ZIP_MAX_UNZIPPED}")


def inflates_too_much() -> str:
    return str(_("文件解压后过大（超过 %(limit)s MB，或压缩比异常），不像正常的 Office 文件，未打开。")
               % {"limit": ZIP_MAX_UNZIPPED // MB})


def check_heic(upload: IO[bytes], size: int) -> None:
    """The top-level boxes (ISO/IEC 14496-12) must chain to the end of the file and hold the picture."""
    seen: set[bytes] = set()
    offset = 0
    while offset < size:
        upload.seek(offset)
        header = upload.read(16)
        box = int.from_bytes(header[:4], "big")
        if box == 1 and len(header) == 16:
            box = int.from_bytes(header[8:16], "big")
        elif box == 0:
            box = size - offset
        if len(header) < 8 or box < 8 or offset + box > size:
            raise damaged(HEIC, ValueError(f"box at {offset} runs past the end"))
        seen.add(header[4:8])
        offset += box
    if not {b"ftyp", b"meta", b"mdat"} <= seen:
        raise damaged(HEIC, ValueError(f"boxes {sorted(seen)} lack meta or mdat"))
