from __future__ import annotations

from datetime import date

from django.test import Client

from huanjie.demo.build import load_demo
from huanjie.demo.users import DEMO_OWNER_UNIT
from huanjie.demo.voting import DEMO_VOTING_CODE
from huanjie.privacy import phone_tail
from huanjie.roster.models import Unit
from huanjie.voting.models import Assembly, AssemblyStatus, Channel
from huanjie.voting.selectors import turnout
from huanjie.voting.selectors_papers import delivery_coverage

TODAY = date(2026, 11, 29)


def test_the_demo_assembly_is_in_its_window_and_the_demo_owner_can_vote(db):
    community = load_demo(today=TODAY)  # one load: it takes seconds
    assembly = Assembly.objects.get(community=community)
    assert assembly.status == AssemblyStatus.OPEN
    assert assembly.opens_at.date() < TODAY < assembly.closes_at.date()
    now = turnout(assembly)
    assert now.by_channel[Channel.ONLINE] > 50 and now.by_channel[Channel.ASSISTED] > 30
    assert not now.quorum_met and now.missing_heads > 0
    coverage = delivery_coverage(assembly)
    assert coverage.delivered > 0.8 * coverage.papers and coverage.undeliverable > 5  # handed out door to door
    # Whatever today's date when the test runs, keep the window open around it.
    assembly.opens_at, assembly.closes_at = assembly.opens_at.replace(year=2000), assembly.closes_at.replace(year=2100)
    assembly.save()
    owner = Unit.objects.get(community=community, code=DEMO_OWNER_UNIT).owners.first()
    response = Client().post("/vote/", {"code": DEMO_VOTING_CODE, "phone_last4": phone_tail(owner.phone)})
    assert response.status_code == 302 and response.url == "/vote/ballot/"
