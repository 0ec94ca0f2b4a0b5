"""委托书 and 上门收票: the holder votes for the household, within the cap; two collectors at the door."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from PIL import Image

from huanjie.demo import files
from huanjie.roster.models import Owner, Ownership, Unit
from huanjie.voting.errors import (
    AlreadyVoted,
    CollectorsRequired,
    ProxyCapReached,
    ProxyExists,
    ProxyFileRejected,
    ProxyNotActive,
    ProxyUsed,
)
from huanjie.voting.models import Ballot, BallotStatus, Channel, DoorCollection, Proxy, ProxyStatus
from huanjie.voting.services import add_contest, cast_online_ballot, create_assembly, find_paper, open_voting
from huanjie.voting.services.proxies import (
    cast_proxy_ballot,
    collect_at_door,
    register_proxy,
    revoke_proxy,
)
from tests.announce import announce_vote
from tests.conftest import client_for
from tests.voting.conftest import YES_BALLOT, paper_of, seal_first_box
from tests.voting.race import race

HOLDER = "13912345678"


def photo(name: str = "委托书.jpg", fmt: str = "JPEG") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def proxy_for(assembly, label, actor, holder_phone=HOLDER, **extra):  # type: ignore[no-untyped-def]
    return register_proxy(entity=paper_of(assembly, label).entity, grantor_name="甲先生", holder_name="钱阿姨",
                          holder_phone=holder_phone, authorisation=extra.pop("authorisation", photo()),
                          instructions="同意张三、李四；同意更换电梯", actor=actor, **extra)


@pytest.fixture
def bigger(wuyuehua, alice):  # type: ignore[no-untyped-def]
    """五月花 with six households, voting open."""
    for n in range(4, 7):
        unit = Unit.objects.create(community=wuyuehua, code=f"1-{n}01", floor=n, area="70.00")
        owner = Owner.objects.create(community=wuyuehua, identifier=f"o{n}", name=f"丁{n}", phone=f"1370000000{n}")
        Ownership.objects.create(community=wuyuehua, unit=unit, owner=owner)
    now = timezone.now()
    assembly = create_assembly(community=wuyuehua, title="选举", opens_at=now - timedelta(hours=1),
                               closes_at=now + timedelta(days=1), actor=alice, proxy_cap=3)
    add_contest(assembly=assembly, spec_id="committee", kind="election", matter="elect-committee",
                title="选举委员", seats=2, candidates=["张三", "李四", "王五"], actor=alice)
    add_contest(assembly=assembly, spec_id="lift-fund", kind="motion", matter="use-maintenance-fund",
                title="更换电梯", actor=alice)
    seal_first_box(assembly, alice)
    announce_vote(assembly, alice)
    return open_voting(assembly=assembly, actor=alice)


def test_a_holder_votes_for_a_household_through_the_proxy_channel(open_assembly, alice):
    proxy = proxy_for(open_assembly, "1-101", alice)
    ballot = cast_proxy_ballot(proxy=proxy, valid=True, choices=YES_BALLOT, actor=alice)
    assert (ballot.channel, ballot.status, ballot.collected_by) == (Channel.PROXY, BallotStatus.COUNTED, "钱阿姨")
    assert ballot.note == f"委托书 {proxy.number}"
    proxy.refresh_from_db()
    assert list(proxy.ballots.all()) == [ballot] and proxy.slot == 1 and proxy.cap == 3
    with pytest.raises(ProxyUsed):
        cast_proxy_ballot(proxy=proxy, valid=True, choices=YES_BALLOT, actor=alice)


def test_a_fourth_household_for_the_same_holder_is_refused_and_nothing_is_written(bigger, alice):
    for label in ("1-101", "1-102", "1-201"):
        proxy_for(bigger, label, alice, holder_phone="139-1234-5678")
    with pytest.raises(ProxyCapReached, match="每人最多 3 户"):
        proxy_for(bigger, "1-401", alice)
    assert Proxy.objects.count() == 3
    assert proxy_for(bigger, "1-401", alice, holder_phone="13800009999").slot == 1  # another holder


def test_revoking_a_proxy_frees_the_holders_slot(bigger, alice):
    proxies = [proxy_for(bigger, label, alice) for label in ("1-101", "1-102", "1-201")]
    revoke_proxy(proxy=proxies[1], reason="业主本人来投票", actor=alice)
    assert proxy_for(bigger, "1-401", alice).slot == 2
    with pytest.raises(ProxyNotActive):
        cast_proxy_ballot(proxy=proxies[1], valid=True, choices=YES_BALLOT, actor=alice)


def test_the_database_keeps_the_cap_even_when_the_service_is_bypassed(bigger, alice):
    first = proxy_for(bigger, "1-101", alice)
    fields = {"community_id": first.community_id, "assembly": bigger, "grantor_name": "乙", "holder_name": "钱阿姨",
              "holder_phone": HOLDER, "authorisation": first.authorisation.name, "cap": 3}
    with pytest.raises(IntegrityError), transaction.atomic():
        Proxy.objects.create(entity=paper_of(bigger, "1-102").entity, slot=1, **fields)  # the same slot twice
    with pytest.raises(IntegrityError), transaction.atomic():
        Proxy.objects.create(entity=paper_of(bigger, "1-102").entity, slot=4, **fields)  # beyond the cap


def test_one_household_has_one_active_proxy(open_assembly, alice):
    proxy_for(open_assembly, "1-101", alice)
    with pytest.raises(ProxyExists):
        proxy_for(open_assembly, "1-101", alice, holder_phone="13800009999")


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("委托书.jpg", b"MZ\x90\x00 not a photo"),
    SimpleUploadedFile("委托书.gif", b"GIF89a" + b"\x00" * 20),
    SimpleUploadedFile("空.pdf", b""),
])
def test_it_takes_only_a_real_photo_or_pdf_of_the_signed_authorisation(open_assembly, alice, upload):
    with pytest.raises(ProxyFileRejected):
        proxy_for(open_assembly, "1-101", alice, authorisation=upload)
    assert not Proxy.objects.exists()


def test_a_pdf_scan_and_a_png_are_accepted(open_assembly, alice):
    proxy_for(open_assembly, "1-101", alice, authorisation=SimpleUploadedFile("scan.pdf", files.pdf("signed")))
    assert proxy_for(open_assembly, "1-102", alice, authorisation=photo("a.png", "PNG")).status == ProxyStatus.ACTIVE


def test_the_authorisation_is_stored_under_a_name_of_what_it_is_not_what_it_was_called(open_assembly, alice):
    proxy = proxy_for(open_assembly, "1-101", alice, authorisation=photo("委托书 甲先生.pdf", "PNG"))
    name = proxy.authorisation.name.rsplit("/", 1)[-1]
    assert name.startswith("proxy-") and name.endswith(".png") and name.isascii()


def test_a_file_that_only_starts_like_a_pdf_is_not_a_scan(open_assembly, alice):
    # Before the shared check, "%PDF-" at the start was taken as a PDF without reading it.
    damaged = "文件不完整或已损坏，不是有效的 PDF 文件。"
    with pytest.raises(ProxyFileRejected, match=f"委托书照片“scan.pdf”不能上传：{damaged}"):
        proxy_for(open_assembly, "1-101", alice, authorisation=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 signed"))
    assert not Proxy.objects.exists()


def test_a_proxy_ballot_after_an_online_ballot_is_kept_as_a_duplicate(open_assembly, alice, codes):
    paper = find_paper(code=codes["1-101"], phone_last4="0001", client_key="t")
    cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key="k")
    ballot = cast_proxy_ballot(proxy=proxy_for(open_assembly, "1-101", alice), valid=True, choices=YES_BALLOT,
                               actor=alice)
    assert ballot.status == BallotStatus.DUPLICATE


def test_a_ballot_collected_at_the_door_names_both_collectors(open_assembly, alice, codes):
    ballot = collect_at_door(paper=paper_of(open_assembly, "1-102"), first_collector="李老师",
                             second_collector="赵阿姨", valid=True, choices=YES_BALLOT, actor=alice)
    assert (ballot.channel, ballot.collected_by) == (Channel.ASSISTED, "李老师、赵阿姨")
    assert DoorCollection.objects.get(ballot=ballot).second_collector == "赵阿姨"
    # The household's code is still unused, but it has voted: online it is refused.
    with pytest.raises(AlreadyVoted):
        cast_online_ballot(paper=find_paper(code=codes["1-102"], phone_last4="0002", client_key="t"),
                           choices=YES_BALLOT, submission_key="k2")


@pytest.mark.parametrize(("first", "second"), [("李老师", "李老师"), ("李老师", " ")])
def test_door_collection_needs_two_different_people(open_assembly, alice, first, second):
    with pytest.raises(CollectorsRequired):
        collect_at_door(paper=paper_of(open_assembly, "1-102"), first_collector=first, second_collector=second,
                        valid=True, choices=YES_BALLOT, actor=alice)
    assert not Ballot.objects.exists()


def test_alice_registers_a_proxy_and_enters_the_holders_ballot_on_the_pages(open_assembly, alice, charlie):
    client = client_for(alice)
    url = f"/c/wyh/voting/{open_assembly.pk}/proxies/"
    response = client.post(url, {"serial": paper_of(open_assembly, "1-201").serial, "grantor_name": "丙先生",
                                 "holder_name": "钱阿姨", "holder_phone": HOLDER, "authorisation": photo()})
    assert response.status_code == 302
    proxy = Proxy.objects.get()
    page = client.get(url).content.decode()
    assert "139****5678" in page and HOLDER not in page
    done = client.post(f"{url}{proxy.pk}/ballot/", {"valid": "yes", "committee": ["张三"], "lift-fund": "no"})
    assert done.status_code == 302 and Ballot.objects.get().choices == {"committee": ["张三"], "lift-fund": "no"}
    assert client.get(f"{url}{proxy.pk}/authorisation/").status_code == 200
    assert client_for(charlie).get(f"{url}{proxy.pk}/authorisation/").status_code == 404
    door = client.post(f"/c/wyh/voting/{open_assembly.pk}/door/", {
        "serial": paper_of(open_assembly, "1-101").serial, "first_collector": "李老师", "second_collector": "李老师",
        "valid": "yes", "lift-fund": "yes"})
    assert "两位不同工作人员" in door.content.decode()


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite's in-memory test database cannot race threads")
@pytest.mark.django_db(transaction=True)
def test_five_desks_registering_for_one_holder_at_once_stop_at_the_cap(bigger, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    labels = ["1-101", "1-102", "1-201", "1-401", "1-501"]
    uploads = {label: photo() for label in labels}
    outcomes = race(*(lambda label=label: proxy_for(bigger, label, alice, authorisation=uploads[label])
                      for label in labels))
    assert sum(isinstance(o, Proxy) for o in outcomes) == 3
    assert sum(isinstance(o, ProxyCapReached) for o in outcomes) == 2
    assert sorted(Proxy.objects.filter(holder_phone=HOLDER).values_list("slot", flat=True)) == [1, 2, 3]
