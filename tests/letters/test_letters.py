"""告业主书: the working group issues each unit a printed letter with its owner sign-in code.

The letters are read back from the PDF (pypdf) and the printed codes are used to sign in, as an
owner would. 五月花 of the fixtures has three units (1-101, 1-102, 1-201), phones ending 0001-0003.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from huanjie.accounts.errors import OwnerCodeVoided
from huanjie.accounts.models import OwnerAccessCode
from huanjie.accounts.services import sign_in_owner
from huanjie.audit.models import AuditRecord
from huanjie.letters.models import LetterDelivery
from tests.conftest import client_for

PHONE_TAIL = {"1-101": "0001", "1-102": "0002", "1-201": "0003"}


def letters_in(pdf: bytes) -> dict[str, str]:
    """The printed letters: unit -> code, as the owner reads them."""
    found = {}
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        lines = page.extract_text().splitlines()
        unit = next(line.removeprefix("房号：").strip() for line in lines if line.startswith("房号："))
        code = lines[lines.index("登录码：") + 1].replace(" ", "")
        found[unit] = code
    return found


def in_a_month() -> str:
    return (timezone.localdate() + timedelta(days=30)).isoformat()


def issue(client, community, **fields):  # type: ignore[no-untyped-def]
    return client.post(f"/c/{community.slug}/letters/", {"action": "issue", "scope": "missing",
                                                         "expires_on": in_a_month(), **fields})


def test_the_working_group_prints_a_letter_per_unit_whose_code_signs_the_owner_in(alice, wuyuehua):
    response = issue(client_for(alice), wuyuehua)
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "no-store"
    letters = letters_in(response.content)
    assert sorted(letters) == ["1-101", "1-102", "1-201"]
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    expiry = timezone.localdate() + timedelta(days=30)
    assert f"有效期至：{expiry.year}年{expiry.month}月{expiry.day}日" in text
    assert "五月花生活广场" in text and "http://testserver/accounts/owner/" in text and "甲先生" in text
    for unit, code in letters.items():
        user = sign_in_owner(community=wuyuehua, unit_code=unit, phone_last4=PHONE_TAIL[unit], code=code,
                             client_key="t")
        assert user.memberships.get().unit.code == unit
    assert OwnerAccessCode.objects.filter(community=wuyuehua, expires_on=expiry).count() == 3


def test_a_second_run_for_units_without_a_letter_leaves_the_letters_out_there_alone(alice, wuyuehua):
    client = client_for(alice)
    first = letters_in(issue(client, wuyuehua).content)
    sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=first["1-101"], client_key="t")
    response = issue(client, wuyuehua)
    assert response.status_code == 400 and "没有需要签发告业主书的房屋" in response.content.decode()
    sign_in_owner(community=wuyuehua, unit_code="1-102", phone_last4="0002", code=first["1-102"], client_key="t")


def test_reissuing_every_unit_asks_first_because_it_voids_the_codes_not_yet_used(alice, wuyuehua):
    client = client_for(alice)
    first = letters_in(issue(client, wuyuehua).content)
    refused = issue(client, wuyuehua, scope="all")
    assert refused.status_code == 400 and "还有 3 份已签发、尚未使用的登录码会作废" in refused.content.decode()
    assert OwnerAccessCode.objects.filter(revoked_at__isnull=False).count() == 0
    again = letters_in(issue(client, wuyuehua, scope="all", confirm="on").content)
    assert again.keys() == first.keys() and again["1-101"] != first["1-101"]
    with pytest.raises(OwnerCodeVoided):
        sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=first["1-101"], client_key="t")


def test_one_unit_is_reissued_at_the_door_voiding_its_old_code_in_the_audit_record(alice, wuyuehua):
    client = client_for(alice)
    first = letters_in(issue(client, wuyuehua).content)
    response = client.post(f"/c/{wuyuehua.slug}/letters/", {"action": "reissue", "unit": "1-102",
                                                           "expires_on": in_a_month()})
    assert list(letters_in(response.content)) == ["1-102"]
    with pytest.raises(OwnerCodeVoided):
        sign_in_owner(community=wuyuehua, unit_code="1-102", phone_last4="0002", code=first["1-102"], client_key="t")
    record = AuditRecord.objects.get(code="letters.reissued")
    assert record.data["after"]["unit"] == "1-102" and len(record.data["after"]["voided"]) == 1
    sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=first["1-101"], client_key="t")


def test_a_code_that_would_expire_before_it_is_delivered_is_refused(alice, wuyuehua):
    response = issue(client_for(alice), wuyuehua, expires_on=(timezone.localdate() - timedelta(days=1)).isoformat())
    assert response.status_code == 400 and "早于今天" in response.content.decode()
    assert not OwnerAccessCode.objects.exists()


def test_an_unknown_unit_cannot_be_reissued(alice, wuyuehua):
    response = client_for(alice).post(f"/c/{wuyuehua.slug}/letters/", {"action": "reissue", "unit": "9-999",
                                                                      "expires_on": in_a_month()})
    assert response.status_code == 400 and "9-999" in response.content.decode()


def test_delivery_is_recorded_like_a_ballot_paper_s(alice, wuyuehua):
    client = client_for(alice)
    url = f"/c/{wuyuehua.slug}/letters/delivery/"
    no_letter = client.post(url, {"unit": "1-101", "outcome": "delivered", "delivered_by": "李老师",
                                  "delivered_at": "2026-12-01T10:00", "signed_by": "甲先生"})
    assert "还没有签发告业主书" in no_letter.content.decode()
    issue(client, wuyuehua)
    client.post(url, {"unit": "1-101", "outcome": "delivered", "delivered_by": "李老师",
                      "delivered_at": "2026-12-01T10:00", "signed_by": "甲先生", "relation": "本人"})
    reasonless = client.post(url, {"unit": "1-102", "outcome": "undeliverable", "delivered_by": "李老师",
                                   "delivered_at": "2026-12-01T10:05"})
    assert "无法送达的须选择原因" in reasonless.content.decode()
    client.post(url, {"unit": "1-102", "outcome": "undeliverable", "delivered_by": "李老师",
                      "delivered_at": "2026-12-01T10:05", "reason": "nobody_home"})
    page = client.get(url).content.decode()
    assert re.search(r'data-testid="letters-delivered">1<', page)
    undelivered = page[page.index('data-testid="letters-undelivered"'):page.index('data-testid="letter-deliveries"')]
    assert "1-102" in undelivered and "1-201" in undelivered and "1-101" not in undelivered
    assert list(LetterDelivery.objects.values_list("outcome", flat=True).order_by("pk")) == [
        "delivered", "undeliverable"]
    assert AuditRecord.objects.filter(code__in=["letters.delivered", "letters.undeliverable"]).count() == 2


def test_the_letter_s_qr_link_fills_in_the_community_and_the_unit(db, wuyuehua, elsewhere):
    from django.test import Client

    from huanjie.letters.pdf import Letter, letter_url
    from huanjie.letters.services import letter_header

    unit = wuyuehua.units.get(code="1-101")
    header = letter_header(wuyuehua, site="http://testserver", expires_on=timezone.localdate(),
                           today=timezone.localdate())
    page = Client().get(letter_url(header, Letter("1-101", "", "ABCDEFGH", unit.pk))).content.decode()
    assert 'value="1-101"' in page and f'<option value="{wuyuehua.slug}" selected>' in page
    other = Client().get(f"/accounts/owner/?community={elsewhere.slug}&u={unit.pk}").content.decode()
    assert 'value="1-101"' not in other  # a unit is found only within the community the link names


def test_the_command_writes_the_letters_for_large_communities(alice, wuyuehua, tmp_path, capsys):
    out = tmp_path / "letters.pdf"
    call_command("owner_letters", wuyuehua.slug, "--expires", in_a_month(), "--site", "https://hj.example.cn",
                 "--out", str(out))
    assert sorted(letters_in(out.read_bytes())) == ["1-101", "1-102", "1-201"]
    assert out.stat().st_mode & 0o777 == 0o600  # the only copy of the codes
    assert "https://hj.example.cn/accounts/owner/" in pypdf.PdfReader(out).pages[0].extract_text()
    assert "封" in capsys.readouterr().err  # the progress bar
    with pytest.raises(CommandError, match="3 份尚未使用的登录码会作废"):
        call_command("owner_letters", wuyuehua.slug, "--expires", in_a_month(), "--site", "https://hj.example.cn",
                     "--out", str(tmp_path / "again.pdf"), "--scope", "all")
    call_command("owner_letters", wuyuehua.slug, "--expires", in_a_month(), "--site", "https://hj.example.cn",
                 "--out", str(tmp_path / "one.pdf"), "--unit", "1-201")
    assert list(letters_in((tmp_path / "one.pdf").read_bytes())) == ["1-201"]


def test_another_community_s_staff_cannot_issue_letters_here(charlie, wuyuehua):
    assert issue(client_for(charlie), wuyuehua).status_code == 404
    assert not OwnerAccessCode.objects.exists()
