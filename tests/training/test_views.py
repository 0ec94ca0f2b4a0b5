from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from huanjie.training.models import Attendance, Position
from huanjie.training.services import add_standard_courses, add_trainee, schedule_session
from tests.conftest import client_for


def test_attendance_is_recorded_from_the_page(alice, wuyuehua, reelection):
    zhang = add_trainee(reelection=reelection, name="张伟", position=Position.CHAIR, actor=alice)
    course = add_standard_courses(reelection=reelection, actor=alice)[0]
    yesterday = timezone.localdate() - timedelta(days=1)
    session = schedule_session(course=course, held_on=yesterday, place="会所", trainer="陈律师", actor=alice)
    client = client_for(alice)
    page = client.get(f"/c/{wuyuehua.slug}/training/").content.decode()
    assert "张伟" in page and "培训中" in page
    client.post(f"/c/{wuyuehua.slug}/training/sessions/{session.pk}/attendance/",
                {f"s{session.pk}-present": [zhang.pk]})
    assert Attendance.objects.get().present


def test_the_training_is_hidden_from_charlie_and_owners(charlie, olivia, wuyuehua, reelection):
    for user in (charlie, olivia):
        assert client_for(user).get(f"/c/{wuyuehua.slug}/training/").status_code == 404
