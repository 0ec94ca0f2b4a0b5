from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from huanjie.ledgers.models import Category, Source
from huanjie.ledgers.services import add_default_categories, record_demand
from huanjie.projects.models import Funding, Phase, Project
from huanjie.projects.services import add_photo, create_project
from huanjie.voting.models import Assembly, AssemblyStatus, Contest, ContestKind, CountResult

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today() -> date:
    return TODAY


def png(color: str = "red", size: tuple[int, int] = (40, 30), fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def upload(data: bytes, name: str = "facade.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def fund_motion(community, user, *, passed: bool, counted: bool = True) -> Contest:  # type: ignore[no-untyped-def]
    opens = timezone.make_aware(datetime(2026, 10, 1, 8))
    assembly = Assembly.objects.create(community=community, title="2026年第一次业主大会", opens_at=opens,
                                       closes_at=opens + timedelta(days=10), status=AssemblyStatus.COUNTED)
    motion = Contest.objects.create(community=community, assembly=assembly, spec_id="facade-fund",
                                    kind=ContestKind.MOTION, matter="use-maintenance-fund",
                                    title="使用专项维修资金修缮外立面")
    if counted:
        CountResult.objects.create(community=community, assembly=assembly, counted_at=opens + timedelta(days=11),
                                   counted_by=user, ballots_sha256="0" * 64, data={"contests": [
                                       {"id": "facade-fund", "kind": "motion", "passed": passed}]})
    return motion


@pytest.fixture
def passed_motion(wuyuehua, wang) -> Contest:  # type: ignore[no-untyped-def]
    return fund_motion(wuyuehua, wang, passed=True)


@pytest.fixture
def facade_category(wuyuehua, alice) -> Category:  # type: ignore[no-untyped-def]
    add_default_categories(community=wuyuehua, actor=alice)
    return Category.objects.get(community=wuyuehua, name="外立面")


@pytest.fixture
def make_demand(wuyuehua, alice, facade_category, today):  # type: ignore[no-untyped-def]
    def make(summary: str = "外墙瓷砖脱落", unit: str | None = "1-101"):  # type: ignore[no-untyped-def]
        return record_demand(community=wuyuehua, source=Source.VISIT, category=facade_category, summary=summary,
                             unit=wuyuehua.units.get(code=unit) if unit else None, recorded_on=date(2026, 11, 1),
                             actor=alice, today=today).demand
    return make


@pytest.fixture
def facade(wuyuehua, alice) -> Project:  # type: ignore[no-untyped-def]
    return create_project(community=wuyuehua, title="1号楼外立面修缮", scope="外墙瓷砖更换、渗水修补",
                          budget=Decimal("386000.00"), funding=Funding.GOVERNMENT, motion=None,
                          contractor="上海某建设工程有限公司", actor=alice)


@pytest.fixture
def with_photos(facade, alice) -> Project:  # type: ignore[no-untyped-def]
    add_photo(project=facade, phase=Phase.BEFORE, caption="1号楼南立面", upload=upload(png("gray")), actor=alice)
    add_photo(project=facade, phase=Phase.AFTER, caption="1号楼南立面", upload=upload(png("white")), actor=alice)
    return facade
