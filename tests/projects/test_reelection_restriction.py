"""《上海市住宅物业管理规定》第二十八条: while the committee is being re-elected, the sitting committee's project
that spends the maintenance fund or changes the property manager needs the street office's recorded consent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from huanjie.audit.models import AuditRecord
from huanjie.projects.errors import (
    ConsentByStreetOfficeOnly,
    ConsentNotForThis,
    NoReelectionUnderWay,
    RestrictedDuringReelection,
)
from huanjie.projects.models import Funding, Project
from huanjie.projects.services import create_project, record_consent, start_project
from huanjie.reelection.models import Reelection, StageProgress
from huanjie.voting.models import AssemblyStatus
from tests.conftest import client_for
from tests.projects.conftest import TODAY


def under_way(community) -> Reelection:  # type: ignore[no-untyped-def]
    reelection = Reelection.objects.create(community=community, term_end=date(2027, 3, 29))
    StageProgress.objects.create(community=community, reelection=reelection, stage="working_group",
                                 done_on=date(2026, 11, 2))
    return reelection


def fund_project(community, actor, motion, **kwargs):  # type: ignore[no-untyped-def]
    return create_project(community=community, title="更换3号楼电梯", scope="电梯整机更换", budget=Decimal("600000.00"),
                          funding=Funding.MAINTENANCE_FUND, motion=motion, contractor="", actor=actor, **kwargs)


def test_the_sitting_committee_may_not_spend_the_fund_during_the_re_election(wuyuehua, alice, passed_motion):
    under_way(wuyuehua)
    with pytest.raises(RestrictedDuringReelection, match="《上海市住宅物业管理规定》第二十八条"):
        fund_project(wuyuehua, alice, passed_motion)
    assert not Project.objects.exists()


def test_nor_change_the_property_manager(wuyuehua, alice):
    under_way(wuyuehua)
    with pytest.raises(RestrictedDuringReelection, match="选聘或解聘物业服务企业"):
        create_project(community=wuyuehua, title="更换物业公司", scope="公开招标", budget=Decimal("1.00"),
                       funding=Funding.COMMON_INCOME, motion=None, contractor="", actor=alice, changes_manager=True)


def test_with_the_street_office_s_consent_it_may_and_the_consent_is_audited(wuyuehua, alice, wang, passed_motion):
    reelection = under_way(wuyuehua)
    consent = record_consent(community=wuyuehua, subject="更换3号楼电梯", reason="电梯停运，安全隐患", actor=wang)
    assert consent.reelection == reelection
    assert AuditRecord.objects.get(code="projects.consent.recorded").data["after"]["consented_to"] == "更换3号楼电梯"
    project = fund_project(wuyuehua, alice, passed_motion, consent=consent)
    assert start_project(project=project, started_on=TODAY, actor=alice, today=TODAY).status == "in_progress"


def test_other_projects_and_other_deciders_are_not_held_back(wuyuehua, alice, passed_motion):
    under_way(wuyuehua)
    create_project(community=wuyuehua, title="外立面修缮", scope="瓷砖", budget=Decimal("100.00"),
                   funding=Funding.GOVERNMENT, motion=None, contractor="", actor=alice)
    assert fund_project(wuyuehua, alice, passed_motion, by_sitting_committee=False).pk


def test_before_the_working_group_and_after_the_election_there_is_no_restriction(wuyuehua, alice, passed_motion):
    reelection = Reelection.objects.create(community=wuyuehua, term_end=date(2027, 3, 29))
    fund_project(wuyuehua, alice, passed_motion)
    StageProgress.objects.create(community=wuyuehua, reelection=reelection, stage="working_group",
                                 done_on=date(2026, 11, 2))
    passed_motion.assembly.reelection = reelection
    passed_motion.assembly.save()  # a counted assembly of the re-election: the new committee is elected
    assert passed_motion.assembly.status == AssemblyStatus.COUNTED
    assert fund_project(wuyuehua, alice, passed_motion).pk


def test_a_project_planned_before_the_re_election_does_not_start_during_it(wuyuehua, alice, passed_motion):
    project = fund_project(wuyuehua, alice, passed_motion)
    under_way(wuyuehua)
    with pytest.raises(RestrictedDuringReelection):
        start_project(project=project, started_on=TODAY, actor=alice, today=TODAY)


def test_only_the_street_office_records_consent_and_only_during_a_re_election(wuyuehua, alice, wang):
    with pytest.raises(NoReelectionUnderWay):
        record_consent(community=wuyuehua, subject="电梯", reason="安全", actor=wang)
    under_way(wuyuehua)
    with pytest.raises(ConsentByStreetOfficeOnly):
        record_consent(community=wuyuehua, subject="电梯", reason="安全", actor=alice)


def test_a_consent_of_another_re_election_is_no_consent(wuyuehua, alice, wang, passed_motion):
    under_way(wuyuehua)
    consent = record_consent(community=wuyuehua, subject="电梯", reason="安全", actor=wang)
    under_way_again = Reelection.objects.create(community=wuyuehua, term_number=3, term_end=date(2030, 3, 29))
    StageProgress.objects.create(community=wuyuehua, reelection=under_way_again, stage="working_group",
                                 done_on=date(2029, 11, 2))
    with pytest.raises(ConsentNotForThis):
        fund_project(wuyuehua, alice, passed_motion, consent=consent)


def test_the_supervisor_records_consent_on_the_projects_page_and_the_working_group_cannot(wuyuehua, alice, wang):
    under_way(wuyuehua)
    url = reverse("projects:consent", args=[wuyuehua.slug])
    assert client_for(alice).post(url, {"subject": "电梯", "reason": "安全"}).status_code == 404
    page = client_for(wang).post(url, {"subject": "电梯", "reason": "安全"}, follow=True).content.decode()
    assert "街道同意已记录" in page and "第二十八条" in page
