"""The demo follows its own timeline (issue 15, finding 10): what the progress ledger says is done has its
paper, on the same day; each step comes after the one it waits for; nothing is shown that the owners
have not yet decided.

Built for two days: one in the ordinary weeks, one whose notices run across the National Day holiday
(a rest day at the end of a period moves it, 《民法典》第二百零三条).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from huanjie.candidates.models import Candidate, EligibilityCheck, Meeting, Nomination, Recruitment
from huanjie.contingency.models import EventKind, EventPlan
from huanjie.demo.build import load_demo
from huanjie.demo.timeline import VOTING_OPENED_DAYS_AGO, is_rest_day
from huanjie.handover.models import HandoverItem
from huanjie.ledgers.models import Demand
from huanjie.notices.models import Notice, NoticeKind, NoticeStatus, Objection
from huanjie.reelection.models import StageProgress
from huanjie.roster.models import Community
from huanjie.rules.procedure import VOTE_NOTICE_DAYS
from huanjie.rules.timeline import Stage, requires_evidence, results_due
from huanjie.training.models import Attendance, Session, Trainee
from huanjie.visits.models import Visit
from huanjie.voting.models import Assembly, Ballot, Delivery, DeliveryOutcome

ORDINARY, ACROSS_NATIONAL_DAY = date(2026, 11, 29), date(2026, 11, 12)


@pytest.fixture(scope="module", params=[ORDINARY, ACROSS_NATIONAL_DAY], ids=["ordinary", "national-day"])
def demo(request, django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Community]:  # type: ignore[no-untyped-def]
    """Built once per day for the module and rolled back at its end."""
    media = str(tmp_path_factory.mktemp("media"))
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_demo(today=request.param)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _today(demo: Community) -> date:
    """The day the demo was built for: voting opened three days before it."""
    return timezone.localdate(Assembly.objects.get(community=demo).opens_at) + timedelta(days=VOTING_OPENED_DAYS_AGO)


def _done(demo: Community) -> dict[str, StageProgress]:
    return {p.stage: p for p in StageProgress.objects.filter(community=demo)}


def _notice(demo: Community, kind: str) -> Notice:
    return Notice.objects.get(community=demo, kind=kind, status=NoticeStatus.PUBLISHED)


def _local_day(moment: Any) -> date:
    return timezone.localdate(moment)


def test_every_stage_marked_done_has_its_paper_on_the_same_day(demo, db):  # type: ignore[no-untyped-def]
    done = _done(demo)
    call = _notice(demo, NoticeKind.CALL_FOR_CANDIDATES)
    assert done[Stage.CALL_FOR_CANDIDATES].done_on == call.period_ends_on  # the call closed
    for kind in (NoticeKind.CANDIDATE_LIST, NoticeKind.ROSTER_AND_RULES):
        assert done[Stage.CANDIDATE_NOTICE].done_on == _notice(demo, kind).published_on
    meeting = Meeting.objects.get(community=demo)
    assert done[Stage.CANDIDATES_MEETING].done_on == _local_day(meeting.starts_at)
    assert meeting.notice is not None and meeting.notice.published_on < _local_day(meeting.starts_at)
    assert done[Stage.ASSEMBLY_NOTICE].done_on == _notice(demo, NoticeKind.ELECTION).published_on
    deliveries = Delivery.objects.filter(community=demo)
    assert done[Stage.BALLOTS_DELIVERED].done_on == max(_local_day(d.delivered_at) for d in deliveries)
    assert done[Stage.VISITS].done_on == max(v.visited_on for v in Visit.objects.filter(community=demo))
    handed = HandoverItem.objects.filter(community=demo)
    assert {i.given_on for i in handed} == {i.received_on for i in handed} == {done[Stage.RECORDS_HANDOVER].done_on}
    assert all(p.evidence for stage, p in done.items() if requires_evidence(Stage(stage)))


def test_the_stages_are_done_in_their_order_and_none_after_the_vote_while_it_is_open(demo, db):  # type: ignore[no-untyped-def]
    done = _done(demo)
    marked = [done[stage.value].done_on for stage in Stage if stage.value in done]
    assert marked == sorted(marked)
    assert list(done) == [stage.value for stage in Stage][:len(done)]  # no gap: every step before is done
    assert Stage.VOTING not in done and Stage.COUNTING not in done and Stage.TRAINING not in done
    assert max(marked) <= _today(demo)


def test_the_vote_was_announced_fifteen_days_before_its_first_day_after_the_final_list(demo, db):  # type: ignore[no-untyped-def]
    assembly = Assembly.objects.get(community=demo)
    first_day = _local_day(assembly.opens_at)
    recruitment = Recruitment.objects.get(community=demo)
    for kind in (NoticeKind.ELECTION, NoticeKind.ROSTER_AND_RULES):
        notice = _notice(demo, kind)
        assert notice.event_on == first_day
        assert notice.published_on <= first_day - timedelta(days=VOTE_NOTICE_DAYS)
    assert recruitment.final_list_on is not None
    assert _notice(demo, NoticeKind.CANDIDATE_LIST).period_ends_on < recruitment.final_list_on
    assert recruitment.final_list_on < _notice(demo, NoticeKind.ELECTION).published_on
    assert demo.reelections.get().assembly_date == _local_day(assembly.closes_at)


def test_the_final_list_was_settled_before_any_paper_was_delivered(demo, db):  # type: ignore[no-untyped-def]
    recruitment = Recruitment.objects.get(community=demo)
    first_delivery = min(d.delivered_at for d in Delivery.objects.filter(community=demo))
    decided = [c.decided_at for c in Candidate.objects.filter(community=demo)]
    assert decided and all(at is not None and at < first_delivery for at in decided)
    assert recruitment.final_list_on is not None and recruitment.final_list_on < _local_day(first_delivery)


def test_the_candidates_went_through_call_check_interview_and_list_in_that_order(demo, db):  # type: ignore[no-untyped-def]
    call = _notice(demo, NoticeKind.CALL_FOR_CANDIDATES)
    listed = _notice(demo, NoticeKind.CANDIDATE_LIST)
    assert call.period_ends_on is not None and listed.published_on is not None
    roster_checks = EligibilityCheck.objects.filter(community=demo, confirmed_by=None)  # made as nominated
    assert roster_checks.count() == Nomination.objects.filter(community=demo).count()
    assert all(call.published_on < _local_day(c.confirmed_at) <= call.period_ends_on for c in roster_checks)
    checks = EligibilityCheck.objects.filter(community=demo).exclude(confirmed_by=None)
    interviews = [c.interview_at for c in Candidate.objects.filter(community=demo).exclude(interview_at=None)]
    assert checks and interviews
    assert all(call.period_ends_on < _local_day(c.confirmed_at) < listed.published_on for c in checks)
    assert max(c.confirmed_at for c in checks) < min(interviews)
    assert _local_day(max(interviews)) < listed.published_on
    for objection in Objection.objects.filter(notice=listed):
        assert objection.answered_at is not None
        assert listed.published_on < _local_day(objection.answered_at) <= listed.period_ends_on


def test_each_notice_went_up_on_its_day_and_on_a_working_day(demo, db):  # type: ignore[no-untyped-def]
    for notice in Notice.objects.filter(community=demo, status=NoticeStatus.PUBLISHED):
        assert _local_day(notice.published_at) == notice.published_on
        assert not is_rest_day(notice.published_on), notice.title


def test_every_ballot_came_after_its_paper_was_signed_for(demo, db):  # type: ignore[no-untyped-def]
    delivered = {d.paper_id: d.delivered_at for d in Delivery.objects.filter(community=demo,
                                                                            outcome=DeliveryOutcome.DELIVERED)}
    ballots = list(Ballot.objects.filter(community=demo))
    assert ballots and all(b.paper_id in delivered and delivered[b.paper_id] < b.received_at for b in ballots)
    assert _local_day(max(b.received_at for b in ballots)) <= _today(demo)


def test_the_new_committee_is_not_named_or_trained_before_it_is_elected(demo, db):  # type: ignore[no-untyped-def]
    assembly = Assembly.objects.get(community=demo)
    assert not Trainee.objects.filter(community=demo).exists()
    assert not Attendance.objects.filter(community=demo).exists()
    results = results_due(_local_day(assembly.closes_at))
    assert all(s.held_on > results for s in Session.objects.filter(community=demo))


def test_the_work_before_the_call_happened_after_the_group_was_formed(demo, db):  # type: ignore[no-untyped-def]
    done = _done(demo)
    formed = done[Stage.WORKING_GROUP].done_on
    call = _notice(demo, NoticeKind.CALL_FOR_CANDIDATES)
    visits = Visit.objects.filter(community=demo)
    assert all(formed < v.visited_on < call.published_on for v in visits)
    assert all(formed < d.recorded_on <= _today(demo) for d in Demand.objects.filter(community=demo))
    meeting = Meeting.objects.get(community=demo)
    plan = EventPlan.objects.get(community=demo, kind=EventKind.CANDIDATES_MEETING)
    assert plan.starts_at == meeting.starts_at
