"""An owner downloads a copy of their data (PIPL art. 45): theirs only, and never their ballot's choices."""

from __future__ import annotations

import io
import json
import zipfile

from django.urls import reverse

from huanjie.audit.models import AuditRecord
from huanjie.voting.models import Ballot
from tests.conftest import client_for
from tests.personaldata.conftest import DEMAND_DETAIL, LETTERS, PROXY_HOLDER_PHONE, VISIT_NOTE


def _url(slug: str = "wyh") -> str:
    return reverse("personaldata:owner_export", kwargs={"slug": slug})


def _confirmation(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """What the owner types again: the phone's last four digits and the letter's code."""
    unit = user.memberships.get().unit
    return {"phone_last4": unit.owners.get().phone[-4:], "code": LETTERS[unit.code]}


def _download(user) -> tuple[dict, str, str]:  # type: ignore[no-untyped-def]
    response = client_for(user).post(_url(), _confirmation(user))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="huanjie-wyh-my-data-')
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["data.json", "个人信息摘要.html"]
        raw = archive.read("data.json").decode()
        html = archive.read("个人信息摘要.html").decode()
    return json.loads(raw), raw, html


def test_it_holds_the_owner_s_roster_rows_visits_demands_candidacy_and_ballot_receipt(election, olivia):
    data, raw, html = _download(olivia)
    assert [u["code"] for u in data["units"]] == ["1-101"]
    assert data["owners"] == [{"identifier": "wyh-甲", "name": "甲先生", "phone": "13800000001", "units": ["1-101"]}]
    assert [v["notes"] for v in data["visits"]] == [VISIT_NOTE["1-101"]]
    assert [d["detail"] for d in data["demands"]] == [DEMAND_DETAIL["1-101"]]
    assert data["candidacy"]["nominations"][0]["statement"] == "甲先生愿意为小区服务"
    assert len(data["access_codes"]) == 1 and "code_hash" not in raw
    (voting,) = data["voting"]
    assert voting["units"] == "1-101"
    assert [d["signed_by"] for d in voting["deliveries"]] == ["甲先生"]
    ballot = Ballot.objects.get(entity__label="1-101")
    assert voting["ballots"] == [
        {
            "receipt": ballot.receipt,
            "channel": "网上投票",
            "received_at": voting["ballots"][0]["received_at"],
            "status": "计入",
            "invalid_reason": "",
        }
    ]
    # The readable summary says the same in Chinese.
    assert "1-101" in html and ballot.receipt in html and VISIT_NOTE["1-101"] in html and "13800000001" in html


def test_it_holds_nothing_of_the_ballot_s_choices(election, olivia):
    _data, raw, html = _download(olivia)
    for text in (raw, html):
        assert "choices" not in text
        assert not any(name in text for name in ("张三", "李四", "王五"))
        assert "lift-fund" not in text and '"yes"' not in text


def test_it_holds_nothing_of_other_owners(election, olivia):
    _data, raw, html = _download(olivia)
    for text in (raw, html):
        for foreign in (
            "1-102",
            "1-201",
            "乙先生",
            "乙太太",
            "丙先生",
            "13800000002",
            "13800000003",
            VISIT_NOTE["1-102"],
            DEMAND_DETAIL["1-102"],
            PROXY_HOLDER_PHONE,
            "钱阿姨",
        ):
            assert foreign not in text, foreign


def test_oscar_gets_his_flat_and_not_olivia_s(election, oscar):
    data, raw, _html = _download(oscar)
    assert [u["code"] for u in data["units"]] == ["1-102"]
    assert VISIT_NOTE["1-102"] in raw and VISIT_NOTE["1-101"] not in raw and "甲先生" not in raw
    assert data["voting"][0]["ballots"][0]["channel"] == "上门收票"


def test_a_proxy_given_shows_the_holder_with_a_masked_phone_and_not_the_instructions(election, wuyuehua):
    from huanjie.accounts.models import Role
    from tests.conftest import make_user

    owner = make_user("bing", Role.OWNER, community=wuyuehua, unit=wuyuehua.units.get(code="1-201"))
    data, raw, _html = _download(owner)
    (given,) = data["voting"][0]["proxies_given"]
    assert given["holder"] == "钱阿姨" and given["holder_phone"] == "139****5678"
    assert PROXY_HOLDER_PHONE not in raw and "同意张三" not in raw


def test_the_download_is_in_the_audit_trail_with_counts_only(election, olivia):
    _download(olivia)
    record = AuditRecord.objects.get(code="personaldata.exported")
    assert record.actor == olivia and record.target_label == "1-101"
    assert record.data["units"] == ["1-101"] and record.data["sections"]["visits"] == 1
    assert "13800000001" not in json.dumps(record.data, ensure_ascii=False)


def test_the_owner_page_offers_the_download(election, olivia):
    page = client_for(olivia).get(reverse("web:owner_home", kwargs={"slug": "wyh"})).content.decode()
    assert _url() in page and "下载我的个人信息" in page


def test_nobody_else_can_take_it(election, alice, wang, charlie, client):
    assert client.post(_url()).status_code == 302  # anonymous: the sign-in page
    assert client.post(_url())["Location"].startswith("/accounts/login/")
    for user in (alice, wang, charlie):
        assert client_for(user).post(_url()).status_code == 404
    assert not AuditRecord.objects.filter(code="personaldata.exported").exists()


def test_it_is_a_post_so_a_link_prefetch_cannot_trigger_it(election, olivia):
    assert client_for(olivia).get(_url()).status_code == 405


def test_the_download_needs_the_letters_code_and_the_phone_digits_typed_again(election, olivia):
    client = client_for(olivia)  # a signed-in phone, left on the table
    for typed in ({}, {"phone_last4": "0001", "code": "WRONG234"}, {"phone_last4": "9999", "code": LETTERS["1-101"]},
                  {"phone_last4": "0002", "code": LETTERS["1-102"]}):  # the neighbour's letter is not olivia's
        response = client.post(_url(), typed)
        assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
        assert 'data-testid="confirm-owner"' in response.content.decode()
    assert "房号、手机号后四位或登录码不正确" in response.content.decode()
    assert not AuditRecord.objects.filter(code="personaldata.exported").exists()
    assert client.post(_url(), _confirmation(olivia))["Content-Type"] == "application/zip"


def test_guessing_the_code_before_the_download_is_throttled(election, olivia, settings):
    settings.HUANJIE_LOGIN_MAX_FAILURES = 3
    client = client_for(olivia)
    for n in range(3):
        client.post(_url(), {"phone_last4": "0001", "code": f"WRONG{n}"})
    assert "尝试次数过多" in client.post(_url(), _confirmation(olivia)).content.decode()
