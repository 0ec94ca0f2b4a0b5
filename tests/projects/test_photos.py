from __future__ import annotations

import pytest

from huanjie.projects.errors import PhotoRefused
from huanjie.projects.models import Phase, ProjectPhoto
from huanjie.projects.selectors import photo_pairs
from huanjie.projects.services import add_photo
from huanjie.uploads import PHOTO_RULE
from tests.projects.conftest import png, upload


def test_before_and_after_of_the_same_place_pair_up(with_photos):
    [pair] = photo_pairs(with_photos)
    assert pair.caption == "1号楼南立面" and pair.before.phase == Phase.BEFORE and pair.after.phase == Phase.AFTER
    assert pair.after.content_type == "image/png" and pair.after.image.name.endswith(".png")


def test_a_file_that_is_not_an_image_is_refused(facade, alice):
    with pytest.raises(PhotoRefused) as refused:
        add_photo(project=facade, phase=Phase.BEFORE, caption="南立面",
                  upload=upload(b"%PDF-1.4 not a photo", name="facade.jpg", content_type="image/jpeg"), actor=alice)
    assert str(refused.value) == ("照片“facade.jpg”未能上传："
                                  "只接受 JPEG、PNG、WebP 文件（按文件内容判断，与文件名无关）。")
    assert not ProjectPhoto.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(facade, alice):
    big = png() + b"\0" * (PHOTO_RULE.max_bytes + 1)
    with pytest.raises(PhotoRefused, match="文件超过 5 MB，请压缩后再上传。"):
        add_photo(project=facade, phase=Phase.AFTER, caption="南立面", upload=upload(big), actor=alice)
    assert not ProjectPhoto.objects.exists()


def test_an_image_of_another_format_is_refused(facade, alice):
    with pytest.raises(PhotoRefused, match="只接受 JPEG、PNG、WebP 文件"):
        add_photo(project=facade, phase=Phase.AFTER, caption="南立面", upload=upload(png(fmt="GIF"), "a.gif"),
                  actor=alice)


def test_a_cut_off_jpeg_is_refused(facade, alice):
    # Pillow's verify() does not read a JPEG's data: the check decodes it, so a broken upload is caught here.
    whole = png(fmt="JPEG", size=(400, 300))
    with pytest.raises(PhotoRefused, match="文件不完整或已损坏，不是有效的 JPEG 文件。"):
        add_photo(project=facade, phase=Phase.AFTER, caption="南立面", upload=upload(whole[: len(whole) // 2], "a.jpg"),
                  actor=alice)
    assert not ProjectPhoto.objects.exists()
