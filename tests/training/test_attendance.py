"""Attendance per new member, completion, and the records the filing pack reads (SH art. 23)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.demo import files
from huanjie.training.errors import MaterialRefused, NotATrainee, SessionInFuture, TraineeExists
from huanjie.training.models import Attendance, Material, Position, Trainee
from huanjie.training.selectors import training_records
from huanjie.training.services import (
    add_material,
    add_standard_courses,
    add_trainee,
    record_attendance,
    schedule_session,
)


@pytest.fixture
def committee(reelection, alice):  # type: ignore[no-untyped-def]
    return [add_trainee(reelection=reelection, name=name, position=position, actor=alice)
            for name, position in (("张伟", Position.CHAIR), ("李娜", Position.MEMBER))]


@pytest.fixture
def courses(reelection, alice):  # type: ignore[no-untyped-def]
    return add_standard_courses(reelection=reelection, actor=alice)


def test_a_member_completes_after_attending_every_required_course(reelection, committee, courses, alice, today):
    zhang, li = committee
    for i, course in enumerate(courses):
        session = schedule_session(course=course, held_on=date(2027, 1, 5 + i), place="居委会会议室", trainer="陈律师",
                                   actor=alice)
        record_attendance(session=session, present=[zhang] if i else [zhang, li], actor=alice, today=today)
    records = {r.name: r for r in training_records(reelection)}
    assert records["张伟"].complete and records["张伟"].attended == 5 and records["张伟"].position == "主任"
    assert not records["李娜"].complete and records["李娜"].attended == 1
    assert records["李娜"].courses[0].attended_on == date(2027, 1, 5) and records["李娜"].courses[1].attended_on is None


def test_attendance_is_corrected_by_recording_it_again(committee, courses, alice, today):
    zhang, li = committee
    session = schedule_session(course=courses[0], held_on=today, place="会所", trainer="王主任", actor=alice)
    record_attendance(session=session, present=[zhang], actor=alice, today=today)
    record_attendance(session=session, present=[li], actor=alice, today=today)
    assert dict(Attendance.objects.values_list("trainee__name", "present")) == {"张伟": False, "李娜": True}


def test_a_session_that_has_not_happened_takes_no_attendance(committee, courses, alice, today):
    session = schedule_session(course=courses[0], held_on=date(2027, 2, 1), place="会所", trainer="王主任", actor=alice)
    with pytest.raises(SessionInFuture, match="在 2027-02-01，还没有举行"):
        record_attendance(session=session, present=committee, actor=alice, today=today)
    assert not Attendance.objects.exists()


def test_someone_not_on_the_new_committee_cannot_attend(committee, courses, alice, today, wuyuehua):
    from huanjie.reelection.models import Reelection

    other = Reelection.objects.create(community=wuyuehua, term_number=3, term_end=date(2030, 3, 1))
    stranger = Trainee.objects.create(community=wuyuehua, reelection=other, name="路人甲")
    session = schedule_session(course=courses[0], held_on=today, place="会所", trainer="王主任", actor=alice)
    with pytest.raises(NotATrainee, match="“路人甲”不是本次换届新一届委员名单中的人"):
        record_attendance(session=session, present=[committee[0], stranger], actor=alice, today=today)
    assert not Attendance.objects.exists()


def test_the_same_member_is_not_listed_twice(reelection, committee, alice):
    with pytest.raises(TraineeExists):
        add_trainee(reelection=reelection, name=" 张伟 ", position=Position.MEMBER, actor=alice)


def test_materials_are_checked_by_content(courses, alice):
    pdf = SimpleUploadedFile("讲义.pdf", files.pdf("handout"), content_type="application/pdf")
    assert add_material(course=courses[0], title="讲义", upload=pdf, actor=alice).content_type == "application/pdf"
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    only = "只接受 PDF、Word、PowerPoint、Excel、JPEG、PNG 文件"
    with pytest.raises(MaterialRefused, match=f"资料“virus.pdf”未能上传：{only}"):
        add_material(course=courses[0], title="假文件", upload=fake, actor=alice)
    assert Material.objects.count() == 1


def test_a_material_that_only_starts_like_a_pdf_is_refused_and_a_slide_deck_is_known_by_its_content(courses, alice):
    import io
    import zipfile

    # Before the shared check, "%PDF-" at the start was enough.
    with pytest.raises(MaterialRefused, match="文件不完整或已损坏，不是有效的 PDF 文件。"):
        add_material(course=courses[0], title="假讲义", upload=SimpleUploadedFile("讲义.pdf", b"%PDF-1.4 ..."),
                     actor=alice)
    deck = io.BytesIO()
    with zipfile.ZipFile(deck, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    material = add_material(course=courses[0], title="课件", upload=SimpleUploadedFile("课件", deck.getvalue()),
                            actor=alice)
    assert material.file.name.endswith(".pptx") and "课件" not in material.file.name
