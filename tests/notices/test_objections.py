from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.notices import services
from huanjie.notices.errors import (
    EvidenceFileRejected,
    ObjectionAlreadyDecided,
    ObjectionOutsidePeriod,
    ObjectionsStillOpen,
    ReasonRequired,
)
from huanjie.notices.models import Objection, ObjectionStatus


def object_to(notice, user, today=date(2026, 12, 5), **extra):
    return services.raise_objection(notice=notice, text="1-102 的面积与产证不符", objector_name="甲先生",
                                    objector_unit=notice.community.units.get(code="1-101"), actor=user,
                                    today=today, **extra)


def test_an_owner_may_object_on_the_last_day_of_the_period(published, olivia):
    objection = object_to(published, olivia, today=date(2026, 12, 8))
    assert objection.status == ObjectionStatus.OPEN


def test_an_objection_after_the_period_is_refused_and_nothing_is_written(published, olivia):
    with pytest.raises(ObjectionOutsidePeriod) as raised:
        object_to(published, olivia, today=date(2026, 12, 9))
    assert "2026-12-08" in str(raised.value)
    assert not Objection.objects.exists()


def test_an_objection_with_a_program_as_evidence_is_refused(published, olivia):
    with pytest.raises(EvidenceFileRejected):
        object_to(published, olivia, evidence=SimpleUploadedFile("x.exe", b"MZ"))
    assert not Objection.objects.exists()


def test_an_open_objection_blocks_the_next_step_until_it_is_answered(published, olivia, alice):
    objection = object_to(published, olivia)
    services.start_investigation(objection=objection, actor=alice)
    with pytest.raises(ObjectionsStillOpen):
        services.ensure_next_step_may_start(notice=published, today=date(2026, 12, 9))
    services.decide_objection(objection=objection, upheld=False, reason="经核对产证，面积无误。", actor=alice)
    services.ensure_next_step_may_start(notice=published, today=date(2026, 12, 9))


def test_a_decision_needs_a_reason_for_the_objector(published, olivia, alice):
    objection = object_to(published, olivia)
    with pytest.raises(ReasonRequired):
        services.decide_objection(objection=objection, upheld=True, reason=" ", actor=alice)
    objection.refresh_from_db()
    assert objection.is_open


def test_an_objection_is_decided_only_once(published, olivia, alice):
    objection = object_to(published, olivia)
    services.decide_objection(objection=objection, upheld=True, reason="已更正名册。", actor=alice)
    with pytest.raises(ObjectionAlreadyDecided):
        services.decide_objection(objection=objection, upheld=False, reason="再议", actor=alice)
