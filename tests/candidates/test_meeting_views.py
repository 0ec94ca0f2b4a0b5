from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huanjie.candidates.models import Meeting, MeetingQuestion, MeetingStatus, QuestionSource
from huanjie.candidates.services import meeting as service
from tests.conftest import client_for


@pytest.fixture
def meeting(round_, listed, alice):  # type: ignore[no-untyped-def]
    return service.schedule_meeting(recruitment=round_, starts_at=timezone.now() + timedelta(days=2),
                                    place="小区会所", host="吴书记", actor=alice)


def test_alice_schedules_a_meeting_and_drafts_its_notice(alice, listed, wuyuehua):
    client = client_for(alice)
    base = f"/c/{wuyuehua.slug}/candidates/meetings/"
    at = timezone.localtime() + timedelta(days=5)
    response = client.post(base, {"starts_at": at.strftime("%Y-%m-%dT%H:%M"), "place": "小区会所", "host": "吴书记"})
    meeting = Meeting.objects.get()
    assert response["Location"] == f"{base}{meeting.pk}/"
    response = client.post(f"{base}{meeting.pk}/notice/")
    meeting.refresh_from_db()
    assert response["Location"] == f"/c/{wuyuehua.slug}/notices/{meeting.notice_id}/"
    assert "小区会所" in client.get(response["Location"]).content.decode()


def test_alice_runs_the_meeting_and_downloads_its_record(alice, listed, meeting, wuyuehua):
    client = client_for(alice)
    base = f"/c/{wuyuehua.slug}/candidates/meetings/{meeting.pk}/"
    client.post(f"{base}roll/", {"candidate": listed[0].pk, "present": "1", "note": ""})
    client.post(f"{base}sign-in/", {"codes": "1-101，1-102 1-201"})
    client.post(f"{base}questions/", {"asker_name": "丙先生", "unit_code": "1-201", "source": "at_meeting",
                                      "to_candidate": "", "text": "物业费会涨吗？"})
    question = MeetingQuestion.objects.get()
    client.post(f"{base}questions/{question.pk}/answer/", {"candidate": listed[1].pk, "text": "不会擅自涨价"})
    page = client.get(base).content.decode()
    assert "已签到 3 户" in page and "物业费会涨吗？" in page and "不会擅自涨价" in page
    response = client.get(f"{base}record.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_sign_in_with_an_unknown_unit_records_nothing(alice, meeting, wuyuehua):
    response = client_for(alice).post(f"/c/{wuyuehua.slug}/candidates/meetings/{meeting.pk}/sign-in/",
                                      {"codes": "1-101 9-999"}, follow=True)
    assert "9-999" in response.content.decode() and not meeting.attendees.exists()


def test_minutes_filed_before_the_meeting_are_refused(alice, meeting, wuyuehua):
    response = client_for(alice).post(f"/c/{wuyuehua.slug}/candidates/meetings/{meeting.pk}/minutes/",
                                      {"recorder": "小组", "minutes": "顺利"}, follow=True)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED and "会后才能存档纪要" in response.content.decode()


def test_olivia_asks_a_question_in_advance_from_her_phone(olivia, listed, meeting, wuyuehua):
    client = client_for(olivia)
    url = f"/c/{wuyuehua.slug}/candidates/mine/meeting/"
    page = client.get(url).content.decode()
    assert "小区会所" in page and "甲先生" in page
    client.post(url, {"to_candidate": listed[0].pk, "text": "您每周能花多少时间？"})
    question = MeetingQuestion.objects.get()
    assert question.unit.code == "1-101" and question.asker_name == "甲先生"
    assert question.source == QuestionSource.ADVANCE_ONLINE and question.to_candidate == listed[0]
    assert "您每周能花多少时间？" in client.get(url).content.decode()


def test_it_hides_the_meeting_from_charlie_and_from_owners(charlie, olivia, meeting, wuyuehua):
    assert client_for(charlie).get(f"/c/{wuyuehua.slug}/candidates/meetings/{meeting.pk}/").status_code == 404
    assert client_for(olivia).get(f"/c/{wuyuehua.slug}/candidates/meetings/{meeting.pk}/").status_code == 404
