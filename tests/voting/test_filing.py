"""备案材料: one ZIP with the announcement, members and pledges, the count, custody, training and the hash."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from huanjie.candidates.models import Candidate, CandidateStatus, EligibilityCheck, Nomination, Recruitment
from huanjie.notices.services import publish_notice
from huanjie.reelection.models import Reelection
from huanjie.rules.eligibility import Condition
from huanjie.training.models import Attendance, Course, Session, Trainee
from huanjie.voting.errors import FinalNoticeMissing
from huanjie.voting.filing import filing_pack
from huanjie.voting.models import BallotBox, CountResult
from huanjie.voting.services import (
    add_contest,
    close_voting,
    count_assembly,
    create_assembly,
    open_box,
    open_voting,
    seal_box,
)
from huanjie.voting.services.notices import draft_final_results_notice, draft_preliminary_results_notice
from huanjie.voting.services.proxies import collect_at_door
from tests.announce import announce_vote
from tests.conftest import client_for
from tests.voting.conftest import paper_of

TODAY = timezone.localdate()
OWNERS = ["甲先生", "乙先生", "丙先生"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reelection(wuyuehua, alice):  # type: ignore[no-untyped-def]
    """五月花's re-election: its three owners are the final candidates, two with a signed pledge on file."""
    found = Reelection.objects.create(community=wuyuehua, term_number=2, term_end=date(2027, 3, 29))
    recruitment = Recruitment.objects.create(community=wuyuehua, reelection=found)
    for code, with_pledge in (("1-101", True), ("1-102", True), ("1-201", False)):
        unit = wuyuehua.units.get(code=code)
        nomination = Nomination.objects.create(
            community=wuyuehua, recruitment=recruitment, owner=unit.owners.get(), unit=unit, method="self",
            channel="paper_form", gender="female", age_band="36-50", occupation="会计师", time_available="evenings",
            statement="愿意服务", consent_to_publish=True)
        candidate = Candidate.objects.create(community=wuyuehua, recruitment=recruitment, nomination=nomination,
                                             status=CandidateStatus.FINAL)
        if with_pledge:
            check = EligibilityCheck(community=wuyuehua, candidate=candidate, condition=Condition.PLEDGE, met=True,
                                     evidence="本人签署的书面承诺书", confirmed_by=alice, confirmed_at=timezone.now())
            check.evidence_file.save("承诺书.pdf", SimpleUploadedFile("承诺书.pdf", f"%PDF-1.4 {code}".encode()),
                                     save=True)
    course = Course.objects.create(community=wuyuehua, reelection=found, topic="law", title="业委会履职与法律法规")
    session = Session.objects.create(community=wuyuehua, course=course, held_on=TODAY, place="会所", trainer="王律师")
    for name in ("甲先生", "乙先生"):
        trainee = Trainee.objects.create(community=wuyuehua, reelection=found, name=name)
        Attendance.objects.create(community=wuyuehua, session=session, trainee=trainee, present=name == "甲先生")
    return found


@pytest.fixture
def announced(wuyuehua, reelection, alice):  # type: ignore[no-untyped-def]
    now = timezone.now()
    assembly = create_assembly(community=wuyuehua, title="第二届业委会选举", opens_at=now - timedelta(hours=1),
                               closes_at=now + timedelta(days=1), actor=alice, reelection=reelection,
                               counting_place="会所一楼")
    add_contest(assembly=assembly, spec_id="committee", kind="election", matter="elect-committee",
                title="选举业主委员会委员", seats=2, candidates=OWNERS, actor=alice)
    box = seal_box(assembly=assembly, label="1号票箱", seal_number="F-001", sealed_before="赵阿姨", actor=alice)
    announce_vote(assembly, alice)
    assembly = open_voting(assembly=assembly, actor=alice)
    for label in ("1-101", "1-102", "1-201"):
        collect_at_door(paper=paper_of(assembly, label), first_collector="李老师", second_collector="赵阿姨",
                        valid=True, choices={"committee": ["甲先生", "乙先生"]}, actor=alice)
    close_voting(assembly=assembly, actor=alice)
    open_box(box=box, opened_before="赵阿姨、钱师傅", seal_intact=True, actor=alice)
    count_assembly(assembly=assembly, actor=alice)
    notice = draft_preliminary_results_notice(assembly=assembly, actor=alice)
    publish_notice(notice=notice, actor=alice, today=TODAY)
    final = draft_final_results_notice(assembly=assembly, actor=alice, today=TODAY + timedelta(days=2))
    publish_notice(notice=final, actor=alice, today=TODAY + timedelta(days=2))
    assembly.refresh_from_db()
    return assembly


def url_of(notice) -> str:  # type: ignore[no-untyped-def]
    return f"https://huanjie.example.org/n/{notice.public_token}/"


def test_the_pack_holds_every_part_and_a_manifest_of_their_sha256(announced):
    archive = zipfile.ZipFile(io.BytesIO(filing_pack(announced, public_url=url_of)))
    names = archive.namelist()
    assert {"01-选举结果公告.pdf", "01-选举结果公示.pdf", "02-业委会委员名单.csv", "03-计票记录/result.json",
            "03-计票记录/tally/ballots.csv", "03-计票记录/tally/roster.csv", "03-计票记录/tally/election.toml",
            "04-票箱保管记录.csv", "05-初任培训记录.csv", "06-冻结名册SHA-256.txt", "MANIFEST.txt"} <= set(names)
    manifest = archive.read("MANIFEST.txt").decode()
    for name in names:
        if name != "MANIFEST.txt":
            assert f"{hashlib.sha256(archive.read(name)).hexdigest()}  {name}" in manifest
    assert announced.roster_sha256 in manifest and announced.roster_sha256 in archive.read(
        "06-冻结名册SHA-256.txt").decode()


def test_the_counting_record_is_the_stored_result_and_the_tally_files(announced):
    archive = zipfile.ZipFile(io.BytesIO(filing_pack(announced, public_url=url_of)))
    assert json.loads(archive.read("03-计票记录/result.json")) == CountResult.objects.get(assembly=announced).data
    ballots = archive.read("03-计票记录/tally/ballots.csv")
    assert hashlib.sha256(ballots).hexdigest() == announced.result.ballots_sha256


def test_the_member_list_carries_the_written_pledges_of_the_elected(announced):
    archive = zipfile.ZipFile(io.BytesIO(filing_pack(announced, public_url=url_of)))
    members = archive.read("02-业委会委员名单.csv").decode("utf-8-sig").splitlines()
    assert members[1].startswith("1,甲先生,选举业主委员会委员,3,273.75,已签署")
    assert members[2].startswith("2,乙先生,")
    assert archive.read("02-书面承诺/01-甲先生.pdf") == b"%PDF-1.4 1-101"
    assert "丙先生" not in "".join(members)  # not elected


def test_custody_and_training_records_are_in_the_pack(announced):
    archive = zipfile.ZipFile(io.BytesIO(filing_pack(announced, public_url=url_of)))
    custody = archive.read("04-票箱保管记录.csv").decode("utf-8-sig")
    assert "1号票箱,F-001" in custody and "赵阿姨、钱师傅" in custody and "完好" in custody
    training = archive.read("05-初任培训记录.csv").decode("utf-8-sig").splitlines()
    assert any(line.startswith("甲先生,委员,业委会履职与法律法规") and TODAY.isoformat() in line for line in training)
    assert any(line.startswith("乙先生,") and line.endswith("未参加") for line in training)


def test_no_cell_of_the_packs_spreadsheets_runs_as_a_formula(announced):
    BallotBox.objects.filter(assembly=announced).update(seal_number='=HYPERLINK("http://evil.example/","封条")',
                                                        sealed_before="+1+1")
    EligibilityCheck.objects.filter(condition=Condition.PLEDGE).update(evidence="@SUM(1,2)")
    Course.objects.update(title="-2+3")
    archive = zipfile.ZipFile(io.BytesIO(filing_pack(announced, public_url=url_of)))
    cells = [cell for name in ("02-业委会委员名单.csv", "04-票箱保管记录.csv", "05-初任培训记录.csv")
             for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))) for cell in row]
    assert """'=HYPERLINK("http://evil.example/","封条")""" in cells and "'+1+1" in cells
    assert "'@SUM(1,2)" in cells and "'-2+3" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_the_announcement_in_the_pack_is_a_pdf_of_the_final_notice(announced):
    import pypdf

    archive = zipfile.ZipFile(io.BytesIO(filing_pack(announced, public_url=url_of)))
    reader = pypdf.PdfReader(io.BytesIO(archive.read("01-选举结果公告.pdf")))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "选举结果公告" in text and "甲先生" in text


def test_there_is_no_pack_before_the_announcement_is_published(announced, alice):
    announced.final_notice = None
    announced.save(update_fields=["final_notice"])
    with pytest.raises(FinalNoticeMissing):
        filing_pack(announced, public_url=url_of)


def test_alice_downloads_the_pack_and_owners_cannot(announced, alice, olivia):
    url = f"/c/wyh/voting/{announced.pk}/filing.zip"
    response = client_for(alice).get(url)
    assert response["Content-Type"] == "application/zip"
    assert "MANIFEST.txt" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert client_for(olivia).get(url).status_code == 404
    page = client_for(alice).get(f"/c/wyh/voting/{announced.pk}/results/notices/").content.decode()
    assert 'data-testid="filing-pack"' in page


def test_the_pack_carries_the_signed_checkpoints_and_signs_the_head_it_prints(announced):
    from huanjie.audit.checkpoints import parse_list
    from huanjie.audit.services import chain_head

    archive = zipfile.ZipFile(io.BytesIO(filing_pack(announced, public_url=url_of)))
    saved = archive.read("07-留痕链签名检查点.json")
    listed = json.loads(saved)
    # Each publication signed its head (the results notices among them); the pack signs the head unless the
    # last checkpoint already has it (here: nothing was recorded after the announcement's publication).
    assert [c["trigger"] for c in listed["checkpoints"]].count("publication") >= 2
    assert all(checkpoint.signature_valid() for checkpoint in parse_list(saved, "07"))
    last = listed["checkpoints"][-1]
    manifest = archive.read("MANIFEST.txt").decode()
    assert last["head"] == chain_head() and f"留痕记录链头：{last['head']}" in manifest
    assert last["signature"] in manifest and listed["keys"][last["key_id"]] in manifest


def test_the_rules_of_procedure_and_covenant_in_force_are_filed_with_their_versions(announced):
    """SH art. 23: the rules of procedure and the management covenant go with the meeting record and decisions."""
    from huanjie.charter.models import CharterDocument, DocumentKind

    rules = CharterDocument.objects.get(community=announced.community, kind=DocumentKind.RULES_OF_PROCEDURE)
    archive = zipfile.ZipFile(io.BytesIO(filing_pack(announced, public_url=url_of)))
    text = archive.read("08-议事规则与管理规约/业主大会议事规则（2020年版）.txt")
    assert hashlib.sha256(text).hexdigest() == rules.sha256
    listed = archive.read("08-议事规则与管理规约/版本说明.csv").decode("utf-8-sig").splitlines()
    assert listed[1].startswith("业主大会议事规则,2020年版,2020-06-01,首次业主大会," + rules.sha256)
    assert listed[2] == "管理规约,未登记,,,,"  # none on record: the pack says so rather than leave it out
