"""发放/签收: every paper handed over is signed for by someone named, or has a reason it was not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from huanjie.audit.models import AuditRecord
from huanjie.voting.errors import DeliveryIncomplete, VotingNotOpen
from huanjie.voting.models import Delivery, DeliveryOutcome, UndeliverableReason
from huanjie.voting.selectors_papers import delivery_coverage
from huanjie.voting.services import close_voting
from huanjie.voting.services.delivery import record_delivery
from tests.conftest import client_for
from tests.voting.conftest import paper_of

NOW = timezone.now()


def deliver(assembly, label, actor, **extra):  # type: ignore[no-untyped-def]
    fields = {"outcome": DeliveryOutcome.DELIVERED, "delivered_by": "李老师", "delivered_at": NOW,
              "signed_by": "甲先生", "relation": "本人", **extra}
    return record_delivery(paper=paper_of(assembly, label), actor=actor, **fields)


def test_a_paper_signed_for_after_nobody_was_home_counts_once_as_delivered(open_assembly, alice):
    deliver(open_assembly, "1-101", alice, outcome=DeliveryOutcome.UNDELIVERABLE,
            reason=UndeliverableReason.NOBODY_HOME, delivered_at=NOW - timedelta(days=1))
    deliver(open_assembly, "1-101", alice)
    deliver(open_assembly, "1-102", alice, outcome=DeliveryOutcome.UNDELIVERABLE, reason=UndeliverableReason.VACANT)
    coverage = delivery_coverage(open_assembly)
    assert (coverage.papers, coverage.delivered, coverage.undeliverable, coverage.not_attempted) == (3, 1, 1, 1)
    assert coverage.share == "33.3%"
    assert AuditRecord.objects.filter(code="voting.paper.delivered").count() == 1
    assert AuditRecord.objects.filter(code="voting.paper.undeliverable").count() == 2


@pytest.mark.parametrize(("extra", "why"), [
    ({"signed_by": ""}, "已送达的须填写签收人"),
    ({"delivered_by": " "}, "请填写发放人"),
    ({"outcome": DeliveryOutcome.UNDELIVERABLE, "reason": ""}, "无法送达的须选择原因"),
    ({"outcome": DeliveryOutcome.UNDELIVERABLE, "reason": UndeliverableReason.OTHER}, "原因为“其他”的须写明说明"),
])
def test_it_refuses_an_incomplete_record_and_writes_nothing(open_assembly, alice, extra, why):
    with pytest.raises(DeliveryIncomplete, match=why):
        deliver(open_assembly, "1-101", alice, **extra)
    assert not Delivery.objects.exists()


def test_papers_are_not_delivered_once_voting_has_ended(open_assembly, alice):
    close_voting(assembly=open_assembly, actor=alice)
    with pytest.raises(VotingNotOpen):
        deliver(open_assembly, "1-101", alice)  # the caller's copy still says open


def test_the_database_refuses_a_delivery_signed_for_by_nobody(open_assembly):
    paper = paper_of(open_assembly, "1-101")
    with pytest.raises(IntegrityError):
        Delivery.objects.create(community_id=paper.community_id, assembly=open_assembly, paper=paper,
                                outcome=DeliveryOutcome.DELIVERED, delivered_by="李老师", delivered_at=NOW)


def test_alice_records_deliveries_and_the_voting_page_shows_coverage(open_assembly, alice):
    client = client_for(alice)
    url = f"/c/wyh/voting/{open_assembly.pk}/"
    serial = paper_of(open_assembly, "1-201").serial
    response = client.post(f"{url}delivery/", {"serial": serial, "outcome": "delivered", "delivered_by": "李老师",
                                               "delivered_at": "2026-11-20T10:00", "signed_by": "丙先生"})
    assert response.status_code == 302
    page = client.get(f"{url}delivery/")
    assert page.context["coverage"].delivered == 1 and "丙先生" in page.content.decode()
    assert [p.serial for p in page.context["undelivered"]] == sorted(
        paper_of(open_assembly, label).serial for label in ("1-101", "1-102"))
    detail = client.get(url).content.decode()
    assert 'data-testid="delivery-coverage"' in detail and "1 / 3" in detail
    bad = client.post(f"{url}delivery/", {"serial": "nope", "outcome": "delivered", "delivered_by": "李老师",
                                          "delivered_at": "2026-11-20T10:00", "signed_by": "丙先生"})
    assert "没有编号为“nope”的表决票" in bad.content.decode()


def test_scrutineers_see_but_others_do_not(open_assembly, charlie, olivia):
    for user in (charlie, olivia):
        assert client_for(user).get(f"/c/wyh/voting/{open_assembly.pk}/delivery/").status_code == 404
