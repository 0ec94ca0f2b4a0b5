from __future__ import annotations

import io
import zipfile

import pytest

from huanjie.accounts.models import Role
from huanjie.voting.models import Assembly, AssemblyStatus, ReadingStatus
from huanjie.voting.services import close_voting, open_box
from tests.announce import announce_vote
from tests.conftest import client_for, make_user
from tests.voting.conftest import paper_of


@pytest.fixture
def sam(wuyuehua):  # type: ignore[no-untyped-def]
    return make_user("sam", Role.SCRUTINEER, community=wuyuehua)


def test_alice_creates_an_assembly_adds_a_contest_and_opens_voting(alice, wuyuehua):
    client = client_for(alice)
    made = client.post("/c/wyh/voting/", {"title": "第二届业委会选举", "form": "written",
                                          "opens_at": "2026-11-01T08:00", "closes_at": "2026-12-31T20:00",
                                          "precedence": "first", "proxy_cap": 3})
    assembly = Assembly.objects.get()
    assert made.url == f"/c/wyh/voting/{assembly.pk}/"
    client.post(made.url, {"spec_id": "committee", "kind": "election", "matter": "elect-committee",
                           "title": "选举委员", "seats": 2, "candidates": "张三\n李四\n王五"})
    assert assembly.contests.get().candidates == ["张三", "李四", "王五"]
    assert 'data-testid="needs-box"' in client.get(made.url).content.decode()
    refused = client.post(f"{made.url}open/step/", follow=True).content.decode()
    assert "还没有封存的票箱，不能开始投票" in refused and "请先在“票箱”页封箱" in refused
    assert Assembly.objects.get().status == AssemblyStatus.DRAFT
    client.post(f"{made.url}boxes/", {"step": "seal", "label": "1号票箱", "seal_number": "F-1",
                                      "sealed_before": "赵阿姨"})
    announce_vote(assembly, alice)
    client.post(f"{made.url}open/step/")
    assembly.refresh_from_db()
    assert assembly.status == AssemblyStatus.OPEN
    page = client.get(made.url).content.decode()
    assert assembly.roster_sha256 in page and "3 人，专有部分面积 273.75 ㎡" in page
    printed = client.post(f"{made.url}print/", {"confirm": "yes"})
    assert printed["Content-Type"] == "application/pdf" and Assembly.objects.get().codes_printed_at is not None


def test_other_communities_and_owners_see_nothing(open_assembly, charlie, olivia):
    for user in (charlie, olivia):
        assert client_for(user).get(f"/c/wyh/voting/{open_assembly.pk}/").status_code == 404


def test_the_turnout_page_shows_the_quorum_gap_and_who_has_not_voted(open_assembly, alice, codes):
    client = client_for(alice)
    Client = type(client)
    voter = Client()
    voter.post("/vote/", {"code": codes["1-102"], "phone_last4": "0002"})
    voter.post("/vote/ballot/", {"committee": ["张三"], "lift-fund": "yes"})
    voter.post("/vote/review/", {"key": voter.get("/vote/review/").context["key"]})
    page = client.get(f"/c/wyh/voting/{open_assembly.pk}/turnout/")
    html = page.content.decode()
    assert page.context["turnout"].participating.headcount == 1
    assert page.context["turnout"].missing_heads == 1  # two of three is two thirds
    assert "<svg" in html and "1号楼" in html
    missing = [e.label for e in page.context["missing"]]
    assert missing == ["1-101", "1-201"]  # the larger area first


def test_two_tellers_enter_paper_ballots_resolve_a_mismatch_and_count(open_assembly, alice, sam):
    box = open_assembly.boxes.get()
    close_voting(assembly=open_assembly, actor=alice)
    open_box(box=box, opened_before="赵阿姨", seal_intact=True, actor=alice)
    url = f"/c/wyh/voting/{open_assembly.pk}/"
    serial = paper_of(open_assembly, "1-101").serial
    for user, names in ((alice, ["张三", "李四"]), (sam, ["张三"])):
        client_for(user).post(f"{url}entry/", {"serial": serial, "box": box.pk, "valid": "yes",
                                               "committee": names, "lift-fund": "yes"})
    reading = open_assembly.readings.get()
    assert reading.status == ReadingStatus.MISMATCH
    blocked = client_for(alice).post(f"{url}count/", follow=True).content.decode()
    assert "两位计票人录入不一致" in blocked
    client_for(sam).post(f"{url}entry/{reading.pk}/resolve/", {
        "valid": "yes", "committee": ["张三", "李四"], "lift-fund": "yes", "resolution": "核对原票，勾了两人"})
    assert client_for(sam).post(f"{url}count/", {"confirm": "yes"}).url == f"{url}results/"
    results = client_for(alice).get(f"{url}results/").content.decode()
    assert "未达到" in results  # one of three took part
    archive = zipfile.ZipFile(io.BytesIO(client_for(alice).get(f"{url}tally.zip").content))
    assert "ballots.csv" in archive.namelist()


def test_the_tally_files_are_not_given_out_while_voting_is_open(open_assembly, alice):
    assert client_for(alice).get(f"/c/wyh/voting/{open_assembly.pk}/tally.zip").status_code == 404
