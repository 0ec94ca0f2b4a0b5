"""The purge after the challenge period: what goes, what stays, and that the count and the chain do not move."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from huanjie.accounts.models import OwnerAccessCode
from huanjie.audit.models import AuditRecord
from huanjie.audit.services import verify_chain
from huanjie.candidates.models import EligibilityCheck
from huanjie.contingency.models import EventPlan
from huanjie.holidays.library import library_years
from huanjie.holidays.services import withdraw_year
from huanjie.jointoffice.models import DutySlot
from huanjie.personaldata import purge
from huanjie.personaldata.errors import PurgeHolidaysNotVerified, PurgeOnHold, PurgeTooEarly
from huanjie.personaldata.models import PurgeRun
from huanjie.personaldata.purge import purge_personal_data
from huanjie.personaldata.retention import retention_of, set_retention
from huanjie.roster.models import ImportStatus, Owner, RosterImport
from huanjie.rules import build_entities, tally
from huanjie.visits.models import Visit
from huanjie.voting.models import Ballot, CountResult, Delivery, Proxy, SnapshotUnit, VotingEntity
from huanjie.voting.tallyfiles import ballots_digest, count_inputs
from tests.conftest import client_for
from tests.personaldata.conftest import VISIT_NOTE, challenge_over


def _recount(assembly):  # type: ignore[no-untyped-def]
    inputs = count_inputs(assembly)
    return tally(build_entities(inputs.units), inputs.contests, inputs.rows).to_dict(), ballots_digest(inputs)


def _chain() -> list[tuple]:
    return list(AuditRecord.objects.order_by("sequence").values_list("sequence", "hash", "data", "target_label"))


def _state(election) -> dict:  # type: ignore[no-untyped-def]
    """Every field a purge may touch, and the audit trail."""
    return {
        "phones": sorted(Owner.objects.values_list("phone", flat=True)),
        "codes": OwnerAccessCode.objects.count(),
        "tails": sorted(VotingEntity.objects.values_list("phone_tails", flat=True)),
        "unit_tails": sorted(SnapshotUnit.objects.values_list("phone_tails", flat=True)),
        "snapshot": sorted(SnapshotUnit.objects.values_list("owners", flat=True)),
        "proxy": list(Proxy.objects.values_list("holder_phone", "instructions", "authorisation")),
        "deliveries": sorted(Delivery.objects.values_list("signed_by", "relation")),
        "notes": sorted(Visit.objects.values_list("notes", flat=True)),
        "evidence": list(EligibilityCheck.objects.values_list("evidence_file", flat=True)),
        "staff": list(EventPlan.objects.values_list("commander_phone", flat=True)),
        "chain": _chain(),
        "runs": PurgeRun.objects.count(),
    }


def test_it_refuses_before_the_earliest_date_with_the_reason(election):
    retention = retention_of(election.community)
    assert retention.announced_on == election.announced_on
    assert retention.earliest == challenge_over(election.announced_on)
    before = _state(election)
    with pytest.raises(PurgeTooEarly) as refused:
        purge_personal_data(community=election.community, actor=None, today=retention.earliest - timedelta(days=1))
    message = str(refused.value)
    assert retention.earliest.isoformat() in message and "第十二条" in message and "五月花生活广场" in message
    assert _state(election) == before


def test_the_command_refuses_before_the_date_and_exits_non_zero(election):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("purge_personal_data", "--community", "wyh", stdout=io.StringIO(), stderr=err)
    assert exited.value.code == 1
    assert "最早可于" in err.getvalue()


def test_a_hold_stops_the_purge_even_after_the_date(election, wang):
    set_retention(
        community=election.community,
        months=12,
        erase_roster_phones=True,
        hold_reason="业主起诉撤销选举结果，案件审理中",
        actor=wang,
    )
    with pytest.raises(PurgeOnHold, match="案件审理中"):
        purge_personal_data(community=election.community, actor=None, today=retention_of(election.community).earliest)


def test_after_the_date_the_personal_fields_are_gone(election, django_capture_on_commit_callbacks):
    earliest = retention_of(election.community).earliest
    community = election.community
    rows = [{"unit": "1-101", "owners": [{"name": "甲先生", "phone": "13800000001"}]}]
    applied = RosterImport.objects.create(
        community=community,
        file_name="a.xlsx",
        sha256="0" * 64,
        base_sha256="0" * 64,
        rows=rows,
        status=ImportStatus.APPLIED,
    )
    pending = RosterImport.objects.create(
        community=community,
        file_name="b.xlsx",
        sha256="1" * 64,
        base_sha256="0" * 64,
        rows=rows,
        status=ImportStatus.PENDING,
    )
    DutySlot.objects.create(
        community=community,
        day=election.announced_on,
        period="am",
        party="residents_committee",
        person="周阿姨",
        phone="13700002222",
    )
    later = DutySlot.objects.create(
        community=community,
        day=election.announced_on + timedelta(days=1),
        period="am",
        party="residents_committee",
        person="周阿姨",
        phone="13700002222",
    )
    proxy_file = election.proxy.authorisation.name
    evidence_file = EligibilityCheck.objects.get().evidence_file.name
    assert default_storage.exists(proxy_file) and default_storage.exists(evidence_file)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = purge_personal_data(community=election.community, actor=None, today=earliest)
    assert set(Owner.objects.values_list("phone", flat=True)) == {""}
    assert not OwnerAccessCode.objects.exists()
    assert set(VotingEntity.objects.values_list("phone_tails", flat=True)) == {""}
    assert set(SnapshotUnit.objects.values_list("phone_tails", flat=True)) == {""}
    assert set(Visit.objects.values_list("notes", flat=True)) == {""}
    proxy = Proxy.objects.get()
    assert (proxy.holder_phone, proxy.instructions, proxy.authorisation.name) == ("受托人1", "", "")
    assert proxy.holder_name == "钱阿姨"  # the holder's name is on the counted ballot's record
    assert set(Delivery.objects.values_list("signed_by", "relation")) == {("（已删除）", "")}
    assert EligibilityCheck.objects.get().evidence_file.name == ""
    assert not default_storage.exists(proxy_file) and not default_storage.exists(evidence_file)
    assert EventPlan.objects.get().commander_phone == "136****1111"
    assert sorted(DutySlot.objects.values_list("phone", flat=True)) == ["137****2222", "13700002222"]
    assert DutySlot.objects.get(phone="13700002222") == later  # the next term's duty roster is not touched
    applied.refresh_from_db()
    pending.refresh_from_db()
    assert applied.rows == [] and pending.rows == rows
    # The frozen roster keeps units and areas; its owners are the count files' pseudonyms.
    assert sorted(SnapshotUnit.objects.values_list("owners", flat=True)) == ["P00001", "P00002", "P00003"]
    election.assembly.refresh_from_db()
    assert "甲" not in election.assembly.roster_csv and "P00001" in election.assembly.roster_csv
    assert outcome.counts["roster_phones"] == 3 and outcome.counts["visit_notes"] == len(VISIT_NOTE)
    assert outcome.counts["access_codes"] == 3 and outcome.counts["proxy_authorisations"] == 1


def test_the_count_and_the_audit_chain_are_unchanged(election):
    assembly = election.assembly
    result, digest = _recount(assembly)
    stored = CountResult.objects.get(assembly=assembly)
    choices = list(Ballot.objects.order_by("pk").values_list("receipt", "channel", "status", "choices"))
    chain = _chain()
    assert verify_chain() is None
    purge_personal_data(community=election.community, actor=None, today=retention_of(election.community).earliest)
    assert _recount(assembly) == (result, digest)
    assert result == stored.data and digest == stored.ballots_sha256
    assert CountResult.objects.get(assembly=assembly).data == stored.data
    assert list(Ballot.objects.order_by("pk").values_list("receipt", "channel", "status", "choices")) == choices
    assert _chain()[: len(chain)] == chain  # no record edited or removed
    assert verify_chain() is None
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "留痕链完整" in out.getvalue()
    (record,) = AuditRecord.objects.filter(code="personaldata.purged")
    assert record.sequence == chain[-1][0] + 1 and record.community_id == election.community.pk
    assert record.data["counts"]["roster_phones"] == 3
    assert record.data["announced_on"] == election.announced_on.isoformat()


def test_the_dry_run_counts_what_the_purge_then_erases_and_writes_nothing(election, monkeypatch):
    earliest = retention_of(election.community).earliest
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: earliest)
    before = _state(election)
    out = io.StringIO()
    call_command("purge_personal_data", "--community", "wyh", "--dry-run", stdout=out, stderr=io.StringIO())
    assert _state(election) == before
    assert "试运行" in out.getvalue() and "走访情况记录\t2" in out.getvalue()
    call_command("purge_personal_data", "--community", "wyh", stdout=out, stderr=io.StringIO())
    run = PurgeRun.objects.get()
    dry = out.getvalue().split("已删除")[0]
    for key, count in run.counts.items():
        assert f"{purge.LABELS[key]}\t{count}\n" in dry


def test_a_crash_in_the_middle_leaves_nothing_half_done(election, monkeypatch):
    earliest = retention_of(election.community).earliest
    before = _state(election)

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk gone")

    # Erasing the proxy authorisations comes after the phones, the codes and the frozen roster.
    monkeypatch.setattr(purge, "_erase_files", crash)
    with pytest.raises(RuntimeError):
        purge_personal_data(community=election.community, actor=None, today=earliest)
    assert _state(election) == before
    assert Path(default_storage.path(election.proxy.authorisation.name)).exists()


def test_a_second_purge_finds_nothing_left(election):
    earliest = retention_of(election.community).earliest
    purge_personal_data(community=election.community, actor=None, today=earliest)
    again = purge_personal_data(community=election.community, actor=None, today=earliest + timedelta(days=1))
    assert again.total == 0


def test_a_longer_retention_moves_the_date_and_a_newer_roster_keeps_its_phones(election, wang):
    set_retention(community=election.community, months=24, erase_roster_phones=True, hold_reason="", actor=wang)
    retention = retention_of(election.community)
    assert retention.earliest == election.announced_on.replace(year=election.announced_on.year + 2) + timedelta(1)
    with pytest.raises(PurgeTooEarly):
        purge_personal_data(community=election.community, actor=None, today=retention.earliest - timedelta(days=1))
    set_retention(community=election.community, months=12, erase_roster_phones=False, hold_reason="", actor=wang)
    outcome = purge_personal_data(
        community=election.community, actor=None, today=retention_of(election.community).earliest
    )
    assert "roster_phones" not in outcome.counts
    assert "" not in set(Owner.objects.values_list("phone", flat=True))
    assert AuditRecord.objects.filter(code="personaldata.retention.changed").count() == 2


def test_an_assembly_without_an_announcement_blocks_the_purge(open_assembly):
    retention = retention_of(open_assembly.community)
    assert retention.earliest is None and "尚未发布选举结果公告" in retention.blocker


def test_no_purge_while_the_year_the_challenge_period_ends_in_is_not_verified(election, wang):
    year = challenge_over(election.announced_on).year
    if year in library_years():
        pytest.skip(f"the library has {year}: nothing to withdraw")
    withdraw_year(year=year, actor=None)  # the fixture's stand-in: the year is unverified again
    retention = retention_of(election.community)
    assert retention.earliest is None and retention.unverified_year == year
    with pytest.raises(PurgeHolidaysNotVerified) as refused:
        purge_personal_data(community=election.community, actor=None, today=election.announced_on.replace(
            year=election.announced_on.year + 3))
    assert "未核对节假日" in str(refused.value)
    page = client_for(wang).get(reverse("personaldata:retention", kwargs={"slug": "wyh"})).content.decode()
    assert 'data-testid="holidays-unverified"' in page
