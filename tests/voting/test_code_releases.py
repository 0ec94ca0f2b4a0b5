"""Four eyes on voting codes (issue 17, item 4) and codes that are never regenerated (issue 15, finding 4).

The attack: one working-group member reissued a household's paper, got its fresh code, and cast
its ballot online; `codes.csv` gave anyone on the staff the plaintext codes of every unused paper at
any time; the roster export carried the phone digits that go with them; the chain showed "code
reissued by xiaozu" then a cast by "system", and the household's delivered code silently stopped
working. And a click on 打印全部表决票 or 下载表决码 regenerated every code while voting was open.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from openpyxl import load_workbook

from huanjie.accounts.models import Role
from huanjie.audit.models import AuditRecord
from huanjie.audit.services import verify_chain
from huanjie.voting.errors import (
    CodeListTooLate,
    CodeReissued,
    CodesAlreadyPrinted,
    NotYourRelease,
    PaperCodeUsed,
    ReleaseNotConfirmed,
    SamePersonConfirms,
    SameRoleConfirms,
    WrongVotingCode,
)
from huanjie.voting.models import Ballot, BallotPaper, CodeRelease, OwnerRequest, ReleaseStatus
from huanjie.voting.services import cast_online_ballot, close_voting, find_paper, issue_voting_codes
from huanjie.voting.services.codes import (
    confirm_code_release,
    print_reissued_paper,
    request_code_list,
    request_code_reissue,
)
from tests.conftest import client_for, make_user
from tests.voting.conftest import YES_BALLOT, paper_of
from tests.voting.test_pdf import pages_of, print_all, printed_code


@pytest.fixture
def sam(wuyuehua):  # type: ignore[no-untyped-def]
    """Sam is a scrutineer (监票人) of 五月花."""
    return make_user("sam", Role.SCRUTINEER, community=wuyuehua)


def _hashes(assembly) -> dict[int, str]:  # type: ignore[no-untyped-def]
    return dict(BallotPaper.objects.filter(assembly=assembly).values_list("pk", "code_hash"))


def _reissue(assembly, alice, sam, label: str = "1-102"):  # type: ignore[no-untyped-def]
    """Alice asks for a new code for `label`'s paper (the owner at the desk), Sam confirms, Alice prints."""
    release = request_code_reissue(paper=paper_of(assembly, label), reason="表决票遗失",
                                   owner_request=OwnerRequest.PRESENT, actor=alice)
    confirm_code_release(release=release, actor=sam)
    return print_reissued_paper(release=release, actor=alice)


# -- printing all the papers: the codes are generated once ---------------------------------


def test_printing_asks_first_and_generates_the_codes_only_once(open_assembly, alice):
    client, url = client_for(alice), f"/c/wyh/voting/{open_assembly.pk}/print/"
    before = _hashes(open_assembly)
    page = client.get(url).content.decode()
    assert "表决码只生成这一次" in page
    assert client.post(url).status_code == 200 and _hashes(open_assembly) == before  # no confirm: nothing printed
    first = pages_of(print_all(client, open_assembly).content)
    printed = _hashes(open_assembly)
    assert printed != before and len(first) == 3
    again = client.post(url, {"confirm": "yes"}, follow=True).content.decode()
    assert "不能再次生成" in again and _hashes(open_assembly) == printed  # the sheets handed out still work
    code = printed_code(next(text for text in first if "房号：1-101" in text))
    assert find_paper(code=code, phone_last4="0001", client_key="t").entity.label == "1-101"
    with pytest.raises(CodesAlreadyPrinted):
        issue_voting_codes(assembly=open_assembly, actor=alice)


def test_there_is_no_other_way_to_download_the_codes(open_assembly, alice, codes):
    client = client_for(alice)
    for path in ("codes.csv", "ballots.pdf", "ballot.pdf"):
        assert client.post(f"/c/wyh/voting/{open_assembly.pk}/{path}", {"serial": "1-00001"}).status_code == 404


# -- the print shop's code list: at the one printing, confirmed by another role --------------


def test_the_code_list_comes_only_with_the_printing_after_another_role_confirms(open_assembly, alice, bob, sam):
    release = request_code_list(assembly=open_assembly, reason="交印刷厂套印", actor=alice)
    with pytest.raises(SamePersonConfirms):
        confirm_code_release(release=release, actor=alice)
    with pytest.raises(SameRoleConfirms):
        confirm_code_release(release=release, actor=bob)  # another member of the working group
    client = client_for(alice)
    client_for(sam).post(f"/c/wyh/voting/{open_assembly.pk}/codes/{release.pk}/confirm/")
    release.refresh_from_db()
    assert (release.status, release.confirmed_by, release.confirmed_as) == (ReleaseStatus.CONFIRMED, sam, "scrutineer")
    zipped = client.post(f"/c/wyh/voting/{open_assembly.pk}/print/", {"confirm": "yes", "with_list": "yes"})
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as archive:
        listing = archive.read(f"voting-codes-{open_assembly.pk}.csv").decode("utf-8-sig")
    assert listing.count("\n") == 4 and "1-101" in listing
    release.refresh_from_db()
    assert release.status == ReleaseStatus.DONE
    assert AuditRecord.objects.get(code="voting.codes.issued").data["code_list"] == release.number
    with pytest.raises(CodeListTooLate):
        request_code_list(assembly=open_assembly, reason="再要一份", actor=alice)


def test_a_code_list_not_confirmed_before_the_printing_never_comes(open_assembly, alice, sam):
    release = request_code_list(assembly=open_assembly, reason="交印刷厂套印", actor=alice)
    url = f"/c/wyh/voting/{open_assembly.pk}/print/"
    refused = client_for(alice).post(url, {"confirm": "yes", "with_list": "yes"}, follow=True).content.decode()
    assert "须经另一角色确认后才能打印" in refused
    open_assembly.refresh_from_db()
    assert open_assembly.codes_printed_at is None  # nothing printed
    assert client_for(alice).post(url, {"confirm": "yes"})["Content-Type"] == "application/pdf"  # the papers only
    confirm_code_release(release=release, actor=sam)
    with pytest.raises(CodesAlreadyPrinted):
        issue_voting_codes(assembly=open_assembly, actor=alice, code_list=release)


# -- reissuing one paper: four eyes, the owner's request on record ---------------------------


def test_one_member_alone_cannot_reissue_a_code(open_assembly, codes, alice, bob, wang):
    release = request_code_reissue(paper=paper_of(open_assembly, "1-102"), reason="遗失",
                                   owner_request=OwnerRequest.PRESENT, actor=alice)
    with pytest.raises(ReleaseNotConfirmed):
        print_reissued_paper(release=release, actor=alice)
    with pytest.raises(SamePersonConfirms):
        confirm_code_release(release=release, actor=alice)
    with pytest.raises(SameRoleConfirms):
        confirm_code_release(release=release, actor=bob)
    assert find_paper(code=codes["1-102"], phone_last4="0002", client_key="t")  # the delivered code still works
    confirm_code_release(release=release, actor=wang)  # the street office may confirm a working group's request
    with pytest.raises(NotYourRelease):  # bob is neither of the two
        print_reissued_paper(release=release, actor=bob)


def test_the_new_sheet_prints_once_and_the_record_names_both_people(open_assembly, codes, alice, sam):
    issued = _reissue(open_assembly, alice, sam)
    release = CodeRelease.objects.get()
    with pytest.raises(ReleaseNotConfirmed):
        print_reissued_paper(release=release, actor=sam)  # printed already: never again
    record = AuditRecord.objects.get(code="voting.code.reissued")
    assert record.data["reissued"] | {"release": ""} == {
        "release": "", "reason": "表决票遗失", "owner_request": "present", "requested_by": "alice",
        "confirmed_by": "sam", "confirmed_as": "scrutineer"}
    assert find_paper(code=issued.code, phone_last4="0002", client_key="t").pk == issued.paper.pk
    assert verify_chain() is None


def test_the_pages_take_the_request_the_confirmation_and_print_the_sheet(open_assembly, codes, alice, sam, olivia):
    url = f"/c/wyh/voting/{open_assembly.pk}/codes/"
    serial = paper_of(open_assembly, "1-201").serial
    client_for(sam).post(url, {"step": "reissue", "serial": serial, "reason": "x", "owner_request": "present"})
    assert not CodeRelease.objects.exists()  # a scrutineer confirms; only staff ask
    asked = client_for(alice).post(url, {"step": "reissue", "serial": serial, "reason": "业主说没收到",
                                         "owner_request": "written"}, follow=True).content.decode()
    release = CodeRelease.objects.get()
    assert "须由监票人或街道督导在本页确认" in asked
    assert f'data-testid="confirm-release-{release.pk}"' not in asked  # not for the one who asked
    assert f'data-testid="confirm-release-{release.pk}"' in client_for(sam).get(url).content.decode()
    client_for(sam).post(f"{url}{release.pk}/confirm/")
    sheet = client_for(alice).post(f"{url}{release.pk}/print/")
    (text,) = pages_of(sheet.content)
    assert serial in text and find_paper(code=printed_code(text), phone_last4="0003", client_key="t")
    assert client_for(olivia).get(url).status_code == 404
    unknown = client_for(alice).post(url, {"step": "reissue", "serial": "X-1", "reason": "r",
                                           "owner_request": "present"}).content.decode()
    assert "没有编号为“X-1”的表决票" in unknown


def test_a_used_code_is_not_reissued(open_assembly, codes, alice):
    paper = find_paper(code=codes["1-201"], phone_last4="0003", client_key="t")
    cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key="k")
    with pytest.raises(PaperCodeUsed):
        request_code_reissue(paper=paper, reason="r", owner_request=OwnerRequest.PRESENT, actor=alice)


# -- the owner's old code, and the ballot cast on the new one --------------------------------


def test_the_old_code_tells_the_owner_when_and_by_whom_it_was_reissued_and_how_to_object(open_assembly, codes, alice,
                                                                                         sam):
    _reissue(open_assembly, alice, sam)
    with pytest.raises(CodeReissued) as told:
        find_paper(code=codes["1-102"], phone_last4="0002", client_key="t")
    message = str(told.value)
    assert "换届改选小组成员alice申请、监票人/计票人sam确认" in message
    assert "芷江西路街道" in message and "实名提出异议" in message
    page = Client().post("/vote/", {"code": codes["1-102"], "phone_last4": "0002"}).content.decode()
    assert "作废" in page and "sam确认" in page
    assert AuditRecord.objects.filter(code="voting.code.retired_used").count() == 2
    with pytest.raises(WrongVotingCode):  # without the household's digits the old code says nothing
        find_paper(code=codes["1-102"], phone_last4="9999", client_key="t")


def test_a_ballot_on_a_reissued_code_is_marked_on_the_turnout_and_count_pages_and_in_its_record(
        open_assembly, codes, alice, sam):
    issued = _reissue(open_assembly, alice, sam)
    ballot = cast_online_ballot(paper=find_paper(code=issued.code, phone_last4="0002", client_key="t"),
                                choices=YES_BALLOT, submission_key="k")
    plain = cast_online_ballot(paper=find_paper(code=codes["1-101"], phone_last4="0001", client_key="t"),
                               choices=YES_BALLOT, submission_key="k2")
    cast = AuditRecord.objects.filter(code="voting.ballot.cast_online", target_id=str(ballot.pk)).get()
    assert cast.data["reissued"]["requested_by"] == "alice" and cast.data["reissued"]["confirmed_by"] == "sam"
    assert "reissued" not in AuditRecord.objects.get(code="voting.ballot.cast_online", target_id=str(plain.pk)).data
    client = client_for(alice)
    turnout = client.get(f"/c/wyh/voting/{open_assembly.pk}/turnout/").content.decode()
    marked = turnout.split('data-testid="reissued-ballots"')[1].split("</table>")[0]
    assert ballot.number in marked and plain.number not in marked and "alice / sam" in marked
    close_voting(assembly=open_assembly, actor=alice)
    detail = client.get(f"/c/wyh/voting/{open_assembly.pk}/").content.decode()
    assert 'data-testid="reissued-ballots"' in detail and ballot.number in detail
    assert Ballot.objects.count() == 2


# -- no phone digits leave in an export ------------------------------------------------------


def test_no_phone_number_leaves_in_the_roster_exports(alice, wuyuehua):
    client = client_for(alice)
    phones = ["13800000001", "13800000002", "13800000003"]
    text = client.get("/c/wyh/roster/export.csv").content.decode("utf-8-sig")
    book = load_workbook(io.BytesIO(client.get("/c/wyh/roster/export.xlsx").content))
    cells = [str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "联系电话" not in cells
    assert not any(phone[-4:] in cell or phone in cell for phone in phones for cell in cells if cell != "None")
    assert not any(phone in text for phone in phones)
