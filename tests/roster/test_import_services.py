"""Staging, comparing and applying an import: one transaction, against the roster it was checked with."""

from __future__ import annotations

from decimal import Decimal

import pytest

from huanjie.audit.models import AuditRecord
from huanjie.audit.services import verify_chain
from huanjie.roster import services
from huanjie.roster.errors import ImportNotPending, RosterFileInvalid, StaleImport
from huanjie.roster.models import Building, ImportStatus, Owner, RosterImport, Unit
from huanjie.roster.selectors import roster_summary
from tests.roster.conftest import WYH_SAME, counts, csv_bytes, parse

CHANGED = csv_bytes(
    "1-101,1号楼,88.50,wyh-甲;新业主,delivered",  # a co-owner added
    "1-102,2号楼,121.00,wyh-乙,undelivered",  # building, area and status changed
    "2-101,2号楼,70.00,wyh-丁,",  # a new unit and owner; 1-201 and wyh-丙 are gone
)


def stage(community, data, actor=None):  # type: ignore[no-untyped-def]
    return services.stage_roster_import(community=community, parsed=parse(data), actor=actor)


def test_it_shows_no_difference_for_the_roster_as_stored(wuyuehua):
    assert services.preview(stage(wuyuehua, WYH_SAME)).empty


def test_it_lists_units_and_owners_added_removed_and_changed(wuyuehua):
    diff = services.preview(stage(wuyuehua, CHANGED))
    assert [u.code for u in diff.added_units] == ["2-101"]
    assert [u.code for u in diff.removed_units] == ["1-201"]
    changes = {u.code: {(c.field, c.before, c.after) for c in u.changes} for u in diff.changed_units}
    assert changes == {
        "1-101": {("owners", "wyh-甲", "wyh-甲、新业主")},
        "1-102": {("building", "1号楼", "2号楼"), ("area", "120.25", "121.00"), ("status", "已交付", "已售未交付")},
    }
    assert sorted(o.identifier for o in diff.added_owners) == ["wyh-丁", "新业主"]
    assert [o.identifier for o in diff.removed_owners] == ["wyh-丙"]
    assert (diff.before.headcount, diff.after.headcount) == (3, 3)
    assert diff.after.area == Decimal("279.50")


def test_it_shows_a_changed_phone_when_the_file_carries_phones(wuyuehua):
    data = csv_bytes("1-101,88.50,甲先生,13900009999,wyh-甲", "1-102,120.25,乙先生,13800000002,wyh-乙",
                     "1-201,65.00,丙先生,13800000003,wyh-丙", header="房号,专有部分面积,业主姓名,联系电话,业主标识")
    diff = services.preview(stage(wuyuehua, data))
    assert [(o.identifier, [(c.field, c.before, c.after) for c in o.changes]) for o in diff.changed_owners] == [
        ("wyh-甲", [("phone", "13800000001", "13900009999")])]
    assert not diff.changed_units


def test_confirming_applies_the_import_and_the_roster_shows_the_new_totals(wuyuehua, alice):
    staged = stage(wuyuehua, CHANGED, alice)
    services.apply_roster_import(roster_import=staged, actor=alice)
    units = {u.code: u for u in Unit.objects.filter(community=wuyuehua).select_related("building")}
    assert sorted(units) == ["1-101", "1-102", "2-101"]
    assert (units["1-102"].area, units["1-102"].status, units["1-102"].building.name) == (
        Decimal("121.00"), "undelivered", "2号楼")
    assert sorted(units["1-101"].owners.values_list("identifier", flat=True)) == ["wyh-甲", "新业主"]
    assert not Owner.objects.filter(community=wuyuehua, identifier="wyh-丙").exists()
    assert Owner.objects.get(community=wuyuehua, identifier="新业主").name == "新业主"
    # Untouched by a tally file: the floor and the owner's phone.
    assert units["1-101"].floor == 1
    assert Owner.objects.get(community=wuyuehua, identifier="wyh-甲").phone == "13800000001"
    summary = roster_summary(wuyuehua)
    assert (summary.unit_count, summary.eligible_headcount, summary.eligible_area) == (3, 3, Decimal("279.50"))
    staged.refresh_from_db()
    assert staged.status == ImportStatus.APPLIED and staged.decided_at is not None
    record = AuditRecord.objects.get(code="roster.import.applied")
    assert record.actor == alice and record.community_id == wuyuehua.pk
    assert record.data["after"]["units_added"] == 1 and record.data["after"]["units_removed"] == 1
    assert record.data["before"]["units"] == 3
    assert verify_chain() is None


def test_a_re_import_of_the_applied_file_changes_nothing(wuyuehua):
    services.apply_roster_import(roster_import=stage(wuyuehua, CHANGED), actor=None)
    assert services.preview(stage(wuyuehua, CHANGED)).empty


def test_it_applies_a_property_company_sheet_with_names_phones_floors_and_sources(wuyuehua):
    data = csv_bytes("1-101,1号楼,3,88.50,实测,已交付,张三、李四,13812341234、13900001111",
                     "3-101,3号楼,1,60.00,合同,未出售,,",
                     header="房号,楼栋,楼层,专有部分面积,面积来源,状态,业主姓名,联系电话")
    services.apply_roster_import(roster_import=stage(wuyuehua, data), actor=None)
    unit = Unit.objects.get(community=wuyuehua, code="1-101")
    assert (unit.floor, unit.area_source) == (3, "survey")
    assert sorted(unit.owners.values_list("identifier", "name", "phone")) == [
        ("张三-1234", "张三", "13812341234"), ("李四-1111", "李四", "13900001111")]
    assert Building.objects.get(community=wuyuehua, name="3号楼").sort_key == 3
    assert roster_summary(wuyuehua).eligible_headcount == 2  # one unit, plus the developer


def test_a_stale_import_is_refused_at_confirmation(wuyuehua, alice):
    staged = stage(wuyuehua, CHANGED, alice)
    Unit.objects.filter(community=wuyuehua, code="1-201").update(area=Decimal("66.00"))
    before = counts(wuyuehua)
    with pytest.raises(StaleImport):
        services.apply_roster_import(roster_import=staged, actor=alice)
    assert counts(wuyuehua) == before
    assert RosterImport.objects.get(pk=staged.pk).status == ImportStatus.PENDING


def test_the_second_of_two_imports_checked_against_the_same_roster_is_stale(wuyuehua):
    first, second = stage(wuyuehua, CHANGED), stage(wuyuehua, WYH_SAME)
    services.apply_roster_import(roster_import=first, actor=None)
    with pytest.raises(StaleImport):
        services.apply_roster_import(roster_import=second, actor=None)


def test_an_import_is_applied_once(wuyuehua):
    staged = stage(wuyuehua, CHANGED)
    services.apply_roster_import(roster_import=staged, actor=None)
    with pytest.raises(ImportNotPending, match="已导入"):
        services.apply_roster_import(roster_import=staged, actor=None)


def test_a_discarded_import_writes_nothing_and_cannot_be_confirmed(wuyuehua, alice):
    staged = stage(wuyuehua, CHANGED, alice)
    before = counts(wuyuehua)
    services.discard_roster_import(roster_import=staged, actor=alice)
    with pytest.raises(ImportNotPending):
        services.apply_roster_import(roster_import=staged, actor=alice)
    assert counts(wuyuehua) == before
    assert AuditRecord.objects.filter(code="roster.import.discarded").count() == 1


def test_a_bad_file_writes_nothing(wuyuehua):
    before = (counts(wuyuehua), RosterImport.objects.count(), AuditRecord.objects.count())
    with pytest.raises(RosterFileInvalid):
        parse(csv_bytes("1-101,1号楼,88.50,a,", "1-101,1号楼,abc,,"))
    assert (counts(wuyuehua), RosterImport.objects.count(), AuditRecord.objects.count()) == before


def test_a_property_sheet_keeps_the_identifiers_of_owners_with_the_same_name_and_phone(wuyuehua):
    data = csv_bytes("1-101,88.50,甲先生,13800000001", "1-102,120.25,乙先生、王五,13800000002、13912345678",
                     "1-201,65.00,丙先生,13800000003", header="房号,专有部分面积,业主姓名,联系电话")
    diff = services.preview(stage(wuyuehua, data))
    assert [o.identifier for o in diff.added_owners] == ["王五-5678"]
    assert not diff.removed_owners and not diff.changed_owners
    assert [(u.code, [(c.field, c.after) for c in u.changes]) for u in diff.changed_units] == [
        ("1-102", [("owners", "wyh-乙、王五-5678")])]
