from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from huanjie.ledgers.errors import PhotoRefused
from huanjie.ledgers.models import DemandPhoto
from huanjie.ledgers.services import add_photo
from tests.conftest import client_for


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_it_stores_a_real_photo_under_a_new_name_and_serves_it_to_staff(alice, wuyuehua, make_demand):
    demand = make_demand()
    photo = add_photo(demand=demand, upload=SimpleUploadedFile("门.png", _png()), actor=alice)
    assert photo.content_type == "image/png" and photo.image.name.endswith(".png") and "门" not in photo.image.name
    response = client_for(alice).get(f"/c/{wuyuehua.slug}/demands/photos/{photo.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_it_refuses_a_file_that_only_claims_to_be_a_photo(alice, make_demand):
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(PhotoRefused, match="只接受 JPEG、PNG、WebP 文件"):
        add_photo(demand=make_demand(), upload=fake, actor=alice)
    assert not DemandPhoto.objects.exists()


def test_it_refuses_an_image_format_it_does_not_accept_and_a_file_too_large(alice, make_demand):
    gif = BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    with pytest.raises(PhotoRefused, match="只接受 JPEG、PNG、WebP 文件"):
        add_photo(demand=make_demand(), upload=SimpleUploadedFile("a.gif", gif.getvalue()), actor=alice)
    big = SimpleUploadedFile("big.png", _png() + b"\0" * (5 * 1024 * 1024))
    with pytest.raises(PhotoRefused, match="超过 5 MB"):
        add_photo(demand=make_demand(), upload=big, actor=alice)


def test_charlie_cannot_fetch_a_photo_of_another_community(alice, charlie, wuyuehua, make_demand):
    photo = add_photo(demand=make_demand(), upload=SimpleUploadedFile("a.png", _png()), actor=alice)
    assert client_for(charlie).get(f"/c/{wuyuehua.slug}/demands/photos/{photo.pk}/").status_code == 404
