"""The count's settings of an assembly (spec/tally.md v2): chosen while it is prepared, a basis
for anything but the law's reading, frozen with the roster, printed on the roster-and-rules
notice, shown on the roster page and applied by the count."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest

from huanjie.audit.models import AuditRecord
from huanjie.notices import drafts, services
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Owner, Ownership, Unit, UnitStatus
from huanjie.roster.selectors import roster_summary
from huanjie.voting.errors import CountRulesNeedBasis, CountRulesPublished, InvalidTransition, UnknownCountRule
from huanjie.voting.models import Assembly, EntityJoin, WriteIn
from huanjie.voting.services import open_voting, set_count_rules
from huanjie.voting.snapshot import snapshot_text
from tests.conftest import client_for

BASIS = "本小区业主大会议事规则第十二条"


@pytest.fixture
def couples(wuyuehua):  # type: ignore[no-untyped-def]
    """五月花 plus 1-202, bought by 甲先生 and 乙先生 together; the developer's unsold 1-302 and
    1-301, sold to 丙先生 (who owns 1-201) but not yet delivered."""
    building = wuyuehua.buildings.get()
    joint = Unit.objects.create(community=wuyuehua, building=building, code="1-202", area=Decimal("70.00"))
    for name in ("wyh-甲", "wyh-乙"):
        Ownership.objects.create(community=wuyuehua, unit=joint, owner=Owner.objects.get(identifier=name))
    sold = Unit.objects.create(community=wuyuehua, building=building, code="1-301", area=Decimal("90.00"),
                               status=UnitStatus.UNDELIVERED)
    Ownership.objects.create(community=wuyuehua, unit=sold, owner=Owner.objects.get(identifier="wyh-丙"))
    Unit.objects.create(community=wuyuehua, building=building, code="1-302", area=Decimal("90.00"),
                        status=UnitStatus.UNSOLD)
    return wuyuehua


def test_a_new_assembly_counts_as_the_rules_of_procedure_in_force_say_citing_that_version(assembly):
    assert (assembly.join, assembly.write_in) == ("identical-owners", "ignore-name")
    assert assembly.rules_of_procedure.version == "2020年版"
    assert assembly.count_rules_basis == "《业主大会议事规则》（2020年版，2020-06-01 通过）"


@pytest.mark.parametrize(("join", "write_in"), [("shared-owner", "ignore-name"), ("identical-owners", "void-contest")])
def test_anything_but_the_laws_reading_needs_its_basis(assembly, alice, join, write_in):
    with pytest.raises(CountRulesNeedBasis, match="议事规则"):
        set_count_rules(assembly=assembly, join=join, write_in=write_in, basis="  ", actor=alice)
    assert Assembly.objects.get(pk=assembly.pk).join == "identical-owners"
    changed = set_count_rules(assembly=assembly, join=join, write_in=write_in, basis=BASIS, actor=alice)
    assert (changed.join, changed.write_in, changed.count_rules_basis) == (join, write_in, BASIS)
    record = AuditRecord.objects.get(code="voting.assembly.count_rules")
    assert record.data["before"]["join"] == "identical-owners"
    assert record.data["after"] == {"join": join, "write_in": write_in, "basis": BASIS}


def test_an_unknown_setting_is_refused(assembly, alice):
    with pytest.raises(UnknownCountRule):
        set_count_rules(assembly=assembly, join="transitive", write_in="ignore-name", basis=BASIS, actor=alice)


def test_the_settings_are_fixed_once_voting_opens(open_assembly, alice):
    with pytest.raises(InvalidTransition, match="更改计票设置"):
        set_count_rules(assembly=open_assembly, join="shared-owner", write_in="void-contest", basis=BASIS,
                        actor=alice)


def test_the_settings_are_fixed_once_the_roster_and_rules_notice_is_published(assembly, alice, wuyuehua):
    reelection = Reelection.objects.create(community=wuyuehua, term_number=2, term_end=date(2027, 3, 29))
    Assembly.objects.filter(pk=assembly.pk).update(reelection=reelection)
    notice = drafts.draft_roster_notice(reelection=reelection, rules_text="（一）书面表决", period_days=7,
                                        event_on=None, actor=alice)
    set_count_rules(assembly=assembly, join="shared-owner", write_in="ignore-name", basis=BASIS, actor=alice)
    services.publish_notice(notice=notice, actor=alice, today=date(2026, 12, 1))
    with pytest.raises(CountRulesPublished, match="撤回"):
        set_count_rules(assembly=assembly, join="identical-owners", write_in="ignore-name", basis="", actor=alice)


@pytest.mark.parametrize(("join", "heads", "joined"), [
    ("identical-owners", 5, []),
    ("shared-owner", 3, [("1-101", "1-102", "1-202")]),
])  # fmt: skip
def test_the_frozen_roster_joins_units_by_the_settings(couples, assembly, alice, join, heads, joined):
    """甲先生's and 乙先生's joint 1-202 is a head of its own unless the rules of procedure join
    co-owners; 丙先生's 1-201 is never the developer's, though he bought the undelivered 1-301."""
    set_count_rules(assembly=assembly, join=join, write_in="ignore-name", basis=BASIS, actor=alice)
    opened = open_voting(assembly=assembly, actor=alice)
    assert opened.eligible_headcount == heads
    labels = {entity.label for entity in opened.entities.all()}
    assert "1-201" in labels and "1-301、1-302" in labels
    assert [tuple(e.label.split("、")) for e in opened.entities.all() if e.label.count("、") and not
            e.developer] == joined  # fmt: skip


def test_the_snapshot_sha256_binds_the_settings_to_the_frozen_roster(couples, assembly, alice):
    set_count_rules(assembly=assembly, join="shared-owner", write_in="void-contest", basis=BASIS, actor=alice)
    opened = open_voting(assembly=assembly, actor=alice)
    text = snapshot_text(opened)
    assert text == (f'roster_sha256 = "{opened.roster_sha256}"\njoin = "shared-owner"\n'
                    'write_in = "void-contest"\n')  # fmt: skip
    assert opened.snapshot_sha256 == hashlib.sha256(text.encode()).hexdigest()
    opened.write_in = "ignore-name"  # changed behind the service's back: the fingerprint no longer matches
    assert hashlib.sha256(snapshot_text(opened).encode()).hexdigest() != opened.snapshot_sha256
    recorded = AuditRecord.objects.get(code="voting.assembly.opened").data["after"]
    assert (recorded["join"], recorded["write_in"], recorded["snapshot_sha256"]) == (
        "shared-owner", "void-contest", opened.snapshot_sha256)


def test_the_roster_page_and_summary_join_units_as_the_coming_vote_will(couples, assembly, alice):
    assert roster_summary(couples).eligible_headcount == 5
    page = client_for(alice).get("/c/wyh/roster/").content.decode()
    assert "业主不完全相同的房屋各按一人计算" in page
    set_count_rules(assembly=assembly, join="shared-owner", write_in="ignore-name", basis=BASIS, actor=alice)
    summary = roster_summary(couples)
    assert summary.eligible_headcount == 3 and summary.rules.basis == BASIS
    page = client_for(alice).get("/c/wyh/roster/").content.decode()
    assert "有共同业主的房屋（含经共有人间接相连的）合并按一人计算" in page and BASIS in page


def test_the_roster_and_rules_notice_prints_the_settings(couples, assembly, alice):
    reelection = Reelection.objects.create(community=couples, term_number=2, term_end=date(2027, 3, 29))
    Assembly.objects.filter(pk=assembly.pk).update(reelection=reelection)

    def body() -> str:
        return drafts.draft_roster_notice(reelection=reelection, rules_text="（一）书面表决", period_days=7,
                                          event_on=None, actor=alice).body

    law = body()
    assert "拥有多套房屋的按一人计算（共 0 户，见附表），业主不完全相同的房屋各按一人计算" in law
    assert "已售未交付房屋的买受人自有的其他房屋仍各按一人计算" in law
    assert "应参与表决的业主人数为 5 人" in law and "该姓名不计，所选候选人仍有效" in law
    set_count_rules(assembly=assembly, join="shared-owner", write_in="void-contest", basis=BASIS, actor=alice)
    chosen = body()
    assert f"依据{BASIS}，有共同业主的房屋（含经共有人间接相连的）合并按一人计算（共 1 户，见附表）" in chosen
    assert "应参与表决的业主人数为 3 人" in chosen
    assert f"未超过但填写了非候选人的，依据{BASIS}，该事项的选择无效" in chosen


def test_staff_choose_the_settings_on_the_assembly_page(assembly, alice):
    client = client_for(alice)
    page = client.get(f"/c/wyh/voting/{assembly.pk}/").content.decode()
    assert 'data-testid="set-count-rules"' in page and str(EntityJoin.IDENTICAL_OWNERS.label) in page
    url = f"/c/wyh/voting/{assembly.pk}/count-rules/"
    client.post(url, {"join": "shared-owner", "write_in": "ignore-name", "basis": ""})
    assert Assembly.objects.get(pk=assembly.pk).join == "identical-owners"  # refused: no basis
    client.post(url, {"join": "shared-owner", "write_in": "void-contest", "basis": BASIS})
    saved = Assembly.objects.get(pk=assembly.pk)
    assert (saved.join, saved.write_in, saved.count_rules_basis) == ("shared-owner", "void-contest", BASIS)
    page = client.get(f"/c/wyh/voting/{assembly.pk}/").content.decode()
    assert str(WriteIn.VOID_CONTEST.label) in page and BASIS in page
