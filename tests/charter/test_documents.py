"""The rules of procedure and the covenant as documents, and what a new assembly takes from them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from huanjie.audit.models import AuditRecord
from huanjie.charter.errors import (
    AdoptedInFuture,
    AssemblyElsewhere,
    DocumentRefused,
    OnlineVotingNeedsDecision,
    SettingsOnlyInRules,
    VersionExists,
)
from huanjie.charter.models import CharterDocument, DocumentKind
from huanjie.charter.selectors import current_versions, rules_of_procedure_in_force
from huanjie.charter.services import Settings, add_document
from huanjie.demo import files
from huanjie.voting.errors import CountRulesPublished, NoRulesOfProcedure, OnlineVotingNotAdopted
from huanjie.voting.models import Assembly, ContestKind
from huanjie.voting.services import (
    add_contest,
    apply_rules_of_procedure,
    cast_online_ballot,
    create_assembly,
    find_paper,
    issue_voting_codes,
    open_voting,
    record_paper_ballot,
)
from tests.announce import announce_vote
from tests.rules_of_procedure import adopt_rules_of_procedure
from tests.voting.conftest import seal_first_box

TEXT = "业主大会议事规则\n第一条 本规则依据《物业管理条例》第十八条制定。\n".encode()


def upload(data: bytes = TEXT, name: str = "规则.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def add(community, actor, **kwargs):  # type: ignore[no-untyped-def]
    fields = {"kind": DocumentKind.RULES_OF_PROCEDURE, "version": "2026年修订版", "adopted_on": date(2026, 5, 9),
              "adopted_by": "2026年第一次业主大会第2项表决事项", "upload": upload(), "actor": actor,
              "today": date(2026, 12, 1)} | kwargs
    return add_document(community=community, **fields)


def test_a_version_keeps_its_text_its_digest_and_who_adopted_it_audited(wuyuehua, alice):
    document = add(wuyuehua, alice, upload=upload(files.pdf("议事规则"), "rules.docx"),
                   settings=Settings(online_voting=True, online_voting_decision=" 2026年 第一次业主大会 ",
                                     join="shared-owner", write_in="void-contest", small_committee=True))
    assert document.content_type == "application/pdf" and document.file.name.endswith(".pdf")
    assert "rules" not in document.file.name
    assert document.online_voting_decision == "2026年 第一次业主大会"
    assert (document.join, document.write_in, document.small_committee) == ("shared-owner", "void-contest", True)
    record = AuditRecord.objects.get(code="charter.document.added")
    assert record.data["after"]["sha256"] == document.sha256 and record.data["after"]["online_voting"] is True


def test_the_text_is_checked_by_its_content(wuyuehua, alice):
    with pytest.raises(DocumentRefused, match="只接受 PDF、Word、TXT"):
        add(wuyuehua, alice, upload=upload(files.image(), "规则.pdf"))
    assert not CharterDocument.objects.filter(version="2026年修订版").exists()


def test_a_version_is_recorded_once(wuyuehua, alice):
    add(wuyuehua, alice)
    with pytest.raises(VersionExists, match="以新的版本登记"):
        add(wuyuehua, alice, version=" 2026年修订版 ")


def test_only_adopted_versions_are_recorded(wuyuehua, alice):
    with pytest.raises(AdoptedInFuture):
        add(wuyuehua, alice, adopted_on=date(2026, 12, 2))


def test_a_covenant_settles_neither_the_vote_nor_the_count(wuyuehua, alice):
    with pytest.raises(SettingsOnlyInRules, match="物业管理条例》第十八条"):
        add(wuyuehua, alice, kind=DocumentKind.COVENANT, settings=Settings(join="shared-owner"))
    covenant = add(wuyuehua, alice, kind=DocumentKind.COVENANT)
    assert covenant.online_voting is False


def test_online_voting_names_the_decision_that_adopted_it(wuyuehua, alice):
    with pytest.raises(OnlineVotingNeedsDecision):
        add(wuyuehua, alice, settings=Settings(online_voting=True, online_voting_decision="  "))


def test_the_adopting_assembly_is_one_of_the_community(wuyuehua, elsewhere, alice):
    now = timezone.now()
    theirs = create_assembly(community=elsewhere, title="别处的大会", opens_at=now, closes_at=now + timedelta(days=1),
                             actor=alice)
    with pytest.raises(AssemblyElsewhere):
        add(wuyuehua, alice, assembly=theirs)


def test_the_version_in_force_is_the_last_adopted_on_or_before_the_day(wuyuehua, alice):
    fixture = rules_of_procedure_in_force(wuyuehua.pk, on=date(2026, 5, 8))
    newer = add(wuyuehua, alice)
    assert rules_of_procedure_in_force(wuyuehua.pk, on=date(2026, 5, 8)) == fixture
    assert rules_of_procedure_in_force(wuyuehua.pk, on=date(2026, 5, 9)) == newer
    assert current_versions(wuyuehua.pk, on=date(2026, 5, 9)) == [newer]


def make_assembly(community, actor):  # type: ignore[no-untyped-def]
    now = timezone.now()
    assembly = create_assembly(community=community, title="业主大会", opens_at=now - timedelta(hours=1),
                               closes_at=now + timedelta(days=1), actor=actor)
    add_contest(assembly=assembly, spec_id="fund", kind=ContestKind.MOTION, matter="other-major", title="事项",
                actor=actor)
    return assembly


def test_a_new_assembly_takes_the_count_from_the_rules_in_force_and_cites_that_version(wuyuehua, alice):
    rules = adopt_rules_of_procedure(wuyuehua, version="2025年版", adopted_on=date(2025, 3, 1), join="shared-owner",
                                     write_in="void-contest")
    assembly = make_assembly(wuyuehua, alice)
    assert (assembly.join, assembly.write_in, assembly.rules_of_procedure) == ("shared-owner", "void-contest", rules)
    assert assembly.count_rules_basis == "《业主大会议事规则》（2025年版，2025-03-01 通过）"
    record = AuditRecord.objects.get(code="voting.assembly.created")
    assert record.data["after"]["rules_of_procedure"] == rules.pk


def test_without_rules_of_procedure_an_assembly_counts_by_the_law_on_paper(wuyuehua, alice):
    CharterDocument.objects.filter(community=wuyuehua).delete()
    assembly = make_assembly(wuyuehua, alice)
    assert (assembly.join, assembly.write_in, assembly.count_rules_basis) == ("identical-owners", "ignore-name", "")
    assert assembly.rules_of_procedure is None and assembly.online_voting is False


def open_with_codes(community, actor):  # type: ignore[no-untyped-def]
    assembly = make_assembly(community, actor)
    seal_first_box(assembly, actor)
    announce_vote(assembly, actor)
    open_voting(assembly=assembly, actor=actor)
    return assembly, {i.paper.entity.label: i.code for i in issue_voting_codes(assembly=assembly, actor=actor)}


def test_online_voting_is_refused_unless_the_rules_of_procedure_adopt_it(wuyuehua, alice):
    adopt_rules_of_procedure(wuyuehua, version="2026年版", adopted_on=date(2026, 1, 5), online_voting=False,
                             online_voting_decision="")
    assembly, codes = open_with_codes(wuyuehua, alice)
    assert assembly.online_voting is False
    with pytest.raises(OnlineVotingNotAdopted, match="议事规则未采用网上表决"):
        find_paper(code=codes["1-101"], phone_last4="0001", client_key="1.2.3.4")
    paper = assembly.papers.get(entity__label="1-101")
    with pytest.raises(OnlineVotingNotAdopted):
        cast_online_ballot(paper=paper, choices={"fund": "yes"}, submission_key="k")
    assert not paper.ballots.exists()
    ballot = record_paper_ballot(paper=paper, valid=True, choices={"fund": "yes"}, actor=alice,
                                 received_at=timezone.now())
    assert ballot.channel == "paper"


def test_where_the_rules_adopt_it_owners_vote_online(wuyuehua, alice):
    assembly, codes = open_with_codes(wuyuehua, alice)
    paper = find_paper(code=codes["1-101"], phone_last4="0001", client_key="1.2.3.4")
    assert cast_online_ballot(paper=paper, choices={"fund": "yes"}, submission_key="k").channel == "online"


def test_a_draft_made_before_the_rules_were_recorded_takes_them_later_audited(wuyuehua, alice):
    CharterDocument.objects.filter(community=wuyuehua).delete()
    assembly = make_assembly(wuyuehua, alice)
    with pytest.raises(NoRulesOfProcedure):
        apply_rules_of_procedure(assembly=assembly, actor=alice)
    rules = adopt_rules_of_procedure(wuyuehua, join="shared-owner")
    updated = apply_rules_of_procedure(assembly=assembly, actor=alice)
    assert (updated.online_voting, updated.join, updated.rules_of_procedure) == (True, "shared-owner", rules)
    assert updated.count_rules_basis == rules.citation
    record = AuditRecord.objects.get(code="voting.assembly.rules_of_procedure")
    assert record.data["before"]["online_voting"] is False and record.data["after"]["rules_of_procedure"] == rules.pk


def test_once_the_rules_notice_is_out_the_assembly_keeps_its_rules(wuyuehua, alice):
    from huanjie.reelection.models import Reelection

    CharterDocument.objects.filter(community=wuyuehua).delete()
    now = timezone.now()
    assembly = create_assembly(community=wuyuehua, title="业主大会", opens_at=now + timedelta(days=20),
                               closes_at=now + timedelta(days=21), actor=alice,
                               reelection=Reelection.objects.create(community=wuyuehua, term_end=date(2027, 3, 29)))
    announce_vote(assembly, alice)
    adopt_rules_of_procedure(wuyuehua)
    with pytest.raises(CountRulesPublished):
        apply_rules_of_procedure(assembly=assembly, actor=alice)
    assert Assembly.objects.get(pk=assembly.pk).online_voting is False


def test_the_assembly_page_says_whether_owners_vote_online_and_updates_from_the_rules(wuyuehua, alice):
    from django.urls import reverse

    from tests.conftest import client_for

    CharterDocument.objects.filter(community=wuyuehua).delete()
    assembly = make_assembly(wuyuehua, alice)
    client = client_for(alice)
    page = client.get(reverse("voting:detail", args=[wuyuehua.slug, assembly.pk])).content.decode()
    assert "不采用：议事规则未采用网上表决" in page
    adopt_rules_of_procedure(wuyuehua)
    response = client.post(reverse("voting:rules_of_procedure", args=[wuyuehua.slug, assembly.pk]), follow=True)
    assert "已按现行议事规则更新" in response.content.decode()
    assert Assembly.objects.get(pk=assembly.pk).online_voting is True
