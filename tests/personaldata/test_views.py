"""The street office sees each community's retention date and a dry-run preview, and sets the period."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from huanjie.audit.models import AuditRecord
from huanjie.personaldata.models import RetentionPolicy
from huanjie.roster.models import Owner
from tests.conftest import client_for
from tests.personaldata.conftest import challenge_over


def test_the_office_page_shows_the_date_and_the_preview_without_writing(election, wang, elsewhere):
    records = AuditRecord.objects.count()
    page = client_for(wang).get(reverse("personaldata:office", kwargs={"code": "zjxl"}))
    assert page.status_code == 200
    html = page.content.decode()
    earliest = challenge_over(election.announced_on)
    assert earliest.isoformat() in html
    assert "五月花生活广场" in html and "别处小区" not in html  # another street office's community
    assert "业主名册手机号" in html and "删除预览" in html
    assert AuditRecord.objects.count() == records
    assert "" not in set(Owner.objects.values_list("phone", flat=True))


def test_only_the_office_s_supervisor_sees_it(election, alice, charlie, olivia):
    url = reverse("personaldata:office", kwargs={"code": "zjxl"})
    for user in (alice, charlie, olivia):
        assert client_for(user).get(url).status_code == 404


def test_the_supervisor_sets_a_longer_period_and_it_is_recorded(election, wang, alice):
    url = reverse("personaldata:retention", kwargs={"slug": "wyh"})
    assert client_for(alice).get(url).status_code == 404
    response = client_for(wang).post(url, {"months": "24", "erase_roster_phones": "on", "hold_reason": ""})
    assert response.status_code == 302
    assert RetentionPolicy.objects.get().months == 24
    assert AuditRecord.objects.filter(code="personaldata.retention.changed").count() == 1
    page = client_for(wang).get(url).content.decode()
    shown = date.fromisoformat(page.split('data-testid="earliest">')[1][:10])
    assert shown == election.announced_on.replace(year=election.announced_on.year + 2) + timedelta(days=1)


def test_a_period_shorter_than_the_challenge_period_is_refused(election, wang):
    url = reverse("personaldata:retention", kwargs={"slug": "wyh"})
    response = client_for(wang).post(url, {"months": "6", "hold_reason": ""})
    assert response.status_code == 200 and "12" in response.content.decode()
    assert not RetentionPolicy.objects.exists()
