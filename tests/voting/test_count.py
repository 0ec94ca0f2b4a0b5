"""The web count equals `huanjie tally` on the exported files, field by field, with the law's
count settings and with those a community's rules of procedure may adopt (spec/tally.md v2)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from huanjie.countfiles.cli import main as tally_main
from huanjie.roster.models import Building, Owner, Ownership, Unit, UnitStatus
from huanjie.voting.models import Channel, ContestKind, CountResult, InvalidReason, Precedence
from huanjie.voting.services import (
    add_contest,
    cast_online_ballot,
    close_voting,
    count_assembly,
    create_assembly,
    find_paper,
    issue_voting_codes,
    open_voting,
    record_paper_ballot,
    set_count_rules,
)
from huanjie.voting.snapshot import snapshot_text
from huanjie.voting.tallyfiles import count_inputs, tally_zip
from tests.announce import announce_vote
from tests.voting.conftest import open_boxes, seal_first_box


def _bigger_roster(community) -> None:  # type: ignore[no-untyped-def]
    """Add a buyer of two flats, co-owners, and two developer-held units to 五月花."""
    building = Building.objects.create(community=community, name="2号楼", sort_key=2)
    erin = Owner.objects.create(community=community, identifier="erin", name="易女士", phone="13900003344")
    bob = Owner.objects.create(community=community, identifier="bob", name="卜先生", phone="13900001180")
    carol = Owner.objects.create(community=community, identifier="carol", name="柯女士", phone="13900005502")
    rows = [("2-101", "120.25", [erin], UnitStatus.DELIVERED), ("2-102", "120.25", [erin], UnitStatus.DELIVERED),
            ("2-201", "92.00", [bob, carol], UnitStatus.DELIVERED), ("2-202", "85.50", [carol], UnitStatus.DELIVERED),
            ("2-301", "75.00", [], UnitStatus.UNSOLD), ("2-302", "75.00", [], UnitStatus.UNDELIVERED)]
    for code, area, owners, status in rows:
        unit = Unit.objects.create(community=community, building=building, code=code, area=Decimal(area),
                                   status=status)
        for owner in owners:
            Ownership.objects.create(community=community, unit=unit, owner=owner)


# The assembly's count settings: the law's reading, and the rules of procedure's choice.
SETTINGS = {
    "identical-owners": {"join": "identical-owners", "write_in": "ignore-name", "basis": ""},
    "shared-owner": {"join": "shared-owner", "write_in": "void-contest", "basis": "业主大会议事规则第十条"},
}


@pytest.fixture(params=list(SETTINGS))
def settings_of_count(request):  # type: ignore[no-untyped-def]
    return request.param


@pytest.fixture
def counted(wuyuehua, alice, settings_of_count):  # type: ignore[no-untyped-def]
    """Ballots of every kind. 卜先生 and 柯女士 own 2-201, 柯女士 also 2-202: two heads by the law's
    reading, one household where the rules of procedure join co-owners (`shared-owner`)."""
    _bigger_roster(wuyuehua)
    shared = settings_of_count == "shared-owner"
    now = timezone.now()
    assembly = create_assembly(community=wuyuehua, title="选举", opens_at=now - timedelta(hours=2),
                               closes_at=now + timedelta(hours=2), actor=alice, precedence=Precedence.PAPER)
    add_contest(assembly=assembly, spec_id="committee", kind=ContestKind.ELECTION, matter="elect-committee",
                title="选举委员", seats=2, candidates=["张三", "李四", "王五"], actor=alice)
    add_contest(assembly=assembly, spec_id="lift", kind=ContestKind.MOTION, matter="raise-maintenance-fund",
                title="筹集维修资金", actor=alice)
    set_count_rules(assembly=assembly, actor=alice, **SETTINGS[settings_of_count])
    seal_first_box(assembly, alice)
    announce_vote(assembly, alice)
    open_voting(assembly=assembly, actor=alice)
    Unit.objects.create(community=wuyuehua, code="9-999", area=Decimal("500.00"))  # after the freeze
    codes = {i.paper.entity.label: i.code for i in issue_voting_codes(assembly=assembly, actor=alice)}
    papers = {p.entity.label: p for p in assembly.papers.select_related("entity")}

    def online(label: str, tail: str, choices: dict[str, object]) -> None:
        paper = find_paper(code=codes[label], phone_last4=tail, client_key="t")
        cast_online_ballot(paper=paper, choices=choices, submission_key=label)

    def paper(label: str, choices: dict[str, object], **extra: object) -> None:
        record_paper_ballot(paper=papers[label], choices=choices, actor=alice, received_at=timezone.now(),
                            **{"valid": True, **extra})  # type: ignore[arg-type]

    online("1-101", "0001", {"committee": ["张三", "李四"], "lift": "yes"})
    online("2-101、2-102", "3344", {"committee": ["张三"], "lift": "no"})
    couple = "2-201、2-202" if shared else "2-201"
    online(couple, "5502", {"committee": ["李四"], "lift": "yes"})
    paper(couple, {"committee": ["王五", "张三"], "lift": "yes"})  # paper prevails over online
    if not shared:
        paper("2-202", {"committee": ["王五"], "lift": "no"})  # 柯女士's own flat, a head of its own
    paper("1-102", {"committee": ["张三", "李四", "王五"], "lift": "abstain"})  # over-vote
    paper("1-102", {"committee": ["王五"], "lift": "no"})  # a second paper: kept as duplicate
    paper("1-201", {"committee": ["孙七"]}, valid=False, invalid_reason=InvalidReason.NOT_OWNER)
    paper("2-301、2-302", {"committee": ["张三", "赵六"], "lift": "yes"}, channel=Channel.PROXY)  # written-in name
    close_voting(assembly=assembly, actor=alice)
    open_boxes(assembly, alice)
    count_assembly(assembly=assembly, actor=alice)
    assembly.refresh_from_db()
    return assembly


def recount(assembly, folder, capsys, *extra: str) -> tuple[zipfile.ZipFile, str]:  # type: ignore[no-untyped-def]
    """Export the assembly's three files into `folder` and run `huanjie tally` on them, as an
    owner would: the archive, and what the command printed."""
    archive = zipfile.ZipFile(io.BytesIO(tally_zip(assembly, count_inputs(assembly))))
    archive.extractall(folder)
    capsys.readouterr()
    assert tally_main(["--roster", str(folder / "roster.csv"), "--ballots", str(folder / "ballots.csv"),
                       "--election", str(folder / "election.toml"), *extra]) == 0
    return archive, capsys.readouterr().out


def test_the_web_count_equals_huanjie_tally_on_the_exported_files(counted, tmp_path, capsys):
    archive, out = recount(counted, tmp_path, capsys, "--json")
    assert sorted(archive.namelist()) == ["README.txt", "ballots.csv", "election.toml", "roster.csv"]
    recounted = json.loads(out)
    web = CountResult.objects.get(assembly=counted).data
    assert recounted.keys() == web.keys()
    for key in web:
        assert recounted[key] == web[key], key
    flags = {(f["flag"], f.get("contest")) for f in web["flags"]}
    assert flags == {("duplicate-unit", None), ("over-vote", "committee"), ("unknown-candidate", "committee")}


def test_the_recount_names_the_ballots_file_the_results_notice_names(counted, tmp_path, capsys):
    _, report = recount(counted, tmp_path, capsys)
    stored = CountResult.objects.get(assembly=counted)
    assert f"ballots.csv SHA-256：{stored.ballots_sha256}\n" in report


def test_the_export_pseudonymises_units_and_owners_but_keeps_areas(counted):
    archive = zipfile.ZipFile(io.BytesIO(tally_zip(counted, count_inputs(counted))))
    roster = archive.read("roster.csv").decode()
    assert "1-101" not in roster and "erin" not in roster and "wyh-" not in roster
    assert "U00001,1号楼,88.50,P00001,delivered" in roster
    assert counted.roster_sha256 in archive.read("README.txt").decode()


def test_the_count_reads_the_frozen_roster_not_todays(counted, settings_of_count):
    web = CountResult.objects.get(assembly=counted).data
    shared = settings_of_count == "shared-owner"
    assert web["eligible"] == {"headcount": 6 if shared else 7, "area": "841.75"}
    assert web["participating"] == {"headcount": 5 if shared else 6, "area": "776.75"}
    assert web["quorum_met"] is True


def test_the_write_in_is_dropped_or_voids_the_contest_as_the_settings_say(counted, settings_of_count):
    """The developer's proxy approved 张三 and wrote in 赵六, who is not a candidate: its 150.00 m²
    count for 张三 unless the rules of procedure void the contest. 张三's other approvals: 1-101
    (88.50), erin (240.50), and 2-201 (92.00) with 2-202 (85.50) when one household."""
    web = CountResult.objects.get(assembly=counted).data
    zhang = next(c for c in web["contests"][0]["candidates"] if c["name"] == "张三")
    assert zhang["area"] == ("506.50" if settings_of_count == "shared-owner" else "571.00")


def test_the_settings_are_frozen_with_the_roster_and_named_in_the_export(counted, settings_of_count):
    archive = zipfile.ZipFile(io.BytesIO(tally_zip(counted, count_inputs(counted))))
    election = archive.read("election.toml").decode()
    chosen = SETTINGS[settings_of_count]
    assert f'join = "{chosen["join"]}"\nwrite_in = "{chosen["write_in"]}"\n' in election
    readme = archive.read("README.txt").decode()
    assert counted.snapshot_sha256 in readme and snapshot_text(counted) in readme
    assert counted.snapshot_sha256 == hashlib.sha256(snapshot_text(counted).encode()).hexdigest()
    assert f'roster_sha256 = "{counted.roster_sha256}"' in snapshot_text(counted)
