"""Migrations 0004 and 0007 keep every existing recruitment valid (issue 16 §4, §5).

0004: an unlawful committee size moves to the nearest lawful one (and is printed); three seats in a
community under 10,000 m² keep three, with the area written down as their basis.
0007: arrears checked as a statutory condition become the recruitment's own condition (with the basis
it was checked on), each check moved to its key: no verdict changes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.voting.migrating import migrate_to

BEFORE = [("candidates", "0003_meeting_meetinganswer_meetingattendee_and_more")]
AFTER = [("candidates", "0007_arrears_by_rules_of_procedure")]


@pytest.mark.django_db(transaction=True)
def test_existing_recruitments_stay_valid(capsys):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        model = migrate_to(BEFORE).get_model
        office = model("roster", "StreetOffice").objects.create(name="街道", code="mig16")
        rounds = {}
        for slug, area, seats in (("even", None, 6), ("small", Decimal("8000.00"), 3), ("big", None, 3),
                                  ("fine", None, 7)):
            community = model("roster", "Community").objects.create(street_office=office, name=slug, slug=slug,
                                                                    building_area=area)
            reelection = model("reelection", "Reelection").objects.create(community=community, term_number=2,
                                                                          term_end=date(2027, 3, 29))
            rounds[slug] = model("candidates", "Recruitment").objects.create(
                community=community, reelection=reelection, seats=seats, extra_conditions=["热心公益"])
        community = rounds["fine"].community
        # The roster's tables stay at their latest state (only candidates moves back): its current models.
        from huanjie.roster.models import Owner, Unit
        unit = Unit.objects.create(community_id=community.pk, code="1-101", area=Decimal("80.00"))
        owner = Owner.objects.create(community_id=community.pk, identifier="O1", name="甲")
        nomination = model("candidates", "Nomination").objects.create(
            community=community, recruitment=rounds["fine"], owner_id=owner.pk, unit_id=unit.pk, method="self",
            channel="online", gender="female", age_band="36-50", occupation="会计", time_available="evenings",
            statement="愿意服务", consent_to_publish=True)
        candidate = model("candidates", "Candidate").objects.create(
            community=community, recruitment=rounds["fine"], nomination=nomination, status="ineligible",
            status_reason="欠费未缴")
        model("candidates", "EligibilityCheck").objects.create(
            community=community, candidate=candidate, condition="fees_owed", met=False, reason="欠费未缴",
            confirmed_at=timezone.now())
        capsys.readouterr()

        model = migrate_to(AFTER).get_model
        Recruitment = model("candidates", "Recruitment")
        assert Recruitment.objects.get(pk=rounds["even"].pk).seats == 7
        assert Recruitment.objects.get(pk=rounds["big"].pk).seats == 5
        small = Recruitment.objects.get(pk=rounds["small"].pk)
        assert small.seats == 3 and "8000.00 平方米" in small.small_committee_basis
        assert "seats 6" in capsys.readouterr().out
        fine = Recruitment.objects.get(pk=rounds["fine"].pk)
        assert fine.seats == 7 and fine.extra_conditions[0] == "热心公益"
        assert fine.extra_conditions[1].startswith("无欠交物业服务费或专项维修资金且未改正的情形（依据：")
        moved = model("candidates", "EligibilityCheck").objects.get(candidate_id=candidate.pk)
        assert moved.condition == "extra:2" and not moved.met
        assert Recruitment.objects.get(pk=rounds["even"].pk).extra_conditions == ["热心公益"]
    finally:
        migrate_to(latest)
