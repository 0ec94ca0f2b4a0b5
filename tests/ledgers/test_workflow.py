from __future__ import annotations

from datetime import date

import pytest

from huanjie.audit.models import AuditRecord
from huanjie.ledgers.errors import (
    AnswerRequired,
    BadDuplicate,
    DueBeforeRecorded,
    FollowUpNotDue,
    FutureDate,
    InvalidTransition,
    ReasonRequired,
    ReopenNotAllowed,
)
from huanjie.ledgers.models import Demand, FollowUp, Handler, Status
from huanjie.ledgers.services import (
    answer_demand,
    assign_demand,
    close_demand,
    mark_duplicate,
    record_demand,
    record_follow_up,
    reopen_demand,
    start_demand,
)


def _to_answered(demand, alice):
    assign_demand(demand=demand, handler=Handler.PROPERTY_COMPANY, due_on=date(2026, 12, 5), actor=alice)
    start_demand(demand=demand, actor=alice)
    return answer_demand(demand=demand, answer="电梯已于11月25日修复。", answered_on=date(2026, 11, 25), actor=alice)


def test_it_numbers_demands_one_after_another_per_community(make_demand):
    assert [make_demand().number, make_demand().number, make_demand().number] == [1, 2, 3]


def test_a_demand_goes_through_every_state_and_each_step_is_audited(make_demand, alice):
    demand = _to_answered(make_demand(), alice)
    close_demand(demand=demand, closed_on=date(2026, 11, 26), actor=alice)
    demand.refresh_from_db()
    assert demand.status == Status.CLOSED and demand.follow_up_due == date(2026, 12, 17)
    codes = list(AuditRecord.objects.filter(target_id=str(demand.pk)).values_list("code", flat=True))
    assert codes == ["ledgers.demand.recorded", "ledgers.demand.assigned", "ledgers.demand.started",
                     "ledgers.demand.answered", "ledgers.demand.closed"]
    assert [e.to_status for e in demand.events.all()] == list(Status.values)


def test_it_refuses_a_status_jump_that_skips_a_state_with_an_exact_message(make_demand, alice):
    demand = make_demand()
    with pytest.raises(InvalidTransition) as refused:
        start_demand(demand=demand, actor=alice)
    assert str(refused.value) == "第1号诉求现为“已登记”，不能改为“办理中”；下一步只能是：已分派。"
    with pytest.raises(InvalidTransition):
        close_demand(demand=demand, closed_on=date(2026, 11, 21), actor=alice)
    assert Demand.objects.get().status == Status.RECORDED


def test_it_refuses_an_answer_that_is_empty(make_demand, alice):
    demand = make_demand()
    assign_demand(demand=demand, handler=Handler.OWNERS_COMMITTEE, due_on=None, actor=alice)
    start_demand(demand=demand, actor=alice)
    with pytest.raises(AnswerRequired, match="第1号诉求还没有填写给业主的答复，不能标为已答复"):
        answer_demand(demand=demand, answer="  ", answered_on=date(2026, 11, 25), actor=alice)
    assert Demand.objects.get().status == Status.IN_PROGRESS


def test_the_database_refuses_a_closed_demand_without_an_answer(make_demand):
    from django.db import IntegrityError, transaction

    demand = make_demand()
    with pytest.raises(IntegrityError), transaction.atomic():
        Demand.objects.filter(pk=demand.pk).update(status=Status.CLOSED)


def test_reopening_needs_a_reason_and_sends_the_demand_back_in_hand(make_demand, alice):
    demand = _to_answered(make_demand(), alice)
    with pytest.raises(ReasonRequired):
        reopen_demand(demand=demand, reason=" ", actor=alice)
    reopen_demand(demand=demand, reason="业主说电梯又坏了", actor=alice)
    demand.refresh_from_db()
    assert demand.status == Status.IN_PROGRESS
    assert demand.events.last().note == "业主说电梯又坏了"
    with pytest.raises(ReopenNotAllowed):
        reopen_demand(demand=demand, reason="再来", actor=alice)


def test_an_unresolved_follow_up_reopens_the_demand(make_demand, alice):
    demand = make_demand()
    with pytest.raises(FollowUpNotDue):
        record_follow_up(demand=demand, result=FollowUp.RESOLVED, note="", actor=alice)
    demand = _to_answered(demand, alice)
    close_demand(demand=demand, closed_on=date(2026, 11, 26), actor=alice)
    record_follow_up(demand=demand, result=FollowUp.UNRESOLVED, note="仍有异响", actor=alice)
    demand.refresh_from_db()
    assert demand.status == Status.IN_PROGRESS and demand.follow_up == FollowUp.UNRESOLVED


def test_a_duplicate_is_linked_to_the_original_and_closed_with_an_answer(make_demand, alice, today):
    original, repeat = make_demand(), make_demand("电梯老是坏")
    mark_duplicate(demand=repeat, original=original, actor=alice, today=today)
    repeat.refresh_from_db()
    assert repeat.duplicate_of == original and repeat.status == Status.CLOSED
    assert "第1号" in repeat.answer
    third = make_demand("电梯")
    with pytest.raises(BadDuplicate, match="本身是重复诉求，请关联到原始诉求第1号"):
        mark_duplicate(demand=third, original=repeat, actor=alice, today=today)
    with pytest.raises(BadDuplicate, match="不能与自身重复"):
        mark_duplicate(demand=third, original=third, actor=alice, today=today)


def test_a_duplicate_cannot_point_into_another_community(make_demand, elsewhere, charlie, alice, today):
    from huanjie.ledgers.services import add_default_categories

    add_default_categories(community=elsewhere, actor=charlie)
    other = record_demand(community=elsewhere, source="phone", category=elsewhere_category(elsewhere),
                          summary="噪声", recorded_on=today, actor=charlie, today=today).demand
    with pytest.raises(BadDuplicate, match="不是同一个小区"):
        mark_duplicate(demand=make_demand(), original=other, actor=alice, today=today)


def elsewhere_category(community):
    from huanjie.ledgers.models import Category

    return Category.objects.get(community=community, name="噪声")


def test_it_refuses_dates_that_cannot_be(make_demand, today):
    with pytest.raises(FutureDate):
        make_demand(recorded_on=date(2026, 12, 1))
    with pytest.raises(DueBeforeRecorded):
        make_demand(due_on=date(2026, 11, 1))
    assert not Demand.objects.exists()


def test_a_resent_demand_is_stored_once(make_demand):
    first = make_demand(idempotency_key="key-9")
    again = make_demand(idempotency_key="key-9")
    assert first.pk == again.pk and Demand.objects.count() == 1
