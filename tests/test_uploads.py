"""The shared upload rules (huanjie.uploads): size first, kind by content and a real parse, safe names."""

from __future__ import annotations

import io
import logging
import struct
import zipfile
import zlib

import openpyxl
import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from huanjie import uploads
from huanjie.demo import files
from huanjie.uploads import DOCX, HEIC, JPEG, PDF, PNG, PPTX, WEBP, XLSX, Rule

EVERYTHING = Rule(10 * uploads.MB, (JPEG, PNG, WEBP, HEIC, PDF, DOCX, XLSX, PPTX))
PHOTOS = uploads.PHOTO_RULE
ONLY_PHOTOS = "只接受 JPEG、PNG、WebP 文件（按文件内容判断，与文件名无关）。"


class Refused(Exception):
    def __init__(self, *, name: str, reason: str) -> None:
        super().__init__(f"“{name}”：{reason}")
        self.name, self.reason = name, reason


def check(data: bytes, name: str = "file", rule: Rule = EVERYTHING) -> uploads.Kind:
    return uploads.checked_upload(SimpleUploadedFile(name, data), rule, refused=Refused)


def refusal(data: bytes, name: str = "file", rule: Rule = EVERYTHING) -> Refused:
    with pytest.raises(Refused) as raised:
        check(data, name, rule)
    assert raised.value.name == name
    return raised.value


def png_header(width: int, height: int) -> bytes:
    """A PNG that announces width x height pixels in a few dozen bytes (what a decompression bomb looks like)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(b"\0" * 1024))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + idat + chunk(b"IEND", b"")


def heic(*boxes: tuple[bytes, bytes]) -> bytes:
    return b"".join(struct.pack(">I", 8 + len(body)) + kind + body for kind, body in boxes)


HEIC_BOXES = ((b"ftyp", b"heic\0\0\0\0mif1heic"), (b"meta", b"\0" * 40), (b"mdat", b"\x01" * 200))


def office(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts:
            archive.writestr(part, "<xml/>")
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


class Unreadable(UploadedFile):
    """An upload whose body must not be touched: any read fails the test."""

    def __init__(self, name: str, size: int | None) -> None:
        super().__init__(file=None, name=name, size=size)

    def _touched(self, *args: object, **kwargs: object) -> bytes:
        raise AssertionError("the body was read")

    read = seek = open = chunks = multiple_chunks = _touched  # type: ignore[assignment]


@pytest.mark.parametrize("rule", [PHOTOS, EVERYTHING])
def test_an_oversized_file_is_refused_by_its_size_before_its_body_is_read(rule):
    with pytest.raises(Refused) as raised:
        uploads.checked_upload(Unreadable("大文件.jpg", rule.max_bytes + 1), rule, refused=Refused)
    assert raised.value.reason == f"文件超过 {rule.max_bytes // uploads.MB} MB，请压缩后再上传。"
    with pytest.raises(Refused):
        uploads.checked_upload(Unreadable("unknown.jpg", None), rule, refused=Refused)


def test_a_file_exactly_at_the_limit_is_read():
    data = files.image("PNG")
    assert uploads.checked_upload(SimpleUploadedFile("a.png", data), Rule(len(data), (PNG,)), refused=Refused) is PNG


def test_an_empty_file_is_refused():
    assert refusal(b"", "空.pdf").reason == "文件是空的。"


def test_a_png_named_pdf_is_a_png_and_is_stored_as_one():
    kind = check(files.image("PNG"), "报告.pdf")
    assert kind is PNG and uploads.stored_name(kind).endswith(".png")
    assert refusal(files.image("PNG"), "报告.pdf", Rule(uploads.MB, (PDF,))).reason == (
        "只接受 PDF 文件（按文件内容判断，与文件名无关）。")


def test_a_pdf_named_jpg_is_a_pdf_and_is_not_a_photo():
    assert check(files.pdf(), "照片.jpg") is PDF
    assert refusal(files.pdf(), "照片.jpg", PHOTOS).reason == ONLY_PHOTOS


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_each_photo_format_is_known_by_its_content(fmt):
    assert check(files.image(fmt), "no-extension", PHOTOS).label == {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}[fmt]


@pytest.mark.parametrize(("fmt", "label"), [("JPEG", "JPEG"), ("PNG", "PNG"), ("WEBP", "WebP")])
def test_a_truncated_image_is_refused(fmt, label):
    data = files.image(fmt, size=(400, 300))
    refused = refusal(data[: len(data) * 2 // 3], "门口.jpg")
    assert refused.reason == f"文件不完整或已损坏，不是有效的 {label} 文件。"


def test_magic_bytes_alone_do_not_make_an_image_or_a_pdf():
    assert "不是有效的 JPEG" in refusal(b"\xff\xd8\xff\xe0 not really").reason
    assert "不是有效的 PDF" in refusal(b"%PDF-1.4 signed", "scan.pdf").reason


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    # 8000 x 8000 = 64 megapixels: over our limit, under Pillow's own warning threshold.
    assert refusal(png_header(8000, 8000), "bomb.png", PHOTOS).reason == "图片尺寸过大（超过 60 百万像素）。"
    # 30000 x 30000: so large that Pillow itself refuses to open it.
    assert refusal(png_header(30000, 30000), "bomb.png", PHOTOS).reason == "图片尺寸过大（超过 60 百万像素）。"


def test_a_gif_is_an_image_but_not_one_we_accept():
    assert "只接受 JPEG、PNG、WebP" in refusal(files.image("GIF"), "a.gif", PHOTOS).reason


def test_a_truncated_or_locked_pdf_is_refused():
    data = files.pdf("scan")
    assert "不是有效的 PDF" in refusal(data[: len(data) - 60], "scan.pdf").reason
    assert "不是有效的 PDF" in refusal(b"%PDF-1.4\n%%EOF\n", "scan.pdf").reason
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt(user_password="secret", owner_password="owner")
    locked = io.BytesIO()
    writer.write(locked)
    assert refusal(locked.getvalue(), "scan.pdf").reason == "PDF 文件设有打开密码，无法查看。"


def test_a_pdf_with_only_an_owner_password_opens_and_is_accepted():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt(user_password="", owner_password="owner")
    data = io.BytesIO()
    writer.write(data)
    assert check(data.getvalue(), "scan.pdf") is PDF


def test_office_files_are_known_by_their_main_part_not_their_name():
    assert check(xlsx(), "名单.zip") is XLSX
    assert check(office("[Content_Types].xml", "word/document.xml"), "报告.bin") is DOCX
    assert check(office("[Content_Types].xml", "ppt/presentation.xml"), "讲义") is PPTX
    assert "只接受" in refusal(office("evil.exe"), "报告.docx").reason
    assert "不是有效的 Office 文件" in refusal(xlsx()[:300], "名单.xlsx").reason
    assert "只接受 JPEG、PNG、WebP" in refusal(xlsx(), "名单.xlsx", PHOTOS).reason


def test_a_heic_photo_is_known_by_its_boxes_and_a_cut_one_is_refused():
    data = heic(*HEIC_BOXES)
    assert check(data, "IMG_0001.HEIC") is HEIC
    assert "不是有效的 HEIC" in refusal(data[:-10], "IMG_0001.HEIC").reason
    assert "不是有效的 HEIC" in refusal(heic(HEIC_BOXES[0]), "IMG_0001.HEIC").reason


def test_a_non_ascii_name_is_named_in_the_message_and_never_stored(caplog):
    name = "业主委员会 公告（扫描件）.pdf"
    with caplog.at_level(logging.INFO, logger="huanjie.uploads"):
        refused = refusal(b"MZ\x90\x00 a program", name)
    assert refused.name == name
    assert "upload '业主委员会 公告（扫描件）.pdf' (14 bytes) refused: unknown content, not one of JPEG" in caplog.text
    kind = check(files.pdf(), name)
    stored = uploads.stored_name(kind, "objection-")
    assert stored.isascii() and stored.startswith("objection-") and stored.endswith(".pdf") and "公告" not in stored
    assert uploads.stored_name(kind) != uploads.stored_name(kind)


def test_the_file_is_left_at_its_start_for_storage():
    upload = SimpleUploadedFile("a.jpg", files.image("JPEG"))
    uploads.checked_upload(upload, PHOTOS, refused=Refused)
    assert upload.read(3) == b"\xff\xd8\xff"


def test_the_photo_check_returns_the_extension_and_content_type():
    upload = SimpleUploadedFile("x", files.image("WEBP"))
    assert uploads.checked_photo(upload, refused=Refused) == ("webp", "image/webp")


def test_the_reason_reads_in_english_when_english_is_chosen():
    from django.utils import translation

    with translation.override("en"):
        reason = refusal(files.pdf(), "a.jpg", PHOTOS).reason
    assert reason == "Only JPEG, PNG, WebP files are accepted (judged by the file's content, not its name)."


def bomb(part: str = "xl/worksheets/sheet1.xml", megabytes: int = 30) -> bytes:
    """A workbook whose one part inflates ~1,000-fold: a few dozen KB that would be `megabytes` MB of XML."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx())) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (megabytes * uploads.MB))
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_an_office_file_that_would_inflate_a_thousandfold_is_refused_from_its_directory():
    data = bomb()
    assert len(data) < 100_000
    assert "解压后" in refusal(data, "名单.xlsx").reason


def test_an_office_file_whose_parts_add_up_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_UNZIPPED", 200_000)
    many = office("[Content_Types].xml", "xl/workbook.xml", *(f"xl/media/image{i}.bin" for i in range(3)))
    assert check(many, "ok.xlsx") is XLSX
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # stored, not compressed: no ratio to see, only the sum
        archive.writestr("[Content_Types].xml", "<xml/>")
        archive.writestr("xl/workbook.xml", "<xml/>")
        for i in range(3):
            archive.writestr(f"xl/media/image{i}.bin", bytes(100_000))
    assert "解压后" in refusal(buffer.getvalue(), "名单.xlsx").reason


def test_a_real_workbook_of_twenty_thousand_units_compresses_far_below_the_ratio_limit():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("名册")
    for i in range(20_000):
        sheet.append([f"{i // 100}-{i % 100 + 101}", f"{i // 100}号楼", i % 30, 88.5 + i % 7, "已交付", f"业主{i}"])
    out = io.BytesIO()
    book.save(out)
    assert check(out.getvalue(), "名册.xlsx") is XLSX


TEXTS = Rule(uploads.MB, (PDF, uploads.TEXT))


def test_a_utf8_text_file_is_text_whatever_its_name():
    assert check("第一条 本规则依据《物业管理条例》制定。\n".encode(), "规则.pdf", TEXTS) is uploads.TEXT
    assert check("\ufeff第一条\r\n".encode(), "rules", TEXTS) is uploads.TEXT


def test_text_is_accepted_only_where_the_rule_names_it():
    assert "TXT" not in refusal("第一条\n".encode()).reason


@pytest.mark.parametrize("data", [b"\xff\xfe\x00\x00binary", "规则".encode("gbk"), b"abc\x00def", b"  \n\n"])
def test_bytes_that_are_not_utf8_text_are_refused_as_text(data):
    assert refusal(data, rule=TEXTS).reason == "只接受 PDF、TXT 文件（按文件内容判断，与文件名无关）。"
