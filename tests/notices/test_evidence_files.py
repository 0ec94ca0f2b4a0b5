"""Posting photos and objection evidence: checked by content like every other upload (huanjie.uploads).

Until the shared check, this app looked at the file name only: a text file called 张贴.jpg was taken
as a photo, and the file was stored under the name it came with.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from huanjie.demo import files
from huanjie.notices import services
from huanjie.notices.errors import EvidenceFileRejected
from huanjie.notices.models import Channel, Objection, Posting
from tests.conftest import client_for

ONLY = "只接受 JPEG、PNG、WebP、HEIC、PDF 文件（按文件内容判断，与文件名无关）。"


def post(notice, user, photo):  # type: ignore[no-untyped-def]
    return services.record_posting(notice=notice, channel=Channel.BULLETIN_BOARD, location="1号楼大堂",
                                   posted_at=timezone.now(), photo=photo, actor=user)


def test_a_posting_photo_is_stored_under_a_safe_name_with_the_extension_of_its_content(published, alice):
    posting = post(published, alice, SimpleUploadedFile("大堂 公告栏.jpeg", files.image("PNG")))
    name = posting.photo.name.rsplit("/", 1)[-1]
    assert name.startswith("posting-") and name.endswith(".png") and name.isascii()


@pytest.mark.parametrize(("data", "reason"), [
    (b"<html><script>alert(1)</script></html>", ONLY),
    (b"", "文件是空的。"),
    (files.image("JPEG", size=(400, 300))[:500], "文件不完整或已损坏，不是有效的 JPEG 文件。"),
])
def test_a_posting_photo_that_is_not_one_is_refused_with_its_name(published, alice, data, reason):
    before = Posting.objects.count()
    with pytest.raises(EvidenceFileRejected) as refused:
        post(published, alice, SimpleUploadedFile("张贴.jpg", data, content_type="image/jpeg"))
    assert str(refused.value) == f"文件“张贴.jpg”不能上传：{reason}"
    assert Posting.objects.count() == before


def test_a_posting_without_a_photo_is_still_recorded(published, alice):
    assert not post(published, alice, None).photo


def test_objection_evidence_may_be_a_pdf_scan_whatever_its_name(published, olivia):
    objection = services.raise_objection(
        notice=published, text="面积不符", objector_name="甲先生", objector_unit=None, actor=olivia,
        today=date(2026, 12, 5), evidence=SimpleUploadedFile("产证 扫描.jpg", files.pdf("deed")))
    name = objection.evidence.name.rsplit("/", 1)[-1]
    assert name.startswith("objection-") and name.endswith(".pdf")


def test_an_oversized_scan_is_refused_and_nothing_is_written(published, olivia):
    big = SimpleUploadedFile("产证.pdf", files.pdf() + b"\0" * (10 * 1024 * 1024))
    with pytest.raises(EvidenceFileRejected, match="文件超过 10 MB，请压缩后再上传。"):
        services.raise_objection(notice=published, text="面积不符", objector_name="甲先生", objector_unit=None,
                                 actor=olivia, today=date(2026, 12, 5), evidence=big)
    assert not Objection.objects.exists()


def test_the_posting_page_refuses_a_renamed_file_with_its_name(published, alice, wuyuehua):
    page = client_for(alice).post(
        f"/c/{wuyuehua.slug}/notices/{published.pk}/postings/",
        {"channel": Channel.BULLETIN_BOARD, "location": "大堂", "posted_at": "2026-12-01T09:00",
         "photo": SimpleUploadedFile("张贴.jpg", b"MZ\x90\x00", content_type="image/jpeg")},
        follow=True).content.decode()
    assert "文件“张贴.jpg”不能上传：只接受 JPEG、PNG、WebP、HEIC、PDF 文件" in page
    assert list(published.postings.values_list("channel", flat=True)) == [Channel.WEB]
