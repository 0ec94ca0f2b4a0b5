"""At least daily: the whole chain verified again, and its head signed, on the first audit page of the day.

A long chain is checked on the audit page from the last full verification on; a record edited
before that verification would never be looked at again. So the first page of a day (Asia/Shanghai)
with no full verification from that day verifies the whole chain first; and it signs the head if
nothing (a publication, the `huanjie audit checkpoint` timer) did that day.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from huanjie import audit
from huanjie.audit.models import AuditRecord, ChainVerification
from tests.conftest import client_for


@pytest.fixture
def long_chain(wuyuehua, monkeypatch):  # type: ignore[no-untyped-def]
    """Five records on a page that verifies at most three while it loads: it relies on the stored verification."""
    monkeypatch.setattr("huanjie.audit.verification.LIVE_LIMIT", 3)
    for n in range(5):
        audit.record("visits.visit.recorded", community_id=wuyuehua.pk, data={"n": n})


def test_a_record_edited_before_yesterday_s_verification_is_found_by_the_first_page_of_today(
        long_chain, wuyuehua, alice):
    from huanjie.audit.verification import verify_and_store

    verify_and_store("wang")
    ChainVerification.objects.update(at=ChainVerification.objects.get().at - timedelta(days=1))
    audit.record("visits.visit.recorded", community_id=wuyuehua.pk, data={"n": 5})
    AuditRecord.objects.filter(sequence=2).update(data={"n": 99})  # behind yesterday's verification
    url = reverse("audit:log", args=[wuyuehua.slug])
    page = client_for(alice).get(url).content.decode()
    assert 'data-testid="chain-broken"' in page and "第一处断开：第 2 条记录" in page
    assert ChainVerification.objects.count() == 2  # today's, kept
    client_for(alice).get(url)
    assert ChainVerification.objects.count() == 2  # once a day, not on every page


def test_the_first_audit_page_of_the_day_signs_the_head_once(long_chain, wuyuehua, alice):
    from huanjie.audit.models import AuditCheckpoint

    url = reverse("audit:log", args=[wuyuehua.slug])
    page = client_for(alice).get(url).content.decode()
    signed = AuditCheckpoint.objects.get()
    assert (signed.count, signed.trigger) == (5, "daily")
    assert signed.head == AuditRecord.objects.get(sequence=5).hash
    assert 'data-testid="checkpoint"' in page and signed.key_id in page
    audit.record("visits.visit.recorded", community_id=wuyuehua.pk)
    client_for(alice).get(url)
    assert AuditCheckpoint.objects.count() == 1  # tomorrow's first page signs the next one
    AuditCheckpoint.objects.update(at=signed.at - timedelta(days=1))
    client_for(alice).get(url)
    assert list(AuditCheckpoint.objects.values_list("count", flat=True)) == [5, 6]


def test_the_daily_command_verifies_signs_and_says_so(long_chain, capsys):
    from django.core.management import call_command

    from huanjie.audit.models import AuditCheckpoint

    call_command("audit", "checkpoint")
    said = capsys.readouterr().out
    assert "checkpoint signed: 5 records" in said and "留痕链完整：共 5 条记录" in said
    assert AuditCheckpoint.objects.get().trigger == "command"
    assert ChainVerification.objects.get().actor_label == "huanjie audit checkpoint"
    call_command("audit", "checkpoint")
    assert AuditCheckpoint.objects.count() == 1  # the head has not moved: nothing new to sign
