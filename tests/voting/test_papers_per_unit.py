"""表决票发放方式 (issue #4): a ballot paper per unit as an option, end to end.

五月花 with the bigger roster of test_count: 易女士 (erin) owns 2-101 and 2-102, one voting entity
of two units (JI art. 9); per unit, each has its own paper, serial and voting code. The rules of
procedure join co-owners transitively here (`shared-owner`, spec/tally.md v2), so that 卜先生 and
柯女士's 2-201 and 柯女士's 2-202 are one household of units whose owners differ.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import pypdf
import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from huanjie.audit.models import AuditRecord
from huanjie.voting.errors import (
    AlreadyVoted,
    NotProxyPaper,
    PaperModeLocked,
    ProxyIncomplete,
    ProxyPaperUsed,
    UnknownPaperMode,
    VotingError,
    WrongVotingCode,
)
from huanjie.voting.models import (
    Assembly,
    Ballot,
    BallotPaper,
    BallotStatus,
    Channel,
    ContestKind,
    CountResult,
    PaperMode,
    Precedence,
    SnapshotUnit,
)
from huanjie.voting.selectors import not_yet_voted, turnout
from huanjie.voting.services import (
    add_contest,
    cast_online_ballot,
    close_voting,
    count_assembly,
    create_assembly,
    enter_paper_ballot,
    find_paper,
    issue_voting_codes,
    open_box,
    open_voting,
    record_paper_ballot,
    set_count_rules,
)
from huanjie.voting.services.codes import confirm_code_release, request_code_list
from huanjie.voting.services.papers import set_paper_mode
from huanjie.voting.services.proxies import cast_proxy_ballot, collect_at_door, register_proxy
from tests.announce import announce_vote
from tests.conftest import client_for
from tests.voting.conftest import open_boxes, seal_first_box
from tests.voting.race import race
from tests.voting.test_count import _bigger_roster, recount
from tests.voting.test_proxies import photo

YES = {"committee": ["张三"], "lift": "yes"}
on_postgresql = pytest.mark.skipif(connection.vendor == "sqlite", reason="threads race on PostgreSQL only")


def _draft(community, alice, *, mode: str = PaperMode.PER_UNIT, **settings: object) -> Assembly:  # type: ignore[no-untyped-def]
    now = timezone.now()
    assembly = create_assembly(
        community=community,
        title="选举",
        opens_at=now - timedelta(hours=2),
        closes_at=now + timedelta(hours=2),
        actor=alice,
        paper_mode=mode,
        **settings,
    )  # type: ignore[arg-type]
    add_contest(
        assembly=assembly,
        spec_id="committee",
        kind=ContestKind.ELECTION,
        matter="elect-committee",
        title="选举委员",
        seats=2,
        candidates=["张三", "李四", "王五"],
        actor=alice,
    )
    add_contest(
        assembly=assembly,
        spec_id="lift",
        kind=ContestKind.MOTION,
        matter="raise-maintenance-fund",
        title="筹集维修资金",
        actor=alice,
    )
    seal_first_box(assembly, alice)
    announce_vote(assembly, alice)
    return assembly


@pytest.fixture
def per_unit(wuyuehua, alice) -> Assembly:  # type: ignore[no-untyped-def]
    _bigger_roster(wuyuehua)
    draft = _draft(wuyuehua, alice, precedence=Precedence.PAPER)
    set_count_rules(assembly=draft, join="shared-owner", write_in="ignore-name", basis="业主大会议事规则第十条",
                    actor=alice)
    return open_voting(assembly=draft, actor=alice)


def paper(assembly: Assembly, code: str) -> BallotPaper:
    return BallotPaper.objects.select_related("entity", "unit").get(assembly=assembly, unit__code=code)


# -- the setting ---------------------------------------------------------------------------


def test_papers_are_per_voting_entity_unless_the_assembly_says_otherwise(wuyuehua, alice):
    assembly = _draft(wuyuehua, alice, mode=PaperMode.PER_ENTITY)
    assert Assembly.objects.get(pk=assembly.pk).paper_mode == PaperMode.PER_ENTITY
    made = create_assembly(
        community=wuyuehua,
        title="另一次",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=1),
        actor=alice,
    )
    assert made.paper_mode == PaperMode.PER_ENTITY


def test_the_mode_is_chosen_while_no_paper_exists_and_audited(wuyuehua, alice):
    assembly = _draft(wuyuehua, alice, mode=PaperMode.PER_ENTITY)
    set_paper_mode(assembly=assembly, mode=PaperMode.PER_UNIT, actor=alice)
    assert Assembly.objects.get(pk=assembly.pk).paper_mode == PaperMode.PER_UNIT
    record = AuditRecord.objects.get(code="voting.assembly.paper_mode")
    assert record.data == {"before": {"paper_mode": "entity"}, "after": {"paper_mode": "unit"}}
    with pytest.raises(UnknownPaperMode):
        set_paper_mode(assembly=assembly, mode="household", actor=alice)


def test_changing_the_mode_after_the_papers_are_issued_is_refused(wuyuehua, alice):
    assembly = open_voting(assembly=_draft(wuyuehua, alice, mode=PaperMode.PER_ENTITY), actor=alice)
    with pytest.raises(PaperModeLocked) as refused:
        set_paper_mode(assembly=assembly, mode=PaperMode.PER_UNIT, actor=alice)
    assert str(refused.value) == "“选举”已经制发了 3 张表决票（每个投票主体一张票），不能再更改表决票发放方式。"
    assert Assembly.objects.get(pk=assembly.pk).paper_mode == PaperMode.PER_ENTITY
    assert not AuditRecord.objects.filter(code="voting.assembly.paper_mode").exists()


def test_alice_sets_the_mode_on_the_page_and_is_told_why_not_once_voting_opened(wuyuehua, alice):
    assembly = _draft(wuyuehua, alice, mode=PaperMode.PER_ENTITY)
    client = client_for(alice)
    page = client.get(f"/c/wyh/voting/{assembly.pk}/").content.decode()
    assert 'data-testid="set-paper-mode"' in page and "每个专有部分一张票" in page
    client.post(f"/c/wyh/voting/{assembly.pk}/paper-mode/", {"paper_mode": "unit"})
    assert Assembly.objects.get(pk=assembly.pk).paper_mode == PaperMode.PER_UNIT
    open_voting(assembly=assembly, actor=alice)
    page = client.post(
        f"/c/wyh/voting/{assembly.pk}/paper-mode/", {"paper_mode": "entity"}, follow=True
    ).content.decode()
    assert "不能再更改表决票发放方式" in page
    assert Assembly.objects.get(pk=assembly.pk).paper_mode == PaperMode.PER_UNIT


def test_charlie_of_another_community_cannot_set_the_mode(wuyuehua, alice, charlie):
    assembly = _draft(wuyuehua, alice, mode=PaperMode.PER_ENTITY)
    response = client_for(charlie).post(f"/c/wyh/voting/{assembly.pk}/paper-mode/", {"paper_mode": "unit"})
    assert response.status_code in (403, 404)
    assert Assembly.objects.get(pk=assembly.pk).paper_mode == PaperMode.PER_ENTITY


# -- issuing -------------------------------------------------------------------------------


def test_it_issues_one_paper_per_unit_each_listing_that_unit_only(per_unit):
    assert per_unit.papers.count() == SnapshotUnit.objects.filter(assembly=per_unit).count() == 9
    first, second = paper(per_unit, "2-101"), paper(per_unit, "2-102")
    assert first.entity == second.entity and first.entity.label == "2-101、2-102"
    assert (first.label, first.area, second.label) == ("2-101", Decimal("120.25"), "2-102")
    assert first.entity.paper is None  # no entity-wide paper in this mode
    assert first.serial != second.serial and first.code_hash != second.code_hash


def test_the_entity_mode_paper_is_the_entitys_paper(wuyuehua, alice):
    assembly = open_voting(assembly=_draft(wuyuehua, alice, mode=PaperMode.PER_ENTITY), actor=alice)
    only = assembly.papers.select_related("entity").get(entity__label="1-101")
    assert only.unit is None and only.entity.paper == only and only.label == "1-101"


def test_the_code_list_lists_each_unit_with_its_own_area(per_unit, alice, wang):
    release = request_code_list(assembly=per_unit, reason="交印刷厂套印", actor=alice)
    confirm_code_release(release=release, actor=wang)
    printed = client_for(alice).post(f"/c/wyh/voting/{per_unit.pk}/print/", {"confirm": "yes", "with_list": "yes"})
    with zipfile.ZipFile(io.BytesIO(printed.content)) as archive:
        text = archive.read(f"voting-codes-{per_unit.pk}.csv").decode("utf-8-sig")
    rows = [line.split(",") for line in text.splitlines()[1:]]
    assert len(rows) == 9
    assert [row[1:3] for row in rows if row[1].startswith("2-10")] == [["2-101", "120.25"], ["2-102", "120.25"]]


# -- the database keeps the rules, whatever the services do ----------------------------------


def _copy(original: BallotPaper, **changes: object) -> BallotPaper:
    fields = {
        "community_id": original.community_id,
        "assembly_id": original.assembly_id,
        "entity_id": original.entity_id,
        "unit_id": original.unit_id,
        "serial": original.serial + "X",
        "code_hash": "f" * 64,
        "issued_at": original.issued_at,
        **changes,
    }
    return BallotPaper(**fields)


def test_the_database_allows_one_entity_wide_paper_per_entity(wuyuehua, alice):
    assembly = open_voting(assembly=_draft(wuyuehua, alice, mode=PaperMode.PER_ENTITY), actor=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        _copy(assembly.papers.first()).save()


def test_the_database_puts_a_unit_on_one_paper_only(per_unit):
    with pytest.raises(IntegrityError), transaction.atomic():
        _copy(paper(per_unit, "2-101")).save()


def _ballot(on: BallotPaper, receipt: str) -> Ballot:
    return Ballot(
        community_id=on.community_id,
        assembly_id=on.assembly_id,
        entity_id=on.entity_id,
        paper=on,
        channel=Channel.PAPER,
        received_at=timezone.now(),
        status=BallotStatus.COUNTED,
        receipt=receipt,
    )


def test_the_database_counts_one_ballot_per_paper_and_so_one_per_unit(per_unit):
    _ballot(paper(per_unit, "2-101"), "R1").save()
    _ballot(paper(per_unit, "2-102"), "R2").save()  # the other unit of the same owner: its own paper
    with pytest.raises(IntegrityError), transaction.atomic():
        _ballot(paper(per_unit, "2-101"), "R3").save()
    assert Ballot.objects.filter(status=BallotStatus.COUNTED).count() == 2


def test_in_entity_mode_the_database_still_counts_one_voice_per_entity(wuyuehua, alice):
    assembly = open_voting(assembly=_draft(wuyuehua, alice, mode=PaperMode.PER_ENTITY), actor=alice)
    only = assembly.papers.get(entity__label="1-101")
    _ballot(only, "R1").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _ballot(only, "R2").save()


# -- voting ----------------------------------------------------------------------------------


def test_two_papers_of_one_owner_both_count_and_a_second_for_one_paper_does_not(per_unit, alice):
    first, second = paper(per_unit, "2-101"), paper(per_unit, "2-102")
    online = cast_online_ballot(paper=first, choices=YES, submission_key="k1")
    handed = record_paper_ballot(
        paper=second, valid=True, choices=YES, actor=alice, received_at=timezone.now(), channel=Channel.PAPER
    )
    assert online.entity_id == handed.entity_id
    counted = Ballot.objects.filter(entity_id=online.entity_id, status=BallotStatus.COUNTED)
    assert set(counted) == {online, handed}  # paper prevails over online only for the same paper
    again = record_paper_ballot(paper=second, valid=True, choices=YES, actor=alice, received_at=timezone.now())
    assert again.status == BallotStatus.DUPLICATE  # the same unit's paper twice: the second is kept aside
    issued = {i.paper.label: i.code for i in issue_voting_codes(assembly=per_unit, actor=alice)}
    assert "2-101" not in issued  # its code was used
    found = find_paper(code=issued["2-102"], phone_last4="3344", client_key="t")
    with pytest.raises(AlreadyVoted, match="2-102"):
        cast_online_ballot(paper=found, choices=YES, submission_key="k2")


def test_a_unit_paper_is_voted_online_with_the_phone_digits_of_an_owner_of_that_unit(per_unit, alice):
    """2-201 (卜先生 and 柯女士) and 2-202 (柯女士) are one household; 卜先生 owns only 2-201."""
    codes = {i.paper.label: i.code for i in issue_voting_codes(assembly=per_unit, actor=alice)}
    with pytest.raises(WrongVotingCode):
        find_paper(code=codes["2-202"], phone_last4="1180", client_key="t")  # 卜先生's digits
    assert find_paper(code=codes["2-202"], phone_last4="5502", client_key="t").label == "2-202"
    assert find_paper(code=codes["2-201"], phone_last4="1180", client_key="t").label == "2-201"
    assert paper(per_unit, "2-202").entity.phone_tails == "1180,5502"  # the household's paper would take both


def test_the_code_on_a_unit_paper_opens_that_units_ballot_only(per_unit, alice):
    codes = {i.paper.label: i.code for i in issue_voting_codes(assembly=per_unit, actor=alice)}
    client = Client()
    client.post("/vote/", {"code": codes["2-102"], "phone_last4": "3344"})
    page = client.get("/vote/ballot/").content.decode()
    assert "房号 2-102，专有部分面积 120.25 ㎡" in page and "2-101" not in page
    client.post("/vote/ballot/", YES)
    key = client.get("/vote/review/").context["key"]
    client.post("/vote/review/", {"key": key})
    ballot = Ballot.objects.get()
    assert ballot.paper == paper(per_unit, "2-102") and ballot.status == BallotStatus.COUNTED


def test_the_printed_unit_paper_lists_its_one_unit_and_area(per_unit, alice):
    data = client_for(alice).post(f"/c/wyh/voting/{per_unit.pk}/print/", {"confirm": "yes"}).content
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    assert len(pages) == 9
    sheet = next(text for text in pages if "房号：2-101" in text)
    assert "2-102" not in sheet and "专有部分面积：120.25 ㎡" in sheet
    assert f"表决票编号：{paper(per_unit, '2-101').serial}" in sheet
    assert "每个专有部分一张表决票" in sheet


def household_proxy(paper: BallotPaper, actor):  # type: ignore[no-untyped-def]
    """易女士 authorises 钱阿姨 for the household the paper belongs to."""
    return register_proxy(
        entity=paper.entity,
        grantor_name="易女士",
        holder_name="钱阿姨",
        holder_phone="13900007777",
        authorisation=photo(),
        actor=actor,
    )


def test_a_holder_hands_over_each_of_the_households_papers_under_one_proxy(per_unit, alice):
    first, second = paper(per_unit, "2-101"), paper(per_unit, "2-102")
    proxy = household_proxy(first, alice)
    with pytest.raises(ProxyIncomplete, match="2 张表决票"):
        cast_proxy_ballot(proxy=proxy, valid=True, choices=YES, actor=alice)
    with pytest.raises(NotProxyPaper):
        cast_proxy_ballot(proxy=proxy, valid=True, choices=YES, actor=alice, paper=paper(per_unit, "1-101"))
    one = cast_proxy_ballot(proxy=proxy, valid=True, choices=YES, actor=alice, paper=first)
    two = cast_proxy_ballot(proxy=proxy, valid=True, choices=YES, actor=alice, paper=second)
    assert {one.paper, two.paper} == {first, second} and set(proxy.ballots.all()) == {one, two}
    assert one.channel == two.channel == Channel.PROXY
    with pytest.raises(ProxyPaperUsed):
        cast_proxy_ballot(proxy=proxy, valid=True, choices=YES, actor=alice, paper=first)
    proxy.refresh_from_db()
    assert proxy.slot == 1  # the cap counts households, not papers


def test_the_proxy_pages_take_the_holders_second_paper_by_serial(per_unit, alice):
    first, second = paper(per_unit, "2-101"), paper(per_unit, "2-102")
    proxy = household_proxy(first, alice)
    client = client_for(alice)
    url = f"/c/wyh/voting/{per_unit.pk}/proxies/{proxy.pk}/ballot/"
    assert second.serial in client.get(url).content.decode()
    client.post(url, {"serial": second.serial, "valid": "yes", "committee": ["张三"], "lift": "yes"})
    assert Ballot.objects.get(proxy=proxy).paper == second
    listing = client.get(f"/c/wyh/voting/{per_unit.pk}/proxies/").content.decode()
    assert "有效，待投票" in listing  # one paper of the household is still to come


def test_tellers_enter_unit_papers_by_their_own_serials(per_unit, alice, bob):
    box = per_unit.boxes.get()
    close_voting(assembly=per_unit, actor=alice)
    open_box(box=box, opened_before="监票人", seal_intact=True, actor=alice)
    for teller in (alice, bob):
        reading = enter_paper_ballot(
            box=box, serial=paper(per_unit, "2-102").serial, teller=teller, valid=True, choices=YES
        )
    assert reading.ballot is not None and reading.ballot.paper.label == "2-102"


def test_turnout_counts_the_units_covered_and_one_head_per_owner(per_unit, alice):
    cast_online_ballot(paper=paper(per_unit, "2-101"), choices=YES, submission_key="k")
    now = turnout(per_unit)
    assert (now.participating.headcount, now.participating.area) == (1, Decimal("120.25"))
    building = next(b for b in now.buildings if b.name == "2号楼")
    assert (building.units, building.voted_units, building.voted_area) == (6, 1, Decimal("120.25"))
    waiting = [p.label for p in not_yet_voted(per_unit)]
    assert "2-102" in waiting and "2-101" not in waiting and len(waiting) == 8
    collect_at_door(
        paper=paper(per_unit, "2-102"),
        first_collector="甲",
        second_collector="乙",
        valid=True,
        choices=YES,
        actor=alice,
    )
    now = turnout(per_unit)
    assert (now.participating.headcount, now.participating.area) == (1, Decimal("240.50"))
    page = client_for(alice).get(f"/c/wyh/voting/{per_unit.pk}/turnout/").content.decode()
    assert "2-201" in page and paper(per_unit, "2-201").serial in page


# -- the count -------------------------------------------------------------------------------


@pytest.fixture
def counted_per_unit(per_unit, alice) -> Assembly:  # type: ignore[no-untyped-def]
    def online(code: str, choices: dict[str, object]) -> None:
        cast_online_ballot(paper=paper(per_unit, code), choices=choices, submission_key=code)

    def handed(code: str, choices: dict[str, object], **extra: object) -> None:
        record_paper_ballot(
            paper=paper(per_unit, code), valid=True, choices=choices, actor=alice, received_at=timezone.now(), **extra
        )  # type: ignore[arg-type]

    online("1-101", {"committee": ["张三", "李四"], "lift": "yes"})
    online("2-101", {"committee": ["张三"], "lift": "yes"})
    handed("2-102", {"committee": ["张三"], "lift": "no"})  # erin disagrees with herself on the lift
    online("2-201", {"committee": ["李四"], "lift": "yes"})
    handed("2-201", {"committee": ["王五"], "lift": "yes"})  # paper prevails over online, same unit
    handed("2-202", {"committee": ["王五"], "lift": "yes"})
    handed("1-102", {"committee": ["王五"], "lift": "no"})
    handed("1-102", {"committee": ["李四"], "lift": "no"})  # a second paper for the same unit: duplicate
    handed("2-301", {"committee": ["张三"], "lift": "yes"}, channel=Channel.ASSISTED)
    close_voting(assembly=per_unit, actor=alice)
    open_boxes(per_unit, alice)
    count_assembly(assembly=per_unit, actor=alice)
    return per_unit


def test_the_web_count_equals_huanjie_tally_per_unit_with_an_entity_conflict(counted_per_unit, tmp_path, capsys):
    archive, out = recount(counted_per_unit, tmp_path, capsys, "--json")
    recounted = json.loads(out)
    web = CountResult.objects.get(assembly=counted_per_unit).data
    assert recounted.keys() == web.keys()
    for key in web:
        assert recounted[key] == web[key], key
    flags = {(f["flag"], f.get("contest")) for f in web["flags"]}
    assert flags == {("duplicate-unit", None), ("entity-conflict", "lift")}
    # Every ballot lists its paper's one unit, never the owner's other unit.
    rows = archive.read("ballots.csv").decode().splitlines()[1:]
    assert all(";" not in row.split(",")[1] for row in rows)


def test_the_per_unit_count_follows_each_units_ballot_for_area_and_agreement_for_heads(counted_per_unit):
    web = CountResult.objects.get(assembly=counted_per_unit).data
    # 1-101, 1-102, erin (2-101 + 2-102), bob & carol (2-201 + 2-202), the developer (2-301): 5 heads.
    assert web["participating"] == {
        "headcount": 5,
        "area": str(Decimal("88.50") + Decimal("120.25") * 3 + Decimal("92.00") + Decimal("85.50") + Decimal("75.00")),
    }
    lift = next(c for c in web["contests"] if c["id"] == "lift")
    # yes: 1-101, bob & carol, the developer (heads); erin's head goes nowhere; her 2-101 area is yes.
    assert lift["yes"] == {"headcount": 3, "area": "461.25"}
    assert lift["no"] == {"headcount": 1, "area": "240.50"}


# -- racing for the same paper -----------------------------------------------------------------


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_submissions_for_one_unit_paper_count_once_and_the_owners_other_unit_still_counts(per_unit, alice):
    first, second = paper(per_unit, "2-101"), paper(per_unit, "2-102")
    outcomes = race(
        *(
            lambda key=key: cast_online_ballot(paper=first, choices=YES, submission_key=key)
            for key in ("phone", "tablet")
        )
    )
    assert sum(isinstance(o, Ballot) for o in outcomes) == 1
    assert sum(isinstance(o, VotingError) for o in outcomes) == 1
    outcomes = race(
        lambda: cast_online_ballot(paper=second, choices=YES, submission_key="phone2"),
        lambda: record_paper_ballot(paper=second, valid=True, choices=YES, actor=alice, received_at=timezone.now()),
    )
    assert all(isinstance(o, Ballot | VotingError) for o in outcomes)
    counted = Ballot.objects.filter(entity=first.entity, status=BallotStatus.COUNTED)
    assert sorted(b.paper.label for b in counted) == ["2-101", "2-102"]


def test_alice_creates_an_assembly_with_a_paper_per_unit_on_the_page(wuyuehua, alice):
    client_for(alice).post("/c/wyh/voting/", {
        "title": "选举", "form": "written", "opens_at": "2026-12-01T09:00", "closes_at": "2026-12-08T17:00",
        "precedence": Precedence.FIRST_RECEIVED, "proxy_cap": 3, "paper_mode": PaperMode.PER_UNIT})
    made = Assembly.objects.get(community=wuyuehua)
    assert made.paper_mode == PaperMode.PER_UNIT
    assert AuditRecord.objects.get(code="voting.assembly.created").data["after"]["paper_mode"] == "unit"
